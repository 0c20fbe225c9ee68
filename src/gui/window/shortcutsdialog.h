#pragma once

#include <QDialog>

class QTreeWidget;

// Help > Keyboard Shortcuts: every shortcut the window's actions hold (ShortcutList), grouped
// by where it works, read when the dialog opens.
class ShortcutsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ShortcutsDialog)

public:
    explicit ShortcutsDialog(QWidget *window);

    QTreeWidget *list() const { return m_list; }

private:
    QTreeWidget *m_list;
};
