#include "gui/send/historyview.h"

#include "core/send/historystore.h"
#include "core/send/historytablemodel.h"
#include "gui/widgets/dialogs.h"
#include "gui/widgets/statuscolours.h"
#include "ui_historyview.h"

#include <QHeaderView>
#include <QStyledItemDelegate>
#include <QTimer>

namespace {

// Status in the colour of its class, as in the response view.
class StatusDelegate final : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        const int status = index.data(HistoryTableModel::StatusRole).toInt();
        option->palette.setColor(QPalette::Text, StatusColours::forStatus(status));
        option->font.setBold(true);
    }
};

} // namespace

HistoryView::HistoryView(HistoryStore *store, QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::HistoryView>())
    , m_store(store)
    , m_model(new HistoryTableModel(this))
    , m_searchTimer(new QTimer(this))
{
    m_ui->setupUi(this);
    m_ui->historyTable->setModel(m_model);
    QHeaderView *header = m_ui->historyTable->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(HistoryTableModel::RequestColumn, QHeaderView::Stretch);
    header->setHighlightSections(false);
    m_ui->historyTable->verticalHeader()->setVisible(false);
    m_ui->historyTable->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    m_ui->historyTable->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    // The sidebar is narrow: the request gets the room; when it was sent is in the tooltip.
    m_ui->historyTable->setColumnHidden(HistoryTableModel::TimeColumn, true);
    m_ui->historyTable->setColumnHidden(HistoryTableModel::DurationColumn, true);
    m_ui->historyTable->setItemDelegateForColumn(HistoryTableModel::StatusColumn, new StatusDelegate(this));
    m_ui->historyTable->setTextElideMode(Qt::ElideRight);
    m_ui->historyEmptyLabel->setForegroundRole(QPalette::PlaceholderText);
    m_ui->historyCountLabel->setForegroundRole(QPalette::PlaceholderText);

    m_searchTimer->setSingleShot(true);
    m_searchTimer->setInterval(200);
    connect(m_searchTimer, &QTimer::timeout, this, &HistoryView::refresh);
    connect(m_ui->historySearchEdit, &QLineEdit::textChanged, m_searchTimer, qOverload<>(&QTimer::start));

    connect(m_ui->historyTable, &QAbstractItemView::activated, this,
            [this](const QModelIndex &index) { openRow(index.row()); });
    connect(m_ui->historyClearButton, &QToolButton::clicked, this, [this] {
        if (Dialogs::confirm(this, tr("Clear history"),
                             tr("Delete every entry of the send history? This cannot be undone."))
            && m_store)
            m_store->clear();
    });

    connect(m_store, &HistoryStore::listed, this, [this](quint64 ticket, const QList<HistorySummary> &rows) {
        if (ticket != m_listTicket)
            return; // an older search
        m_loaded = true;
        m_model->setRows(rows);
        updateEmptyState();
    });
    connect(m_store, &HistoryStore::loaded, this, [this](quint64 ticket, const HistoryEntry &entry) {
        if (ticket != m_loadTicket || !entry.isValid())
            return;
        Q_EMIT entryOpened(entry);
    });
    connect(m_store, &HistoryStore::committed, this, &HistoryView::refresh);
    connect(m_store, &HistoryStore::changed, this, &HistoryView::refresh);
    connect(m_store, &HistoryStore::errorOccurred, this, [this](const QString &message) {
        m_ui->historyCountLabel->setText(tr("History problem: %1").arg(message));
    });

    updateEmptyState();
    refresh();
}

HistoryView::~HistoryView() = default;

void HistoryView::refresh()
{
    m_searchTimer->stop();
    if (!m_store)
        return;
    m_listTicket = m_store->list(m_ui->historySearchEdit->text().trimmed(), 500);
}

void HistoryView::openRow(int row)
{
    const qint64 id = m_model->idAt(row);
    if (id > 0 && m_store)
        m_loadTicket = m_store->load(id);
}

void HistoryView::updateEmptyState()
{
    const bool searching = !m_ui->historySearchEdit->text().trimmed().isEmpty();
    if (m_model->rowCount() > 0) {
        m_ui->historyStack->setCurrentWidget(m_ui->historyListPage);
        m_ui->historyCountLabel->setText(m_model->rowCount() == 1 ? tr("1 request")
                                                                  : tr("%1 requests").arg(m_model->rowCount()));
    } else {
        m_ui->historyStack->setCurrentWidget(m_ui->historyEmptyPage);
        m_ui->historyEmptyLabel->setText(!m_loaded       ? tr("Loading…")
                                             : searching ? tr("Nothing in the history matches.")
                                                         : tr("No requests sent yet.\nEvery send is kept here, newest "
                                                              "first; double-click one to open it again."));
        m_ui->historyCountLabel->clear();
    }
    m_ui->historyClearButton->setEnabled(m_model->rowCount() > 0 || searching);
}
