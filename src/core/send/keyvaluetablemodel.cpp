#include "core/send/keyvaluetablemodel.h"

KeyValueTableModel::KeyValueTableModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_nameTitle(tr("Name"))
    , m_valueTitle(tr("Value"))
{ }

void KeyValueTableModel::setHeaderTitles(const QString &name, const QString &value)
{
    m_nameTitle = name;
    m_valueTitle = value;
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
}

KeyValueRows KeyValueTableModel::enabledRows() const
{
    KeyValueRows result;
    for (const KeyValueRow &row : m_rows) {
        if (row.enabled)
            result.append(row);
    }
    return result;
}

void KeyValueTableModel::setRows(const KeyValueRows &rows)
{
    if (rows == m_rows)
        return;
    beginResetModel();
    m_rows = rows;
    endResetModel();
    Q_EMIT rowsEdited();
}

void KeyValueTableModel::appendRow(const KeyValueRow &row)
{
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size()));
    m_rows.append(row);
    endInsertRows();
    Q_EMIT rowsEdited();
}

void KeyValueTableModel::setValue(const QString &name, const QString &value)
{
    bool found = false;
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].name.compare(name, Qt::CaseInsensitive) == 0) {
            m_rows[i].value = value;
            m_rows[i].enabled = true;
            Q_EMIT dataChanged(index(i, NameColumn), index(i, ValueColumn));
            found = true;
        }
    }
    if (found)
        Q_EMIT rowsEdited();
    else
        appendRow({true, name, value});
}

int KeyValueTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size()) + (m_growing ? 2 : 1);
}

int KeyValueTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant KeyValueTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    if (isPlaceholderRow(index.row())) {
        if (role == Qt::ToolTipRole)
            return tr("Type here to add a row");
        return {};
    }
    const KeyValueRow &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        return index.column() == NameColumn ? row.name : row.value;
    case Qt::CheckStateRole:
        if (index.column() == NameColumn)
            return row.enabled ? Qt::Checked : Qt::Unchecked;
        return {};
    default:
        return {};
    }
}

bool KeyValueTableModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return false;
    if (isPlaceholderRow(index.row())) {
        if (role != Qt::EditRole || value.toString().isEmpty())
            return false;
        KeyValueRow row;
        (index.column() == NameColumn ? row.name : row.value) = value.toString();
        // In two steps, so the view's current cell stays on the row being typed in (Tab goes on
        // to its value): a fresh empty row appears after it, then it becomes the new row.
        const int typed = index.row();
        beginInsertRows({}, typed + 1, typed + 1);
        m_growing = true;
        endInsertRows();
        m_rows.append(row);
        m_growing = false;
        Q_EMIT dataChanged(index.siblingAtColumn(NameColumn), index.siblingAtColumn(ValueColumn));
        Q_EMIT rowsEdited();
        return true;
    }
    KeyValueRow &row = m_rows[index.row()];
    if (role == Qt::CheckStateRole && index.column() == NameColumn) {
        row.enabled = value.value<Qt::CheckState>() == Qt::Checked;
    } else if (role == Qt::EditRole) {
        QString &field = index.column() == NameColumn ? row.name : row.value;
        if (field == value.toString())
            return false;
        field = value.toString();
    } else {
        return false;
    }
    Q_EMIT dataChanged(index, index);
    Q_EMIT rowsEdited();
    return true;
}

Qt::ItemFlags KeyValueTableModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags result = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsEditable;
    if (index.column() == NameColumn && !isPlaceholderRow(index.row()))
        result |= Qt::ItemIsUserCheckable;
    return result;
}

QVariant KeyValueTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == NameColumn ? m_nameTitle : m_valueTitle;
}

bool KeyValueTableModel::removeRows(int row, int count, const QModelIndex &parent)
{
    if (parent.isValid() || row < 0 || count <= 0)
        return false;
    const int last = qMin<int>(row + count, int(m_rows.size())) - 1; // the empty row stays
    if (last < row)
        return false;
    beginRemoveRows({}, row, last);
    m_rows.remove(row, last - row + 1);
    endRemoveRows();
    Q_EMIT rowsEdited();
    return true;
}
