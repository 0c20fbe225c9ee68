#pragma once

#include <QAbstractSocket>
#include <QString>

// Why a TLS handshake with a client failed, in words a user acts on, with OpenSSL's
// reason after them: what a rejected capture's `error` says.
namespace HandshakeFailure {
QString describe(QAbstractSocket::SocketError error, const QString &errorString);
QString timedOut(int ms);
QString notTls();
} // namespace HandshakeFailure
