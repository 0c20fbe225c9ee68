#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QStringList>

// A certificate and its private key, both PEM.
struct PemPair {
    QByteArray certificate;
    QByteArray key;
};

// Makes keys and certificates with OpenSSL's library (EC P-256, SHA-256), for the
// listener's local certificate authority and the leaf it signs. Never by hand: every
// encoding is OpenSSL's.
namespace CertificateMaker {
// A CA that may sign leaves only (pathlen 0), valid `days` from an hour ago.
bool makeAuthority(const QString &commonName, int days, PemPair *out, QString *error);
// A server certificate for `names` (DNS names or IP addresses), signed by `authority`.
bool makeLeaf(const PemPair &authority, const QStringList &names, int days, PemPair *out, QString *error);
// True when `certificatePem` was signed by the key of `authorityPem`.
bool isSignedBy(const QByteArray &certificatePem, const QByteArray &authorityPem);
// True when the private key in `keyPem` belongs to the first certificate in `certificatePem`.
bool keyMatches(const QByteArray &certificatePem, const QByteArray &keyPem, QString *error);
// The key as unencrypted PKCS#8 PEM (Qt reads that for every algorithm), or an error
// (not a key, encrypted, unsupported).
bool normalizeKey(const QByteArray &keyPem, QByteArray *pkcs8Pem, QString *error);
} // namespace CertificateMaker
