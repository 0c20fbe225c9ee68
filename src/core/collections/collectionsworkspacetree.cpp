// CollectionsWorkspace: the tree of open collections and the edits to it. Each edit tells
// CollectionTreeModel before and after (itemsAboutToBeInserted/itemsInserted, ...) and then
// writes the collection's file (changed()).

#include "core/collections/collectionio.h"
#include "core/collections/collectionsworkspace.h"

#include <algorithm>

CollectionItem *CollectionsWorkspace::itemFor(int row) const
{
    return row >= 0 && row < collectionCount() ? m_root.children[size_t(row)].get() : nullptr;
}

CollectionItem *CollectionsWorkspace::collectionItem(int row) const
{
    return itemFor(row);
}

Collection CollectionsWorkspace::collection(int row) const
{
    const CollectionItem *item = itemFor(row);
    if (!item)
        return {};
    Collection out = item->meta;
    out.name = item->name;
    out.root = item->toFolder();
    return out;
}

QString CollectionsWorkspace::filePath(int row) const
{
    const CollectionItem *item = itemFor(row);
    return item ? item->filePath : QString();
}

int CollectionsWorkspace::rowForFile(const QString &filePath) const
{
    for (int row = 0; row < collectionCount(); ++row) {
        if (m_root.children[size_t(row)]->filePath == filePath)
            return row;
    }
    return -1;
}

CollectionItem *CollectionsWorkspace::findRequest(int row, const QString &requestId) const
{
    CollectionItem *top = itemFor(row);
    if (!top || requestId.isEmpty())
        return nullptr;
    std::vector<CollectionItem *> stack{top};
    while (!stack.empty()) {
        CollectionItem *item = stack.back();
        stack.pop_back();
        if (item->kind == Kind::Request && item->request.id == requestId)
            return item;
        for (const auto &child : item->children)
            stack.push_back(child.get());
    }
    return nullptr;
}

void CollectionsWorkspace::setVariables(int row, const KeyValueRows &variables)
{
    if (CollectionItem *item = itemFor(row)) {
        item->meta.variables = variables;
        changedRow(row);
    }
}

void CollectionsWorkspace::setEnvironments(int row, const QList<Environment> &environments)
{
    if (CollectionItem *item = itemFor(row)) {
        item->meta.environments = environments;
        changedRow(row);
    }
}

void CollectionsWorkspace::setProfiles(int row, const QList<EndpointProfile> &profiles)
{
    if (CollectionItem *item = itemFor(row)) {
        item->meta.profiles = profiles;
        changedRow(row); // their secrets go to the secret store on write
    }
}

void CollectionsWorkspace::replaceProfile(int row, const QString &name, const EndpointProfile &profile)
{
    CollectionItem *item = itemFor(row);
    if (!item)
        return;
    QList<EndpointProfile> &profiles = item->meta.profiles;
    const auto it = std::find_if(profiles.begin(), profiles.end(),
                                 [&name](const EndpointProfile &p) { return p.name == name; });
    if (it == profiles.end())
        profiles.append(profile);
    else
        *it = profile;
    const bool renamed = !name.isEmpty() && profile.name != name;
    if (renamed)
        rebindRequests(item, name, profile.name);
    changedRow(row);
    // Secrets are keyed by the profile's name: a renamed profile's old keys are nobody's now.
    // Removed after the write queued above, which stores the new ones.
    if (renamed)
        m_io->removeSecrets(item->meta.id + QLatin1String("/profile/") + name + QLatin1Char('/'));
}

bool CollectionsWorkspace::removeProfile(int row, const QString &name)
{
    CollectionItem *item = itemFor(row);
    if (!item)
        return false;
    QList<EndpointProfile> profiles = item->meta.profiles;
    if (profiles.removeIf([&name](const EndpointProfile &p) { return p.name == name; }) == 0)
        return false;
    setProfiles(row, profiles);
    // Its secrets go with it: nothing else refers to them.
    m_io->removeSecrets(item->meta.id + QLatin1String("/profile/") + name + QLatin1Char('/'));
    return true;
}

void CollectionsWorkspace::rebindRequests(CollectionItem *item, const QString &from, const QString &to)
{
    for (const auto &child : item->children) {
        if (child->kind == Kind::Request && child->request.profile == from)
            child->request.profile = to;
        rebindRequests(child.get(), from, to);
    }
}

CollectionItem *CollectionsWorkspace::containerFor(CollectionItem *item)
{
    if (item && item->kind == Kind::Request)
        item = item->parent;
    return item == &m_root ? nullptr : item;
}

int CollectionsWorkspace::insertPosition(const CollectionItem *container, Kind kind, int row)
{
    const int requests = container->requestCount();
    const int total = int(container->children.size());
    if (kind == Kind::Request)
        return row < 0 ? requests : qBound(0, row, requests);
    return row < 0 ? total : qBound(requests, row, total);
}

CollectionItem *CollectionsWorkspace::addFolder(CollectionItem *parent, const QString &name)
{
    CollectionItem *container = containerFor(parent);
    if (!container)
        return nullptr;
    auto item = std::make_unique<CollectionItem>();
    item->kind = Kind::Folder;
    item->name = name;
    item->parent = container;
    CollectionItem *added = item.get();
    const int row = insertPosition(container, Kind::Folder, -1);
    Q_EMIT itemsAboutToBeInserted(container, row, row);
    container->children.insert(container->children.begin() + row, std::move(item));
    Q_EMIT itemsInserted();
    changed(container);
    return added;
}

CollectionItem *CollectionsWorkspace::addRequest(CollectionItem *parent, const CollectionRequest &request)
{
    CollectionItem *container = containerFor(parent);
    if (!container)
        return nullptr;
    auto item = std::make_unique<CollectionItem>();
    item->kind = Kind::Request;
    item->name = request.name;
    item->request = request;
    if (item->request.id.isEmpty())
        item->request.id = Collection::newId();
    item->parent = container;
    CollectionItem *added = item.get();
    const int row = insertPosition(container, Kind::Request, -1);
    Q_EMIT itemsAboutToBeInserted(container, row, row);
    container->children.insert(container->children.begin() + row, std::move(item));
    Q_EMIT itemsInserted();
    changed(container);
    return added;
}

CollectionItem *CollectionsWorkspace::duplicate(CollectionItem *item)
{
    if (!item || item == &m_root || item->kind == Kind::Collection)
        return nullptr;
    CollectionItem *container = item->parent;
    std::unique_ptr<CollectionItem> copy = CollectionItem::clone(item, container);
    copy->name = tr("%1 copy").arg(item->name);
    CollectionItem *added = copy.get();
    const int row = item->row() + 1;
    Q_EMIT itemsAboutToBeInserted(container, row, row);
    container->children.insert(container->children.begin() + row, std::move(copy));
    Q_EMIT itemsInserted();
    changed(container);
    return added;
}

bool CollectionsWorkspace::rename(CollectionItem *item, const QString &name)
{
    const QString trimmed = name.trimmed();
    if (!item || item == &m_root || trimmed.isEmpty() || trimmed == item->name)
        return false;
    item->name = trimmed;
    if (item->kind == Kind::Request)
        item->request.name = trimmed;
    Q_EMIT itemChanged(item);
    changed(item);
    return true;
}

void CollectionsWorkspace::setRequest(CollectionItem *item, const CollectionRequest &request)
{
    if (!item || item->kind != Kind::Request)
        return;
    const QString id = item->request.id;
    item->request = request;
    item->request.id = id;
    item->name = request.name;
    Q_EMIT itemChanged(item);
    changed(item);
}

bool CollectionsWorkspace::move(CollectionItem *item, CollectionItem *destination, int row)
{
    CollectionItem *container = containerFor(destination);
    if (!item || item == &m_root || item->kind == Kind::Collection || !container)
        return false;
    for (const CollectionItem *up = container; up; up = up->parent) {
        if (up == item)
            return false; // into itself or its own subfolder
    }
    CollectionItem *source = item->parent;
    const int from = item->row();
    int to = insertPosition(container, item->kind, row);
    if (source == container && (to == from || to == from + 1))
        return true; // already there
    Q_EMIT itemAboutToBeMoved(source, from, container, to);
    std::unique_ptr<CollectionItem> taken = std::move(source->children[size_t(from)]);
    source->children.erase(source->children.begin() + from);
    if (source == container && to > from)
        --to;
    taken->parent = container;
    container->children.insert(container->children.begin() + to, std::move(taken));
    Q_EMIT itemMoved();
    const int sourceCollection = source->collectionItem()->row();
    const int destinationCollection = container->collectionItem()->row();
    changedRow(destinationCollection);
    if (sourceCollection != destinationCollection)
        changedRow(sourceCollection);
    return true;
}

bool CollectionsWorkspace::remove(CollectionItem *item)
{
    if (!item || item == &m_root)
        return false;
    if (item->kind == Kind::Collection) {
        removeCollection(item->row());
        return true;
    }
    // The secrets of the requests going away leave the secret store too.
    const QString collectionId = item->collectionItem()->meta.id;
    std::vector<const CollectionItem *> pending{item};
    while (!pending.empty()) {
        const CollectionItem *next = pending.back();
        pending.pop_back();
        if (next->kind == Kind::Request) {
            m_io->removeSecrets(collectionId + QLatin1String("/request/") + next->request.id + QLatin1Char('/'));
            if (next->request.id == m_loadedId && next->collectionItem()->filePath == m_loadedFile)
                setLoadedRequest(nullptr);
        }
        for (const auto &child : next->children)
            pending.push_back(child.get());
    }
    CollectionItem *container = item->parent;
    const int row = item->row();
    Q_EMIT itemsAboutToBeRemoved(container, row, row);
    container->children.erase(container->children.begin() + row);
    Q_EMIT itemsRemoved();
    changed(container);
    return true;
}
