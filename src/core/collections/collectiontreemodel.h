#pragma once

#include "core/collections/collection.h"

#include <QAbstractItemModel>

#include <memory>
#include <vector>

// The sidebar's tree: open collections, their folders, their saved requests (a folder's
// requests first, then its subfolders: the order a run takes). Items are renamed through
// setData, moved by drag and drop (or move()) within and across collections. Every change
// to a collection's content emits collectionModified(row) so its owner writes the file.
class CollectionTreeModel final : public QAbstractItemModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CollectionTreeModel)

public:
    enum class Kind { Collection, Folder, Request };
    enum Role { KindRole = Qt::UserRole + 1, RequestIdRole, FilePathRole };

    explicit CollectionTreeModel(QObject *parent = nullptr);
    ~CollectionTreeModel() override;

    // Top-level rows.
    int addCollection(const Collection &collection, const QString &filePath);
    void removeCollection(int row);
    int collectionCount() const;
    Collection collection(int row) const; // rebuilt from the tree
    QString filePath(int row) const;
    void setFilePath(int row, const QString &path);
    int rowForFile(const QString &filePath) const; // -1 when not open
    // Variables, environments and profiles are not in the tree; they are edited through this.
    void setVariables(int row, const KeyValueRows &variables);
    void setEnvironments(int row, const QList<Environment> &environments);
    void setProfiles(int row, const QList<EndpointProfile> &profiles);
    // Replaces the profile called `name` (or adds one when none is); when the name changes, the
    // requests bound to the old name are bound to the new one. One collectionModified.
    void replaceProfile(int row, const QString &name, const EndpointProfile &profile);

    Kind kind(const QModelIndex &index) const;
    int collectionRow(const QModelIndex &index) const;  // the top-level ancestor's row
    QString folderPath(const QModelIndex &index) const; // of a folder, or of a request's folder
    QModelIndex collectionIndex(int row) const;

    CollectionRequest request(const QModelIndex &index) const;
    void setRequest(const QModelIndex &index, const CollectionRequest &request);
    QModelIndex findRequest(int collectionRow, const QString &requestId) const;
    // A request whose composer copy differs from the saved one shows a dot after its name.
    void setRequestModified(const QString &requestId, bool modified);

    // New items; parent is a collection or folder (a request's folder when given a request).
    QModelIndex addFolder(const QModelIndex &parent, const QString &name);
    QModelIndex addRequest(const QModelIndex &parent, const CollectionRequest &request);
    QModelIndex duplicate(const QModelIndex &index); // folders and requests, with fresh ids
    bool remove(const QModelIndex &index);
    // Moves a folder or request under destinationParent (collection or folder) at position
    // row among its own kind (-1: last). Refuses to move a folder into itself.
    bool move(const QModelIndex &index, const QModelIndex &destinationParent, int row = -1);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    Qt::DropActions supportedDropActions() const override;
    Qt::DropActions supportedDragActions() const override;
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    bool canDropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                         const QModelIndex &parent) const override;
    bool dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                      const QModelIndex &parent) override;

Q_SIGNALS:
    void collectionModified(int row);

private:
    struct Node;
    Node *nodeFor(const QModelIndex &index) const;
    QModelIndex indexFor(const Node *node) const;
    Node *containerFor(const QModelIndex &index) const; // a collection or folder node
    int insertPosition(const Node *container, Kind kind, int row) const;
    void modified(const Node *node);
    static std::unique_ptr<Node> buildFolder(const CollectionFolder &folder, Node *parent);
    static CollectionFolder toFolder(const Node *node);
    static std::unique_ptr<Node> cloneNode(const Node *node, Node *parent);
    static void rebindRequests(Node *node, const QString &from, const QString &to);

    std::unique_ptr<Node> m_root;
    QString m_modifiedId;
};
