#pragma once

#include "core/collections/collection.h"
#include "core/send/templateengine.h"
#include "gui/widgets/placeholdertreeview.h"

#include <QWidget>

#include <functional>
#include <memory>

class CollectionIo;
class CollectionTreeModel;
class ComposerWidget;
class QAction;
class QLabel;
class QMenu;
class QModelIndex;
class QTimer;
class SecretStore;

// The Collections sidebar: collection files (the data folder's, and any opened from
// elsewhere, such as a git repository) as a tree of folders and saved requests. Selecting
// a request loads it into the composer; Ctrl+S saves the composer back into it (or into a
// new request under the selected folder). Changes in the composer that are not saved are
// marked, and switching away asks first. It holds the active environment, which the
// toolbar's EnvironmentPicker shows and sets: the Send area expands templates with it.
//
// Collection files are read and written by a CollectionIo on its own thread, so opening,
// creating, saving and deleting finish a little later: each says so through a signal (and an
// optional callback), and isBusy() is true until the files are as the sidebar shows them.
class CollectionsView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CollectionsView)

public:
    enum class UnsavedChoice { Save, Discard, Cancel };
    // Asked when the composer holds unsaved changes to `requestName` and the user switches
    // away; a test answers without a dialog.
    using UnsavedPrompt = std::function<UnsavedChoice(const QString &requestName)>;
    // Asked before something is deleted; true goes ahead.
    using ConfirmPrompt = std::function<bool(const QString &question)>;

    explicit CollectionsView(ComposerWidget *composer, QWidget *parent = nullptr);
    ~CollectionsView() override;

    void setUnsavedPrompt(UnsavedPrompt prompt) { m_unsavedPrompt = std::move(prompt); }
    void setConfirmPrompt(ConfirmPrompt prompt) { m_confirmPrompt = std::move(prompt); }

    CollectionTreeModel *model() const { return m_model; }
    QTreeView *tree() const { return m_tree; }
    QAction *saveAction() const { return m_saveAction; }

    // Opens a collection file from any folder. fileOpened() and done follow with an empty
    // error, or the file, line and column where it does not parse (the file left untouched).
    void openFile(const QString &path, std::function<void(const QString &error)> done = {});
    // A new, empty collection file in the data folder; collectionCreated() and done follow
    // with its row.
    void createCollection(const QString &name, std::function<void(int row)> done = {});
    // Selects an item as a click would (asking about unsaved changes); false if refused.
    bool select(const QModelIndex &index);
    // Saves the composer into the loaded request, or into a new one under the selection; the
    // request counts as saved once its file is written. False when there is nowhere to save
    // it (no collection yet while the collection files are still being read).
    bool saveComposer();
    // Asks (through the confirm prompt) and deletes a folder or request, or deletes a data
    // folder collection (to the trash) / closes one opened from elsewhere.
    void deleteItem(const QModelIndex &index);
    // Deletes an endpoint profile of the collection at row, and its secrets; false if none.
    bool removeProfile(int row, const QString &name);
    bool hasUnsavedChanges() const;
    QString loadedRequestId() const { return m_loadedId; }
    // Problems met while loading (files that did not parse), in words.
    QStringList problems() const { return m_problems; }
    // Where secret values are kept (the system keychain or a 0600 file), in words.
    QString secretsDescription() const;
    // Until collectionsLoaded(): the sidebar fills as the files are read.
    bool isLoading() const { return m_loading; }
    // A collection file is being read or written, or its result is not shown yet.
    bool isBusy() const;

    // The variables for templates: the collection's, then the chosen environment's over them.
    TemplateVariables variables() const;
    // One active environment for the window, remembered across restarts. Environments belong
    // to collections: the names are those of the current collection, and a chosen name
    // applies wherever the current collection has an environment of that name.
    QStringList environmentNames() const;
    QString environment() const; // the one that applies now; "" : none
    QString currentCollectionName() const;
    void setEnvironment(const QString &name); // "" : none
    void editEnvironments();
    // Editors for what the tree does not show; saved as every other change is when accepted.
    void editProfile(int row, const QString &name);
    // A new profile from the composer's URL, method, headers, auth and signing, named and
    // checked in the same editor.
    void saveComposerAsProfile(int row);
    void editVariables(int row);

Q_SIGNALS:
    // The current collection's environments, or the active one, changed.
    void environmentsChanged();
    void variablesChanged(const TemplateVariables &variables);
    void messageShown(const QString &message);
    void collectionsLoaded();
    void fileOpened(const QString &path, const QString &error);
    void collectionCreated(int row);

private:
    void loadAll();
    void loaded(bool forgotten);
    void rememberOpenFiles() const;
    void writeCollection(int row, std::function<void(bool written)> done = {});
    void onCurrentChanged(const QModelIndex &current, const QModelIndex &previous);
    void loadIntoComposer(const QModelIndex &index);
    void updateComposerProfile();
    void updateModified();
    void updateEnvironments();
    void showContextMenu(const QPoint &pos);
    void addProfileActions(QMenu *menu, const QModelIndex &index);
    void setExpectedStatus(const QModelIndex &index);
    void importFile();
    void importCurl();
    void exportCurl(const QModelIndex &index);
    void exportPostman(int row);
    void showProblems();
    int currentCollectionRow() const;
    QModelIndex loadedIndex() const;

    ComposerWidget *m_composer;
    std::unique_ptr<SecretStore> m_secrets;
    // Declared after m_secrets, so destroyed before it: its last writes still store their secrets.
    std::unique_ptr<CollectionIo> m_io;
    CollectionTreeModel *m_model;
    PlaceholderTreeView *m_tree;
    QLabel *m_status;
    QLabel *m_problemsLabel;
    QAction *m_saveAction;
    QTimer *m_modifiedTimer;

    QString m_loadedFile; // the loaded request: file and id survive rows moving
    QString m_loadedId;
    RequestDraft m_savedDraft; // as the composer gave it back right after loading or saving
    bool m_switching = false;
    bool m_loading = true;
    bool m_savingComposer = false; // saveComposer() writes the file itself, to hear how it went
    bool m_creatingFirst = false;  // a save made the first collection, and saves into it next
    QStringList m_savingIds;       // requests whose save has not reached the disk yet
    QString m_writeError;          // the last write's, shown until a write succeeds
    QStringList m_problems;
    QString m_environment; // as chosen, even while the current collection lacks it
    QString m_secretsProblem;
    UnsavedPrompt m_unsavedPrompt;
    ConfirmPrompt m_confirmPrompt;
};
