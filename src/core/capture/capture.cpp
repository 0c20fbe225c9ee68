#include "core/capture/capture.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QUrl>

namespace {
QByteArray pathAndQuery(const QByteArray &target)
{
    // Absolute-form (RFC 9112 §3.2.2): "http://host/p?q" — the path starts after the authority.
    if (target.startsWith("http://") || target.startsWith("https://")) {
        const qsizetype authorityStart = target.indexOf("//") + 2;
        const qsizetype pathStart = target.indexOf('/', authorityStart);
        const qsizetype queryStart = target.indexOf('?', authorityStart);
        if (pathStart < 0 || (queryStart >= 0 && queryStart < pathStart))
            return QByteArray("/") + (queryStart >= 0 ? target.mid(queryStart) : QByteArray());
        return target.mid(pathStart);
    }
    return target;
}
} // namespace

QByteArray Capture::path() const
{
    const QByteArray local = pathAndQuery(target);
    const qsizetype q = local.indexOf('?');
    return q < 0 ? local : local.left(q);
}

QByteArray Capture::query() const
{
    const QByteArray local = pathAndQuery(target);
    const qsizetype q = local.indexOf('?');
    return q < 0 ? QByteArray() : local.mid(q + 1);
}

QByteArray Capture::contentType() const
{
    return Headers::value(headers, "content-type");
}

QString Capture::newId()
{
    // A time-ordered UUID (version 7, RFC 9562): 48 bits of Unix milliseconds, then
    // random bits from the fast global generator. Ids only need to be unique, but
    // ascending ones append to the store's id index instead of dirtying a random
    // page of it for every capture.
    quint8 bytes[16];
    QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(bytes), 4);
    const quint64 ms = quint64(QDateTime::currentMSecsSinceEpoch());
    for (int i = 0; i < 6; ++i)
        bytes[i] = quint8(ms >> (40 - 8 * i));
    bytes[6] = (bytes[6] & 0x0F) | 0x70;
    bytes[8] = (bytes[8] & 0x3F) | 0x80;
    const QByteArray hex = QByteArray(reinterpret_cast<const char *>(bytes), 16).toHex();
    return QString::fromLatin1(hex.left(8) + '-' + hex.mid(8, 4) + '-' + hex.mid(12, 4) + '-' + hex.mid(16, 4) + '-'
                               + hex.mid(20));
}
