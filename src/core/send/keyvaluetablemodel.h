#pragma once

#include "core/send/keyvaluerow.h"

#include <QAbstractTableModel>
#include <QList>
#include <QString>

// An editable name/value table with a per-row enabled check (column 0) and, at the
// bottom, one empty row that becomes a real row as soon as something is typed into
// it, as in Postman. Names are kept as typed and duplicates are allowed: order and
// spelling are what goes on the wire.
class KeyValueTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeyValueTableModel)

public:
    enum Column { NameColumn, ValueColumn, ColumnCount };

    explicit KeyValueTableModel(QObject *parent = nullptr);

    void setHeaderTitles(const QString &name, const QString &value);

    KeyValueRows rows() const { return m_rows; }
    KeyValueRows enabledRows() const;
    void setRows(const KeyValueRows &rows);
    void appendRow(const KeyValueRow &row);
    // Rows whose name equals `name` (case-insensitive) are set to `value`, or one is appended.
    void setValue(const QString &name, const QString &value);

    int rowCount(const QModelIndex &parent = {}) const override; // rows + the empty one
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool removeRows(int row, int count, const QModelIndex &parent = {}) override;

    bool isPlaceholderRow(int row) const { return row >= m_rows.size(); }

Q_SIGNALS:
    // After any edit by the user or by setRows(): one signal for whoever keeps in step.
    void rowsEdited();

private:
    KeyValueRows m_rows;
    bool m_growing = false; // between the two steps of typing into the empty row
    QString m_nameTitle;
    QString m_valueTitle;
};
