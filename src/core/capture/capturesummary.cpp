#include "core/capture/capturesummary.h"

#include "core/capture/capture.h"
#include "core/capture/deliveryattempts.h"

#include <QHash>
#include <QList>
#include <QMutex>

namespace {
constexpr qsizetype kMaxPooledBytes = 128;

struct StringPool {
    QMutex mutex;
    QHash<QByteArray, quint16> ids;
    QList<QByteArray> values{QByteArray()};
};

StringPool &stringPool()
{
    static StringPool pool;
    return pool;
}
} // namespace

quint16 CaptureSummary::pool(const QByteArray &value)
{
    if (value.isEmpty())
        return 0;
    const QByteArray key = value.left(kMaxPooledBytes);
    StringPool &p = stringPool();
    QMutexLocker lock(&p.mutex);
    if (const auto it = p.ids.constFind(key); it != p.ids.constEnd())
        return *it;
    if (p.values.size() > 0xFFFF)
        return 0;
    const auto id = quint16(p.values.size());
    p.values.append(key);
    p.ids.insert(key, id);
    return id;
}

QByteArray CaptureSummary::pooled(quint16 id)
{
    StringPool &p = stringPool();
    QMutexLocker lock(&p.mutex);
    return p.values.value(id);
}

CaptureSummary CaptureSummary::from(const Capture &capture)
{
    CaptureSummary s;
    s.seq = capture.seq;
    s.receivedAtMs = capture.receivedAtMs;
    s.bodySize = capture.body.size();
    s.setMethod(capture.method);
    s.path = capture.path().left(kMaxPathBytes);
    s.path.squeeze();
    s.setContentType(capture.contentType());
    s.setRemoteAddress(capture.remoteAddress.toLatin1());
    s.remotePort = capture.remotePort;
    s.responseStatus = qint16(capture.response.closedWithoutAnswer ? 0 : capture.response.status);
    s.accepted = capture.isAccepted();
    if (!capture.signature.scheme.isEmpty())
        s.signature = capture.signature.valid ? Signature::Valid : Signature::Invalid;
    if (capture.forward.isSet())
        s.setForward(capture.forward.status, capture.forward.ms);
    s.deliveryKey = DeliveryAttempts::deliveryIdOf(capture).key().toUtf8();
    return s;
}
