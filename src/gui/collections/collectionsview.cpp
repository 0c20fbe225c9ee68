#include "gui/collections/collectionsview.h"

#include "core/collections/collectionsworkspace.h"
#include "core/collections/collectiontreemodel.h"
#include "gui/send/composerwidget.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

#include <utility>

CollectionsView::CollectionsView(CollectionsWorkspace *workspace, ComposerWidget *composer, QWidget *parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_composer(composer)
    , m_model(new CollectionTreeModel(workspace, this))
    , m_tree(new PlaceholderTreeView(this))
    , m_status(new QLabel(this))
    , m_problemsLabel(new QLabel(this))
    , m_saveAction(new QAction(tr("Save Request"), this))
{
    m_tree->setObjectName(QStringLiteral("collectionsTree"));
    m_status->setObjectName(QStringLiteral("collectionsStatus"));
    m_problemsLabel->setObjectName(QStringLiteral("collectionsProblems"));
    m_saveAction->setObjectName(QStringLiteral("saveRequestAction"));

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
    m_problemsLabel->setStyleSheet(QStringLiteral("color: #b00020"));
    m_problemsLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problemsLabel->hide();
    m_status->setWordWrap(true);

    m_saveAction->setShortcut(QKeySequence::Save);
    m_saveAction->setShortcutContext(Qt::WindowShortcut);
    m_saveAction->setToolTip(tr("Save the composer into the selected request (Ctrl+S)"));
    addAction(m_saveAction);
    connect(m_saveAction, &QAction::triggered, this, [this] { saveComposer(); });

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
    const bool modified = hasUnsavedChanges();
    const QString name = loadedName();
    const bool loaded = m_workspace->loadedRequest() != nullptr;
    if (!m_workspace->writeError().isEmpty())
        m_status->setText(tr("Not saved: %1").arg(m_workspace->writeError()));
    else if (!loaded && m_workspace->isLoading())
        m_status->setText(m_workspace->secretsReady() ? tr("Reading collections…")
                                                      : tr("Reading secrets from the system keychain…"));
    else if (!loaded)
        m_status->setText(tr("Ctrl+S saves the composer as a new request in the selected collection."));
    else if (modified && m_workspace->isSavingLoaded())
        m_status->setText(tr("Saving \"%1\"…").arg(name));
    else if (modified)
        m_status->setText(tr("\u25CF Unsaved changes to \"%1\" (Ctrl+S saves)").arg(name));
    else
        m_status->setText(tr("\"%1\" is saved.").arg(name));
}

QModelIndex CollectionsView::loadedIndex() const
{
    return m_model->indexFor(m_workspace->loadedRequest());
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

void CollectionsView::onCurrentChanged(const QModelIndex &current, const QModelIndex &previous)
{
    // The environments follow the selection, however it moved.
    m_workspace->setCurrentCollection(current.isValid() ? m_model->collectionRow(current) : -1);
    if (m_switching)
        return;
    if (!current.isValid() || m_model->kind(current) != CollectionTreeModel::Kind::Request)
        return;
    if (m_model->itemFor(current) == m_workspace->loadedRequest())
        return;
    if (hasUnsavedChanges()) {
        const QModelIndex loaded = loadedIndex();
        switch (askUnsaved(loadedName())) {
        case UnsavedChoice::Save:
            if (!saveComposer())
                return;
            break;
        case UnsavedChoice::Discard:
            break;
        case UnsavedChoice::Cancel: {
            // Back to where we were, without asking again.
            m_switching = true;
            m_tree->selectionModel()->setCurrentIndex(previous.isValid() ? previous : loaded,
                                                      QItemSelectionModel::ClearAndSelect);
            m_switching = false;
            return;
        }
        }
    }
    loadIntoComposer(m_tree->currentIndex());
}

void CollectionsView::loadIntoComposer(const QModelIndex &index)
{
    m_composer->setDraft(m_model->request(index).draft);
    // As the composer gives it back: that is what later drafts are compared with.
    m_workspace->setLoadedRequest(m_model->itemFor(index), m_composer->draft());
    updateComposerProfile();
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
    CollectionItem *target = m_workspace->loadedRequest();
    const QModelIndex current = m_tree->currentIndex();
    if (!target && !current.isValid() && m_workspace->collectionCount() == 0) {
        // Nowhere to put it yet: a first collection is made (its file named on the I/O
        // thread), then the composer is saved into it. Ctrl+S meanwhile is the same save.
        if (m_workspace->isLoading()) {
            Q_EMIT messageShown(tr("The collections are still being read: save again once they are shown."));
            return false;
        }
        if (!m_creatingFirst) {
            m_creatingFirst = true;
            m_workspace->createCollection(tr("My Requests"), [this](int) {
                m_creatingFirst = false;
                saveComposer();
            });
        }
        return true;
    }
    const bool isNew = target == nullptr;
    if (isNew) {
        // Nothing loaded (a fresh composer, a pasted cURL): a new request under the selection.
        target = m_model->itemFor(current.isValid() ? current : m_model->collectionIndex(0));
        if (target && target->kind == CollectionTreeModel::Kind::Request)
            target = target->parent;
    }
    CollectionItem *saved = m_workspace->saveDraft(target, m_composer->draft());
    if (!saved)
        return false;
    if (isNew) {
        const QModelIndex index = m_model->indexFor(saved);
        selectQuietly(index);
        m_tree->expand(index.parent());
    }
    updateComposerProfile();
    return true;
}
