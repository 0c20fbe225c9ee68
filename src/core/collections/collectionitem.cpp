#include "core/collections/collectionitem.h"

int CollectionItem::row() const
{
    if (!parent)
        return 0;
    for (size_t i = 0; i < parent->children.size(); ++i) {
        if (parent->children[i].get() == this)
            return int(i);
    }
    return 0;
}

int CollectionItem::requestCount() const
{
    int n = 0;
    for (const auto &child : children)
        n += child->kind == Kind::Request;
    return n;
}

const CollectionItem *CollectionItem::collectionItem() const
{
    const CollectionItem *item = this;
    while (item->parent && item->parent->parent)
        item = item->parent;
    return item;
}

CollectionItem *CollectionItem::collectionItem()
{
    return const_cast<CollectionItem *>(std::as_const(*this).collectionItem());
}

CollectionRequest CollectionItem::toRequest() const
{
    if (kind != Kind::Request)
        return {};
    CollectionRequest out = request;
    out.name = name;
    return out;
}

CollectionFolder CollectionItem::toFolder() const
{
    CollectionFolder folder;
    folder.name = kind == Kind::Folder ? name : QString();
    for (const auto &child : children) {
        if (child->kind == Kind::Request)
            folder.requests.append(child->toRequest());
        else
            folder.folders.append(child->toFolder());
    }
    return folder;
}

std::unique_ptr<CollectionItem> CollectionItem::fromFolder(const CollectionFolder &folder, CollectionItem *parent)
{
    auto item = std::make_unique<CollectionItem>();
    item->kind = Kind::Folder;
    item->name = folder.name;
    item->parent = parent;
    for (const CollectionRequest &request : folder.requests) {
        auto child = std::make_unique<CollectionItem>();
        child->kind = Kind::Request;
        child->name = request.name;
        child->request = request;
        child->parent = item.get();
        item->children.push_back(std::move(child));
    }
    for (const CollectionFolder &sub : folder.folders)
        item->children.push_back(fromFolder(sub, item.get()));
    return item;
}

std::unique_ptr<CollectionItem> CollectionItem::clone(const CollectionItem *item, CollectionItem *parent)
{
    auto copy = std::make_unique<CollectionItem>();
    copy->kind = item->kind;
    copy->name = item->name;
    copy->parent = parent;
    copy->request = item->request;
    if (copy->kind == Kind::Request)
        copy->request.id = Collection::newId();
    for (const auto &child : item->children)
        copy->children.push_back(clone(child.get(), copy.get()));
    return copy;
}
