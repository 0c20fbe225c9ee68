#pragma once

#include <QDateTime>
#include <QSslConfiguration>
#include <QString>

#include <optional>

// Hookbench's own CA, trusted by its sender next to the system's CAs, so sending to its
// own HTTPS listener needs no --insecure. Everything else is verified as before: the CA
// only adds a root; host names, dates and chains are still checked by Qt.
class LocalCaTrust final
{
public:
    explicit LocalCaTrust(QString caCertificateFile);

    // The TLS configuration for an https request: the system's CAs plus the local CA, or
    // nothing (Qt's default) while there is no local CA. The file is read again only when
    // it changed (a listener made it since).
    std::optional<QSslConfiguration> configuration();

private:
    QString m_file;
    QDateTime m_modified;
    std::optional<QSslConfiguration> m_configuration;
};
