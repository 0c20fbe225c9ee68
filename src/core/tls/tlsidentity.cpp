#include "core/tls/tlsidentity.h"

#include "core/tls/certificatemaker.h"

#include <QFile>

namespace {
bool readFile(const QString &path, QByteArray *bytes, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return false;
    }
    *bytes = file.readAll();
    return true;
}
} // namespace

bool TlsIdentity::fromPem(const QByteArray &certificates, const QByteArray &key, TlsIdentity *out, QString *error)
{
    const QList<QSslCertificate> chain = QSslCertificate::fromData(certificates, QSsl::Pem);
    if (chain.isEmpty()) {
        *error = QStringLiteral("no PEM certificate in it");
        return false;
    }
    QByteArray pkcs8;
    if (!CertificateMaker::normalizeKey(key, &pkcs8, error) || !CertificateMaker::keyMatches(certificates, key, error))
        return false;
    // Qt wants the algorithm named; PKCS#8 carries it, so the one that reads the key is it.
    QSslKey sslKey;
    for (QSsl::KeyAlgorithm algorithm : {QSsl::Ec, QSsl::Rsa, QSsl::Dsa}) {
        sslKey = QSslKey(pkcs8, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!sslKey.isNull())
            break;
    }
    if (sslKey.isNull()) {
        *error = QStringLiteral("the private key's algorithm is not supported (use EC, RSA or DSA)");
        return false;
    }
    out->chain = chain;
    out->key = sslKey;
    out->caCertificateFile.clear();
    return true;
}

bool TlsIdentity::load(const QString &certificateFile, const QString &keyFile, TlsIdentity *out, QString *error)
{
    QByteArray certificates, key;
    if (!readFile(certificateFile, &certificates, error) || !readFile(keyFile, &key, error))
        return false;
    QString why;
    if (!fromPem(certificates, key, out, &why)) {
        const bool aboutKey = why.contains(QLatin1String("key"));
        *error = QStringLiteral("%1: %2").arg(aboutKey ? keyFile : certificateFile, why);
        return false;
    }
    return true;
}
