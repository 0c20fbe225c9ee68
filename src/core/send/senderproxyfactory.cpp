#include "core/send/senderproxyfactory.h"

#include <QUrl>

namespace {

// How long the platform's answer for one scheme://host:port is reused.
constexpr qint64 kCacheMs = 5000;
constexpr qsizetype kCacheEntries = 256;

bool isDirect(const QList<QNetworkProxy> &proxies)
{
    return proxies.isEmpty() || proxies.first().type() == QNetworkProxy::NoProxy;
}

} // namespace

void SenderProxyFactory::setMode(ProxyMode mode, const QString &manualProxyUrl)
{
    const QString manualUrl = mode == ProxyMode::Manual ? manualProxyUrl : QString();
    if (mode == m_mode && manualUrl == m_manualUrl)
        return; // the same proxy: keep the platform's cached answers
    m_mode = mode;
    m_manualUrl = manualUrl;
    m_manual = mode == ProxyMode::Manual ? manualProxy(manualProxyUrl) : QNetworkProxy();
    m_cache.clear();
}

QNetworkProxy SenderProxyFactory::manualProxy(const QString &proxyUrl)
{
    const QUrl url(proxyUrl.contains(QLatin1String("://")) ? proxyUrl : QStringLiteral("http://") + proxyUrl);
    const bool socks = url.scheme().startsWith(QLatin1String("socks"), Qt::CaseInsensitive);
    QNetworkProxy proxy(socks ? QNetworkProxy::Socks5Proxy : QNetworkProxy::HttpProxy, url.host(),
                        quint16(url.port(socks ? 1080 : 8080)));
    proxy.setUser(url.userName());
    proxy.setPassword(url.password());
    return proxy;
}

QList<QNetworkProxy> SenderProxyFactory::queryProxy(const QNetworkProxyQuery &query)
{
    if (m_mode == ProxyMode::Manual)
        return {m_manual};
    const QUrl url = query.url();
    const QString key = url.scheme() + QLatin1String("://") + url.host() + QLatin1Char(':')
        + QString::number(url.port(-1));
    if (!m_clock.isValid())
        m_clock.start();
    const qint64 now = m_clock.elapsed();
    const auto it = m_cache.constFind(key);
    if (it != m_cache.constEnd() && now - it->at < kCacheMs)
        return it->proxies;
    QList<QNetworkProxy> proxies = resolve(query);
    if (m_cache.size() >= kCacheEntries)
        m_cache.clear();
    m_cache.insert(key, {proxies, now});
    return proxies;
}

QList<QNetworkProxy> SenderProxyFactory::resolve(const QNetworkProxyQuery &query) const
{
    // System: what QNAM itself would use with no factory of its own (the application-wide
    // proxy or factory; loopback never goes through a proxy there).
    const QList<QNetworkProxy> proxies = m_mode == ProxyMode::None
        ? QList<QNetworkProxy>{QNetworkProxy(QNetworkProxy::NoProxy)}
        : QNetworkProxyFactory::proxyForQuery(query);
    if (!isDirect(proxies))
        return proxies;
    const QUrl url = query.url();
    if (url.scheme().compare(QLatin1String("http"), Qt::CaseInsensitive) != 0)
        return {QNetworkProxy(QNetworkProxy::NoProxy)};
    // The query QAbstractSocket makes for a socket whose proxy is DefaultProxy (see the header).
    const QNetworkProxyQuery socketQuery(url.host(), url.port(80), QString(), QNetworkProxyQuery::TcpSocket);
    if (!isDirect(QNetworkProxyFactory::proxyForQuery(socketQuery)))
        return {QNetworkProxy(QNetworkProxy::NoProxy)};
    return {QNetworkProxy(QNetworkProxy::DefaultProxy)};
}
