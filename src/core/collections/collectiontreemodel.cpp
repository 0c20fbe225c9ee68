#include "core/collections/collectiontreemodel.h"

#include "core/collections/collectionsworkspace.h"

#include <QDataStream>
#include <QIODevice>
#include <QMimeData>

namespace {
const QString kMimeType = QStringLiteral("application/x-hookbench-collection-item");
}

CollectionTreeModel::CollectionTreeModel(CollectionsWorkspace *workspace, QObject *parent)
    : QAbstractItemModel(parent)
    , m_workspace(workspace)
{
    // The workspace announces each change before and after making it, so the begin/end pairs
    // bracket it as QAbstractItemModel requires (direct connections: the same thread).
    connect(workspace, &CollectionsWorkspace::itemsAboutToBeInserted, this,
            [this](CollectionItem *parent, int first, int last) { beginInsertRows(indexFor(parent), first, last); });
    connect(workspace, &CollectionsWorkspace::itemsInserted, this, [this] { endInsertRows(); });
    connect(workspace, &CollectionsWorkspace::itemsAboutToBeRemoved, this,
            [this](CollectionItem *parent, int first, int last) { beginRemoveRows(indexFor(parent), first, last); });
    connect(workspace, &CollectionsWorkspace::itemsRemoved, this, [this] { endRemoveRows(); });
    connect(workspace, &CollectionsWorkspace::itemAboutToBeMoved, this,
            [this](CollectionItem *source, int from, CollectionItem *destination, int to) {
                // The workspace refuses the moves beginMoveRows would (into itself, onto itself).
                const bool ok = beginMoveRows(indexFor(source), from, from, indexFor(destination), to);
                Q_ASSERT(ok);
                Q_UNUSED(ok);
            });
    connect(workspace, &CollectionsWorkspace::itemMoved, this, [this] { endMoveRows(); });
    connect(workspace, &CollectionsWorkspace::itemChanged, this, [this](CollectionItem *item) {
        const QModelIndex index = indexFor(item);
        Q_EMIT dataChanged(index, index);
    });
}

CollectionTreeModel::~CollectionTreeModel() = default;

const CollectionItem *CollectionTreeModel::itemOrRoot(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<const CollectionItem *>(index.internalPointer()) : m_workspace->root();
}

CollectionItem *CollectionTreeModel::itemFor(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<CollectionItem *>(index.internalPointer()) : nullptr;
}

QModelIndex CollectionTreeModel::indexFor(const CollectionItem *item) const
{
    if (!item || item == m_workspace->root())
        return {};
    return createIndex(item->row(), 0, const_cast<CollectionItem *>(item));
}

CollectionTreeModel::Kind CollectionTreeModel::kind(const QModelIndex &index) const
{
    return itemOrRoot(index)->kind;
}

int CollectionTreeModel::collectionRow(const QModelIndex &index) const
{
    if (!index.isValid())
        return -1;
    return itemOrRoot(index)->collectionItem()->row();
}

QString CollectionTreeModel::folderPath(const QModelIndex &index) const
{
    const CollectionItem *item = itemOrRoot(index);
    if (item->kind == Kind::Request)
        item = item->parent;
    QStringList parts;
    while (item && item->kind == Kind::Folder && item != m_workspace->root()) {
        parts.prepend(item->name);
        item = item->parent;
    }
    return parts.join(QLatin1Char('/'));
}

QModelIndex CollectionTreeModel::collectionIndex(int row) const
{
    return indexFor(m_workspace->collectionItem(row));
}

CollectionRequest CollectionTreeModel::request(const QModelIndex &index) const
{
    return itemOrRoot(index)->toRequest();
}

QModelIndex CollectionTreeModel::findRequest(int collectionRow, const QString &requestId) const
{
    return indexFor(m_workspace->findRequest(collectionRow, requestId));
}

void CollectionTreeModel::setRequest(const QModelIndex &index, const CollectionRequest &request)
{
    m_workspace->setRequest(itemFor(index), request);
}

QModelIndex CollectionTreeModel::addFolder(const QModelIndex &parent, const QString &name)
{
    return indexFor(m_workspace->addFolder(itemFor(parent), name));
}

QModelIndex CollectionTreeModel::addRequest(const QModelIndex &parent, const CollectionRequest &request)
{
    return indexFor(m_workspace->addRequest(itemFor(parent), request));
}

QModelIndex CollectionTreeModel::duplicate(const QModelIndex &index)
{
    return indexFor(m_workspace->duplicate(itemFor(index)));
}

bool CollectionTreeModel::remove(const QModelIndex &index)
{
    return m_workspace->remove(itemFor(index));
}

bool CollectionTreeModel::move(const QModelIndex &index, const QModelIndex &destinationParent, int row)
{
    return m_workspace->move(itemFor(index), itemFor(destinationParent), row);
}

QModelIndex CollectionTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    const CollectionItem *item = itemOrRoot(parent);
    if (column != 0 || row < 0 || row >= int(item->children.size()))
        return {};
    return createIndex(row, 0, item->children[size_t(row)].get());
}

QModelIndex CollectionTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    return indexFor(itemOrRoot(child)->parent);
}

int CollectionTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return 0;
    return int(itemOrRoot(parent)->children.size());
}

int CollectionTreeModel::columnCount(const QModelIndex &) const
{
    return 1;
}

QVariant CollectionTreeModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const CollectionItem *item = itemOrRoot(index);
    switch (role) {
    case Qt::DisplayRole:
        if (item->kind == Kind::Request) {
            const QString text = QStringLiteral("%1  %2").arg(item->request.draft.method, item->name);
            // A request whose composer copy differs from the saved one shows a dot after its name.
            return item->request.id == m_workspace->modifiedRequestId() ? text + QStringLiteral(" \u25CF") : text;
        }
        return item->name;
    case Qt::EditRole:
        return item->name;
    case Qt::ToolTipRole:
        if (item->kind == Kind::Collection)
            return item->filePath;
        if (item->kind == Kind::Request)
            return QStringLiteral("%1 %2").arg(item->request.draft.method, item->request.draft.url);
        return {};
    case KindRole:
        return int(item->kind);
    case RequestIdRole:
        return item->kind == Kind::Request ? item->request.id : QString();
    case FilePathRole:
        return item->collectionItem()->filePath;
    default:
        return {};
    }
}

bool CollectionTreeModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() || role != Qt::EditRole)
        return false;
    return m_workspace->rename(itemFor(index), value.toString());
}

Qt::ItemFlags CollectionTreeModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsEditable;
    const Kind k = itemOrRoot(index)->kind;
    if (k != Kind::Collection)
        f |= Qt::ItemIsDragEnabled;
    if (k != Kind::Request)
        f |= Qt::ItemIsDropEnabled;
    return f;
}

Qt::DropActions CollectionTreeModel::supportedDropActions() const
{
    return Qt::MoveAction;
}

Qt::DropActions CollectionTreeModel::supportedDragActions() const
{
    return Qt::MoveAction;
}

QStringList CollectionTreeModel::mimeTypes() const
{
    return {kMimeType};
}

// An item is named by its row path from the top, valid only within this model's lifetime.
QMimeData *CollectionTreeModel::mimeData(const QModelIndexList &indexes) const
{
    if (indexes.isEmpty())
        return nullptr;
    QList<int> path;
    for (QModelIndex i = indexes.first(); i.isValid(); i = i.parent())
        path.prepend(i.row());
    QByteArray encoded;
    QDataStream stream(&encoded, QIODevice::WriteOnly);
    stream << path;
    auto *data = new QMimeData;
    data->setData(kMimeType, encoded);
    return data;
}

bool CollectionTreeModel::canDropMimeData(const QMimeData *data, Qt::DropAction action, int, int,
                                          const QModelIndex &parent) const
{
    return action == Qt::MoveAction && data && data->hasFormat(kMimeType) && parent.isValid()
        && itemOrRoot(parent)->kind != Kind::Request;
}

bool CollectionTreeModel::dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int,
                                       const QModelIndex &parent)
{
    if (!canDropMimeData(data, action, row, 0, parent))
        return false;
    QList<int> path;
    QDataStream stream(data->data(kMimeType));
    stream >> path;
    QModelIndex source;
    for (const int r : path) {
        source = index(r, 0, source);
        if (!source.isValid())
            return false;
    }
    // Drop rows count all children, as move() does; it clamps them to the item's own kind.
    // move() has done the work, so returning false keeps the view from removing the source.
    move(source, parent, row);
    return false;
}
