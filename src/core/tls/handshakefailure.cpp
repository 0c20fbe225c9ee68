#include "core/tls/handshakefailure.h"

#include <QList>

namespace {
struct Meaning {
    QLatin1StringView openssl; // as OpenSSL's reason string has it
    QLatin1StringView words;
};

// First match wins; the alerts are what the client sent (RFC 8446 §6.2).
const QList<Meaning> kMeanings = {
    {QLatin1StringView("alert unknown ca"),
     QLatin1StringView("the client does not trust the certificate authority that signed the listener's certificate")},
    {QLatin1StringView("alert bad certificate"),
     QLatin1StringView("the client rejected the listener's certificate (not trusted, or not for the name it used)")},
    {QLatin1StringView("alert certificate unknown"),
     QLatin1StringView("the client rejected the listener's certificate (not trusted, or not for the name it used)")},
    {QLatin1StringView("alert certificate expired"),
     QLatin1StringView("the client finds the listener's certificate expired (check its clock)")},
    {QLatin1StringView("unrecognized name"),
     QLatin1StringView("the client asked for a server name (SNI) the listener does not serve")},
    {QLatin1StringView("no shared cipher"), QLatin1StringView("the client offered no cipher suite the listener uses")},
    {QLatin1StringView("unsupported protocol"),
     QLatin1StringView("the client offered only TLS versions the listener refuses (it needs TLS 1.2 or 1.3)")},
    {QLatin1StringView("version too low"),
     QLatin1StringView("the client offered only TLS versions the listener refuses (it needs TLS 1.2 or 1.3)")},
    {QLatin1StringView("wrong version number"), QLatin1StringView("the client did not speak TLS")},
    {QLatin1StringView("http request"), QLatin1StringView("the client sent plain HTTP to the HTTPS port")},
};

// "Error during SSL handshake: error:0A000418:SSL routines::tlsv1 alert unknown ca" -> "tlsv1 alert unknown ca"
QString opensslReason(const QString &errorString)
{
    const qsizetype colons = errorString.lastIndexOf(QLatin1String("::"));
    if (colons >= 0)
        return errorString.mid(colons + 2).trimmed();
    const qsizetype colon = errorString.lastIndexOf(QLatin1Char(':'));
    return colon >= 0 ? errorString.mid(colon + 1).trimmed() : errorString;
}
} // namespace

QString HandshakeFailure::describe(QAbstractSocket::SocketError error, const QString &errorString)
{
    if (error == QAbstractSocket::RemoteHostClosedError)
        return QStringLiteral("TLS handshake failed: the client closed the connection during the handshake (a client "
                              "that does not trust the certificate may do so)");
    const QString reason = opensslReason(errorString);
    for (const Meaning &meaning : kMeanings) {
        if (reason.contains(meaning.openssl, Qt::CaseInsensitive))
            return QStringLiteral("TLS handshake failed: %1 (%2)").arg(meaning.words, reason);
    }
    return QStringLiteral("TLS handshake failed: %1").arg(reason.isEmpty() ? errorString : reason);
}

QString HandshakeFailure::timedOut(int ms)
{
    return QStringLiteral("TLS handshake not complete after %1 ms").arg(ms);
}

QString HandshakeFailure::notTls()
{
    return QStringLiteral("plain HTTP sent to the HTTPS port (the client must use https://)");
}
