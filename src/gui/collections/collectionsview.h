#pragma once

#include "core/collections/collection.h"
#include "gui/widgets/placeholdertreeview.h"

#include <QWidget>

#include <functional>
#include <optional>

class CollectionTreeModel;
class CollectionsWorkspace;
class ComposerWidget;
class QAction;
class QDialog;
class QLabel;
class QMenu;
class QModelIndex;

// The Collections sidebar: the workspace's collections as a tree of folders and saved requests.
// Selecting a request loads it into the composer; Ctrl+S saves the composer back into it (or
// into a new request under the selected folder). Changes in the composer that are not saved are
// marked, and switching away asks first. The collections, their files, secrets, the active
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
    enum class UnsavedChoice { Save, Discard, Cancel };

    CollectionsView(CollectionsWorkspace *workspace, ComposerWidget *composer, QWidget *parent = nullptr);
    ~CollectionsView() override;

    CollectionsWorkspace *workspace() const { return m_workspace; }
    CollectionTreeModel *model() const { return m_model; }
    QTreeView *tree() const { return m_tree; }
    QAction *saveAction() const { return m_saveAction; }

    // Opens a collection file from any folder and shows it; done follows with an empty error, or
    // the file, line and column where it does not parse (the file left untouched).
    void openFile(const QString &path, std::function<void(const QString &error)> done = {});
    // Selects an item as a click would (asking about unsaved changes); false if refused.
    bool select(const QModelIndex &index);
    // Saves the composer into the loaded request, or into a new one under the selection; the
    // request counts as saved once its file is written. False when there is nowhere to save
    // it (no collection yet while the collection files are still being read).
    bool saveComposer();
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
    void loadIntoComposer(const QModelIndex &index);
    void updateComposerProfile();
    void selectQuietly(const QModelIndex &index); // without asking about unsaved changes
    QModelIndex loadedIndex() const;
    QString loadedName() const;
    // collectionsviewactions.cpp
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
    // collectionsviewprompts.cpp: every dialog this view opens goes through these.
    UnsavedChoice askUnsaved(const QString &requestName);
    bool confirm(const QString &question);
    QString askText(const QString &title, const QString &label, bool multiLine = false);
    std::optional<int> askNumber(const QString &title, const QString &label, int value, int min, int max);
    QString askOpenPath(const QString &title, const QString &filter);
    QString askSavePath(const QString &title, const QString &suggested, const QString &filter);
    void warn(const QString &title, const QString &text);
    void inform(const QString &title, const QString &text, const QStringList &details = {});
    bool accepted(QDialog &dialog);

    CollectionsWorkspace *m_workspace;
    ComposerWidget *m_composer;
    CollectionTreeModel *m_model;
    PlaceholderTreeView *m_tree;
    QLabel *m_status;
    QLabel *m_problemsLabel;
    QAction *m_saveAction;
    bool m_syncQueued = false; // a syncDraft() is queued

    bool m_switching = false;
    bool m_creatingFirst = false; // a save made the first collection, and saves into it next
};
