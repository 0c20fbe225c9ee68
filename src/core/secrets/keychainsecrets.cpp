#include "core/secrets/keychainsecrets.h"

#include "core/app/logging.h"

#include <QDBusConnection>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusVariant>
#include <QJsonDocument>
#include <QJsonObject>
#include <qt6keychain/keychain.h>

namespace {

QString jobError(const QKeychain::Job *job)
{
    QString words;
    switch (job->error()) {
    case QKeychain::AccessDeniedByUser:
        words = QStringLiteral("access was refused");
        break;
    case QKeychain::AccessDenied:
        words = QStringLiteral("access was denied (is the keyring locked?)");
        break;
    case QKeychain::NoBackendAvailable:
        words = QStringLiteral("no keychain service answered");
        break;
    case QKeychain::CouldNotDeleteEntry:
        words = QStringLiteral("the entry could not be deleted");
        break;
    default:
        words = QStringLiteral("it failed");
        break;
    }
    if (!job->errorString().isEmpty())
        words += QStringLiteral(" (%1)").arg(job->errorString());
    return words;
}

} // namespace

KeychainSecrets::KeychainSecrets(const QString &fallbackPath, QObject *parent)
    : SecretBackend(parent)
    , m_file(fallbackPath)
{
    // Until the keychain answers, the file's values are found (secrets written before the
    // keychain was used, or that it refused).
    QString error;
    if (!m_file.read(&m_values, &error))
        qCWarning(lcCollections, "secret file not read: %s", qUtf8Printable(error));
    m_ready = false;
    m_busy = true;
    startRead();
}

KeychainSecrets::~KeychainSecrets()
{
    // Closing with changes the keychain has not confirmed: the file keeps them.
    if (!m_pending.isEmpty())
        fallBackToFile(QStringLiteral("Hookbench closed before it confirmed them"), false);
}

QString KeychainSecrets::keychainService()
{
    return QStringLiteral("Hookbench");
}

QString KeychainSecrets::keychainKey()
{
    return QStringLiteral("secrets");
}

bool KeychainSecrets::hasPendingWrites() const
{
    return !m_pending.isEmpty() || m_busy || m_syncQueued;
}

void KeychainSecrets::reload()
{
    m_reloadWanted = true;
    queueSync();
}

bool KeychainSecrets::setValue(const QString &key, const QString &value, QString *)
{
    // Before the keychain could be read, an empty value for a key not seen is what a
    // collection read without its secrets gives back: recording it would erase the real one.
    if (!m_loaded && value.isEmpty() && !m_values.contains(key))
        return true;
    if (m_values.contains(key) && m_values.value(key) == value)
        return true;
    recordChange(key, value);
    return true;
}

bool KeychainSecrets::remove(const QString &key, QString *)
{
    if (m_values.contains(key))
        recordChange(key, std::nullopt);
    return true;
}

bool KeychainSecrets::removePrefix(const QString &prefix, QString *)
{
    const QStringList keys = m_values.keys();
    for (const QString &key : keys) {
        if (key.startsWith(prefix))
            recordChange(key, std::nullopt);
    }
    return true;
}

bool KeychainSecrets::writeFile(const Values &values, QString *error) const
{
    // Everything is in the keychain: no file of secrets left lying around.
    return values.isEmpty() ? m_file.remove(error) : m_file.write(values, error);
}

// One job at a time: read (fresh, so another process's keys are kept), merge the pending
// changes and the file's values over it, write. Changes made meanwhile start another round.

void KeychainSecrets::recordChange(const QString &key, const std::optional<QString> &value)
{
    if (value)
        m_values.insert(key, *value);
    else
        m_values.remove(key);
    m_pending.insert(key, value);
    m_dirty = true;
    queueSync();
}

void KeychainSecrets::queueSync()
{
    if (m_syncQueued)
        return;
    m_syncQueued = true;
    // Queued: the many setValue calls of one collection save become one write.
    QMetaObject::invokeMethod(this, &KeychainSecrets::sync, Qt::QueuedConnection);
}

void KeychainSecrets::sync()
{
    m_syncQueued = false;
    if (m_busy || (!m_dirty && !m_reloadWanted))
        return; // finishJob() looks again
    m_dirty = false;
    m_reloadWanted = false;
    m_busy = true;
    startRead();
}

void KeychainSecrets::startRead()
{
    auto *job = new QKeychain::ReadPasswordJob(keychainService(), this);
    job->setKey(keychainKey());
    connect(job, &QKeychain::Job::finished, this, &KeychainSecrets::onRead);
    job->start();
}

void KeychainSecrets::onRead(QKeychain::Job *job)
{
    if (job->error() == QKeychain::NoError) {
        const QByteArray data = static_cast<QKeychain::ReadPasswordJob *>(job)->binaryData();
        const QJsonDocument document = QJsonDocument::fromJson(data);
        if (!document.isObject()) {
            readFailed(QStringLiteral("its item %1/%2 is not a JSON object; it is left as it is")
                           .arg(keychainService(), keychainKey()));
            return;
        }
        Values stored;
        const QJsonObject object = document.object();
        for (auto it = object.begin(); it != object.end(); ++it)
            stored.insert(it.key(), it.value().toString());
        readSucceeded(stored);
        return;
    }
    if (job->error() != QKeychain::EntryNotFound) {
        readFailed(jobError(job));
        return;
    }
    // A locked keyring whose unlock prompt was dismissed (or could not be shown) also answers
    // "not found". Taken for "empty", the next write would replace every secret with the few
    // changed here: so not found counts only when the default collection is unlocked.
    QDBusMessage get = QDBusMessage::createMethodCall(
        QStringLiteral("org.freedesktop.secrets"), QStringLiteral("/org/freedesktop/secrets/aliases/default"),
        QStringLiteral("org.freedesktop.DBus.Properties"), QStringLiteral("Get"));
    get << QStringLiteral("org.freedesktop.Secret.Collection") << QStringLiteral("Locked");
    auto *watcher = new QDBusPendingCallWatcher(QDBusConnection::sessionBus().asyncCall(get), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this](QDBusPendingCallWatcher *call) {
        call->deleteLater();
        const QDBusPendingReply<QDBusVariant> reply = *call;
        // No such collection (another keychain behind the service): nothing is known to be locked.
        if (!reply.isError() && reply.value().variant().toBool())
            readFailed(QStringLiteral("it is locked; once it is unlocked Hookbench reads it again on the next change"));
        else
            readSucceeded({});
    });
}

void KeychainSecrets::readFailed(const QString &reason)
{
    const bool first = !m_ready;
    m_error = QStringLiteral("the system keychain cannot be read: %1").arg(reason);
    qCWarning(lcCollections, "secrets not read: %s", qUtf8Printable(m_error));
    m_ready = true;
    // Changes waiting for this round go to the file rather than wait in memory only.
    fallBackToFile(reason, false);
    finishJob();
    Q_EMIT errorOccurred(m_error);
    if (first)
        Q_EMIT ready();
}

void KeychainSecrets::readSucceeded(Values stored)
{
    const bool first = !m_ready;
    m_error.clear();
    m_loaded = true;
    // The file's values never reached the keychain (or predate it): they are newer, so they win,
    // and leave the file once written. Changes made here since are newer still.
    Values file;
    QString fileError;
    if (!m_file.read(&file, &fileError)) {
        qCWarning(lcCollections, "secret file not read, left untouched: %s", qUtf8Printable(fileError));
        file.clear();
    }
    m_fromFile = file;
    for (auto it = file.cbegin(); it != file.cend(); ++it) {
        if (!m_pending.contains(it.key()) && stored.value(it.key()) != it.value())
            m_pending.insert(it.key(), it.value());
    }
    for (auto it = m_pending.cbegin(); it != m_pending.cend(); ++it) {
        if (it.value())
            stored.insert(it.key(), *it.value());
        else
            stored.remove(it.key());
    }
    m_values = stored;
    m_ready = true;
    if (first)
        Q_EMIT ready();
    if (m_pending.isEmpty() && !file.isEmpty()) {
        // Already in the keychain: only the file is left to clear.
        QString error;
        if (!writeFile({}, &error))
            qCWarning(lcCollections, "%s", qUtf8Printable(error));
    }
    if (m_pending.isEmpty()) {
        m_fromFile.clear();
        finishJob();
        return;
    }
    startWrite();
}

void KeychainSecrets::startWrite()
{
    m_writing = m_pending;
    QJsonObject object;
    for (auto it = m_values.cbegin(); it != m_values.cend(); ++it)
        object.insert(it.key(), it.value());
    auto *job = new QKeychain::WritePasswordJob(keychainService(), this);
    job->setKey(keychainKey());
    job->setBinaryData(QJsonDocument(object).toJson(QJsonDocument::Compact));
    connect(job, &QKeychain::Job::finished, this, &KeychainSecrets::onWrite);
    job->start();
}

void KeychainSecrets::onWrite(QKeychain::Job *job)
{
    if (job->error() != QKeychain::NoError) {
        const QString reason = jobError(job);
        qCWarning(lcCollections, "secrets not written to the system keychain: %s", qUtf8Printable(reason));
        m_writing.clear();
        m_fromFile.clear();
        fallBackToFile(reason, true);
        finishJob();
        return;
    }
    m_writeError.clear();
    for (auto it = m_writing.cbegin(); it != m_writing.cend(); ++it) {
        if (m_pending.contains(it.key()) && m_pending.value(it.key()) == it.value())
            m_pending.remove(it.key());
    }
    m_writing.clear();
    if (!m_fromFile.isEmpty()) {
        // Out of the file what is in the keychain now; what another process added meanwhile stays.
        Values file;
        QString error;
        if (m_file.read(&file, &error)) {
            file.removeIf([this](Values::iterator it) {
                return m_fromFile.contains(it.key()) && m_fromFile.value(it.key()) == it.value();
            });
            if (!writeFile(file, &error))
                qCWarning(lcCollections, "%s", qUtf8Printable(error));
        }
        m_fromFile.clear();
    }
    finishJob();
}

void KeychainSecrets::fallBackToFile(const QString &reason, bool report)
{
    Values file;
    QString error;
    bool any = false;
    if (m_file.read(&file, &error)) {
        for (auto it = m_pending.cbegin(); it != m_pending.cend(); ++it) {
            if (it.value()) {
                file.insert(it.key(), *it.value());
                any = true;
            }
        }
    }
    if (!any && error.isEmpty())
        return; // only removals wait: nothing can be lost
    if (error.isEmpty() && writeFile(file, &error)) {
        // Read back from the file on the keychain's next successful read.
        m_pending.removeIf([](Changes::iterator it) { return it.value().has_value(); });
        m_writeError = tr("The system keychain did not take the secrets (%1): they are kept in %2 (readable by you "
                          "only) until it does.")
                           .arg(reason, m_file.path());
    } else {
        m_writeError = tr("The system keychain did not take the secrets (%1), nor did %2 (%3): the changes are kept "
                          "in memory only.")
                           .arg(reason, m_file.path(), error);
    }
    qCWarning(lcCollections, "%s", qUtf8Printable(m_writeError));
    if (report)
        Q_EMIT errorOccurred(m_writeError);
}

void KeychainSecrets::finishJob()
{
    m_busy = false;
    if (m_dirty || m_reloadWanted)
        queueSync();
}
