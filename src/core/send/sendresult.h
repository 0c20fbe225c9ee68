#pragma once

#include "core/http/headerlist.h"

#include <QByteArray>
#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QUrl>

// Why a request got no HTTP response. None means a response arrived, whatever its status.
enum class SendError {
    None,
    InvalidRequest,    // could not be built: bad URL, unknown template variable, invalid JSON
    ConnectionRefused, // "connection refused"
    ConnectionClosed,  // the peer closed the connection before answering
    HostNotFound,      // "host not found: example.invalid"
    Timeout,           // "timed out after 3000 ms"
    Tls,               // "TLS error: <the certificate problem>"
    TooManyRedirects,  // "too many redirects (limit 10)"
    Network,           // any other transport failure, in Qt's words
    Cancelled,         // cancelled by the user
};

// What came back, or why nothing did, in words a user understands.
struct SendResult {
    int status = 0;     // 0 when no response arrived
    QByteArray reason;  // "OK", "Not Found" ... as the server sent it
    HeaderList headers; // response headers in wire order (Qt folds repeated names into one, comma-joined)
    QByteArray body;    // decoded when Qt negotiated the Content-Encoding itself

    double totalMs = 0;      // from handing the request to the network to the last byte
    double firstByteMs = -1; // until the response headers arrived; -1 when none did
    qint64 bytesSent = 0;    // body bytes uploaded
    qint64 bytesReceived = 0;

    SendError error = SendError::None;
    QString errorText; // plain words; empty when error is None

    QDateTime startedAt; // UTC
    QUrl finalUrl;       // after redirects
    bool http2 = false;
    HeaderList requestHeaders; // what was handed to the network: the request's headers plus
                               // the automatic Content-Type / User-Agent, duplicates folded

    bool hasResponse() const { return error == SendError::None; }
    bool isSuccess() const { return hasResponse() && status >= 200 && status < 300; }

    // A stable lower-case name for scripts and the history store: "none", "connection-refused" ...
    static QString errorName(SendError error);
    static SendError errorFromName(const QString &name);
};

Q_DECLARE_METATYPE(SendResult)
