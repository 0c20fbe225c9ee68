#include "core/send/senderproxyfactory.h"
#include "support/testsupport.h"

#include <QNetworkProxy>
#include <QTest>

// What SenderProxyFactory answers: the mode's proxy, and DefaultProxy (a buffered socket in
// Qt 6.4, see its header) only for plain http that goes direct on both levels Qt asks.
class TestSenderProxyFactory : public QObject
{
    Q_OBJECT

private:
    static QNetworkProxy::ProxyType answer(SenderProxyFactory &factory, const QString &url)
    {
        const QList<QNetworkProxy> proxies = factory.queryProxy(QNetworkProxyQuery(QUrl(url)));
        return proxies.isEmpty() ? QNetworkProxy::NoProxy : proxies.first().type();
    }

private Q_SLOTS:
    void initTestCase() { TestSupport::isolateUserData(); }
    void cleanup() { QNetworkProxy::setApplicationProxy(QNetworkProxy(QNetworkProxy::NoProxy)); }

    void directPlainHttpIsAnsweredDefaultProxy()
    {
        // No application-wide proxy or factory: everything is direct.
        QNetworkProxy::setApplicationProxy(QNetworkProxy(QNetworkProxy::NoProxy));
        for (const ProxyMode mode : {ProxyMode::System, ProxyMode::None}) {
            SenderProxyFactory factory;
            factory.setMode(mode);
            QCOMPARE(answer(factory, QStringLiteral("http://127.0.0.1:8080/hook")), QNetworkProxy::DefaultProxy);
            QCOMPARE(answer(factory, QStringLiteral("http://hooks.example.test/in")), QNetworkProxy::DefaultProxy);
            // https is buffered by Qt already: answered as it is.
            QCOMPARE(answer(factory, QStringLiteral("https://hooks.example.test/in")), QNetworkProxy::NoProxy);
        }
    }

    void anApplicationProxyIsNeverBypassed()
    {
        // With an application-wide proxy, a socket given DefaultProxy would use it: so System
        // answers that proxy and None answers NoProxy, never DefaultProxy. Loopback is never
        // proxied by Qt, so it stays fast.
        QNetworkProxy::setApplicationProxy(QNetworkProxy(QNetworkProxy::HttpProxy, QStringLiteral("proxy.test"), 3128));
        SenderProxyFactory system;
        system.setMode(ProxyMode::System);
        const QList<QNetworkProxy> proxies = system.queryProxy(
            QNetworkProxyQuery(QUrl(QStringLiteral("http://a.test/"))));
        QCOMPARE(proxies.size(), 1);
        QCOMPARE(proxies.first().type(), QNetworkProxy::HttpProxy);
        QCOMPARE(proxies.first().hostName(), QStringLiteral("proxy.test"));
        QCOMPARE(answer(system, QStringLiteral("http://127.0.0.1:8080/")), QNetworkProxy::DefaultProxy);

        SenderProxyFactory none;
        none.setMode(ProxyMode::None);
        QCOMPARE(answer(none, QStringLiteral("http://a.test/")), QNetworkProxy::NoProxy);
        QCOMPARE(answer(none, QStringLiteral("http://127.0.0.1:8080/")), QNetworkProxy::DefaultProxy);
    }

    void manualIsTheUsersProxy_data()
    {
        QTest::addColumn<QString>("given");
        QTest::addColumn<int>("type");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("user");
        QTest::newRow("host:port") << QStringLiteral("127.0.0.1:3128") << int(QNetworkProxy::HttpProxy)
                                   << QStringLiteral("127.0.0.1") << 3128 << QString();
        QTest::newRow("http default port") << QStringLiteral("http://proxy.test") << int(QNetworkProxy::HttpProxy)
                                           << QStringLiteral("proxy.test") << 8080 << QString();
        QTest::newRow("socks5 with user")
            << QStringLiteral("socks5://u:p@proxy.test") << int(QNetworkProxy::Socks5Proxy)
            << QStringLiteral("proxy.test") << 1080 << QStringLiteral("u");
    }

    void manualIsTheUsersProxy()
    {
        QFETCH(QString, given);
        QFETCH(int, type);
        QFETCH(QString, host);
        QFETCH(int, port);
        QFETCH(QString, user);
        SenderProxyFactory factory;
        factory.setMode(ProxyMode::Manual, given);
        for (const QString &url : {QStringLiteral("http://127.0.0.1/"), QStringLiteral("https://a.test/")}) {
            const QList<QNetworkProxy> proxies = factory.queryProxy(QNetworkProxyQuery(QUrl(url)));
            QCOMPARE(proxies.size(), 1);
            QCOMPARE(int(proxies.first().type()), type);
            QCOMPARE(proxies.first().hostName(), host);
            QCOMPARE(int(proxies.first().port()), port);
            QCOMPARE(proxies.first().user(), user);
        }
    }
};

QTEST_GUILESS_MAIN(TestSenderProxyFactory)
#include "tst_senderproxyfactory.moc"
