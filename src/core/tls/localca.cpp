#include "core/tls/localca.h"

#include "core/app/datapaths.h"
#include "core/tls/certificatemaker.h"
#include "core/tls/tlsidentity.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QLockFile>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSslCertificate>
#include <QSysInfo>

namespace {
constexpr QFileDevice::Permissions kOwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr QFileDevice::Permissions kReadable = kOwnerOnly | QFileDevice::ReadGroup | QFileDevice::ReadOther;

bool readFile(const QString &path, QByteArray *bytes)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    *bytes = file.readAll();
    return true;
}

bool writeFile(const QString &path, const QByteArray &bytes, QFileDevice::Permissions permissions, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    // Set on the temporary file before a key byte is in it.
    file.setPermissions(permissions);
    file.write(bytes);
    if (!file.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

// Names compared as the certificate holds them: IP addresses in one spelling.
QString canonicalName(const QString &name)
{
    const QHostAddress address(name);
    return address.isNull() ? name.toLower() : address.toString();
}

QStringList wantedNames(const QStringList &extraNames)
{
    QStringList names;
    for (const QString &name : LocalCa::standardNames() + extraNames) {
        const QString canonical = canonicalName(name.trimmed());
        if (!canonical.isEmpty() && !names.contains(canonical))
            names << canonical;
    }
    return names;
}

QStringList namesIn(const QSslCertificate &certificate)
{
    QStringList names;
    const auto alternatives = certificate.subjectAlternativeNames();
    for (auto it = alternatives.cbegin(); it != alternatives.cend(); ++it)
        names << canonicalName(it.value());
    return names;
}

bool nearsItsEnd(const QSslCertificate &certificate)
{
    return certificate.isNull()
        || certificate.expiryDate() < QDateTime::currentDateTimeUtc().addDays(LocalCa::kRenewBeforeDays);
}
} // namespace

QString LocalCa::defaultFolder()
{
    return DataPaths::dataDir() + QStringLiteral("/tls");
}

QString LocalCa::caCertificateFile(const QString &folder)
{
    return folder + QStringLiteral("/ca.pem");
}

QString LocalCa::authorityKeyFile(const QString &folder)
{
    return folder + QStringLiteral("/ca-key.pem");
}

QString LocalCa::leafCertificateFile(const QString &folder)
{
    return folder + QStringLiteral("/listener.pem");
}

QString LocalCa::leafKeyFile(const QString &folder)
{
    return folder + QStringLiteral("/listener-key.pem");
}

QStringList LocalCa::standardNames()
{
    return {QStringLiteral("localhost"), QStringLiteral("127.0.0.1"), QStringLiteral("::1")};
}

bool LocalCa::isValidName(const QString &name)
{
    if (!QHostAddress(name).isNull())
        return true;
    static const QRegularExpression dns(
        QStringLiteral("^(\\*\\.)?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}"
                       "[A-Za-z0-9])?)*$"));
    return name.size() <= 253 && dns.match(name).hasMatch();
}

bool LocalCa::ensure(const QString &folder, const QStringList &extraNames, TlsIdentity *identity, QString *error)
{
    for (const QString &name : extraNames) {
        if (!isValidName(name.trimmed())) {
            *error = QStringLiteral("'%1' is not a host name or IP address for the certificate").arg(name);
            return false;
        }
    }
    if (!QDir().mkpath(folder)) {
        *error = QStringLiteral("cannot create %1").arg(folder);
        return false;
    }
    QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    // The window and a `hookbench listen` may start at once: one of them makes the files.
    QLockFile lock(folder + QStringLiteral("/.lock"));
    if (!lock.tryLock(10000)) {
        *error = QStringLiteral("%1 is locked by another Hookbench").arg(folder);
        return false;
    }

    PemPair authority;
    const bool haveAuthority = readFile(caCertificateFile(folder), &authority.certificate)
        && readFile(authorityKeyFile(folder), &authority.key)
        && CertificateMaker::keyMatches(authority.certificate, authority.key, error)
        && !nearsItsEnd(QSslCertificate(authority.certificate, QSsl::Pem));
    if (!haveAuthority) {
        const QString commonName = QStringLiteral("Hookbench local CA (%1, %2)")
                                       .arg(QSysInfo::machineHostName(),
                                            QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyy-MM-dd")));
        if (!CertificateMaker::makeAuthority(commonName, kAuthorityDays, &authority, error)
            || !writeFile(authorityKeyFile(folder), authority.key, kOwnerOnly, error)
            || !writeFile(caCertificateFile(folder), authority.certificate, kReadable, error))
            return false;
    }

    const QStringList names = wantedNames(extraNames);
    PemPair leaf;
    bool haveLeaf = readFile(leafCertificateFile(folder), &leaf.certificate) && readFile(leafKeyFile(folder), &leaf.key)
        && CertificateMaker::isSignedBy(leaf.certificate, authority.certificate);
    if (haveLeaf) {
        const QSslCertificate certificate(leaf.certificate, QSsl::Pem);
        QStringList held = namesIn(certificate);
        QStringList wanted = names;
        held.sort();
        wanted.sort();
        haveLeaf = held == wanted && !nearsItsEnd(certificate);
    }
    if (!haveLeaf
        && (!CertificateMaker::makeLeaf(authority, names, kLeafDays, &leaf, error)
            || !writeFile(leafKeyFile(folder), leaf.key, kOwnerOnly, error)
            || !writeFile(leafCertificateFile(folder), leaf.certificate, kReadable, error)))
        return false;

    if (!TlsIdentity::fromPem(leaf.certificate, leaf.key, identity, error)) {
        *error = QStringLiteral("%1: %2").arg(leafCertificateFile(folder), *error);
        return false;
    }
    identity->caCertificateFile = caCertificateFile(folder);
    return true;
}
