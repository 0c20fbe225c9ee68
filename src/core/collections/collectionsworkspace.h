#pragma once

#include "core/collections/collection.h"
#include "core/collections/collectionitem.h"
#include "core/send/templateengine.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

class CollectionIo;
class SecretStore;

// The open collections and everything that goes with them, for the window (and anything else
// that edits collections): the collection files (the data folder's, and any opened from
// elsewhere, such as a git repository), read and written by a CollectionIo on its own thread;
// the SecretStore their secret fields live in; the active environment and the variables
// templates are expanded with; and the save state of the request loaded into the composer.
//
// It owns the collections as a tree of CollectionItems and is the only one that changes them:
// CollectionTreeModel shows that tree, and the item signals below let it bracket each change.
// Every change to a collection's content writes its file (collectionChanged follows), except a
// saveDraft(), which writes it itself to learn when the request is on disk. (The edits to the
// tree are in collectionsworkspacetree.cpp; files, environments and save state here.)
//
// Files are read and written on the I/O thread, so opening, creating, saving and deleting finish
// a little later: each says so through a signal (and an optional callback), and isBusy() is true
// until the files are as the workspace holds them.
class CollectionsWorkspace final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CollectionsWorkspace)

public:
    using Kind = CollectionItem::Kind;

    // The data folder's collections, secrets in the system keychain or the 0600 file.
    explicit CollectionsWorkspace(QObject *parent = nullptr);
    // Collections in `folder`, secrets in `secrets` (a test's own). Reading starts at once, or
    // when the secrets are ready (a keychain may first ask the user to unlock it), so no field
    // comes up empty.
    CollectionsWorkspace(const QString &folder, std::unique_ptr<SecretStore> secrets, QObject *parent = nullptr);
    // Waits for the writes asked for: a save is never cut short.
    ~CollectionsWorkspace() override;

    // --- Files
    QString folder() const;
    // Until collectionsLoaded(): collections appear as their files are read.
    bool isLoading() const { return m_loading; }
    // A collection file is being read or written, or its result is not in the tree yet.
    bool isBusy() const;
    // Files that did not parse (with file, line and column) or are gone: kept aside, never written.
    QStringList problems() const { return m_problems; }
    // The secret store's last complaint (a locked keychain), in words; empty when none.
    QString secretsProblem() const { return m_secretsProblem; }
    // Where secret values are kept (the system keychain or a 0600 file), in words.
    QString secretsDescription() const;
    // The window's secret store, for secrets that are not a collection's (a team inbox's password).
    SecretStore *secretStore() const { return m_secrets.get(); }
    bool secretsReady() const;
    // Opens a collection file from any folder. done and fileOpened() follow with its row and an
    // empty error, or -1 and where the file does not parse (the file left untouched). wasOpen:
    // it was open already, nothing was added.
    void openFile(const QString &path, std::function<void(int row, const QString &error, bool wasOpen)> done = {});
    // A new, empty collection file in the data folder; done and collectionCreated() follow with
    // its row (shown even when the file could not be written: its next change tries again).
    void createCollection(const QString &name, std::function<void(int row)> done = {});
    // A Postman v2.1 file as a new collection in the data folder: done gets its row, or -1 and
    // why not; and what could not be imported.
    void importPostman(const QString &path,
                       std::function<void(int row, const QString &error, const QStringList &warnings)> done);
    // The collection as Postman v2.1 JSON (secrets included: Postman needs them).
    void exportPostman(int row, const QString &path, std::function<void(const QString &error)> done);
    // Whether the collection's file is in the data folder (deleting it sends it to the trash)
    // rather than opened from elsewhere (deleting it only closes it).
    bool isInDataFolder(int row) const;
    // Deletes a data folder collection (file to the trash, secrets gone) or closes another.
    void removeCollection(int row);

    // --- The tree
    const CollectionItem *root() const { return &m_root; }
    int collectionCount() const { return int(m_root.children.size()); }
    CollectionItem *collectionItem(int row) const;
    Collection collection(int row) const; // rebuilt from the tree; empty when there is no such row
    QString filePath(int row) const;
    int rowForFile(const QString &filePath) const; // -1 when not open
    CollectionItem *findRequest(int row, const QString &requestId) const;
    // Variables, environments and profiles are not in the tree; they are changed here.
    void setVariables(int row, const KeyValueRows &variables);
    void setEnvironments(int row, const QList<Environment> &environments);
    void setProfiles(int row, const QList<EndpointProfile> &profiles);
    // Replaces the profile called `name` (or adds one when none is); when the name changes, the
    // requests bound to it are bound to the new one and its old secrets are removed.
    void replaceProfile(int row, const QString &name, const EndpointProfile &profile);
    // Deletes a profile and its secrets; false when there is none of that name.
    bool removeProfile(int row, const QString &name);
    // New items under a collection or folder (a request's folder when given a request).
    CollectionItem *addFolder(CollectionItem *parent, const QString &name);
    CollectionItem *addRequest(CollectionItem *parent, const CollectionRequest &request);
    CollectionItem *duplicate(CollectionItem *item); // folders and requests, with fresh ids
    bool rename(CollectionItem *item, const QString &name);
    void setRequest(CollectionItem *item, const CollectionRequest &request);
    // Moves a folder or request under `destination` (collection or folder) at position row among
    // its own kind (-1: last). Refuses to move a folder into itself.
    bool move(CollectionItem *item, CollectionItem *destination, int row = -1);
    // Deletes a folder or request with its requests' secrets (a collection: removeCollection).
    bool remove(CollectionItem *item);

    // --- The active environment: one for the window, remembered across restarts. Environments
    // belong to collections: the names are those of the current collection (the one selected in
    // the sidebar), and a chosen name applies wherever the current collection has one of that name.
    void setCurrentCollection(int row); // -1: none chosen (the first one counts)
    int currentCollectionRow() const;
    QString currentCollectionName() const;
    QStringList environmentNames() const;
    QString environment() const; // the one that applies now; "" : none
    void setEnvironment(const QString &name);
    // The collection's variables, then the active environment's over them.
    TemplateVariables variables() const;

    // --- The save state of the request loaded into the composer
    CollectionItem *loadedRequest() const;
    QString loadedRequestId() const { return m_loadedId; }
    // The composer now holds `request` (nullptr: a request not saved anywhere yet), whose draft
    // as the composer gives it back is `savedDraft`.
    void setLoadedRequest(CollectionItem *request, const RequestDraft &savedDraft = {});
    // Whether `draft` differs from the loaded request as saved.
    bool isModified(const RequestDraft &draft) const;
    // The composer's draft now: the loaded request is marked modified (or not) by it.
    void updateDraft(const RequestDraft &draft);
    // As of the last updateDraft().
    bool hasUnsavedChanges() const { return !m_modifiedId.isEmpty(); }
    QString modifiedRequestId() const { return m_modifiedId; }
    bool isSavingLoaded() const { return !m_loadedId.isEmpty() && m_savingIds.contains(m_loadedId); }
    // The last write's error, until a write succeeds.
    QString writeError() const { return m_writeError; }
    // Saves `draft` into `target` when it is a request, else into a new request under it, which
    // becomes the loaded request; it counts as saved once its file is written. The saved request,
    // or nullptr when there is no such target. A new request is called `name` (empty: after the
    // draft's method and path).
    CollectionItem *saveDraft(CollectionItem *target, const RequestDraft &draft, const QString &name = {});

Q_SIGNALS:
    // The tree's changes, for CollectionTreeModel to bracket (parent: the root for collections).
    void itemsAboutToBeInserted(CollectionItem *parent, int first, int last);
    void itemsInserted();
    void itemsAboutToBeRemoved(CollectionItem *parent, int first, int last);
    void itemsRemoved();
    void itemAboutToBeMoved(CollectionItem *source, int from, CollectionItem *destination, int to);
    void itemMoved();
    void itemChanged(CollectionItem *item);
    // A collection's content changed (its file is being written).
    void collectionChanged(int row);

    void collectionsLoaded();
    void fileOpened(const QString &path, const QString &error);
    void collectionCreated(int row);
    void problemsChanged();
    // The current collection's environments, or the active one, changed.
    void environmentsChanged();
    void variablesChanged(const TemplateVariables &variables);
    // Loaded request, modified mark, a save in flight, the write error or the loading state.
    void saveStateChanged();
    void messageShown(const QString &message);

private:
    void loadAll();
    void loaded(bool forgotten);
    void rememberOpenFiles() const;
    int addCollection(const Collection &collection, const QString &filePath);
    void write(int row, std::function<void(bool written)> done = {});
    void changed(const CollectionItem *item);
    void changedRow(int row);
    void updateEnvironments();
    void setModifiedId(const QString &id);
    CollectionItem *containerFor(CollectionItem *item);
    CollectionItem *itemFor(int row) const;
    static int insertPosition(const CollectionItem *container, Kind kind, int row);
    static void rebindRequests(CollectionItem *item, const QString &from, const QString &to);

    std::unique_ptr<SecretStore> m_secrets;
    // Declared after m_secrets, so destroyed before it: its last writes still store their secrets.
    std::unique_ptr<CollectionIo> m_io;
    CollectionItem m_root;

    bool m_loading = true;
    QStringList m_problems;
    QString m_secretsProblem;
    QString m_environment; // as chosen, even while the current collection lacks it
    QString m_currentFile; // the current collection: a file survives rows moving

    bool m_ownWrite = false; // saveDraft() writes the file itself, to hear how it went
    QString m_loadedFile;    // the loaded request: file and id survive rows moving
    QString m_loadedId;
    RequestDraft m_savedDraft; // as the composer gave it back right after loading or saving
    RequestDraft m_draft;      // the composer's, as of the last updateDraft()
    QString m_modifiedId;
    QStringList m_savingIds; // requests whose save has not reached the disk yet
    QString m_writeError;
};
