#pragma once

#include "core/capture/replaydelivery.h"

#include <QAbstractTableModel>
#include <QList>

// One capture's replays for the inspector's Deliveries tab, oldest first: when, where to,
// the answer (StatusRole for colouring), how long, how it was signed, and why it failed.
class ReplayDeliveryModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReplayDeliveryModel)

public:
    enum Column { SentColumn, TargetColumn, StatusColumn, TimeColumn, SignedColumn, ErrorColumn, ColumnCount };
    enum Role { StatusRole = Qt::UserRole + 1 }; // the HTTP status, 0 when none came

    explicit ReplayDeliveryModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setDeliveries(const QList<ReplayDelivery> &deliveries);
    void append(const ReplayDelivery &delivery); // a delivery already listed (same id) is skipped
    const ReplayDelivery &deliveryAt(int row) const { return m_rows.at(row); }

    // "200 OK", or "no answer" when none came.
    static QString statusText(const ReplayDelivery &delivery);

private:
    QList<ReplayDelivery> m_rows;
};
