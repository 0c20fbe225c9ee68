#pragma once

#include <QString>
#include <QStringList>

struct TlsIdentity;

// Hookbench's own certificate authority, made on first use in the data folder's tls/
// (folder 0700, keys 0600), and the listener's certificate it signs for localhost,
// 127.0.0.1, ::1 and the names a user adds. A user trusts the CA once; the leaf is made
// again, by the same CA, when the names change or it nears its end.
namespace LocalCa {
constexpr int kAuthorityDays = 3650;
constexpr int kLeafDays = 397; // the longest any TLS client accepts for a leaf
constexpr int kRenewBeforeDays = 30;

QString defaultFolder(); // <data folder>/tls (not created)
QString caCertificateFile(const QString &folder);
QString leafCertificateFile(const QString &folder);
QString leafKeyFile(const QString &folder);
QString authorityKeyFile(const QString &folder);
QStringList standardNames(); // localhost, 127.0.0.1, ::1
// A DNS name (letters, digits, '-', '.', an optional leading "*.") or an IP address.
bool isValidName(const QString &name);

// Makes whatever is missing or stale and loads the listener's identity. Blocks on disk
// and key generation (milliseconds): call it off the GUI thread.
bool ensure(const QString &folder, const QStringList &extraNames, TlsIdentity *identity, QString *error);
} // namespace LocalCa
