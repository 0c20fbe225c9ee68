#include "core/collections/collectionio.h"

#include "core/app/logging.h"
#include "core/collections/formats/collectionexport.h"
#include "core/secrets/secretstore.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QSaveFile>
#include <QThread>

namespace {

// A read as it leaves the I/O thread: the collection is made from it on the owner's thread,
// where the SecretStore may be asked for its secrets.
struct Document {
    QString path;
    QJsonObject object;
    CollectionFileError error;
    bool missing = false;
};

struct WriteOutcome {
    CollectionIo::Written written;
    CollectionFile::SecretChanges secrets;
};

QString freeFileName(const QString &folder, const QString &name)
{
    QString base;
    for (const QChar c : name.trimmed()) {
        if (c.isLetterOrNumber() || c == QLatin1Char('-') || c == QLatin1Char('_'))
            base += c.toLower();
        else if (!base.endsWith(QLatin1Char('-')))
            base += QLatin1Char('-');
    }
    if (base.isEmpty() || base == QLatin1String("-"))
        base = QStringLiteral("collection");
    QString path = folder + QLatin1Char('/') + base + QStringLiteral(".json");
    for (int n = 2; QFileInfo::exists(path); ++n)
        path = folder + QLatin1Char('/') + base + QStringLiteral("-%1.json").arg(n);
    return path;
}

} // namespace

CollectionIo::CollectionIo(SecretStore *secrets, const QString &folder, QObject *parent)
    : QObject(parent)
    , m_secrets(secrets)
    , m_folder(folder)
    , m_thread(new QObject, QStringLiteral("collection files"))
    , m_worker(m_thread.worker())
{ }

CollectionIo::~CollectionIo()
{
    m_thread.stop(); // every job asked for still runs first
    // Their results wait in this thread's queue: the secret changes must still reach the store.
    m_closing = true;
    QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
}

template <typename Result>
void CollectionIo::post(std::function<Result()> work, std::function<void(Result &)> settle,
                        std::function<void(const Result &)> done)
{
    ++m_pending;
    QMetaObject::invokeMethod(
        m_worker,
        [this, work = std::move(work), settle = std::move(settle), done = std::move(done)]() mutable {
            Result result = work();
            QMetaObject::invokeMethod(
                this,
                [this, result = std::move(result), settle = std::move(settle), done = std::move(done)]() mutable {
                    if (settle)
                        settle(result);
                    if (done && !m_closing)
                        done(result);
                    --m_pending; // after the callback, which may ask for the next job
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

void CollectionIo::list(const QStringList &others, std::function<void(const QStringList &)> done)
{
    post<QStringList>(
        [folder = m_folder, others] {
            QDir().mkpath(folder);
            const QDir dir(folder);
            QStringList paths;
            for (const QString &name : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
                paths.append(dir.filePath(name));
            for (const QString &path : others) {
                if (!paths.contains(path))
                    paths.append(path);
            }
            return paths;
        },
        {}, std::move(done));
}

void CollectionIo::read(const QString &path, std::function<void(const Read &)> done)
{
    post<Document>(
        [path] {
            Document document{path, {}, {}, false};
            if (!CollectionFile::readDocument(path, &document.object, &document.error))
                document.missing = !QFileInfo::exists(path);
            return document;
        },
        {},
        [this, done = std::move(done)](const Document &document) {
            Read read{document.path, {}, document.error, document.missing};
            if (read.ok())
                read.collection = CollectionFile::fromDocument(document.object, m_secrets);
            done(read);
        });
}

void CollectionIo::write(const QString &path, const Collection &collection, std::function<void(const Written &)> done)
{
    post<WriteOutcome>(
        [path, copy = collection]() mutable {
            WriteOutcome outcome{{path, {}}, {}};
            CollectionFile::writeDocument(path, copy, &outcome.secrets, &outcome.written.error);
            return outcome;
        },
        [this](WriteOutcome &outcome) { CollectionFile::applySecrets(outcome.secrets, m_secrets); },
        [done = std::move(done)](const WriteOutcome &outcome) {
            if (done)
                done(outcome.written);
        });
}

void CollectionIo::create(const Collection &collection, std::function<void(const Written &)> done)
{
    post<WriteOutcome>(
        [folder = m_folder, copy = collection]() mutable {
            QDir().mkpath(folder);
            WriteOutcome outcome{{freeFileName(folder, copy.name), {}}, {}};
            CollectionFile::writeDocument(outcome.written.path, copy, &outcome.secrets, &outcome.written.error);
            return outcome;
        },
        [this](WriteOutcome &outcome) { CollectionFile::applySecrets(outcome.secrets, m_secrets); },
        [done = std::move(done)](const WriteOutcome &outcome) { done(outcome.written); });
}

void CollectionIo::moveToTrash(const QString &path)
{
    post<bool>(
        [path] {
            if (QFile::moveToTrash(path) || QFile::rename(path, path + QStringLiteral(".deleted")))
                return true;
            qCWarning(lcCollections, "%s: neither moved to the trash nor renamed", qUtf8Printable(path));
            return false;
        },
        {}, {});
}

void CollectionIo::removeSecrets(const QString &prefix)
{
    // Nothing to do on the I/O thread: the job only keeps its place in the queue.
    post<bool>([] { return true; },
               [this, prefix](bool &) {
                   if (m_secrets)
                       m_secrets->removePrefix(prefix);
               },
               {});
}

void CollectionIo::importPostman(const QString &path, std::function<void(const PostmanImporter::Result &)> done)
{
    post<PostmanImporter::Result>(
        [path] {
            QFile file(path);
            if (!file.open(QIODevice::ReadOnly)) {
                PostmanImporter::Result unread;
                unread.error = file.errorString();
                return unread;
            }
            return PostmanImporter::import(file.readAll());
        },
        {}, std::move(done));
}

void CollectionIo::exportPostman(const QString &path, const Collection &collection,
                                 std::function<void(const QString &error)> done)
{
    post<QString>(
        [path, collection] {
            QSaveFile file(path);
            if (!file.open(QIODevice::WriteOnly) || file.write(CollectionExport::toPostman(collection)) < 0
                || !file.commit())
                return QStringLiteral("%1: %2").arg(path, file.errorString());
            return QString();
        },
        {}, std::move(done));
}
