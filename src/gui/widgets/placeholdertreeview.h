#pragma once

#include <QTreeView>

// A tree view that says what to do while it has nothing to show, so a first-time user
// does not face a blank box: the text is painted in the viewport, wrapped, in the
// placeholder colour, as QLineEdit shows its placeholder.
class PlaceholderTreeView final : public QTreeView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PlaceholderTreeView)

public:
    using QTreeView::QTreeView;

    QString placeholderText() const { return m_placeholder; }
    void setPlaceholderText(const QString &text);

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QString m_placeholder;
};
