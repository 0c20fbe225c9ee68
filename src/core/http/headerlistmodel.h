#pragma once

#include "core/http/headerlist.h"

#include <QAbstractTableModel>

// Read-only table of header fields in wire order, names as sent.
class HeaderListModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HeaderListModel)

public:
    enum Column { NameColumn, ValueColumn, ColumnCount };

    explicit HeaderListModel(QObject *parent = nullptr);

    void setHeaders(const HeaderList &headers);
    const HeaderList &headers() const { return m_headers; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    HeaderList m_headers;
};
