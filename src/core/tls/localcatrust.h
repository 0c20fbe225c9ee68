#pragma once

#include <QDateTime>
#include <QSslConfiguration>
#include <QString>

#include <future>
#include <optional>

// Hookbench's own CA, trusted by its sender next to the system's CAs, so sending to its
// own HTTPS listener needs no --insecure. Everything else is verified as before: the CA
// only adds a root; host names, dates and chains are still checked by Qt.
//
// The sender lives on the GUI thread, and reading the system's CA bundle (a few hundred
// certificates) took tens of milliseconds there at the first https send. So a local CA
// that exists when the sender is made is read at once on a thread of its own, the
// system's CAs with it; a send only looks at the file's time (a listener may have made
// or renewed the CA since) and reads the small file again when it changed.
class LocalCaTrust final
{
public:
    explicit LocalCaTrust(QString caCertificateFile);
    ~LocalCaTrust(); // waits for a read still running

    // The TLS configuration for an https request: the system's CAs plus the local CA, or
    // nothing (Qt's default) while there is no local CA.
    std::optional<QSslConfiguration> configuration();

private:
    struct Loaded {
        QDateTime modified; // the file's, when it was read; invalid: there was no file
        std::optional<QSslConfiguration> configuration;
    };
    static Loaded load(const QString &file);

    QString m_file;
    std::future<Loaded> m_firstRead; // valid until configuration() takes its result
    Loaded m_loaded;
};
