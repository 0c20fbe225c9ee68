#include "gui/window/shortcutlist.h"

#include "gui/collections/collectionsview.h"
#include "gui/receive/receivearea.h"
#include "gui/send/sendarea.h"
#include "gui/widgets/jsoneditor.h"

#include <QAction>
#include <QCoreApplication>
#include <QDialog>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QToolBar>

#include <algorithm>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ShortcutList", text);
}

// The area a widget belongs to, by its nearest area ancestor; "" for the window's own.
QString areaOf(const QWidget *widget)
{
    for (const QWidget *w = widget; w; w = w->parentWidget()) {
        if (qobject_cast<const JsonEditor *>(w))
            return tr("JSON editor");
        if (qobject_cast<const SendArea *>(w))
            return tr("Send area");
        if (qobject_cast<const ReceiveArea *>(w))
            return tr("Receive area");
        if (qobject_cast<const CollectionsView *>(w))
            return tr("Collections sidebar");
    }
    return {};
}

// Where an action's keys work when not everywhere: the area of the first widget holding it,
// narrowed to that widget (by its accessible name) when only its own focus counts.
QString scopeOf(const QAction *action)
{
    const QWidget *holder = nullptr;
    for (QObject *object : action->associatedObjects()) {
        auto *widget = qobject_cast<QWidget *>(object);
        if (widget && !qobject_cast<QMenu *>(widget)) {
            holder = widget;
            break;
        }
    }
    if (!holder)
        holder = qobject_cast<const QWidget *>(action->parent());
    QString area = areaOf(holder);
    if (area.isEmpty())
        area = ShortcutList::everywhere();
    if (action->shortcutContext() == Qt::WidgetShortcut && holder && !holder->accessibleName().isEmpty())
        area += QStringLiteral(" · ") + holder->accessibleName();
    return area;
}

QString commandText(const QAction *action)
{
    QString text = action->text();
    text.remove(QStringLiteral("…"));
    // "&&" is a literal ampersand; a single one marks the mnemonic.
    text.replace(QStringLiteral("&&"), QStringLiteral("\x01"));
    text.remove(QLatin1Char('&'));
    text.replace(QStringLiteral("\x01"), QStringLiteral("&"));
    return text.trimmed();
}

} // namespace

namespace ShortcutList {

QString everywhere()
{
    return tr("Anywhere in the window");
}

bool worksEverywhere(const QAction *action)
{
    const Qt::ShortcutContext context = action->shortcutContext();
    if (context != Qt::WindowShortcut && context != Qt::ApplicationShortcut)
        return false;
    // As Qt's own shortcut matching goes: a menu counts through the action that opens it.
    for (QObject *object : action->associatedObjects()) {
        if (auto *menu = qobject_cast<QMenu *>(object)) {
            if (worksEverywhere(menu->menuAction()))
                return true;
        } else if (qobject_cast<QMenuBar *>(object) || qobject_cast<QToolBar *>(object)
                   || qobject_cast<QMainWindow *>(object)) {
            return true;
        }
    }
    return false;
}

QList<ShortcutEntry> collect(const QWidget *window)
{
    QList<ShortcutEntry> entries;
    for (QAction *action : window->findChildren<QAction *>()) {
        const QList<QKeySequence> keys = action->shortcuts();
        if (keys.isEmpty() || action->text().isEmpty())
            continue;
        // A dialog kept as the window's child is a window of its own, with its own keys.
        if (const auto *parent = qobject_cast<const QWidget *>(action->parent());
            parent && qobject_cast<const QDialog *>(parent->window()))
            continue;
        const QString scope = worksEverywhere(action) ? everywhere() : scopeOf(action);
        const QString command = commandText(action);
        const auto same = std::find_if(entries.begin(), entries.end(), [&](const ShortcutEntry &entry) {
            return entry.scope == scope && entry.command == command && entry.keys == keys;
        });
        if (same != entries.end())
            same->actions.append(action);
        else
            entries.append({scope, command, keys, {action}});
    }
    // The window's own first, then by area, each in the order its actions were made.
    std::stable_sort(entries.begin(), entries.end(), [](const ShortcutEntry &a, const ShortcutEntry &b) {
        const bool aEverywhere = a.scope == everywhere();
        const bool bEverywhere = b.scope == everywhere();
        if (aEverywhere != bEverywhere)
            return aEverywhere;
        return a.scope < b.scope;
    });
    return entries;
}

QString keysText(const QList<QKeySequence> &keys)
{
    QStringList texts;
    // X11 reports Shift+Tab as Backtab, so Qt names it that way; a user reads Tab on the key.
    for (const QKeySequence &key : keys)
        texts.append(key.toString(QKeySequence::NativeText).replace(QLatin1String("Backtab"), QLatin1String("Tab")));
    return texts.join(QStringLiteral(", "));
}

} // namespace ShortcutList
