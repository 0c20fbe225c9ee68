#pragma once

#include <QKeySequence>
#include <QList>
#include <QString>

class QAction;
class QWidget;

// One line of the keyboard shortcuts list: a command, its keys, and where they work.
struct ShortcutEntry {
    QString scope;   // "Anywhere in the window", "Send area", "JSON editor", "Receive area · capture table"...
    QString command; // the action's text, without its mnemonic and ellipsis
    QList<QKeySequence> keys;
    QList<QAction *> actions; // every action this line stands for (one per JSON editor, say)
};

// The shortcuts a window's actions hold, read from the actions themselves (their keys, their
// context and the widgets holding them), so Help > Keyboard Shortcuts cannot drift from what
// the keys do. Actions without keys are left out.
namespace ShortcutList {

QList<ShortcutEntry> collect(const QWidget *window);
// Whether Qt delivers the action's keys wherever the focus is in its window: a window
// context and held by the window, its toolbar or a menu of its menu bar.
bool worksEverywhere(const QAction *action);
QString keysText(const QList<QKeySequence> &keys); // "Ctrl+Return, Ctrl+Enter"
QString everywhere();                              // the scope of those that work everywhere

} // namespace ShortcutList
