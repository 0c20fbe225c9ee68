#include "gui/receive/deliveriesview.h"

#include "core/capture/capturejson.h"
#include "core/http/responsebody.h"
#include "core/json/jsontools.h"
#include "core/replay/replaydeliverymodel.h"
#include "gui/widgets/statuscolours.h"

#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardItemModel>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

#include <iterator>

namespace {
// The status column coloured by class, as the Send area and the capture table colour theirs.
class StatusDelegate final : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        if (index.column() != ReplayDeliveryModel::StatusColumn && index.column() != ReplayDeliveryModel::ErrorColumn)
            return;
        if (!(option->state & QStyle::State_Selected))
            option->palette.setColor(QPalette::Text,
                                     StatusColours::forStatus(index.data(ReplayDeliveryModel::StatusRole).toInt()));
    }
};

QTableView *makeTable(QAbstractItemModel *model, const QString &name, int rowHeight)
{
    auto *table = new QTableView;
    table->setObjectName(name);
    table->setModel(model);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setAlternatingRowColors(true);
    table->setWordWrap(false);
    table->setTextElideMode(Qt::ElideMiddle);
    table->verticalHeader()->setVisible(false);
    table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table->verticalHeader()->setDefaultSectionSize(rowHeight);
    table->horizontalHeader()->setStretchLastSection(true);
    table->horizontalHeader()->setHighlightSections(false);
    table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    return table;
}
} // namespace

DeliveriesView::DeliveriesView(QWidget *parent)
    : QWidget(parent)
    , m_model(new ReplayDeliveryModel(this))
    , m_headers(new QStandardItemModel(0, 2, this))
    , m_stack(new QStackedWidget)
    , m_empty(new QLabel)
{
    const int rowHeight = fontMetrics().height() + 8;
    m_table = makeTable(m_model, QStringLiteral("deliveriesTable"), rowHeight);
    m_table->setItemDelegate(new StatusDelegate(m_table));
    const int widths[] = {140, 240, 110, 70, 110};
    for (int column = 0; column < int(std::size(widths)); ++column)
        m_table->horizontalHeader()->resizeSection(column, widths[column]);
    m_headers->setHorizontalHeaderLabels({tr("Name"), tr("Value")});
    m_headersTable = makeTable(m_headers, QStringLiteral("deliveryHeadersTable"), rowHeight);
    m_headersTable->horizontalHeader()->resizeSection(0, 140);

    m_empty->setObjectName(QStringLiteral("deliveriesEmptyLabel"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setMargin(16);
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    m_detail = new QLabel;
    m_detail->setObjectName(QStringLiteral("deliveryDetailLabel"));
    m_detail->setWordWrap(true);
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_body = new QPlainTextEdit;
    m_body->setObjectName(QStringLiteral("deliveryBodyView"));
    m_body->setReadOnly(true);
    m_body->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_body->setPlaceholderText(tr("(no body)"));

    auto *answer = new QSplitter(Qt::Horizontal);
    answer->addWidget(m_headersTable);
    answer->addWidget(m_body);
    answer->setStretchFactor(0, 1);
    answer->setStretchFactor(1, 2);
    auto *answerPane = new QWidget;
    auto *answerLayout = new QVBoxLayout(answerPane);
    answerLayout->setContentsMargins(0, 4, 0, 0);
    answerLayout->addWidget(m_detail);
    answerLayout->addWidget(answer, 1);
    auto *split = new QSplitter(Qt::Vertical);
    split->setChildrenCollapsible(false);
    split->addWidget(m_table);
    split->addWidget(answerPane);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 2);

    m_stack->addWidget(m_empty);
    m_stack->addWidget(split);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_stack);

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &DeliveriesView::renderSelected);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &, int, int last) {
        m_table->selectRow(last); // the newest answer is what a replay was for
        updateState();
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        if (m_model->rowCount() > 0)
            m_table->selectRow(m_model->rowCount() - 1);
        renderSelected();
        updateState();
    });
    updateState();
}

void DeliveriesView::showCapture(qint64 seq, bool accepted)
{
    m_seq = seq;
    m_accepted = accepted;
    m_loaded = false;
    m_model->setDeliveries({});
}

void DeliveriesView::setDeliveries(qint64 seq, const QList<ReplayDelivery> &deliveries)
{
    if (seq != m_seq)
        return;
    m_loaded = true;
    m_model->setDeliveries(deliveries);
}

void DeliveriesView::addDelivery(const ReplayDelivery &delivery)
{
    if (delivery.captureSeq != m_seq || m_seq == 0)
        return;
    m_model->append(delivery);
}

int DeliveriesView::count() const
{
    return m_model->rowCount();
}

QString DeliveriesView::emptyText() const
{
    return m_empty->text();
}

QString DeliveriesView::responseText() const
{
    return m_body->toPlainText();
}

QString DeliveriesView::detailText() const
{
    return m_detail->text();
}

void DeliveriesView::updateState()
{
    if (m_model->rowCount() > 0) {
        m_stack->setCurrentIndex(1);
    } else {
        if (!m_accepted)
            m_empty->setText(tr("A rejected request cannot be replayed: it never was a complete request."));
        else if (!m_loaded && m_seq != 0)
            m_empty->setText(tr("Loading deliveries…"));
        else
            m_empty->setText(tr("Not replayed yet.\n\nTo send this request to your app again, select it in the "
                                "table and choose Replay… (Ctrl+R); each answer is kept and listed here."));
        m_stack->setCurrentIndex(0);
    }
    Q_EMIT countChanged(m_model->rowCount());
}

void DeliveriesView::renderSelected()
{
    const QModelIndex current = m_table->currentIndex();
    m_headers->removeRows(0, m_headers->rowCount());
    if (!current.isValid()) {
        m_detail->clear();
        m_body->clear();
        return;
    }
    const ReplayDelivery &d = m_model->deliveryAt(current.row());
    QString detail = d.answered() ? tr("%1 from %2 in %3 ms").arg(ReplayDeliveryModel::statusText(d), d.url).arg(d.ms)
                                  : tr("No answer from %1: %2").arg(d.url, d.error);
    detail += QStringLiteral(" · ")
        + (d.signedWith.isEmpty() ? tr("sent with the captured headers")
                                  : tr("signed afresh with %1").arg(d.signedWith));
    if (d.isTruncated())
        detail += tr(" · response body %1, the first %2 kept")
                      .arg(ResponseBody::formatSize(d.responseSize), ResponseBody::formatSize(d.responseBody.size()));
    m_detail->setText(detail);
    StatusColours::setTextColour(m_detail, StatusColours::forStatus(d.status));
    for (const auto &[name, value] : d.responseHeaders) {
        auto *nameItem = new QStandardItem(CaptureJson::headerText(name));
        auto *valueItem = new QStandardItem(CaptureJson::headerText(value));
        valueItem->setToolTip(valueItem->text());
        m_headers->appendRow({nameItem, valueItem});
    }
    switch (ResponseBody::classify(d.responseBody, d.responseHeaders)) {
    case ResponseBody::Kind::Json:
        if (!d.isTruncated()) {
            m_body->setPlainText(QString::fromUtf8(JsonTools::format(d.responseBody)));
            break;
        }
        [[fallthrough]];
    case ResponseBody::Kind::Empty:
    case ResponseBody::Kind::Text:
        m_body->setPlainText(QString::fromUtf8(d.responseBody));
        break;
    case ResponseBody::Kind::Binary:
        m_body->setPlainText(ResponseBody::hexDump(d.responseBody, d.responseBody.size()));
        break;
    }
}
