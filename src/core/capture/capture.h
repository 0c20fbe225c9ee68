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

// Where a capture was forwarded live (`listen --forward-to`, the Receive area's target) and
// what the target answered; stored with the capture once the outcome is known.
struct CaptureForward {
    QString url;     // empty: not forwarded
    int status = 0;  // the target's status; 0 when it gave no answer
    QString error;   // why there was no answer ("connection refused"); empty when it answered
    qint64 ms = -1;  // how long the exchange took; -1 until it ended
    qint64 atMs = 0; // UTC, when the outcome arrived

    bool isSet() const { return !url.isEmpty(); }
    bool answered() const { return status != 0; }
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
    CaptureForward forward;

    // The listener that received it (this machine's host name, its port): in a store that
    // several listeners share, where a capture came in. Empty for captures stored before.
    QString listenerHost;
    quint16 listenerPort = 0;
    CaptureTls tls;

    // The listener's bookkeeping between parsing and answering; never stored.
    quint64 token = 0;
    bool awaitsForward = false; // proxy mode: its sender waits for the forward's answer

    QByteArray path() const;  // target up to '?', or the path of an absolute-form target
    QByteArray query() const; // after '?', without it
    QByteArray contentType() const;
    bool isAccepted() const { return status == Status::Accepted; }

    static QString newId();
};

// A forward's outcome as it is recorded: for the capture stored as `seq`, and, in proxy
// mode, the target's answer that the listener passed back to the sender.
struct ForwardOutcome {
    qint64 seq = 0;
    QString captureId;
    CaptureForward forward;
    bool proxied = false;
    CaptureResponse response; // proxied only
};

Q_DECLARE_METATYPE(Capture)
Q_DECLARE_METATYPE(ForwardOutcome)
