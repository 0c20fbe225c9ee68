#include "core/send/historytablemodel.h"

#include "core/http/responsebody.h"

#include <QLocale>
#include <QUrl>

HistoryTableModel::HistoryTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void HistoryTableModel::setRows(const QList<HistorySummary> &rows)
{
    beginResetModel();
    m_rows = rows;
    endResetModel();
}

qint64 HistoryTableModel::idAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).id : 0;
}

int HistoryTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int HistoryTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString HistoryTableModel::statusText(const HistorySummary &row)
{
    if (row.error == SendError::None)
        return QString::number(row.status);
    switch (row.error) {
    case SendError::ConnectionRefused:
        return tr("refused");
    case SendError::HostNotFound:
        return tr("no host");
    case SendError::Timeout:
        return tr("timeout");
    case SendError::Tls:
        return tr("TLS");
    case SendError::Cancelled:
        return tr("cancelled");
    default:
        return tr("error");
    }
}

QVariant HistoryTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const HistorySummary &row = m_rows.at(index.row());
    if (role == IdRole)
        return row.id;
    if (role == StatusRole)
        return row.error == SendError::None ? row.status : 0;
    if (role == Qt::ToolTipRole) {
        QString tip = QString::fromUtf8(row.method) + QLatin1Char(' ') + row.url + QLatin1Char('\n')
            + QLocale().toString(row.sentAt.toLocalTime(), QLocale::LongFormat);
        if (!row.errorText.isEmpty())
            tip += QLatin1Char('\n') + row.errorText;
        return tip;
    }
    if (role == Qt::TextAlignmentRole && (index.column() == StatusColumn || index.column() == DurationColumn))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case TimeColumn: {
        const QDateTime local = row.sentAt.toLocalTime();
        if (local.date() == QDate::currentDate())
            return local.time().toString(QStringLiteral("HH:mm:ss"));
        return local.toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    }
    case StatusColumn:
        return statusText(row);
    case RequestColumn: {
        // What tells sends apart is the path; the host comes last, where eliding cuts first.
        const QUrl url(row.url);
        QString path = url.path(QUrl::FullyEncoded);
        if (path.isEmpty())
            path = QStringLiteral("/");
        if (url.hasQuery())
            path += QLatin1Char('?') + url.query(QUrl::FullyEncoded);
        QString host = url.host();
        if (url.port() >= 0)
            host += QLatin1Char(':') + QString::number(url.port());
        return QString(QString::fromUtf8(row.method) + QLatin1Char(' ') + path + QStringLiteral("  ·  ") + host);
    }
    case DurationColumn:
        return ResponseBody::formatDuration(row.totalMs);
    default:
        return {};
    }
}

QVariant HistoryTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case StatusColumn:
        return tr("Status");
    case RequestColumn:
        return tr("Request");
    case DurationColumn:
        return tr("Time taken");
    default:
        return {};
    }
}
