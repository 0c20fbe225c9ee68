#include "gui/collections/collectionsview.h"

#include "core/collections/collectionsworkspace.h"
#include "core/collections/collectiontreemodel.h"
#include "core/drafts/requesttab.h"
#include "gui/send/composerwidget.h"
#include "gui/send/sendarea.h"
#include "gui/widgets/dialogs.h"
#include "gui/widgets/statuscolours.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

#include <utility>

CollectionsView::CollectionsView(CollectionsWorkspace *workspace, SendArea *sendArea, QWidget *parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_sendArea(sendArea)
    , m_composer(sendArea->composer())
    , m_model(new CollectionTreeModel(workspace, this))
    , m_tree(new PlaceholderTreeView(this))
    , m_status(new QLabel(this))
    , m_problemsLabel(new QLabel(this))
    , m_saveAction(new QAction(tr("Save Request"), this))
    , m_saveAsAction(new QAction(tr("Save Request As…"), this))
{
    m_tree->setObjectName(QStringLiteral("collectionsTree"));
    m_status->setObjectName(QStringLiteral("collectionsStatus"));
    m_problemsLabel->setObjectName(QStringLiteral("collectionsProblems"));
    m_saveAction->setObjectName(QStringLiteral("saveRequestAction"));
    m_saveAsAction->setObjectName(QStringLiteral("saveRequestAsAction"));

    m_tree->setModel(m_model);
    m_tree->setHeaderHidden(true);
    m_tree->setDragDropMode(QAbstractItemView::InternalMove);
    m_tree->setDefaultDropAction(Qt::MoveAction);
    m_tree->setDragEnabled(true);
    m_tree->setAcceptDrops(true);
    m_tree->setDropIndicatorShown(true);
    m_tree->setEditTriggers(QAbstractItemView::EditKeyPressed | QAbstractItemView::SelectedClicked);
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    m_tree->setUniformRowHeights(true);
    m_tree->setPlaceholderText(tr("No collections yet.\n\nThe + button above creates one, opens a collection file or "
                                  "imports a Postman collection or a cURL command."));

    auto *addButton = new QToolButton(this);
    addButton->setObjectName(QStringLiteral("collectionsAddButton"));
    addButton->setText(tr("+"));
    addButton->setToolTip(tr("New collection, open a collection file, import"));
    addButton->setPopupMode(QToolButton::InstantPopup);
    createTransferActions();
    addButton->setMenu(buildAddMenu(addButton));

    auto *top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->addStretch();
    top->addWidget(addButton);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_problemsLabel);
    layout->addWidget(m_tree, 1);
    layout->addWidget(m_status);
    m_problemsLabel->setWordWrap(true);
    StatusColours::setTextColour(m_problemsLabel, StatusColours::bad());
    m_problemsLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problemsLabel->hide();
    m_status->setWordWrap(true);

    m_saveAction->setShortcut(QKeySequence::Save);
    m_saveAction->setShortcutContext(Qt::WindowShortcut);
    m_saveAction->setToolTip(tr("Save the tab into the request it came from; a new one asks where (Ctrl+S)"));
    addAction(m_saveAction);
    connect(m_saveAction, &QAction::triggered, this, [this] { saveComposer(); });
    // Not QKeySequence::SaveAs: Qt gives it no key outside GNOME, KDE and macOS.
    m_saveAsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    m_saveAsAction->setShortcutContext(Qt::WindowShortcut);
    m_saveAsAction->setToolTip(tr("Save the tab as a new request, named, in a collection or folder (Ctrl+Shift+S)"));
    addAction(m_saveAsAction);
    connect(m_saveAsAction, &QAction::triggered, this, [this] { saveComposerAs(); });
    m_sendArea->setSaveHandler([this] { return saveComposer(); });
    connect(m_sendArea, &SendArea::currentTabChanged, this, &CollectionsView::followCurrentTab);

    // Collections come in open: as they are read, opened or imported.
    for (int row = 0; row < m_workspace->collectionCount(); ++row)
        m_tree->expand(m_model->collectionIndex(row));
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &parent, int first, int last) {
        for (int row = first; !parent.isValid() && row <= last; ++row)
            m_tree->expand(m_model->collectionIndex(row));
    });
    // A binding or a profile may have changed under the loaded request.
    connect(m_workspace, &CollectionsWorkspace::collectionChanged, this, &CollectionsView::updateComposerProfile);
    connect(m_workspace, &CollectionsWorkspace::saveStateChanged, this, &CollectionsView::updateStatus);
    // Tabs restored before their collections were read find their requests now.
    connect(m_workspace, &CollectionsWorkspace::collectionsLoaded, this, &CollectionsView::followCurrentTab);
    connect(m_workspace, &CollectionsWorkspace::problemsChanged, this, &CollectionsView::showProblems);
    connect(m_workspace, &CollectionsWorkspace::messageShown, this, &CollectionsView::messageShown);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this, &CollectionsView::onCurrentChanged);
    connect(m_tree, &QTreeView::customContextMenuRequested, this, &CollectionsView::showContextMenu);
    connect(m_composer, &ComposerWidget::boundProfileActivated, this, [this] {
        if (const CollectionItem *loaded = m_workspace->loadedRequest())
            editProfile(loaded->collectionItem()->row(), loaded->request.profile);
    });

    // Each edit in the composer marks the loaded request; a burst of edits in one pass of the
    // event loop (a paste, a sample) is compared once, since draft() copies the whole body.
    connect(m_composer, &ComposerWidget::draftChanged, this, [this] {
        if (std::exchange(m_syncQueued, true))
            return;
        QMetaObject::invokeMethod(this, &CollectionsView::syncDraft, Qt::QueuedConnection);
    });

    showProblems();
    updateStatus();
}

CollectionsView::~CollectionsView() = default;

void CollectionsView::syncDraft()
{
    m_syncQueued = false;
    m_workspace->updateDraft(m_composer->draft());
}

bool CollectionsView::hasUnsavedChanges() const
{
    return m_workspace->isModified(m_composer->draft());
}

void CollectionsView::showProblems()
{
    QStringList parts;
    if (const QStringList problems = m_workspace->problems(); !problems.isEmpty())
        parts.append(tr("Not loaded (each file is left as it is):\n%1").arg(problems.join(QLatin1Char('\n'))));
    // Kept in sight, not only in the status bar: a locked keychain is worth knowing about.
    if (const QString secrets = m_workspace->secretsProblem(); !secrets.isEmpty())
        parts.append(tr("Secrets: %1").arg(secrets));
    m_problemsLabel->setVisible(!parts.isEmpty());
    m_problemsLabel->setText(parts.join(QLatin1Char('\n')));
}

void CollectionsView::updateStatus()
{
    // Says what Ctrl+S will do now, for the tab in front.
    const bool modified = hasUnsavedChanges();
    const QString name = loadedName();
    const bool loaded = m_workspace->loadedRequest() != nullptr;
    if (!m_workspace->writeError().isEmpty())
        m_status->setText(tr("Not saved: %1").arg(m_workspace->writeError()));
    else if (!loaded && m_workspace->isLoading())
        m_status->setText(m_workspace->secretsReady() ? tr("Reading collections…")
                                                      : tr("Reading secrets from the system keychain…"));
    else if (!loaded)
        m_status->setText(tr("This tab is not saved in a collection: Ctrl+S asks for a name and a place."));
    else if (modified && m_workspace->isSavingLoaded())
        m_status->setText(tr("Saving \"%1\"…").arg(name));
    else if (modified)
        m_status->setText(
            tr("\u25CF Unsaved changes to \"%1\": Ctrl+S updates it, Ctrl+Shift+S saves a copy.").arg(name));
    else
        m_status->setText(tr("\"%1\" is saved. Ctrl+Shift+S saves a copy.").arg(name));
}

QString CollectionsView::loadedName() const
{
    const CollectionItem *loaded = m_workspace->loadedRequest();
    return loaded ? loaded->name : QString();
}

bool CollectionsView::select(const QModelIndex &index)
{
    m_tree->setCurrentIndex(index);
    return m_tree->currentIndex() == index;
}

void CollectionsView::selectQuietly(const QModelIndex &index)
{
    m_switching = true;
    m_tree->setCurrentIndex(index);
    m_switching = false;
}

void CollectionsView::onCurrentChanged(const QModelIndex &current, const QModelIndex &)
{
    // The environments follow the selection, however it moved.
    m_workspace->setCurrentCollection(current.isValid() ? m_model->collectionRow(current) : -1);
    if (m_switching)
        return;
    if (!current.isValid() || m_model->kind(current) != CollectionTreeModel::Kind::Request)
        return;
    if (m_model->itemFor(current) == m_workspace->loadedRequest())
        return;
    // Nothing is replaced, so nothing needs asking: the request gets a tab of its own.
    openInTab(current);
}

void CollectionsView::openInTab(const QModelIndex &index)
{
    const CollectionItem *item = m_model->itemFor(index);
    m_sendArea->openSaved(m_model->request(index).draft, item->name, originOf(item));
}

TabOrigin CollectionsView::originOf(const CollectionItem *request) const
{
    if (!request || request->kind != CollectionTreeModel::Kind::Request)
        return {};
    return {m_workspace->filePath(request->collectionItem()->row()), request->request.id};
}

CollectionItem *CollectionsView::itemFor(const TabOrigin &origin) const
{
    const int row = origin.isNull() ? -1 : m_workspace->rowForFile(origin.collectionFile);
    return row < 0 ? nullptr : m_workspace->findRequest(row, origin.requestId);
}

void CollectionsView::followCurrentTab()
{
    const RequestTab &tab = m_sendArea->currentTab();
    CollectionItem *item = itemFor(tab.origin);
    m_workspace->setLoadedRequest(item, tab.baseline);
    m_workspace->updateDraft(tab.draft);
    // The tree shows which request the tab is; a new one is none of them (Save As still
    // offers the folder last selected).
    if (item)
        selectQuietly(m_model->indexFor(item));
    else
        m_tree->selectionModel()->clearSelection();
    updateComposerProfile();
    updateStatus();
}

void CollectionsView::updateComposerProfile()
{
    const CollectionItem *loaded = m_workspace->loadedRequest();
    const QString name = loaded ? loaded->request.profile : QString();
    if (name.isEmpty()) {
        m_composer->setBoundProfile({}, nullptr);
        return;
    }
    m_composer->setBoundProfile(name, loaded->collectionItem()->meta.findProfile(name));
}

bool CollectionsView::saveComposer()
{
    if (CollectionItem *loaded = m_workspace->loadedRequest())
        return saveInto(loaded);
    return saveComposerAs();
}

void CollectionsView::listPlaces(CollectionItem *item, const QString &prefix, QList<CollectionItem *> *items,
                                 QStringList *names) const
{
    for (const auto &child : item->children) {
        if (child->kind == CollectionTreeModel::Kind::Request)
            continue;
        const QString name = prefix.isEmpty() ? child->name : prefix + QStringLiteral(" \u203A ") + child->name;
        items->append(child.get());
        names->append(name);
        listPlaces(child.get(), name, items, names);
    }
}

bool CollectionsView::saveComposerAs()
{
    if (m_workspace->isLoading()) {
        Q_EMIT messageShown(tr("The collections are still being read: save again once they are shown."));
        return false;
    }
    QList<CollectionItem *> places;
    QStringList names;
    listPlaces(const_cast<CollectionItem *>(m_workspace->root()), {}, &places, &names);
    // Where the user is: the selected collection or folder (a request's folder), else the tab's own.
    CollectionItem *near = m_model->itemFor(m_tree->currentIndex());
    if (!near)
        near = m_workspace->loadedRequest();
    if (near && near->kind == CollectionTreeModel::Kind::Request)
        near = near->parent;
    const QString firstName = tr("My Requests");
    if (places.isEmpty())
        names.append(tr("%1 (a new collection)").arg(firstName));
    QString name;
    int place = 0;
    if (!Dialogs::getNameAndPlace(this, tr("Save request as"), tr("Name:"), RequestTab::titleFor(m_composer->draft()),
                                  names, qMax(0, places.indexOf(near)), &name, &place))
        return false;
    if (!places.isEmpty())
        return saveInto(places.at(place), name);
    // Nowhere to put it yet: the collection is made (its file named on the I/O thread), then
    // the tab is saved into it; a second Save As meanwhile is the same save.
    if (!m_creatingFirst) {
        m_creatingFirst = true;
        m_workspace->createCollection(
            firstName, [this, name, tabId = m_sendArea->currentTab().id, draft = m_composer->draft()](int row) {
                m_creatingFirst = false;
                if (CollectionItem *collection = m_workspace->collectionItem(row))
                    saveTabInto(collection, name, tabId, draft);
            });
    }
    return true;
}

bool CollectionsView::saveInto(CollectionItem *target, const QString &name)
{
    return saveTabInto(target, name, m_sendArea->currentTab().id, m_composer->draft());
}

bool CollectionsView::saveTabInto(CollectionItem *target, const QString &name, const QString &tabId,
                                  const RequestDraft &draft)
{
    CollectionItem *saved = m_workspace->saveDraft(target, draft, name);
    if (!saved)
        return false;
    // Tab and tree follow the request now holding the tab: Ctrl+S updates it from here on.
    m_sendArea->markSaved(tabId, originOf(saved), saved->name, draft);
    if (tabId != m_sendArea->currentTab().id) {
        followCurrentTab(); // saved from a tab no longer in front
        return true;
    }
    const QModelIndex index = m_model->indexFor(saved);
    selectQuietly(index);
    m_tree->expand(index.parent());
    updateComposerProfile();
    return true;
}
