#include "core/collections/collectionsworkspace.h"

#include "core/app/appsettings.h"
#include "core/app/datapaths.h"
#include "core/collections/collectionio.h"
#include "core/secrets/secretstore.h"

#include <QDir>
#include <QFileInfo>
#include <QScopedValueRollback>
#include <QUrl>

#include <utility>

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

CollectionsWorkspace::CollectionsWorkspace(QObject *parent)
    : CollectionsWorkspace(DataPaths::collectionsLocation(), std::make_unique<SecretStore>(), parent)
{ }

CollectionsWorkspace::CollectionsWorkspace(const QString &folder, std::unique_ptr<SecretStore> secrets, QObject *parent)
    : QObject(parent)
    , m_secrets(std::move(secrets))
    , m_io(std::make_unique<CollectionIo>(m_secrets.get(), folder))
    , m_environment(AppSettings().activeEnvironment())
{
    m_root.kind = Kind::Folder;
    connect(m_secrets.get(), &SecretStore::errorOccurred, this, [this](const QString &message) {
        m_secretsProblem = message;
        Q_EMIT problemsChanged();
        Q_EMIT messageShown(message);
    });
    if (m_secrets->isReady())
        loadAll();
    else
        connect(m_secrets.get(), &SecretStore::ready, this, &CollectionsWorkspace::loadAll);
}

CollectionsWorkspace::~CollectionsWorkspace() = default;

QString CollectionsWorkspace::folder() const
{
    return m_io->folder();
}

bool CollectionsWorkspace::isBusy() const
{
    return m_io->isBusy();
}

QString CollectionsWorkspace::secretsDescription() const
{
    return m_secrets->description();
}

bool CollectionsWorkspace::secretsReady() const
{
    return m_secrets->isReady();
}

// --- Files

void CollectionsWorkspace::loadAll()
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
                    Q_EMIT problemsChanged();
                } else if (!read.ok()) {
                    m_problems.append(read.error.toString());
                    Q_EMIT problemsChanged();
                } else if (rowForFile(read.path) < 0) { // else created or opened meanwhile
                    addCollection(read.collection, read.path);
                }
                if (last)
                    loaded(*forgotten);
            });
        }
    });
}

void CollectionsWorkspace::loaded(bool forgotten)
{
    m_loading = false;
    if (forgotten)
        rememberOpenFiles();
    updateEnvironments();
    Q_EMIT saveStateChanged();
    Q_EMIT collectionsLoaded();
}

void CollectionsWorkspace::rememberOpenFiles() const
{
    QStringList external;
    for (int row = 0; row < collectionCount(); ++row) {
        if (!isInDataFolder(row))
            external.append(filePath(row));
    }
    AppSettings().setOpenCollectionFiles(external);
}

bool CollectionsWorkspace::isInDataFolder(int row) const
{
    return QFileInfo(filePath(row)).absolutePath() == QDir(m_io->folder()).absolutePath();
}

void CollectionsWorkspace::openFile(const QString &path,
                                    std::function<void(int row, const QString &error, bool wasOpen)> done)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    const auto opened = [this, absolute, done = std::move(done)](int row, const QString &error, bool wasOpen) {
        if (done)
            done(row, error, wasOpen);
        Q_EMIT fileOpened(absolute, error);
    };
    if (const int row = rowForFile(absolute); row >= 0) {
        opened(row, {}, true);
        return;
    }
    m_io->read(absolute, [this, opened](const CollectionIo::Read &read) {
        if (!read.ok()) {
            opened(-1, read.error.toString(), false);
            return;
        }
        if (const int row = rowForFile(read.path); row >= 0) { // opened twice in a row
            opened(row, {}, true);
            return;
        }
        const int row = addCollection(read.collection, read.path);
        rememberOpenFiles();
        opened(row, {}, false);
    });
}

void CollectionsWorkspace::createCollection(const QString &name, std::function<void(int row)> done)
{
    Collection collection;
    collection.name = name;
    collection.assignIds();
    m_io->create(collection, [this, collection, done = std::move(done)](const CollectionIo::Written &written) {
        if (!written.ok())
            Q_EMIT messageShown(written.error);
        // Shown even so: its next change tries the file again.
        const int row = addCollection(collection, written.path);
        if (done)
            done(row);
        Q_EMIT collectionCreated(row);
    });
}

void CollectionsWorkspace::importPostman(
    const QString &path, std::function<void(int row, const QString &error, const QStringList &warnings)> done)
{
    m_io->importPostman(path, [this, path, done = std::move(done)](const PostmanImporter::Result &result) {
        if (!result.ok) {
            done(-1, tr("%1: %2").arg(path, result.error), {});
            return;
        }
        Collection collection = result.collection;
        collection.assignIds();
        m_io->create(collection,
                     [this, collection, warnings = result.warnings, done](const CollectionIo::Written &written) {
                         if (!written.ok()) {
                             done(-1, written.error, {});
                             return;
                         }
                         done(addCollection(collection, written.path), {}, warnings);
                     });
    });
}

void CollectionsWorkspace::exportPostman(int row, const QString &path, std::function<void(const QString &error)> done)
{
    m_io->exportPostman(path, collection(row), std::move(done));
}

void CollectionsWorkspace::removeCollection(int row)
{
    if (row < 0 || row >= collectionCount())
        return;
    const QString path = filePath(row);
    const bool inDataFolder = isInDataFolder(row);
    if (m_loadedFile == path)
        setLoadedRequest(nullptr);
    // Its secrets go with it, unless it stays on disk (closed, not deleted).
    if (inDataFolder)
        m_io->removeSecrets(collection(row).id + QLatin1Char('/'));
    Q_EMIT itemsAboutToBeRemoved(&m_root, row, row);
    m_root.children.erase(m_root.children.begin() + row);
    Q_EMIT itemsRemoved();
    if (inDataFolder)
        m_io->moveToTrash(path);
    rememberOpenFiles();
    updateEnvironments();
}

int CollectionsWorkspace::addCollection(const Collection &collection, const QString &filePath)
{
    Collection withIds = collection;
    withIds.assignIds();
    std::unique_ptr<CollectionItem> item = CollectionItem::fromFolder(withIds.root, &m_root);
    item->kind = Kind::Collection;
    item->name = withIds.name;
    item->filePath = filePath;
    item->meta = withIds;
    item->meta.root = {};
    const int row = collectionCount();
    Q_EMIT itemsAboutToBeInserted(&m_root, row, row);
    m_root.children.push_back(std::move(item));
    Q_EMIT itemsInserted();
    updateEnvironments();
    return row;
}

void CollectionsWorkspace::write(int row, std::function<void(bool written)> done)
{
    m_io->write(filePath(row), collection(row), [this, done = std::move(done)](const CollectionIo::Written &written) {
        m_writeError = written.error;
        if (!written.ok())
            Q_EMIT messageShown(tr("Not saved: %1").arg(written.error));
        if (done)
            done(written.ok());
        Q_EMIT saveStateChanged();
    });
}

void CollectionsWorkspace::changed(const CollectionItem *item)
{
    if (item && item != &m_root)
        changedRow(item->collectionItem()->row());
}

void CollectionsWorkspace::changedRow(int row)
{
    if (!m_ownWrite)
        write(row);
    updateEnvironments();
    Q_EMIT collectionChanged(row);
}

// --- The active environment

void CollectionsWorkspace::setCurrentCollection(int row)
{
    const QString file = filePath(row);
    if (file == m_currentFile)
        return;
    m_currentFile = file;
    updateEnvironments();
}

int CollectionsWorkspace::currentCollectionRow() const
{
    if (const int row = rowForFile(m_currentFile); row >= 0 && !m_currentFile.isEmpty())
        return row;
    return collectionCount() > 0 ? 0 : -1;
}

QString CollectionsWorkspace::currentCollectionName() const
{
    const CollectionItem *item = itemFor(currentCollectionRow());
    return item ? item->name : QString();
}

QStringList CollectionsWorkspace::environmentNames() const
{
    QStringList names;
    if (const CollectionItem *item = itemFor(currentCollectionRow())) {
        for (const Environment &environment : item->meta.environments)
            names.append(environment.name);
    }
    return names;
}

QString CollectionsWorkspace::environment() const
{
    return environmentNames().contains(m_environment) ? m_environment : QString();
}

void CollectionsWorkspace::setEnvironment(const QString &name)
{
    if (name == m_environment)
        return;
    m_environment = name;
    AppSettings().setActiveEnvironment(name);
    updateEnvironments();
}

TemplateVariables CollectionsWorkspace::variables() const
{
    TemplateVariables out;
    const CollectionItem *item = itemFor(currentCollectionRow());
    if (!item)
        return out;
    for (const KeyValueRow &variable : item->meta.variables) {
        if (variable.enabled && !variable.name.isEmpty())
            out.insert(variable.name, variable.value);
    }
    if (const Environment *environment = item->meta.findEnvironment(m_environment)) {
        const TemplateVariables own = environment->toVariables();
        for (auto it = own.cbegin(); it != own.cend(); ++it)
            out.insert(it.key(), it.value());
    }
    return out;
}

void CollectionsWorkspace::updateEnvironments()
{
    Q_EMIT environmentsChanged();
    Q_EMIT variablesChanged(variables());
}

// --- Save state

CollectionItem *CollectionsWorkspace::loadedRequest() const
{
    return m_loadedId.isEmpty() ? nullptr : findRequest(rowForFile(m_loadedFile), m_loadedId);
}

void CollectionsWorkspace::setLoadedRequest(CollectionItem *request, const RequestDraft &savedDraft)
{
    if (request && request->kind == Kind::Request) {
        m_loadedFile = request->collectionItem()->filePath;
        m_loadedId = request->request.id;
    } else {
        m_loadedFile.clear();
        m_loadedId.clear();
    }
    m_savedDraft = savedDraft;
    m_draft = savedDraft;
    setModifiedId({});
    Q_EMIT saveStateChanged();
}

bool CollectionsWorkspace::isModified(const RequestDraft &draft) const
{
    return !m_loadedId.isEmpty() && !sameDraft(draft, m_savedDraft);
}

void CollectionsWorkspace::updateDraft(const RequestDraft &draft)
{
    m_draft = draft;
    setModifiedId(isModified(draft) ? m_loadedId : QString());
}

void CollectionsWorkspace::setModifiedId(const QString &id)
{
    if (id == m_modifiedId)
        return;
    const QString previous = std::exchange(m_modifiedId, id);
    // Only one request is in the composer at a time, so at most one is marked.
    for (const QString &changedId : {previous, id}) {
        if (changedId.isEmpty())
            continue;
        for (int row = 0; row < collectionCount(); ++row) {
            if (CollectionItem *item = findRequest(row, changedId))
                Q_EMIT itemChanged(item);
        }
    }
    Q_EMIT saveStateChanged();
}

CollectionItem *CollectionsWorkspace::saveDraft(CollectionItem *target, const RequestDraft &draft, const QString &name)
{
    if (!target || target == &m_root)
        return nullptr;
    m_draft = draft;
    CollectionItem *saved = nullptr;
    {
        // A change writes the file as well; this save writes it below, to learn whether it
        // reached the disk.
        const QScopedValueRollback ownWrite(m_ownWrite, true);
        if (target->kind != Kind::Request) {
            // Nothing loaded (a fresh composer, a pasted cURL): a new request under the target.
            CollectionRequest request;
            request.name = name.isEmpty() ? requestNameFor(draft) : name;
            request.draft = draft;
            saved = addRequest(target, request);
            if (!saved)
                return nullptr;
        } else {
            saved = target;
            CollectionRequest request = saved->toRequest();
            request.draft = draft;
            setRequest(saved, request);
        }
    }
    const int row = saved->collectionItem()->row();
    m_loadedFile = filePath(row);
    m_loadedId = saved->request.id;
    m_savingIds.append(m_loadedId);
    // What is on disk is what counts as saved: a failed write leaves the request marked.
    write(row, [this, file = m_loadedFile, id = m_loadedId, name = saved->name, draft](bool written) {
        m_savingIds.removeOne(id);
        if (written) {
            if (m_loadedFile == file && m_loadedId == id)
                m_savedDraft = draft;
            Q_EMIT messageShown(tr("Saved \"%1\" to %2").arg(name, file));
        }
        updateDraft(m_draft);
    });
    updateDraft(m_draft);
    Q_EMIT saveStateChanged();
    return saved;
}
