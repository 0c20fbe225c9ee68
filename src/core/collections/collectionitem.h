#pragma once

#include "core/collections/collection.h"

#include <QString>

#include <memory>
#include <vector>

// One node of the open collections as a tree: a collection, a folder or a saved request. The
// CollectionsWorkspace owns these and changes them; CollectionTreeModel only reads them (its
// indexes point at them), so an item lives as long as it is in the workspace. A folder's
// requests come first, then its subfolders: the order a run takes.
struct CollectionItem {
    enum class Kind { Collection, Folder, Request };

    Kind kind = Kind::Folder;
    QString name;
    CollectionItem *parent = nullptr;
    std::vector<std::unique_ptr<CollectionItem>> children;
    CollectionRequest request; // Kind::Request (request.name follows `name`)
    Collection meta;           // Kind::Collection: everything but the tree
    QString filePath;          // Kind::Collection

    int row() const;
    int requestCount() const;
    // The top-level ancestor (this one for a collection); the root for the root.
    const CollectionItem *collectionItem() const;
    CollectionItem *collectionItem();
    // The request itself, with its current name.
    CollectionRequest toRequest() const;
    // Its requests and subfolders as a value (the name only for a folder).
    CollectionFolder toFolder() const;

    static std::unique_ptr<CollectionItem> fromFolder(const CollectionFolder &folder, CollectionItem *parent);
    // A deep copy with fresh request ids.
    static std::unique_ptr<CollectionItem> clone(const CollectionItem *item, CollectionItem *parent);
};
