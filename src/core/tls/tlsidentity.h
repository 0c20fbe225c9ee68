#pragma once

#include <QList>
#include <QSslCertificate>
#include <QSslKey>
#include <QString>

// What the listener presents over TLS: a certificate chain (leaf first) and its key.
struct TlsIdentity {
    QList<QSslCertificate> chain;
    QSslKey key;
    QString caCertificateFile; // Hookbench's own CA that signed it; empty for the user's pair

    bool isNull() const { return chain.isEmpty() || key.isNull(); }

    // The user's pair (--tls-cert/--tls-key): PEM, the chain leaf first; the key unencrypted
    // and belonging to the leaf. An error names the file and what is wrong with it.
    static bool load(const QString &certificateFile, const QString &keyFile, TlsIdentity *out, QString *error);
    // The same from PEM bytes already read.
    static bool fromPem(const QByteArray &certificates, const QByteArray &key, TlsIdentity *out, QString *error);
};
