#pragma once

#include "core/collections/collectionitem.h"

#include <QAbstractItemModel>

class CollectionsWorkspace;

// The sidebar's tree: the workspace's open collections, their folders, their saved requests (a
// folder's requests first, then its subfolders: the order a run takes). It holds no collection
// of its own: its indexes point at the workspace's items, and it turns the workspace's change
// signals into the model's. What a view does to it (renaming through setData, drag and drop,
// the index-based edits below) is asked of the workspace, which writes the files.
class CollectionTreeModel final : public QAbstractItemModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CollectionTreeModel)

public:
    using Kind = CollectionItem::Kind;
    enum Role { KindRole = Qt::UserRole + 1, RequestIdRole, FilePathRole };

    explicit CollectionTreeModel(CollectionsWorkspace *workspace, QObject *parent = nullptr);
    ~CollectionTreeModel() override;

    CollectionsWorkspace *workspace() const { return m_workspace; }
    CollectionItem *itemFor(const QModelIndex &index) const; // nullptr for the root
    QModelIndex indexFor(const CollectionItem *item) const;

    Kind kind(const QModelIndex &index) const;
    int collectionRow(const QModelIndex &index) const;  // the top-level ancestor's row
    QString folderPath(const QModelIndex &index) const; // of a folder, or of a request's folder
    QModelIndex collectionIndex(int row) const;
    CollectionRequest request(const QModelIndex &index) const;
    QModelIndex findRequest(int collectionRow, const QString &requestId) const;

    // The workspace's edits, by index (see CollectionsWorkspace).
    void setRequest(const QModelIndex &index, const CollectionRequest &request);
    QModelIndex addFolder(const QModelIndex &parent, const QString &name);
    QModelIndex addRequest(const QModelIndex &parent, const CollectionRequest &request);
    QModelIndex duplicate(const QModelIndex &index);
    bool remove(const QModelIndex &index);
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

private:
    const CollectionItem *itemOrRoot(const QModelIndex &index) const;

    CollectionsWorkspace *m_workspace;
};
