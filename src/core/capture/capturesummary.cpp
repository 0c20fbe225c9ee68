#include "capturesummary.h"

#include "capture.h"

#include <QHash>
#include <QMutex>

CaptureSummary CaptureSummary::from(const Capture &capture)
{
    CaptureSummary s;
    s.seq = capture.seq;
    s.receivedAtMs = capture.receivedAtMs;
    s.bodySize = capture.body.size();
    s.method = intern(capture.method);
    s.path = capture.path().left(kMaxPathBytes);
    s.path.squeeze();
    s.contentType = intern(capture.contentType());
    s.remoteAddress = intern(capture.remoteAddress.toLatin1());
    s.remotePort = capture.remotePort;
    s.responseStatus = qint16(capture.response.closedWithoutAnswer ? 0 : capture.response.status);
    s.accepted = capture.isAccepted();
    if (!capture.signature.scheme.isEmpty())
        s.signature = capture.signature.valid ? Signature::Valid : Signature::Invalid;
    return s;
}

QByteArray CaptureSummary::intern(const QByteArray &value)
{
    // Bounded: a sender inventing a new content type per request must not grow this forever.
    static QMutex mutex;
    static QHash<QByteArray, QByteArray> pool;
    if (value.isEmpty() || value.size() > 128)
        return value.left(128);
    QMutexLocker lock(&mutex);
    auto it = pool.constFind(value);
    if (it != pool.constEnd())
        return *it;
    if (pool.size() > 4096)
        return value;
    return *pool.insert(value, value);
}
