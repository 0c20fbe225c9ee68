#pragma once

#include "core/capture/capturetls.h"
#include "core/http/headerlist.h"

#include <QByteArray>
#include <QMetaType>
#include <QString>

// What the listener answered for a capture; stored with it.
struct CaptureResponse {
    int status = 0;     // 0 when nothing was sent (closed without answering, peer gone)
    HeaderList headers; // as sent, including Content-Length
    QByteArray body;
    int delayMs = 0;
    bool closedWithoutAnswer = false;
};

// A signature check's outcome, stored with the capture when the listener verifies.
struct CaptureSignature {
    QString scheme; // empty: not verified
    bool valid = false;
    QString reason;
    QByteArray expected;
};

// One request as the listener received it: everything a user needs to see what
// arrived, byte for byte. A value type; implicitly shared members keep copies cheap.
struct Capture {
    enum class Status : quint8 { Accepted, Rejected };

    qint64 seq = 0;          // the store's row number; 0 until stored
    QString id;              // stable public id (UUID), used by export and replay
    qint64 receivedAtMs = 0; // UTC, when the first byte of the request arrived
    qint64 completedAtMs = 0;
    QString remoteAddress;
    quint16 remotePort = 0;
    quint16 localPort = 0;

    QByteArray method;
    QByteArray target;      // as on the request line
    QByteArray httpVersion; // "1.1"
    HeaderList headers;
    QByteArray body; // de-chunked
    QByteArray raw;  // every byte received for this request

    Status status = Status::Accepted;
    QString error;           // why it was rejected, in words
    qint64 errorOffset = -1; // byte offset into raw where the problem is

    CaptureResponse response;
    CaptureSignature signature;
    CaptureTls tls;

    // The listener's bookkeeping between parsing and answering; never stored.
    quint64 token = 0;

    QByteArray path() const;  // target up to '?', or the path of an absolute-form target
    QByteArray query() const; // after '?', without it
    QByteArray contentType() const;
    bool isAccepted() const { return status == Status::Accepted; }

    static QString newId();
};

Q_DECLARE_METATYPE(Capture)
