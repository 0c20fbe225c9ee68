#include "gui/collections/collectionsview.h"

#include "core/app/appsettings.h"
#include "core/app/datapaths.h"
#include "core/collections/collectionio.h"
#include "core/collections/collectiontreemodel.h"
#include "core/collections/formats/collectionexport.h"
#include "core/collections/formats/curlimporter.h"
#include "core/collections/formats/postmanimporter.h"
#include "core/secrets/secretstore.h"
#include "gui/collections/collectionvariablesdialog.h"
#include "gui/collections/endpointprofiledialog.h"
#include "gui/collections/environmentdialog.h"
#include "gui/send/composerwidget.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QScopedValueRollback>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>
#include <QUrl>
#include <QVBoxLayout>

namespace {

QString requestNameFor(const RequestDraft &draft)
{
    const QUrl url(draft.url);
    QString path = url.isValid() && !url.path().isEmpty() ? url.path() : draft.url;
    if (path.isEmpty())
        path = QObject::tr("New request");
    return path.size() > 50 ? path.left(47) + QStringLiteral("...") : path;
}

} // namespace

CollectionsView::CollectionsView(ComposerWidget *composer, QWidget *parent)
    : QWidget(parent)
    , m_composer(composer)
    , m_secrets(std::make_unique<SecretStore>())
    , m_io(std::make_unique<CollectionIo>(m_secrets.get(), DataPaths::collectionsLocation()))
    , m_model(new CollectionTreeModel(this))
    , m_tree(new PlaceholderTreeView(this))
    , m_status(new QLabel(this))
    , m_problemsLabel(new QLabel(this))
    , m_saveAction(new QAction(tr("Save Request"), this))
    , m_modifiedTimer(new QTimer(this))
    , m_environment(AppSettings().activeEnvironment())
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
    auto *addMenu = new QMenu(addButton);
    addMenu->addAction(tr("New Collection…"), this, [this] {
        const QString name = QInputDialog::getText(this, tr("New collection"), tr("Name:")).trimmed();
        if (!name.isEmpty())
            createCollection(name, [this](int row) { m_tree->setCurrentIndex(m_model->collectionIndex(row)); });
    });
    addMenu->addAction(tr("Open Collection File…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open collection"), QString(),
                                                          tr("Collections (*.json)"));
        if (path.isEmpty())
            return;
        openFile(path, [this](const QString &error) {
            if (!error.isEmpty())
                QMessageBox::warning(this, tr("Cannot open collection"),
                                     tr("%1\n\nThe file was left as it is.").arg(error));
        });
    });
    addMenu->addAction(tr("Import Postman Collection…"), this, &CollectionsView::importFile);
    addMenu->addAction(tr("Import cURL Command…"), this, &CollectionsView::importCurl);
    addButton->setMenu(addMenu);

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

    connect(m_model, &CollectionTreeModel::collectionModified, this, [this](int row) {
        if (!m_savingComposer)
            writeCollection(row);
        updateEnvironments();
        // A binding or a profile may have changed under the loaded request.
        updateComposerProfile();
    });
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this, &CollectionsView::onCurrentChanged);
    connect(m_tree, &QTreeView::customContextMenuRequested, this, &CollectionsView::showContextMenu);
    connect(m_composer, &ComposerWidget::boundProfileActivated, this, [this] {
        if (const QModelIndex loaded = loadedIndex(); loaded.isValid())
            editProfile(m_model->collectionRow(loaded), m_model->request(loaded).profile);
    });

    // The composer has no change signal, so its draft is compared now and then: cheap, and
    // it keeps the composer free of collection concerns.
    m_modifiedTimer->setInterval(400);
    connect(m_modifiedTimer, &QTimer::timeout, this, &CollectionsView::updateModified);
    m_modifiedTimer->start();

    m_unsavedPrompt = [this](const QString &name) {
        const auto answer = QMessageBox::question(
            this, tr("Unsaved changes"), tr("The request \"%1\" has changes that are not saved.").arg(name),
            QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
        return answer == QMessageBox::Save   ? UnsavedChoice::Save
            : answer == QMessageBox::Discard ? UnsavedChoice::Discard
                                             : UnsavedChoice::Cancel;
    };
    m_confirmPrompt = [this](const QString &question) {
        return QMessageBox::question(this, tr("Delete"), question) == QMessageBox::Yes;
    };

    // Kept in sight, not only in the status bar: a locked keychain is worth knowing about.
    connect(m_secrets.get(), &SecretStore::errorOccurred, this, [this](const QString &message) {
        m_secretsProblem = message;
        showProblems();
        Q_EMIT messageShown(message);
    });
    if (m_secrets->isReady()) {
        loadAll();
    } else {
        // The keychain answers asynchronously (it may ask the user to unlock it first): the
        // collections are read once their secrets can be, so no field comes up empty.
        connect(m_secrets.get(), &SecretStore::ready, this, &CollectionsView::loadAll);
    }
    updateEnvironments();
    updateModified(); // the loading state, at once rather than at the timer's first tick
}

CollectionsView::~CollectionsView() = default;

QString CollectionsView::secretsDescription() const
{
    return m_secrets->description();
}

bool CollectionsView::isBusy() const
{
    return m_io->isBusy();
}

void CollectionsView::loadAll()
{
    m_io->list(AppSettings().openCollectionFiles(), [this](const QStringList &paths) {
        if (paths.isEmpty()) {
            loaded(false);
            return;
        }
        // One read per file, so each collection shows up as soon as it is read.
        auto forgotten = std::make_shared<bool>(false);
        for (const QString &path : paths) {
            m_io->read(path, [this, forgotten, last = path == paths.last()](const CollectionIo::Read &read) {
                if (read.missing) {
                    // Said once, then forgotten: the list is rewritten without it.
                    m_problems.append(tr("%1: no longer there").arg(read.path));
                    *forgotten = true;
                } else if (!read.ok()) {
                    m_problems.append(read.error.toString());
                } else if (m_model->rowForFile(read.path) < 0) { // else created or opened meanwhile
                    m_tree->expand(m_model->collectionIndex(m_model->addCollection(read.collection, read.path)));
                }
                showProblems();
                if (last)
                    loaded(*forgotten);
            });
        }
    });
}

void CollectionsView::loaded(bool forgotten)
{
    m_loading = false;
    if (forgotten)
        rememberOpenFiles();
    updateEnvironments();
    updateModified();
    Q_EMIT collectionsLoaded();
}

void CollectionsView::showProblems()
{
    QStringList parts;
    if (!m_problems.isEmpty())
        parts.append(tr("Not loaded (each file is left as it is):\n%1").arg(m_problems.join(QLatin1Char('\n'))));
    if (!m_secretsProblem.isEmpty())
        parts.append(tr("Secrets: %1").arg(m_secretsProblem));
    m_problemsLabel->setVisible(!parts.isEmpty());
    m_problemsLabel->setText(parts.join(QLatin1Char('\n')));
}

void CollectionsView::rememberOpenFiles() const
{
    const QString dataFolder = QDir(m_io->folder()).absolutePath();
    QStringList external;
    for (int row = 0; row < m_model->collectionCount(); ++row) {
        const QString path = m_model->filePath(row);
        if (QFileInfo(path).absolutePath() != dataFolder)
            external.append(path);
    }
    AppSettings().setOpenCollectionFiles(external);
}

void CollectionsView::openFile(const QString &path, std::function<void(const QString &error)> done)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    const auto opened = [this, absolute, done = std::move(done)](const QString &error) {
        if (done)
            done(error);
        Q_EMIT fileOpened(absolute, error);
    };
    if (const int row = m_model->rowForFile(absolute); row >= 0) {
        m_tree->setCurrentIndex(m_model->collectionIndex(row));
        opened({});
        return;
    }
    m_io->read(absolute, [this, opened](const CollectionIo::Read &read) {
        if (!read.ok()) {
            opened(read.error.toString());
            return;
        }
        if (const int row = m_model->rowForFile(read.path); row >= 0) { // opened twice in a row
            m_tree->setCurrentIndex(m_model->collectionIndex(row));
        } else {
            m_tree->expand(m_model->collectionIndex(m_model->addCollection(read.collection, read.path)));
            rememberOpenFiles();
        }
        opened({});
    });
}

void CollectionsView::createCollection(const QString &name, std::function<void(int row)> done)
{
    Collection collection;
    collection.name = name;
    collection.assignIds();
    m_io->create(collection, [this, collection, done = std::move(done)](const CollectionIo::Written &written) {
        if (!written.ok())
            Q_EMIT messageShown(written.error);
        // Shown even so: its next change tries the file again.
        const int row = m_model->addCollection(collection, written.path);
        if (done)
            done(row);
        Q_EMIT collectionCreated(row);
    });
}

void CollectionsView::writeCollection(int row, std::function<void(bool written)> done)
{
    m_io->write(m_model->filePath(row), m_model->collection(row),
                [this, done = std::move(done)](const CollectionIo::Written &written) {
                    m_writeError = written.error;
                    if (!written.ok())
                        Q_EMIT messageShown(tr("Not saved: %1").arg(written.error));
                    if (done)
                        done(written.ok());
                    updateModified();
                });
}

QModelIndex CollectionsView::loadedIndex() const
{
    if (m_loadedId.isEmpty())
        return {};
    return m_model->findRequest(m_model->rowForFile(m_loadedFile), m_loadedId);
}

bool CollectionsView::hasUnsavedChanges() const
{
    return !m_loadedId.isEmpty() && !sameDraft(m_composer->draft(), m_savedDraft);
}

void CollectionsView::updateModified()
{
    const bool modified = hasUnsavedChanges();
    m_model->setRequestModified(m_loadedId, modified);
    const QModelIndex loaded = loadedIndex();
    if (!m_writeError.isEmpty())
        m_status->setText(tr("Not saved: %1").arg(m_writeError));
    else if (!loaded.isValid() && m_loading)
        m_status->setText(m_secrets->isReady() ? tr("Reading collections…")
                                               : tr("Reading secrets from the system keychain…"));
    else if (!loaded.isValid())
        m_status->setText(tr("Ctrl+S saves the composer as a new request in the selected collection."));
    else if (modified && m_savingIds.contains(m_loadedId))
        m_status->setText(tr("Saving \"%1\"…").arg(m_model->request(loaded).name));
    else if (modified)
        m_status->setText(tr("\u25CF Unsaved changes to \"%1\" (Ctrl+S saves)").arg(m_model->request(loaded).name));
    else
        m_status->setText(tr("\"%1\" is saved.").arg(m_model->request(loaded).name));
}

bool CollectionsView::select(const QModelIndex &index)
{
    m_tree->setCurrentIndex(index);
    return m_tree->currentIndex() == index;
}

void CollectionsView::onCurrentChanged(const QModelIndex &current, const QModelIndex &previous)
{
    if (m_switching)
        return;
    updateEnvironments();
    if (!current.isValid() || m_model->kind(current) != CollectionTreeModel::Kind::Request)
        return;
    if (m_model->request(current).id == m_loadedId
        && m_model->filePath(m_model->collectionRow(current)) == m_loadedFile)
        return;
    if (hasUnsavedChanges()) {
        const QModelIndex loaded = loadedIndex();
        switch (m_unsavedPrompt(m_model->request(loaded).name)) {
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
    const CollectionRequest request = m_model->request(index);
    m_composer->setDraft(request.draft);
    m_loadedFile = m_model->filePath(m_model->collectionRow(index));
    m_loadedId = request.id;
    m_savedDraft = m_composer->draft();
    updateComposerProfile();
    updateModified();
}

void CollectionsView::updateComposerProfile()
{
    const QModelIndex loaded = loadedIndex();
    const QString name = loaded.isValid() ? m_model->request(loaded).profile : QString();
    if (name.isEmpty()) {
        m_composer->setBoundProfile({}, nullptr);
        return;
    }
    const Collection collection = m_model->collection(m_model->collectionRow(loaded));
    m_composer->setBoundProfile(name, collection.findProfile(name));
}

bool CollectionsView::saveComposer()
{
    QModelIndex target = loadedIndex();
    const QModelIndex current = m_tree->currentIndex();
    if (!target.isValid() && !current.isValid() && m_model->collectionCount() == 0) {
        // Nowhere to put it yet: a first collection is made (its file named on the I/O
        // thread), then the composer is saved into it. Ctrl+S meanwhile is the same save.
        if (m_loading) {
            Q_EMIT messageShown(tr("The collections are still being read: save again once they are shown."));
            return false;
        }
        if (!m_creatingFirst) {
            m_creatingFirst = true;
            createCollection(tr("My Requests"), [this](int) {
                m_creatingFirst = false;
                saveComposer();
            });
        }
        return true;
    }
    const RequestDraft draft = m_composer->draft();
    {
        // The model's change signal would write the file as well; this save writes it
        // below, to learn whether it reached the disk.
        const QScopedValueRollback ownWrite(m_savingComposer, true);
        if (!target.isValid()) {
            // Nothing loaded (a fresh composer, a pasted cURL): a new request under the selection.
            CollectionRequest request;
            request.name = requestNameFor(draft);
            request.draft = draft;
            target = m_model->addRequest(current.isValid() ? current : m_model->collectionIndex(0), request);
            if (!target.isValid())
                return false;
            m_switching = true;
            m_tree->setCurrentIndex(target);
            m_switching = false;
            m_tree->expand(target.parent());
        } else {
            CollectionRequest request = m_model->request(target);
            request.draft = draft;
            m_model->setRequest(target, request);
        }
    }
    const int row = m_model->collectionRow(target);
    m_loadedFile = m_model->filePath(row);
    m_loadedId = m_model->request(target).id;
    m_savingIds.append(m_loadedId);
    // What is on disk is what counts as saved: a failed write leaves the request marked.
    writeCollection(
        row, [this, file = m_loadedFile, id = m_loadedId, name = m_model->request(target).name, draft](bool written) {
            m_savingIds.removeOne(id);
            if (written) {
                if (m_loadedFile == file && m_loadedId == id)
                    m_savedDraft = draft;
                Q_EMIT messageShown(tr("Saved \"%1\" to %2").arg(name, file));
            }
        });
    updateComposerProfile();
    updateModified();
    return true;
}

int CollectionsView::currentCollectionRow() const
{
    const QModelIndex current = m_tree->currentIndex();
    if (current.isValid())
        return m_model->collectionRow(current);
    return m_model->collectionCount() > 0 ? 0 : -1;
}

void CollectionsView::updateEnvironments()
{
    Q_EMIT environmentsChanged();
    Q_EMIT variablesChanged(variables());
}

QStringList CollectionsView::environmentNames() const
{
    QStringList names;
    for (const Environment &environment : m_model->collection(currentCollectionRow()).environments)
        names.append(environment.name);
    return names;
}

QString CollectionsView::environment() const
{
    return environmentNames().contains(m_environment) ? m_environment : QString();
}

QString CollectionsView::currentCollectionName() const
{
    return m_model->collection(currentCollectionRow()).name;
}

void CollectionsView::setEnvironment(const QString &name)
{
    if (name == m_environment)
        return;
    m_environment = name;
    AppSettings().setActiveEnvironment(name);
    updateEnvironments();
}

TemplateVariables CollectionsView::variables() const
{
    TemplateVariables out;
    const int row = currentCollectionRow();
    if (row < 0)
        return out;
    const Collection collection = m_model->collection(row);
    for (const KeyValueRow &variable : collection.variables) {
        if (variable.enabled && !variable.name.isEmpty())
            out.insert(variable.name, variable.value);
    }
    if (const Environment *environment = collection.findEnvironment(m_environment)) {
        const TemplateVariables own = environment->toVariables();
        for (auto it = own.cbegin(); it != own.cend(); ++it)
            out.insert(it.key(), it.value());
    }
    return out;
}

void CollectionsView::editEnvironments()
{
    const int row = currentCollectionRow();
    if (row < 0) {
        Q_EMIT messageShown(tr("Select or create a collection first: environments belong to a collection."));
        return;
    }
    EnvironmentDialog dialog(m_model->collection(row).environments, environment(), this);
    dialog.setSecretsDescription(m_secrets->description());
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_model->setEnvironments(row, dialog.environments()); // written by collectionModified
    setEnvironment(dialog.currentName());
}

void CollectionsView::showContextMenu(const QPoint &pos)
{
    const QModelIndex index = m_tree->indexAt(pos);
    QMenu menu(this);
    if (!index.isValid()) {
        menu.addAction(tr("New Collection…"), this, [this] {
            const QString name = QInputDialog::getText(this, tr("New collection"), tr("Name:")).trimmed();
            if (!name.isEmpty())
                createCollection(name);
        });
        menu.exec(m_tree->viewport()->mapToGlobal(pos));
        return;
    }
    const CollectionTreeModel::Kind kind = m_model->kind(index);
    if (kind != CollectionTreeModel::Kind::Request) {
        menu.addAction(tr("New Folder…"), this, [this, index] {
            const QString name = QInputDialog::getText(this, tr("New folder"), tr("Name:")).trimmed();
            if (!name.isEmpty())
                m_tree->expand(m_model->addFolder(index, name).parent());
        });
        menu.addAction(tr("Save Composer Here as New Request"), this, [this, index] {
            m_switching = true;
            m_tree->setCurrentIndex(index);
            m_switching = false;
            m_loadedId.clear();
            saveComposer();
        });
    }
    menu.addAction(tr("Rename"), this, [this, index] { m_tree->edit(index); });
    if (kind != CollectionTreeModel::Kind::Collection)
        menu.addAction(tr("Duplicate"), this, [this, index] { m_model->duplicate(index); });
    if (kind == CollectionTreeModel::Kind::Request) {
        menu.addAction(tr("Copy as cURL"), this, [this, index] { exportCurl(index); });
        menu.addAction(tr("Expected Status…"), this, [this, index] { setExpectedStatus(index); });
    }
    addProfileActions(&menu, index);
    if (kind == CollectionTreeModel::Kind::Collection) {
        menu.addSeparator();
        menu.addAction(tr("Export as Postman v2.1…"), this, [this, index] { exportPostman(index.row()); });
        menu.addAction(tr("Edit Environments…"), this, [this, index] {
            m_tree->setCurrentIndex(index);
            editEnvironments();
        });
        menu.addAction(tr("Edit Variables…"), this, [this, index] { editVariables(index.row()); });
    }
    menu.addSeparator();
    menu.addAction(kind == CollectionTreeModel::Kind::Collection ? tr("Close or Delete…") : tr("Delete"), this,
                   [this, index] { deleteItem(index); });
    menu.exec(m_tree->viewport()->mapToGlobal(pos));
}

void CollectionsView::addProfileActions(QMenu *menu, const QModelIndex &index)
{
    const int row = m_model->collectionRow(index);
    const QList<EndpointProfile> profiles = m_model->collection(row).profiles;
    menu->addSeparator();
    menu->addAction(tr("Save Composer as Endpoint Profile…"), this, [this, row] { saveComposerAsProfile(row); });
    if (profiles.isEmpty())
        return;
    QMenu *fill = menu->addMenu(tr("Fill Composer from Profile"));
    for (const EndpointProfile &profile : profiles)
        fill->addAction(profile.name, this, [this, profile] { m_composer->setDraft(profile.toDraft()); });
    QMenu *edit = menu->addMenu(tr("Edit Endpoint Profile"));
    for (const EndpointProfile &profile : profiles)
        edit->addAction(profile.name + QStringLiteral("…"), this,
                        [this, row, name = profile.name] { editProfile(row, name); });
    QMenu *forget = menu->addMenu(tr("Delete Endpoint Profile"));
    for (const EndpointProfile &profile : profiles) {
        forget->addAction(profile.name, this, [this, row, name = profile.name] {
            if (m_confirmPrompt(
                    tr("Delete the endpoint profile \"%1\"? Requests bound to it can no longer be sent until "
                       "they are bound to another one.")
                        .arg(name)))
                removeProfile(row, name);
        });
    }
    if (m_model->kind(index) != CollectionTreeModel::Kind::Request)
        return;
    // A bound request is sent with its profile applied: by Send, `hookbench run` and Copy as cURL.
    QMenu *bind = menu->addMenu(tr("Bind to Profile"));
    const QString current = m_model->request(index).profile;
    QStringList names{QString()};
    for (const EndpointProfile &profile : profiles)
        names.append(profile.name);
    for (const QString &name : names) {
        QAction *action = bind->addAction(name.isEmpty() ? tr("None") : name, this, [this, index, name] {
            CollectionRequest request = m_model->request(index);
            request.profile = name;
            m_model->setRequest(index, request);
        });
        action->setCheckable(true);
        action->setChecked(name == current);
    }
}

bool CollectionsView::removeProfile(int row, const QString &name)
{
    if (row < 0 || row >= m_model->collectionCount())
        return false;
    const Collection collection = m_model->collection(row);
    QList<EndpointProfile> profiles = collection.profiles;
    if (profiles.removeIf([&name](const EndpointProfile &p) { return p.name == name; }) == 0)
        return false;
    m_model->setProfiles(row, profiles); // written by collectionModified
    // Its secrets go with it: nothing else refers to them.
    m_io->removeSecrets(collection.id + QLatin1String("/profile/") + name + QLatin1Char('/'));
    return true;
}

void CollectionsView::setExpectedStatus(const QModelIndex &index)
{
    CollectionRequest request = m_model->request(index);
    bool ok = false;
    const int status = QInputDialog::getInt(
        this, tr("Expected status"),
        tr("The status `hookbench run` expects for \"%1\" (0: any 2xx):").arg(request.name),
        request.expectedStatus.value_or(0), 0, 599, 1, &ok);
    if (!ok)
        return;
    request.expectedStatus = status > 0 ? std::optional<int>(status) : std::nullopt;
    m_model->setRequest(index, request);
}

void CollectionsView::deleteItem(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    const QString name = m_model->data(index, Qt::EditRole).toString();
    if (m_model->kind(index) == CollectionTreeModel::Kind::Collection) {
        const int row = index.row();
        const QString path = m_model->filePath(row);
        const bool inDataFolder = QFileInfo(path).absolutePath() == QDir(m_io->folder()).absolutePath();
        const QString question = inDataFolder
            ? tr("Delete the collection \"%1\"? Its file goes to the trash.").arg(name)
            : tr("Close the collection \"%1\"? Its file stays in %2.").arg(name, QFileInfo(path).absolutePath());
        if (!m_confirmPrompt(question))
            return;
        if (m_loadedFile == path)
            m_loadedId.clear();
        // Its secrets go with it, unless it stays on disk (closed, not deleted).
        if (inDataFolder)
            m_io->removeSecrets(m_model->collection(row).id + QLatin1Char('/'));
        m_model->removeCollection(row);
        updateComposerProfile();
        if (inDataFolder)
            m_io->moveToTrash(path);
        rememberOpenFiles();
        updateEnvironments();
        return;
    }
    if (!m_confirmPrompt(tr("Delete \"%1\"?").arg(name)))
        return;
    // The secrets of the requests going away leave the secret store too.
    const QString collectionId = m_model->collection(m_model->collectionRow(index)).id;
    QList<QModelIndex> pending{index};
    while (!pending.isEmpty()) {
        const QModelIndex item = pending.takeLast();
        if (m_model->kind(item) == CollectionTreeModel::Kind::Request)
            m_io->removeSecrets(collectionId + QLatin1String("/request/") + m_model->request(item).id
                                + QLatin1Char('/'));
        for (int child = 0; child < m_model->rowCount(item); ++child)
            pending.append(m_model->index(child, 0, item));
    }
    const QModelIndex loaded = loadedIndex();
    for (QModelIndex up = loaded; up.isValid(); up = up.parent()) {
        if (up == index) {
            m_loadedId.clear();
            break;
        }
    }
    m_model->remove(index);
}

void CollectionsView::exportCurl(const QModelIndex &index)
{
    QStringList warnings;
    const CollectionRequest request = m_model->request(index);
    const EndpointProfile *profile = nullptr;
    const Collection collection = m_model->collection(m_model->collectionRow(index));
    if (!request.profile.isEmpty())
        profile = collection.findProfile(request.profile);
    const QString command = CollectionExport::toCurl(profile ? profile->apply(request.draft) : request.draft,
                                                     &warnings);
    QApplication::clipboard()->setText(command);
    Q_EMIT messageShown(warnings.isEmpty() ? tr("Copied \"%1\" as cURL").arg(request.name)
                                           : tr("Copied as cURL; note: %1").arg(warnings.join(QStringLiteral("; "))));
}

void CollectionsView::exportPostman(int row)
{
    const Collection collection = m_model->collection(row);
    const QString path = QFileDialog::getSaveFileName(this, tr("Export as Postman v2.1"),
                                                      collection.name + QStringLiteral(".postman_collection.json"),
                                                      tr("Postman collections (*.json)"));
    if (path.isEmpty())
        return;
    m_io->exportPostman(path, collection, [this, path](const QString &error) {
        if (!error.isEmpty())
            QMessageBox::warning(this, tr("Export failed"), error);
        else
            Q_EMIT messageShown(tr("Exported to %1 (secrets included: Postman needs them)").arg(path));
    });
}

void CollectionsView::importFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Import Postman collection"), QString(),
                                                      tr("Postman collections (*.json)"));
    if (path.isEmpty())
        return;
    m_io->importPostman(path, [this, path](const PostmanImporter::Result &result) {
        if (!result.ok) {
            QMessageBox::warning(this, tr("Import failed"), tr("%1: %2").arg(path, result.error));
            return;
        }
        Collection collection = result.collection;
        collection.assignIds();
        m_io->create(collection, [this, collection, warnings = result.warnings](const CollectionIo::Written &written) {
            if (!written.ok()) {
                QMessageBox::warning(this, tr("Import failed"), written.error);
                return;
            }
            const int row = m_model->addCollection(collection, written.path);
            m_tree->expand(m_model->collectionIndex(row));
            if (!warnings.isEmpty()) {
                QMessageBox box(QMessageBox::Information, tr("Imported with omissions"),
                                tr("\"%1\" was imported. These parts were not:").arg(collection.name), QMessageBox::Ok,
                                this);
                box.setDetailedText(warnings.join(QLatin1Char('\n')));
                box.setInformativeText(warnings.mid(0, 8).join(QLatin1Char('\n')));
                box.exec();
            }
        });
    });
}

void CollectionsView::importCurl()
{
    bool ok = false;
    const QString text = QInputDialog::getMultiLineText(this, tr("Import cURL command"), tr("Paste a cURL command:"),
                                                        {}, &ok);
    if (!ok || text.trimmed().isEmpty())
        return;
    const CurlImporter::Result result = CurlImporter::parse(text);
    if (!result.ok) {
        QMessageBox::warning(this, tr("Import failed"), result.error);
        return;
    }
    if (hasUnsavedChanges() && m_unsavedPrompt(m_model->request(loadedIndex()).name) == UnsavedChoice::Save)
        saveComposer();
    m_composer->setDraft(result.draft);
    m_loadedId.clear(); // a new request until Ctrl+S puts it somewhere
    updateComposerProfile();
    updateModified();
    if (!result.warnings.isEmpty())
        QMessageBox::information(this, tr("Imported with omissions"), result.warnings.join(QLatin1Char('\n')));
}

void CollectionsView::saveComposerAsProfile(int row)
{
    // No name yet: the dialog asks for one, not taken by another profile.
    const EndpointProfile profile = EndpointProfile::fromDraft(m_composer->draft());
    QList<EndpointProfile> all = m_model->collection(row).profiles;
    QStringList taken;
    for (const EndpointProfile &other : std::as_const(all))
        taken.append(other.name);
    // The same editor as for an existing profile: the user sees what is kept, and nothing the
    // checks refuse (a base URL that is not http(s), a bad header name) is saved.
    EndpointProfileDialog dialog(profile, taken, this);
    dialog.setWindowTitle(tr("New Endpoint Profile from the Composer"));
    dialog.setSecretsDescription(m_secrets->description());
    if (dialog.exec() != QDialog::Accepted)
        return;
    all.append(dialog.profile());
    m_model->setProfiles(row, all); // secrets go to the secret store on write
}

void CollectionsView::editProfile(int row, const QString &name)
{
    const Collection collection = m_model->collection(row);
    const EndpointProfile *profile = collection.findProfile(name);
    if (!profile)
        return;
    QStringList taken;
    for (const EndpointProfile &other : collection.profiles) {
        if (other.name != name)
            taken.append(other.name);
    }
    EndpointProfileDialog dialog(*profile, taken, this);
    dialog.setSecretsDescription(m_secrets->description());
    if (dialog.exec() != QDialog::Accepted)
        return;
    const EndpointProfile edited = dialog.profile();
    m_model->replaceProfile(row, name, edited); // written by collectionModified, secrets to the store
    // Secrets are keyed by the profile's name: a renamed profile's old keys are nobody's now.
    if (edited.name != name)
        m_io->removeSecrets(collection.id + QLatin1String("/profile/") + name + QLatin1Char('/'));
}

void CollectionsView::editVariables(int row)
{
    const Collection collection = m_model->collection(row);
    CollectionVariablesDialog dialog(collection.name, collection.variables, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_model->setVariables(row, dialog.variables()); // written by collectionModified, then applied
}
