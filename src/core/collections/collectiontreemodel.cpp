#include "core/collections/collectiontreemodel.h"

#include <QDataStream>
#include <QIODevice>
#include <QMimeData>

#include <algorithm>
#include <utility>

namespace {
const QString kMimeType = QStringLiteral("application/x-hookbench-collection-item");
}

struct CollectionTreeModel::Node {
    Kind kind = Kind::Folder;
    QString name;
    Node *parent = nullptr;
    std::vector<std::unique_ptr<Node>> children; // requests first, then folders
    CollectionRequest request;                   // Kind::Request
    Collection meta;                             // Kind::Collection: everything but the tree
    QString filePath;                            // Kind::Collection

    int row() const
    {
        if (!parent)
            return 0;
        for (size_t i = 0; i < parent->children.size(); ++i) {
            if (parent->children[i].get() == this)
                return int(i);
        }
        return 0;
    }
    int requestCount() const
    {
        int n = 0;
        for (const auto &child : children)
            n += child->kind == Kind::Request;
        return n;
    }
    const Node *collectionNode() const
    {
        const Node *node = this;
        while (node->parent && node->parent->parent)
            node = node->parent;
        return node;
    }
};

CollectionTreeModel::CollectionTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
    , m_root(std::make_unique<Node>())
{ }

CollectionTreeModel::~CollectionTreeModel() = default;

std::unique_ptr<CollectionTreeModel::Node> CollectionTreeModel::buildFolder(const CollectionFolder &folder,
                                                                            Node *parent)
{
    auto node = std::make_unique<Node>();
    node->kind = Kind::Folder;
    node->name = folder.name;
    node->parent = parent;
    for (const CollectionRequest &request : folder.requests) {
        auto child = std::make_unique<Node>();
        child->kind = Kind::Request;
        child->name = request.name;
        child->request = request;
        child->parent = node.get();
        node->children.push_back(std::move(child));
    }
    for (const CollectionFolder &sub : folder.folders)
        node->children.push_back(buildFolder(sub, node.get()));
    return node;
}

CollectionFolder CollectionTreeModel::toFolder(const Node *node)
{
    CollectionFolder folder;
    folder.name = node->kind == Kind::Folder ? node->name : QString();
    for (const auto &child : node->children) {
        if (child->kind == Kind::Request) {
            CollectionRequest request = child->request;
            request.name = child->name;
            folder.requests.append(request);
        } else {
            folder.folders.append(toFolder(child.get()));
        }
    }
    return folder;
}

std::unique_ptr<CollectionTreeModel::Node> CollectionTreeModel::cloneNode(const Node *node, Node *parent)
{
    auto copy = std::make_unique<Node>();
    copy->kind = node->kind;
    copy->name = node->name;
    copy->parent = parent;
    copy->request = node->request;
    if (copy->kind == Kind::Request)
        copy->request.id = Collection::newId();
    for (const auto &child : node->children)
        copy->children.push_back(cloneNode(child.get(), copy.get()));
    return copy;
}

int CollectionTreeModel::addCollection(const Collection &collection, const QString &filePath)
{
    Collection withIds = collection;
    withIds.assignIds();
    std::unique_ptr<Node> node = buildFolder(withIds.root, m_root.get());
    node->kind = Kind::Collection;
    node->name = withIds.name;
    node->filePath = filePath;
    node->meta = withIds;
    node->meta.root = {};
    const int row = int(m_root->children.size());
    beginInsertRows({}, row, row);
    m_root->children.push_back(std::move(node));
    endInsertRows();
    return row;
}

void CollectionTreeModel::removeCollection(int row)
{
    if (row < 0 || row >= collectionCount())
        return;
    beginRemoveRows({}, row, row);
    m_root->children.erase(m_root->children.begin() + row);
    endRemoveRows();
}

int CollectionTreeModel::collectionCount() const
{
    return int(m_root->children.size());
}

Collection CollectionTreeModel::collection(int row) const
{
    if (row < 0 || row >= collectionCount())
        return {};
    const Node *node = m_root->children[size_t(row)].get();
    Collection out = node->meta;
    out.name = node->name;
    out.root = toFolder(node);
    return out;
}

QString CollectionTreeModel::filePath(int row) const
{
    return row >= 0 && row < collectionCount() ? m_root->children[size_t(row)]->filePath : QString();
}

void CollectionTreeModel::setFilePath(int row, const QString &path)
{
    if (row >= 0 && row < collectionCount())
        m_root->children[size_t(row)]->filePath = path;
}

int CollectionTreeModel::rowForFile(const QString &filePath) const
{
    for (int i = 0; i < collectionCount(); ++i) {
        if (m_root->children[size_t(i)]->filePath == filePath)
            return i;
    }
    return -1;
}

void CollectionTreeModel::setVariables(int row, const KeyValueRows &variables)
{
    if (row < 0 || row >= collectionCount())
        return;
    m_root->children[size_t(row)]->meta.variables = variables;
    Q_EMIT collectionModified(row);
}

void CollectionTreeModel::setEnvironments(int row, const QList<Environment> &environments)
{
    if (row < 0 || row >= collectionCount())
        return;
    m_root->children[size_t(row)]->meta.environments = environments;
    Q_EMIT collectionModified(row);
}

void CollectionTreeModel::setProfiles(int row, const QList<EndpointProfile> &profiles)
{
    if (row < 0 || row >= collectionCount())
        return;
    m_root->children[size_t(row)]->meta.profiles = profiles;
    Q_EMIT collectionModified(row);
}

void CollectionTreeModel::replaceProfile(int row, const QString &name, const EndpointProfile &profile)
{
    if (row < 0 || row >= collectionCount())
        return;
    Node *node = m_root->children[size_t(row)].get();
    QList<EndpointProfile> &profiles = node->meta.profiles;
    const auto it = std::find_if(profiles.begin(), profiles.end(),
                                 [&name](const EndpointProfile &p) { return p.name == name; });
    if (it == profiles.end())
        profiles.append(profile);
    else
        *it = profile;
    if (!name.isEmpty() && profile.name != name)
        rebindRequests(node, name, profile.name);
    Q_EMIT collectionModified(row);
}

void CollectionTreeModel::rebindRequests(Node *node, const QString &from, const QString &to)
{
    for (const auto &child : node->children) {
        if (child->kind == Kind::Request && child->request.profile == from)
            child->request.profile = to;
        rebindRequests(child.get(), from, to);
    }
}

CollectionTreeModel::Node *CollectionTreeModel::nodeFor(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : m_root.get();
}

QModelIndex CollectionTreeModel::indexFor(const Node *node) const
{
    if (!node || node == m_root.get())
        return {};
    return createIndex(node->row(), 0, const_cast<Node *>(node));
}

CollectionTreeModel::Kind CollectionTreeModel::kind(const QModelIndex &index) const
{
    return nodeFor(index)->kind;
}

int CollectionTreeModel::collectionRow(const QModelIndex &index) const
{
    if (!index.isValid())
        return -1;
    return nodeFor(index)->collectionNode()->row();
}

QString CollectionTreeModel::folderPath(const QModelIndex &index) const
{
    const Node *node = nodeFor(index);
    if (node->kind == Kind::Request)
        node = node->parent;
    QStringList parts;
    while (node && node->kind == Kind::Folder) {
        parts.prepend(node->name);
        node = node->parent;
    }
    return parts.join(QLatin1Char('/'));
}

QModelIndex CollectionTreeModel::collectionIndex(int row) const
{
    return row >= 0 && row < collectionCount() ? index(row, 0) : QModelIndex();
}

CollectionRequest CollectionTreeModel::request(const QModelIndex &index) const
{
    const Node *node = nodeFor(index);
    if (node->kind != Kind::Request)
        return {};
    CollectionRequest out = node->request;
    out.name = node->name;
    return out;
}

void CollectionTreeModel::setRequest(const QModelIndex &index, const CollectionRequest &request)
{
    Node *node = nodeFor(index);
    if (node->kind != Kind::Request)
        return;
    const QString id = node->request.id;
    node->request = request;
    node->request.id = id;
    node->name = request.name;
    Q_EMIT dataChanged(index, index);
    modified(node);
}

QModelIndex CollectionTreeModel::findRequest(int collectionRow, const QString &requestId) const
{
    if (collectionRow < 0 || collectionRow >= collectionCount())
        return {};
    std::vector<const Node *> stack{m_root->children[size_t(collectionRow)].get()};
    while (!stack.empty()) {
        const Node *node = stack.back();
        stack.pop_back();
        if (node->kind == Kind::Request && node->request.id == requestId)
            return indexFor(node);
        for (const auto &child : node->children)
            stack.push_back(child.get());
    }
    return {};
}

void CollectionTreeModel::setRequestModified(const QString &requestId, bool modified)
{
    const QString id = modified ? requestId : QString();
    if (id == m_modifiedId)
        return;
    const QString previous = std::exchange(m_modifiedId, id);
    // Only one request is in the composer at a time, so at most one is marked.
    for (const QString &changed : {previous, id}) {
        if (changed.isEmpty())
            continue;
        for (int row = 0; row < collectionCount(); ++row) {
            if (const QModelIndex index = findRequest(row, changed); index.isValid())
                Q_EMIT dataChanged(index, index, {Qt::DisplayRole});
        }
    }
}

CollectionTreeModel::Node *CollectionTreeModel::containerFor(const QModelIndex &index) const
{
    Node *node = nodeFor(index);
    if (node->kind == Kind::Request)
        node = node->parent;
    return node == m_root.get() ? nullptr : node;
}

int CollectionTreeModel::insertPosition(const Node *container, Kind kind, int row) const
{
    const int requests = container->requestCount();
    const int total = int(container->children.size());
    if (kind == Kind::Request)
        return row < 0 ? requests : qBound(0, row, requests);
    return row < 0 ? total : qBound(requests, row, total);
}

void CollectionTreeModel::modified(const Node *node)
{
    if (node && node != m_root.get())
        Q_EMIT collectionModified(node->collectionNode()->row());
}

QModelIndex CollectionTreeModel::addFolder(const QModelIndex &parent, const QString &name)
{
    Node *container = containerFor(parent);
    if (!container)
        return {};
    auto node = std::make_unique<Node>();
    node->kind = Kind::Folder;
    node->name = name;
    node->parent = container;
    const int row = insertPosition(container, Kind::Folder, -1);
    beginInsertRows(indexFor(container), row, row);
    container->children.insert(container->children.begin() + row, std::move(node));
    endInsertRows();
    modified(container);
    return index(row, 0, indexFor(container));
}

QModelIndex CollectionTreeModel::addRequest(const QModelIndex &parent, const CollectionRequest &request)
{
    Node *container = containerFor(parent);
    if (!container)
        return {};
    auto node = std::make_unique<Node>();
    node->kind = Kind::Request;
    node->name = request.name;
    node->request = request;
    if (node->request.id.isEmpty())
        node->request.id = Collection::newId();
    node->parent = container;
    const int row = insertPosition(container, Kind::Request, -1);
    beginInsertRows(indexFor(container), row, row);
    container->children.insert(container->children.begin() + row, std::move(node));
    endInsertRows();
    modified(container);
    return index(row, 0, indexFor(container));
}

QModelIndex CollectionTreeModel::duplicate(const QModelIndex &index)
{
    Node *node = nodeFor(index);
    if (!index.isValid() || node->kind == Kind::Collection)
        return {};
    Node *container = node->parent;
    std::unique_ptr<Node> copy = cloneNode(node, container);
    copy->name = tr("%1 copy").arg(node->name);
    const int row = node->row() + 1;
    beginInsertRows(indexFor(container), row, row);
    container->children.insert(container->children.begin() + row, std::move(copy));
    endInsertRows();
    modified(container);
    return this->index(row, 0, indexFor(container));
}

bool CollectionTreeModel::remove(const QModelIndex &index)
{
    Node *node = nodeFor(index);
    if (!index.isValid())
        return false;
    if (node->kind == Kind::Collection) {
        removeCollection(index.row());
        return true;
    }
    Node *container = node->parent;
    const int row = node->row();
    beginRemoveRows(indexFor(container), row, row);
    container->children.erase(container->children.begin() + row);
    endRemoveRows();
    modified(container);
    return true;
}

bool CollectionTreeModel::move(const QModelIndex &index, const QModelIndex &destinationParent, int row)
{
    Node *node = nodeFor(index);
    Node *destination = containerFor(destinationParent);
    if (!index.isValid() || node->kind == Kind::Collection || !destination)
        return false;
    for (const Node *up = destination; up; up = up->parent) {
        if (up == node)
            return false; // into itself or its own subfolder
    }
    Node *source = node->parent;
    const int from = node->row();
    int to = insertPosition(destination, node->kind, row);
    if (source == destination && (to == from || to == from + 1))
        return true; // already there
    if (!beginMoveRows(indexFor(source), from, from, indexFor(destination), to))
        return false;
    std::unique_ptr<Node> taken = std::move(source->children[size_t(from)]);
    source->children.erase(source->children.begin() + from);
    if (source == destination && to > from)
        --to;
    taken->parent = destination;
    destination->children.insert(destination->children.begin() + to, std::move(taken));
    endMoveRows();
    const int sourceCollection = source->collectionNode()->row();
    const int destinationCollection = destination->collectionNode()->row();
    Q_EMIT collectionModified(destinationCollection);
    if (sourceCollection != destinationCollection)
        Q_EMIT collectionModified(sourceCollection);
    return true;
}

QModelIndex CollectionTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    const Node *node = nodeFor(parent);
    if (column != 0 || row < 0 || row >= int(node->children.size()))
        return {};
    return createIndex(row, 0, node->children[size_t(row)].get());
}

QModelIndex CollectionTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    return indexFor(nodeFor(child)->parent);
}

int CollectionTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return 0;
    return int(nodeFor(parent)->children.size());
}

int CollectionTreeModel::columnCount(const QModelIndex &) const
{
    return 1;
}

QVariant CollectionTreeModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const Node *node = nodeFor(index);
    switch (role) {
    case Qt::DisplayRole:
        if (node->kind == Kind::Request) {
            const QString text = QStringLiteral("%1  %2").arg(node->request.draft.method, node->name);
            return node->request.id == m_modifiedId ? text + QStringLiteral(" \u25CF") : text;
        }
        return node->name;
    case Qt::EditRole:
        return node->name;
    case Qt::ToolTipRole:
        if (node->kind == Kind::Collection)
            return node->filePath;
        if (node->kind == Kind::Request)
            return QStringLiteral("%1 %2").arg(node->request.draft.method, node->request.draft.url);
        return {};
    case KindRole:
        return int(node->kind);
    case RequestIdRole:
        return node->kind == Kind::Request ? node->request.id : QString();
    case FilePathRole:
        return node->collectionNode()->filePath;
    default:
        return {};
    }
}

bool CollectionTreeModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() || role != Qt::EditRole)
        return false;
    const QString name = value.toString().trimmed();
    Node *node = nodeFor(index);
    if (name.isEmpty() || name == node->name)
        return false;
    node->name = name;
    if (node->kind == Kind::Request)
        node->request.name = name;
    Q_EMIT dataChanged(index, index);
    modified(node);
    return true;
}

Qt::ItemFlags CollectionTreeModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsEditable;
    const Kind k = nodeFor(index)->kind;
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
        && nodeFor(parent)->kind != Kind::Request;
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
