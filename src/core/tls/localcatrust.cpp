#include "core/tls/localcatrust.h"

#include <QFileInfo>
#include <QSslCertificate>

LocalCaTrust::LocalCaTrust(QString caCertificateFile)
    : m_file(std::move(caCertificateFile))
{ }

std::optional<QSslConfiguration> LocalCaTrust::configuration()
{
    const QFileInfo info(m_file);
    if (!info.exists()) {
        m_configuration.reset();
        m_modified = {};
        return m_configuration;
    }
    if (m_configuration && info.lastModified() == m_modified)
        return m_configuration;
    m_modified = info.lastModified();
    const QList<QSslCertificate> local = QSslCertificate::fromPath(m_file, QSsl::Pem);
    if (local.isEmpty()) {
        m_configuration.reset();
        return m_configuration;
    }
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    // Adding a CA turns off Qt's loading of the system's CAs on demand: list them too.
    configuration.setCaCertificates(QSslConfiguration::systemCaCertificates() + local);
    m_configuration = configuration;
    return m_configuration;
}
