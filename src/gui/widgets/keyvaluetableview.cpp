#include "gui/widgets/keyvaluetableview.h"

#include "core/send/keyvaluetablemodel.h"

#include <QCoreApplication>
#include <QHeaderView>
#include <QKeyEvent>
#include <QTableView>

#include <algorithm>

namespace {

// Deletes the selected rows of a key/value table with the Delete key.
class RowDeleter final : public QObject
{
public:
    RowDeleter(QTableView *view, KeyValueTableModel *model)
        : QObject(view)
        , m_view(view)
        , m_model(model)
    {
        view->installEventFilter(this);
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        // An open cell editor takes its own keys; only keys on the table itself get here.
        if (event->type() == QEvent::KeyPress) {
            const auto *key = static_cast<QKeyEvent *>(event);
            if (key->key() == Qt::Key_Delete || key->key() == Qt::Key_Backspace) {
                KeyValueTableView::removeSelectedRows(m_view, m_model);
                return true;
            }
        }
        return QObject::eventFilter(watched, event);
    }

private:
    QTableView *m_view;
    KeyValueTableModel *m_model;
};

} // namespace

void KeyValueTableView::removeSelectedRows(QTableView *view, KeyValueTableModel *model)
{
    QList<int> rows;
    for (const QModelIndex &index : view->selectionModel()->selectedIndexes())
        rows.append(index.row());
    // Last first, so the rows still to go keep their numbers.
    std::sort(rows.begin(), rows.end(), std::greater<>());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    for (const int row : rows)
        model->removeRows(row, 1);
}

void KeyValueTableView::setUp(QTableView *view, KeyValueTableModel *model)
{
    view->setModel(model);
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->resizeSection(KeyValueTableModel::NameColumn, 240);
    view->verticalHeader()->setVisible(false);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 10);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setEditTriggers(QAbstractItemView::AllEditTriggers);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->setToolTip(QCoreApplication::translate(
        "KeyValueTableView", "Type in the last row to add one; select rows and press Delete to remove them"));
    new RowDeleter(view, model);
}
