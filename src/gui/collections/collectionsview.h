#pragma once

#include "core/collections/collection.h"
#include "gui/widgets/placeholdertreeview.h"

#include <QWidget>

#include <functional>
#include <optional>

struct CollectionItem;
class CollectionTreeModel;
class CollectionsWorkspace;
class ComposerWidget;
class SendArea;
struct TabOrigin;
class QAction;
class QDialog;
class QLabel;
class QMenu;
class QModelIndex;

// The Collections sidebar: the workspace's collections as a tree of folders and saved requests.
// Selecting a request opens it in a tab of the Send area (its own tab when one is open already);
// Ctrl+S saves the tab in front back into the request it came from, or, for a tab that came from
// none, asks for a name and a collection or folder (as Save As, Ctrl+Shift+S, always does). The
// tab in front is the workspace's loaded request, marked in the tree while it has changes not
// saved. The collections, their files, secrets, the active
// environment and the save state are the CollectionsWorkspace's: this shows them, edits them
// through it and asks the user what it needs to.
//
// Its files, by job: collectionsview.cpp (the tree, the composer's request and saving),
// collectionsviewactions.cpp (the + menu and the context menu), collectionsviewtransfer.cpp
// (open, import and export), collectionsvieweditors.cpp (the environment, profile and variables
// editors) and collectionsviewprompts.cpp (every question and message box, in one place).
class CollectionsView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CollectionsView)

public:
    CollectionsView(CollectionsWorkspace *workspace, SendArea *sendArea, QWidget *parent = nullptr);
    ~CollectionsView() override;

    CollectionsWorkspace *workspace() const { return m_workspace; }
    CollectionTreeModel *model() const { return m_model; }
    QTreeView *tree() const { return m_tree; }
    QAction *saveAction() const { return m_saveAction; }
    QAction *saveAsAction() const { return m_saveAsAction; }
    // What the + menu offers, for the window's File menu too.
    QAction *newCollectionAction() const { return m_newCollectionAction; }
    QAction *openFileAction() const { return m_openFileAction; }
    QAction *importPostmanAction() const { return m_importPostmanAction; }
    QAction *importCurlAction() const { return m_importCurlAction; }
    // The selected collection (or the only one) as a Postman v2.1 file.
    QAction *exportPostmanAction() const { return m_exportPostmanAction; }

    // Opens a collection file from any folder and shows it; done follows with an empty error, or
    // the file, line and column where it does not parse (the file left untouched).
    void openFile(const QString &path, std::function<void(const QString &error)> done = {});
    // Selects an item as a click would (a request opens in its tab); false if refused.
    bool select(const QModelIndex &index);
    // Ctrl+S: saves the tab in front into the request it came from, or asks where (saveComposerAs).
    // The request counts as saved once its file is written. False when nothing was saved
    // (cancelled, or the collection files are still being read).
    bool saveComposer();
    // Ctrl+Shift+S: asks for a name (from the method and path) and a collection or folder (the
    // selected one, else the tab's own), saves the tab there as a new request and makes the tab
    // that request's. With no collection yet, "My Requests" is offered and made.
    bool saveComposerAs();
    // Asks (through the confirm prompt) and deletes a folder or request, or deletes a data
    // folder collection (to the trash) / closes one opened from elsewhere.
    void deleteItem(const QModelIndex &index);
    // Whether the composer's draft differs, now, from the loaded request as saved.
    bool hasUnsavedChanges() const;

    // Editors for what the tree does not show; saved as every other change is when accepted.
    void editEnvironments();
    void editProfile(int row, const QString &name);
    // A new profile from the composer's URL, method, headers, auth and signing, named and
    // checked in the same editor.
    void saveComposerAsProfile(int row);
    void editVariables(int row);

Q_SIGNALS:
    void messageShown(const QString &message);

private:
    // collectionsview.cpp
    void syncDraft();
    void updateStatus();
    void showProblems();
    void onCurrentChanged(const QModelIndex &current, const QModelIndex &previous);
    void openInTab(const QModelIndex &index);
    // The tab in front is now the loaded request (or none): marks, profile, selection, hint.
    void followCurrentTab();
    TabOrigin originOf(const CollectionItem *request) const;
    CollectionItem *itemFor(const TabOrigin &origin) const;
    // Collections and folders, depth first, as Save As offers them: "API › payments".
    void listPlaces(CollectionItem *item, const QString &prefix, QList<CollectionItem *> *items,
                    QStringList *names) const;
    // Saves the tab in front into `target` (a request: in place; a collection or folder: a new
    // one called `name`).
    bool saveInto(CollectionItem *target, const QString &name = {});
    // The same for the tab `tabId` holding `draft` (a save that waited for a new collection).
    bool saveTabInto(CollectionItem *target, const QString &name, const QString &tabId, const RequestDraft &draft);
    void updateComposerProfile();
    void selectQuietly(const QModelIndex &index); // without asking about unsaved changes
    QString loadedName() const;
    // collectionsviewactions.cpp
    void createTransferActions();
    QMenu *buildAddMenu(QWidget *parent);
    void newCollection(bool selectIt);
    void showContextMenu(const QPoint &pos);
    void addProfileActions(QMenu *menu, const QModelIndex &index);
    void setExpectedStatus(const QModelIndex &index);
    // collectionsviewtransfer.cpp
    void openFileAsked();
    void importPostman();
    void importCurl();
    void exportCurl(const QModelIndex &index);
    void exportPostman(int row);
    void exportCurrentAsPostman();
    // collectionsviewprompts.cpp: every dialog this view opens goes through these.
    bool confirm(const QString &question);
    QString askText(const QString &title, const QString &label, bool multiLine = false);
    std::optional<int> askNumber(const QString &title, const QString &label, int value, int min, int max);
    QString askOpenPath(const QString &title, const QString &filter);
    QString askSavePath(const QString &title, const QString &suggested, const QString &filter);
    void warn(const QString &title, const QString &text);
    void inform(const QString &title, const QString &text, const QStringList &details = {});
    bool accepted(QDialog &dialog);

    CollectionsWorkspace *m_workspace;
    SendArea *m_sendArea;
    ComposerWidget *m_composer;
    CollectionTreeModel *m_model;
    PlaceholderTreeView *m_tree;
    QLabel *m_status;
    QLabel *m_problemsLabel;
    QAction *m_saveAction;
    QAction *m_saveAsAction;
    QAction *m_newCollectionAction = nullptr;
    QAction *m_openFileAction = nullptr;
    QAction *m_importPostmanAction = nullptr;
    QAction *m_importCurlAction = nullptr;
    QAction *m_exportPostmanAction = nullptr;
    bool m_syncQueued = false; // a syncDraft() is queued

    bool m_switching = false;
    bool m_creatingFirst = false; // Save As made the first collection, and saves into it next
};
