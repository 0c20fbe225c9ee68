#include "core/secrets/secretstore.h"

#include "core/app/datapaths.h"
#include "core/secrets/filesecrets.h"
#include "core/secrets/keychainsecrets.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QTimer>

SecretStore::Backend SecretStore::availableBackend()
{
    // Only a service already running: an activatable one may need a prompt no one can answer
    // (a headless session), and the file is the documented place then.
    const QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected() || !bus.interface())
        return Backend::File;
    return bus.interface()->isServiceRegistered(QStringLiteral("org.freedesktop.secrets")) ? Backend::Keychain
                                                                                           : Backend::File;
}

SecretStore::SecretStore(QObject *parent)
    : SecretStore(availableBackend(), defaultPath(), parent)
{ }

SecretStore::SecretStore(const QString &path, QObject *parent)
    : SecretStore(Backend::File, path, parent)
{ }

SecretStore::SecretStore(Backend backend, const QString &path, QObject *parent)
    : QObject(parent)
    , m_backend(backend)
    , m_path(path)
{
    if (m_backend == Backend::File)
        m_secrets = std::make_unique<FileSecrets>(path);
    else
        m_secrets = std::make_unique<KeychainSecrets>(path);
    connect(m_secrets.get(), &SecretBackend::ready, this, &SecretStore::ready);
    connect(m_secrets.get(), &SecretBackend::errorOccurred, this, &SecretStore::errorOccurred);
}

SecretStore::~SecretStore() = default;

QString SecretStore::defaultPath()
{
    return DataPaths::dataDir() + QStringLiteral("/secrets.json");
}

QString SecretStore::description() const
{
    if (m_backend == Backend::File)
        return tr("Secrets are kept in %1 (readable by you only).").arg(m_path);
    if (!m_secrets->readError().isEmpty())
        return tr("Secrets are kept in the system keychain, which cannot be read now: %1").arg(m_secrets->readError());
    return tr("Secrets are kept in the system keychain.");
}

bool SecretStore::isReady() const
{
    return m_secrets->isReady();
}

bool SecretStore::isUsable() const
{
    return m_secrets->readError().isEmpty();
}

QString SecretStore::errorString() const
{
    return isUsable() ? m_secrets->writeError() : m_secrets->readError();
}

bool SecretStore::hasPendingWrites() const
{
    return m_secrets->hasPendingWrites();
}

bool SecretStore::waitUntil(const std::function<bool()> &done, int timeoutMs)
{
    if (done())
        return true;
    const QDeadlineTimer deadline(timeoutMs);
    QEventLoop loop;
    QTimer poll;
    poll.setInterval(5);
    connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done() || deadline.hasExpired())
            loop.quit();
    });
    poll.start();
    loop.exec();
    return done();
}

bool SecretStore::waitForReady(int timeoutMs)
{
    return waitUntil([this] { return m_secrets->isReady(); }, timeoutMs);
}

bool SecretStore::waitForWrites(int timeoutMs)
{
    waitUntil([this] { return !m_secrets->isWriting(); }, timeoutMs);
    return !hasPendingWrites();
}

void SecretStore::reload()
{
    m_secrets->reload();
}

QString SecretStore::value(const QString &key) const
{
    return m_secrets->value(key);
}

bool SecretStore::contains(const QString &key) const
{
    return m_secrets->contains(key);
}

bool SecretStore::setValue(const QString &key, const QString &value, QString *error)
{
    return m_secrets->setValue(key, value, error);
}

bool SecretStore::remove(const QString &key, QString *error)
{
    return m_secrets->remove(key, error);
}

bool SecretStore::removePrefix(const QString &prefix, QString *error)
{
    return m_secrets->removePrefix(prefix, error);
}
