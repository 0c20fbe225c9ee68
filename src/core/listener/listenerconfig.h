#pragma once

#include "core/capture/capture.h"
#include "core/listener/listenerlimits.h"
#include "core/listener/listenertls.h"
#include "core/listener/responsepolicy.h"

#include <QHostAddress>

#include <functional>

// Checks a request's signature. Called on the listener's worker thread, so it must
// be safe to call from there (the signing schemes are const and stateless).
using SignatureVerifier = std::function<CaptureSignature(const HeaderList &headers, const QByteArray &body)>;

struct ListenerConfig {
    QHostAddress address = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 8765; // 0: any free port
    ListenerLimits limits;
    ResponsePolicy policy;
    SignatureVerifier verifier; // empty: signatures are not checked
    ListenerTls tls;

    // An address to bind as a user types it: an IPv4 or IPv6 address, or "localhost".
    static bool parseAddress(const QString &text, QHostAddress *address)
    {
        const QString trimmed = text.trimmed();
        if (trimmed.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0) {
            *address = QHostAddress(QHostAddress::LocalHost);
            return true;
        }
        return address->setAddress(trimmed);
    }
};
