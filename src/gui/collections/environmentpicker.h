#pragma once

#include <QWidget>

class CollectionsWorkspace;
class QComboBox;
class QToolButton;

// The toolbar's environment picker: which environment the Send area expands templates
// with ("No environment": the collection's own variables only), and the way to the
// environment editor (editRequested: the sidebar opens it). The CollectionsWorkspace holds the
// choice and remembers it; this only shows and changes it, so the picker and the sidebar can
// never disagree.
class EnvironmentPicker final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EnvironmentPicker)

public:
    explicit EnvironmentPicker(CollectionsWorkspace *workspace, QWidget *parent = nullptr);

    QComboBox *combo() const { return m_combo; }

Q_SIGNALS:
    void editRequested();

private:
    void refresh();

    CollectionsWorkspace *m_workspace;
    QComboBox *m_combo;
    QToolButton *m_editButton;
};
