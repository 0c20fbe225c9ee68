#pragma once

#include <QByteArray>
#include <QMetaType>
#include <QString>

#include <algorithm>
#include <limits>

struct Capture;

// The little the live table needs per capture. The table may hold 100,000 of
// these, so strings that repeat (method, content type, peer) are stored once in a
// shared pool and referred to by a 16-bit id, and the path is clipped; the full
// capture stays in the store. About 100 bytes a row, path included.
struct CaptureSummary {
    enum class Signature : quint8 { NotChecked, Valid, Invalid };
    enum class Forward : quint8 { None, Pending, Answered, Failed };

    qint64 seq = 0;
    qint64 receivedAtMs = 0;
    qint64 bodySize = 0;
    QByteArray path;
    quint16 methodId = 0;
    quint16 contentTypeId = 0;
    quint16 remoteAddressId = 0;
    quint16 remotePort = 0;
    qint16 responseStatus = 0; // 0: nothing was sent
    bool accepted = true;
    Signature signature = Signature::NotChecked;
    Forward forward = Forward::None;
    qint16 forwardStatus = 0;
    qint32 forwardMs = -1;
    // DeliveryAttempts' key ("github:<id>"): captures sharing one are attempts of one event.
    // Empty for most captures, so it costs a null pointer; ids are unique, so not pooled.
    QByteArray deliveryKey;

    QByteArray method() const { return pooled(methodId); }
    QByteArray contentType() const { return pooled(contentTypeId); }
    QByteArray remoteAddress() const { return pooled(remoteAddressId); }
    void setMethod(const QByteArray &value) { methodId = pool(value); }
    void setContentType(const QByteArray &value) { contentTypeId = pool(value); }
    void setRemoteAddress(const QByteArray &value) { remoteAddressId = pool(value); }

    void setForward(int status, qint64 ms)
    {
        forward = status ? Forward::Answered : Forward::Failed;
        forwardStatus = qint16(status);
        forwardMs = qint32(std::clamp<qint64>(ms, -1, std::numeric_limits<qint32>::max()));
    }

    static CaptureSummary from(const Capture &capture);
    static constexpr qsizetype kMaxPathBytes = 200;

    // The shared pool: id 0 is the empty string, and also what a value gets once
    // the pool is full (a sender inventing a new content type per request must not
    // grow memory without bound).
    static quint16 pool(const QByteArray &value);
    static QByteArray pooled(quint16 id);
};

Q_DECLARE_METATYPE(CaptureSummary)
