#include "core/tls/localcatrust.h"

#include <QFileInfo>
#include <QSslCertificate>

namespace {
QDateTime modifiedTime(const QString &file)
{
    const QFileInfo info(file);
    return info.exists() ? info.lastModified() : QDateTime();
}
} // namespace

LocalCaTrust::LocalCaTrust(QString caCertificateFile)
    : m_file(std::move(caCertificateFile))
{
    if (QFileInfo::exists(m_file))
        m_firstRead = std::async(std::launch::async, &LocalCaTrust::load, m_file);
}

LocalCaTrust::~LocalCaTrust() = default;

LocalCaTrust::Loaded LocalCaTrust::load(const QString &file)
{
    Loaded loaded{modifiedTime(file), std::nullopt};
    const QList<QSslCertificate> local = QSslCertificate::fromPath(file, QSsl::Pem);
    if (local.isEmpty())
        return loaded;
    // The system's CAs do not change while Hookbench runs: read once (thread-safe static).
    static const QList<QSslCertificate> system = QSslConfiguration::systemCaCertificates();
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    // Adding a CA turns off Qt's loading of the system's CAs on demand: list them too.
    configuration.setCaCertificates(system + local);
    loaded.configuration = configuration;
    return loaded;
}

std::optional<QSslConfiguration> LocalCaTrust::configuration()
{
    if (m_firstRead.valid())
        m_loaded = m_firstRead.get(); // long done, unless the first send came right at start
    const QDateTime modified = modifiedTime(m_file);
    if (modified != m_loaded.modified)
        m_loaded = modified.isValid() ? load(m_file) : Loaded{};
    return m_loaded.configuration;
}
