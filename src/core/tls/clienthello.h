#pragma once

#include <QByteArray>
#include <QString>

// The first bytes a TLS client sends, read before the handshake starts: they tell TLS
// from plain HTTP, and carry the server name (SNI) that Qt's server side does not report.
namespace ClientHello {
enum class Verdict { NeedMore, Tls, NotTls };

// Verdict on the bytes received so far: a TLS handshake record (type 22, version 3.x)
// whose first record is complete, not TLS, or too few bytes to say.
Verdict classify(const QByteArray &bytes);
// The host_name of the server_name extension in a complete first record, or empty.
QString serverName(const QByteArray &record);
} // namespace ClientHello
