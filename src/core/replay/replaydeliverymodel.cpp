#include "core/replay/replaydeliverymodel.h"

#include "core/http/reasonphrase.h"

#include <QDateTime>

ReplayDeliveryModel::ReplayDeliveryModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

int ReplayDeliveryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ReplayDeliveryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ReplayDeliveryModel::statusText(const ReplayDelivery &delivery)
{
    if (!delivery.answered())
        return tr("no answer");
    return QStringLiteral("%1 %2").arg(delivery.status).arg(QString::fromLatin1(httpReasonPhrase(delivery.status)));
}

QVariant ReplayDeliveryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ReplayDelivery &d = m_rows.at(index.row());
    if (role == StatusRole)
        return d.status;
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (Column(index.column())) {
    case SentColumn:
        return QDateTime::fromMSecsSinceEpoch(d.sentAtMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case TargetColumn:
        return d.url;
    case StatusColumn:
        return statusText(d);
    case TimeColumn:
        return d.ms >= 0 ? tr("%1 ms").arg(d.ms) : QString();
    case SignedColumn:
        return d.signedWith.isEmpty() ? tr("as captured") : d.signedWith;
    case ErrorColumn:
        return d.error;
    case ColumnCount:
        break;
    }
    return {};
}

QVariant ReplayDeliveryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case SentColumn:
        return tr("Sent");
    case TargetColumn:
        return tr("Target");
    case StatusColumn:
        return tr("Status");
    case TimeColumn:
        return tr("Time");
    case SignedColumn:
        return tr("Signature");
    case ErrorColumn:
        return tr("Error");
    case ColumnCount:
        break;
    }
    return {};
}

void ReplayDeliveryModel::setDeliveries(const QList<ReplayDelivery> &deliveries)
{
    beginResetModel();
    m_rows = deliveries;
    endResetModel();
}

void ReplayDeliveryModel::append(const ReplayDelivery &delivery)
{
    // A delivery recorded while the list was being read may already be in it.
    for (const ReplayDelivery &row : std::as_const(m_rows)) {
        if (row.id == delivery.id)
            return;
    }
    const int row = int(m_rows.size());
    beginInsertRows({}, row, row);
    m_rows.append(delivery);
    endInsertRows();
}
