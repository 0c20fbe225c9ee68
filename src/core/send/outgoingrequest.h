#pragma once

#include "core/app/enumnames.h"
#include "core/http/headerlist.h"

#include <QByteArray>
#include <QMetaType>
#include <QString>
#include <QUrl>

// Which proxy a request goes through. System follows the platform's settings
// (on Linux: http_proxy/https_proxy/no_proxy); Manual uses SendOptions::proxyUrl.
enum class ProxyMode { System, None, Manual };
// As collection files and the history store name them.
inline constexpr EnumNames<ProxyMode> kProxyModeNames[] = {{ProxyMode::System, QLatin1StringView("system")},
                                                           {ProxyMode::None, QLatin1StringView("none")},
                                                           {ProxyMode::Manual, QLatin1StringView("manual")}};

// How a request travels, as opposed to what it says.
struct SendOptions {
    int timeoutMs = 30000;       // whole exchange, connect to last byte; 0: no limit
    bool followRedirects = true; // as Postman and Bruno do; the limit below stops loops
    int maxRedirects = 10;
    bool ignoreTlsErrors = false;
    bool allowHttp2 = true; // negotiated through ALPN on https only
    ProxyMode proxyMode = ProxyMode::System;
    QString proxyUrl; // Manual only: http://host:port or socks5://host:port

    friend bool operator==(const SendOptions &, const SendOptions &) = default;
};

// A request ready for the wire: every template already expanded, every signature
// already computed. The Sender adds only what the transport itself needs
// (Content-Type/Content-Length when absent, a User-Agent when absent).
struct OutgoingRequest {
    QByteArray method = QByteArrayLiteral("POST");
    QUrl url;
    HeaderList headers; // in order, names as typed; see Sender for duplicates
    QByteArray body;
    SendOptions options;

    friend bool operator==(const OutgoingRequest &, const OutgoingRequest &) = default;
};

Q_DECLARE_METATYPE(OutgoingRequest)
