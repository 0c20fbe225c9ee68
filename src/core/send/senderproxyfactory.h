#pragma once

#include "core/send/outgoingrequest.h"

#include <QElapsedTimer>
#include <QHash>
#include <QNetworkProxyFactory>

// The Sender's QNetworkAccessManager asks this factory which proxy each request takes:
// System (the application-wide proxy or factory, which the Sender sets to the platform's
// settings), None, or Manual (SendOptions::proxyUrl).
//
// Why it exists beyond that (speed, measured on Qt 6.4, see bench/send_bench.sh): for plain
// http:// whose proxy is NoProxy, Qt opens its socket unbuffered
// (QHttpNetworkConnectionChannel::ensureConnection: QIODevice::Unbuffered when the connection's
// networkProxy, cacheProxy and transparentProxy are all NoProxy) and QHttpProtocolHandler then
// reads the response head one read(2) per byte: ~156 reads, more than half the CPU of a request.
// Answering QNetworkProxy::DefaultProxy instead makes QNetworkReplyHttpImpl::postRequest take it
// as a "transparent proxy" (its capabilities include tunnelling), so the channel opens a buffered
// socket (64 KB reads) and sets DefaultProxy on it; QAbstractSocket then resolves DefaultProxy
// through QNetworkProxyFactory::proxyForQuery with a TcpSocket query for that host:port (no
// protocol tag) and connects directly when that says NoProxy (always for loopback). So this
// factory answers DefaultProxy only for http:// that goes direct anyway AND whose socket-level
// query also says NoProxy: never when the user's manual proxy, the system proxy or an
// application-wide QNetworkProxy applies. https:// is buffered by Qt already and is answered
// as is. Should a Qt upgrade change either internal, requests still go where they should; only
// the speed returns to the byte-at-a-time level, which bench/send_bench.sh reports as FAIL.
class SenderProxyFactory final : public QNetworkProxyFactory
{
    Q_DISABLE_COPY_MOVE(SenderProxyFactory)

public:
    SenderProxyFactory() = default;

    // Affects replies created from now on (QNAM asks when a reply starts); the same mode
    // and URL again change nothing.
    void setMode(ProxyMode mode, const QString &manualProxyUrl = {});
    ProxyMode mode() const { return m_mode; }

    QList<QNetworkProxy> queryProxy(const QNetworkProxyQuery &query) override;

    // "host:port", "http://user:pass@host:port" or "socks5://host:port" as a QNetworkProxy.
    static QNetworkProxy manualProxy(const QString &proxyUrl);

private:
    QList<QNetworkProxy> resolve(const QNetworkProxyQuery &query) const;

    ProxyMode m_mode = ProxyMode::System;
    QString m_manualUrl; // as given, Manual only
    QNetworkProxy m_manual;
    // The platform's answer (libproxy on Debian: a thread hop and file reads per query) per
    // scheme://host:port, for a few seconds: a run of thousands of sends asks once.
    struct Cached {
        QList<QNetworkProxy> proxies;
        qint64 at = 0;
    };
    QHash<QString, Cached> m_cache;
    QElapsedTimer m_clock;
};
