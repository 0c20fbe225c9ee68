#pragma once

#include <QByteArray>
#include <QMetaType>
#include <QString>

struct Capture;

// The little the live table needs per capture. The table may hold 100,000 of
// these, so strings that repeat (method, content type, peer) are shared through
// CaptureSummary::intern and the path is clipped; the full capture stays in the store.
struct CaptureSummary {
    enum class Signature : quint8 { NotChecked, Valid, Invalid };

    qint64 seq = 0;
    qint64 receivedAtMs = 0;
    qint64 bodySize = 0;
    QByteArray method;
    QByteArray path;
    QByteArray contentType;
    QByteArray remoteAddress;
    quint16 remotePort = 0;
    qint16 responseStatus = 0; // 0: nothing was sent
    bool accepted = true;
    Signature signature = Signature::NotChecked;

    static CaptureSummary from(const Capture &capture);
    // Returns a shared copy of `value` for strings that repeat across captures.
    static QByteArray intern(const QByteArray &value);
    static constexpr qsizetype kMaxPathBytes = 200;
};

Q_DECLARE_METATYPE(CaptureSummary)
