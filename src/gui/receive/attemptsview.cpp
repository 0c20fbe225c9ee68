#include "gui/receive/attemptsview.h"

#include "gui/widgets/statuscolours.h"

#include <QDateTime>
#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {
enum Column { NumberColumn, ReceivedColumn, GapColumn, AnswerColumn, ColumnCount };
constexpr int kSeqRole = Qt::UserRole + 1;

QString providerName(const QString &provider)
{
    if (provider == QLatin1String("github"))
        return QStringLiteral("GitHub");
    if (provider == QLatin1String("stripe"))
        return QStringLiteral("Stripe");
    if (provider == QLatin1String("svix"))
        return QStringLiteral("Svix");
    if (provider == QLatin1String("shopify"))
        return QStringLiteral("Shopify");
    return QStringLiteral("Standard Webhooks");
}
} // namespace

AttemptsView::AttemptsView(QWidget *parent)
    : QWidget(parent)
    , m_summary(new QLabel(this))
    , m_list(new QTreeWidget(this))
{
    m_summary->setObjectName(QStringLiteral("attemptsSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_list->setObjectName(QStringLiteral("attemptsList"));
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setAlternatingRowColors(true);
    m_list->setHeaderLabels({tr("#"), tr("Received"), tr("Gap"), tr("Answer")});
    m_list->header()->setStretchLastSection(true);
    m_list->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    connect(m_list, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        Q_EMIT attemptActivated(item->data(NumberColumn, kSeqRole).toLongLong());
    });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->setSpacing(6);
    layout->addWidget(m_summary);
    layout->addWidget(m_list, 1);
}

int AttemptsView::attemptCount() const
{
    return m_list->topLevelItemCount();
}

void AttemptsView::showAttempts(const QString &deliveryKey, const QList<DeliveryAttempts::Attempt> &attempts,
                                qint64 currentSeq)
{
    m_list->clear();
    if (deliveryKey.isEmpty()) {
        m_summary->setText(tr("This request carries no delivery id, so it stands alone. Providers that retry send "
                              "one: webhook-id (Standard Webhooks), svix-id, X-GitHub-Delivery, X-Shopify-Webhook-Id, "
                              "or a Stripe event's id."));
        m_list->setVisible(false);
        return;
    }
    m_list->setVisible(true);
    const QString provider = providerName(deliveryKey.section(QLatin1Char(':'), 0, 0));
    const QString id = deliveryKey.section(QLatin1Char(':'), 1);
    m_summary->setText(attempts.size() == 1 ? tr("%1 delivery %2: one attempt so far.").arg(provider, id)
                                            : tr("%1 delivery %2: %3 attempts. Enter or double-click one to select it.")
                                                  .arg(provider, id)
                                                  .arg(attempts.size()));
    int number = 0;
    for (const DeliveryAttempts::Attempt &attempt : attempts) {
        auto *item = new QTreeWidgetItem(m_list);
        item->setText(NumberColumn, QString::number(++number));
        item->setData(NumberColumn, kSeqRole, attempt.seq);
        item->setText(
            ReceivedColumn,
            QDateTime::fromMSecsSinceEpoch(attempt.receivedAtMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")));
        item->setText(GapColumn, attempt.gapMs < 0 ? tr("first") : DeliveryAttempts::gapText(attempt.gapMs));
        item->setText(AnswerColumn, attempt.answerStatus ? QString::number(attempt.answerStatus) : tr("none"));
        item->setForeground(AnswerColumn, StatusColours::forStatus(attempt.answerStatus));
        if (attempt.seq == currentSeq) {
            QFont bold = item->font(NumberColumn);
            bold.setBold(true);
            for (int column = 0; column < ColumnCount; ++column)
                item->setFont(column, bold);
            m_list->setCurrentItem(item);
        }
    }
}
