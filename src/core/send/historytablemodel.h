#pragma once

#include "core/send/historystore.h"

#include <QAbstractTableModel>

// The send history as a table, newest first, as HistoryStore::listed() delivers it.
class HistoryTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryTableModel)

public:
    // Request: method, path and query, then the host ("POST /hook?a=1  ·  127.0.0.1:8765"):
    // what tells sends apart comes first in a narrow sidebar.
    enum Column { TimeColumn, StatusColumn, RequestColumn, DurationColumn, ColumnCount };
    enum Role { IdRole = Qt::UserRole + 1, StatusRole };

    explicit HistoryTableModel(QObject *parent = nullptr);

    void setRows(const QList<HistorySummary> &rows);
    const QList<HistorySummary> &rows() const { return m_rows; }
    qint64 idAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // "200", or the error in a few words ("refused", "timeout") when nothing came back.
    static QString statusText(const HistorySummary &row);

private:
    QList<HistorySummary> m_rows;
};
