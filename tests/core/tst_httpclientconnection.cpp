#include "core/send/httpclientconnection.h"
#include "core/send/httpconnectionpool.h"
#include "core/send/sender.h"
#include "support/testsupport.h"

#include <QPointer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <functional>
#include <memory>

namespace {

// A raw HTTP/1.1 peer on 127.0.0.1:0 whose answers are scripted per request: it frames
// requests by Content-Length, keeps their exact bytes and counts connections and how
// many requests ever waited at once on one connection (pipelining).
class ScriptedPeer : public QObject
{
public:
    struct Request {
        QByteArray raw;
        int connection = 0;   // 0-based, in accept order
        int onConnection = 0; // 0-based index of this request on its connection
    };
    // Answers `request` on `socket` (write, close, or stay silent).
    std::function<void(QTcpSocket *socket, const Request &request)> answer = [](QTcpSocket *socket, const Request &) {
        socket->write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    };

    QList<Request> requests;
    int connections = 0;
    int maxWaitingOnOneConnection = 0;

    ScriptedPeer()
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                const int index = connections++;
                auto buffer = std::make_shared<QByteArray>();
                auto served = std::make_shared<int>(0);
                connect(socket, &QTcpSocket::readyRead, this, [this, socket, buffer, served, index] {
                    *buffer += socket->readAll();
                    int waiting = 0;
                    QList<Request> framed;
                    for (;;) {
                        const qsizetype headEnd = buffer->indexOf("\r\n\r\n");
                        if (headEnd < 0)
                            break;
                        qsizetype length = 0;
                        for (const QByteArray &line : buffer->left(headEnd).split('\n')) {
                            if (line.toLower().startsWith("content-length:"))
                                length = line.mid(15).trimmed().toLongLong();
                        }
                        if (buffer->size() < headEnd + 4 + length)
                            break;
                        framed.append({buffer->left(headEnd + 4 + length), index, (*served)++});
                        buffer->remove(0, headEnd + 4 + length);
                        ++waiting;
                    }
                    maxWaitingOnOneConnection = qMax(maxWaitingOnOneConnection, waiting);
                    for (const Request &request : std::as_const(framed)) {
                        requests.append(request);
                        answer(socket, request);
                    }
                });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }

    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    QUrl url(const QString &path = QStringLiteral("/hook")) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_server.serverPort()).arg(path));
    }

private:
    QTcpServer m_server;
};

HttpClientRequest wireRequest(const QUrl &url, const QByteArray &method = "GET", const HeaderList &headers = {},
                              const QByteArray &body = {})
{
    HttpClientRequest request;
    request.method = method;
    request.url = url;
    request.body = body;
    request.headers = HttpClientConnection::wireHeaders(method, url, headers, body);
    return request;
}

SendOptions noProxy()
{
    SendOptions options;
    options.proxyMode = ProxyMode::None;
    return options;
}

} // namespace

// The Sender's own HTTP/1.1 engine against raw peers that script every byte.
class TestHttpClientConnection : public QObject
{
    Q_OBJECT

private:
    quint64 m_nextId = 1;

    // One exchange through the pool; false when finished() did not come exactly once.
    bool exchange(HttpConnectionPool &pool, const HttpClientRequest &request, HttpClientResult *result)
    {
        QSignalSpy spy(&pool, &HttpConnectionPool::finished);
        const quint64 id = m_nextId++;
        pool.send(id, request);
        if (!spy.wait(10000) && spy.isEmpty())
            return false;
        if (spy.size() != 1 || spy.at(0).at(0).toULongLong() != id)
            return false;
        *result = spy.at(0).at(1).value<HttpClientResult>();
        return true;
    }

private Q_SLOTS:
    void initTestCase()
    {
        TestSupport::isolateUserData();
        qRegisterMetaType<HttpClientResult>();
        qRegisterMetaType<SendResult>();
    }

    void duplicateHeadersAreSeparateFieldsOnTheWire()
    {
        ScriptedPeer peer;
        peer.answer = [](QTcpSocket *socket, const ScriptedPeer::Request &) {
            socket->write("HTTP/1.1 201 Created\r\nSet-Cookie: a=1\r\nX-Empty:\r\nset-cookie: b=2\r\n"
                          "Content-Length: 4\r\n\r\ndone");
        };
        QVERIFY(peer.listen());
        HttpConnectionPool pool;
        HttpClientResult result;
        const HeaderList headers{{"X-A", "1"}, {"x-MiXed", "m"}, {"x-a", "2"}, {"X-A", ""}};
        const HttpClientRequest request = wireRequest(peer.url(QStringLiteral("/p?q=%20")), "POST", headers, "{}");
        QVERIFY(exchange(pool, request, &result));
        QCOMPARE(result.error, SendError::None);
        QCOMPARE(result.status, 201);
        QCOMPARE(result.reason, QByteArray("Created"));
        QCOMPARE(result.body, QByteArray("done"));
        QCOMPARE(result.headers,
                 (HeaderList{{"Set-Cookie", "a=1"}, {"X-Empty", ""}, {"set-cookie", "b=2"}, {"Content-Length", "4"}}));

        QCOMPARE(peer.requests.size(), 1);
        const QByteArray host = "127.0.0.1:" + QByteArray::number(peer.url().port());
        QCOMPARE(peer.requests.first().raw,
                 QByteArray("POST /p?q=%20 HTTP/1.1\r\nX-A: 1\r\nx-MiXed: m\r\nx-a: 2\r\nX-A: \r\nHost: " + host
                            + "\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\n{}"));
        QCOMPARE(HttpClientConnection::serialize(request), peer.requests.first().raw);
    }

    void givenHostLengthAndConnectionAreKept()
    {
        const HeaderList given{{"host", "example.test"}, {"content-length", "2"}, {"connection", "close"}};
        const HeaderList wire = HttpClientConnection::wireHeaders("PUT", QUrl(QStringLiteral("http://h:80/")), given,
                                                                  "{}");
        QCOMPARE(wire, given);
        QCOMPARE(HttpClientConnection::wireHeaders("GET", QUrl(QStringLiteral("http://[::1]:8080/")), {}, {}),
                 (HeaderList{{"Host", "[::1]:8080"}, {"Connection", "keep-alive"}}));
        QCOMPARE(HttpClientConnection::wireHeaders("POST", QUrl(QStringLiteral("http://h/")), {}, {}),
                 (HeaderList{{"Host", "h"}, {"Content-Length", "0"}, {"Connection", "keep-alive"}}));
    }

    void keepAliveReusesOneConnection()
    {
        ScriptedPeer peer;
        QVERIFY(peer.listen());
        HttpConnectionPool pool;
        for (int i = 0; i < 5; ++i) {
            HttpClientResult result;
            QVERIFY(exchange(pool, wireRequest(peer.url(), "POST", {}, QByteArray::number(i)), &result));
            QCOMPARE(result.status, 200);
            QCOMPARE(result.body, QByteArray("ok"));
        }
        QCOMPARE(peer.requests.size(), 5);
        QCOMPARE(peer.connections, 1);
        QCOMPARE(peer.requests.last().onConnection, 4);
        QCOMPARE(pool.connectionCount(), 1);
    }

    void serverClosesIdleConnection()
    {
        ScriptedPeer peer;
        peer.answer = [](QTcpSocket *socket, const ScriptedPeer::Request &) {
            socket->write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            // An idle timeout on the server: the connection goes after the answer.
            QTimer::singleShot(20, socket, [socket] { socket->disconnectFromHost(); });
        };
        QVERIFY(peer.listen());
        HttpConnectionPool pool;
        HttpClientResult result;
        QVERIFY(exchange(pool, wireRequest(peer.url(), "POST", {}, "1"), &result));
        QCOMPARE(result.status, 200);
        QTRY_COMPARE(pool.connectionCount(), 0); // noticed while idle, dropped
        QVERIFY(exchange(pool, wireRequest(peer.url(), "POST", {}, "2"), &result));
        QCOMPARE(result.error, SendError::None);
        QCOMPARE(result.status, 200);
        QCOMPARE(peer.connections, 2);
    }

    void reusedConnectionClosedBeforeAnswer_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<bool>("retried");
        QTest::newRow("GET is retried once") << QByteArray("GET") << true;
        QTest::newRow("PUT is retried once") << QByteArray("PUT") << true;
        QTest::newRow("POST already written is not") << QByteArray("POST") << false;
    }

    void reusedConnectionClosedBeforeAnswer()
    {
        QFETCH(QByteArray, method);
        QFETCH(bool, retried);
        ScriptedPeer peer;
        // The second request on the first connection meets a server that had given up on it.
        peer.answer = [](QTcpSocket *socket, const ScriptedPeer::Request &request) {
            if (request.connection == 0 && request.onConnection == 1)
                socket->abort();
            else
                socket->write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        };
        QVERIFY(peer.listen());
        HttpConnectionPool pool;
        HttpClientResult result;
        QVERIFY(exchange(pool, wireRequest(peer.url(), method, {}, "{}"), &result));
        QCOMPARE(result.status, 200);
        QVERIFY(exchange(pool, wireRequest(peer.url(), method, {}, "{}"), &result));
        if (retried) {
            QCOMPARE(result.error, SendError::None);
            QCOMPARE(result.status, 200);
            QCOMPARE(peer.connections, 2);
            QCOMPARE(peer.requests.size(), 3);
        } else {
            QVERIFY2(result.error == SendError::ConnectionClosed || result.error == SendError::Network,
                     qPrintable(result.errorText));
            QCOMPARE(result.status, 0);
            QCOMPARE(peer.connections, 1);
            QCOMPARE(peer.requests.size(), 2);
        }
    }

    void chunkedResponse()
    {
        ScriptedPeer peer;
        peer.answer = [](QTcpSocket *socket, const ScriptedPeer::Request &) {
            socket->write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel");
            QPointer<QTcpSocket> guarded(socket);
            QTimer::singleShot(20, socket, [guarded] {
                if (guarded)
                    guarded->write("lo\r\n6;ext=1\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n");
            });
        };
        QVERIFY(peer.listen());
        HttpConnectionPool pool;
        for (int i = 0; i < 2; ++i) {
            HttpClientResult result;
            QVERIFY(exchange(pool, wireRequest(peer.url()), &result));
            QCOMPARE(result.error, SendError::None);
            QCOMPARE(result.body, QByteArray("hello world"));
        }
        QCOMPARE(peer.connections, 1); // the framing held: the connection was reused
    }

    void readUntilClose()
    {
        ScriptedPeer peer;
        peer.answer = [](QTcpSocket *socket, const ScriptedPeer::Request &) {
            socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil ");
            QPointer<QTcpSocket> guarded(socket);
            QTimer::singleShot(20, socket, [guarded] {
                if (guarded) {
                    guarded->write("the end");
                    guarded->disconnectFromHost();
                }
            });
        };
        QVERIFY(peer.listen());
        HttpConnectionPool pool;
        for (int i = 0; i < 2; ++i) {
            HttpClientResult result;
            QVERIFY(exchange(pool, wireRequest(peer.url()), &result));
            QCOMPARE(result.error, SendError::None);
            QCOMPARE(result.status, 200);
            QCOMPARE(result.body, QByteArray("until the end"));
        }
        QCOMPARE(peer.connections, 2);
    }

    void bodylessAnswersKeepTheFraming_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("response");
        QTest::addColumn<int>("status");
        QTest::newRow("HEAD with a length")
            << QByteArray("HEAD") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n") << 200;
        QTest::newRow("204") << QByteArray("DELETE") << QByteArray("HTTP/1.1 204 No Content\r\n\r\n") << 204;
        QTest::newRow("304") << QByteArray("GET")
                             << QByteArray("HTTP/1.1 304 Not Modified\r\nContent-Length: 9\r\n\r\n") << 304;
        QTest::newRow("100 then 200") << QByteArray(
            "POST") << QByteArray("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
                                      << 200;
    }

    void bodylessAnswersKeepTheFraming()
    {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, response);
        QFETCH(int, status);
        ScriptedPeer peer;
        peer.answer = [response](QTcpSocket *socket, const ScriptedPeer::Request &) { socket->write(response); };
        QVERIFY(peer.listen());
        HttpConnectionPool pool;
        for (int i = 0; i < 3; ++i) {
            HttpClientResult result;
            QVERIFY(exchange(pool, wireRequest(peer.url(), method), &result));
            QCOMPARE(result.error, SendError::None);
            QCOMPARE(result.status, status);
            QCOMPARE(result.body, QByteArray());
        }
        QCOMPARE(peer.connections, 1);
    }

    void neverPipelinedAtMostSixConnections()
    {
        ScriptedPeer peer;
        peer.answer = [](QTcpSocket *socket, const ScriptedPeer::Request &) {
            QPointer<QTcpSocket> guarded(socket);
            QTimer::singleShot(30, socket, [guarded] {
                if (guarded)
                    guarded->write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            });
        };
        QVERIFY(peer.listen());
        HttpConnectionPool pool;
        QSignalSpy spy(&pool, &HttpConnectionPool::finished);
        for (int i = 0; i < 20; ++i)
            pool.send(m_nextId++, wireRequest(peer.url(), "POST", {}, QByteArray::number(i)));
        QCOMPARE(pool.connectionCount(), HttpConnectionPool::MaxConnectionsPerHost);
        QCOMPARE(pool.queuedCount(), 14);
        QTRY_COMPARE_WITH_TIMEOUT(spy.size(), 20, 20000);
        for (const auto &arguments : std::as_const(spy))
            QCOMPARE(arguments.at(1).value<HttpClientResult>().status, 200);
        QCOMPARE(peer.connections, HttpConnectionPool::MaxConnectionsPerHost);
        QCOMPARE(peer.maxWaitingOnOneConnection, 1);
        // In order of sending: the queue is first come, first served.
        QCOMPARE(peer.requests.size(), 20);
        QVERIFY(peer.requests.last().raw.endsWith("\r\n\r\n19"));
    }

    void unsolicitedBytesAfterAnswerCloseTheConnection()
    {
        ScriptedPeer peer;
        peer.answer = [](QTcpSocket *socket, const ScriptedPeer::Request &) {
            socket->write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\n");
        };
        QVERIFY(peer.listen());
        HttpConnectionPool pool;
        for (int i = 0; i < 2; ++i) {
            HttpClientResult result;
            QVERIFY(exchange(pool, wireRequest(peer.url()), &result));
            QCOMPARE(result.status, 200);
            QCOMPARE(result.body, QByteArray("ok"));
        }
        QCOMPARE(peer.connections, 2);
    }

    void senderTimeoutAndCancelMidResponse_data()
    {
        QTest::addColumn<bool>("cancel");
        QTest::newRow("timeout") << false;
        QTest::newRow("cancel") << true;
    }

    void senderTimeoutAndCancelMidResponse()
    {
        QFETCH(bool, cancel);
        if (!Sender::usesHttpEngine(QUrl(QStringLiteral("http://127.0.0.1/")), noProxy()))
            QSKIP("the HTTP/1.1 engine is switched off in sender.cpp");
        ScriptedPeer peer;
        // Head and half the body, then nothing.
        peer.answer = [](QTcpSocket *socket, const ScriptedPeer::Request &) {
            socket->write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf ");
        };
        QVERIFY(peer.listen());
        Sender sender;
        QSignalSpy spy(&sender, &Sender::finished);
        OutgoingRequest request;
        request.url = peer.url();
        request.body = "{}";
        request.options.proxyMode = ProxyMode::None;
        request.options.timeoutMs = cancel ? 20000 : 300;
        const quint64 id = sender.send(request);
        if (cancel) {
            QTRY_COMPARE(peer.requests.size(), 1);
            sender.cancel(id);
            QCOMPARE(spy.size(), 0); // never from inside cancel()
        }
        QTRY_COMPARE_WITH_TIMEOUT(spy.size(), 1, 10000);
        const auto result = spy.first().at(1).value<SendResult>();
        QCOMPARE(spy.first().at(0).toULongLong(), id);
        QCOMPARE(result.error, cancel ? SendError::Cancelled : SendError::Timeout);
        QCOMPARE(result.errorText, cancel ? QStringLiteral("cancelled") : QStringLiteral("timed out after 300 ms"));
        QCOMPARE(result.status, 0);
        QVERIFY(result.body.isEmpty());
        QCOMPARE(sender.inFlightCount(), 0);
        QTest::qWait(50);
        QCOMPARE(spy.size(), 1);

        // The connection with half an answer on it is not used again.
        peer.answer = [](QTcpSocket *socket, const ScriptedPeer::Request &) {
            socket->write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        };
        request.options.timeoutMs = 20000;
        sender.send(request);
        QTRY_COMPARE_WITH_TIMEOUT(spy.size(), 2, 10000);
        QCOMPARE(spy.at(1).at(1).value<SendResult>().body, QByteArray("ok"));
        QCOMPARE(peer.connections, 2);
    }

    void abortMidResponseDropsTheConnection()
    {
        ScriptedPeer peer;
        peer.answer = [](QTcpSocket *socket, const ScriptedPeer::Request &request) {
            if (request.connection == 0)
                socket->write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf ");
            else
                socket->write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        };
        QVERIFY(peer.listen());
        HttpConnectionPool pool;
        QSignalSpy firstByte(&pool, &HttpConnectionPool::firstByteReceived);
        QSignalSpy finished(&pool, &HttpConnectionPool::finished);
        const quint64 id = m_nextId++;
        pool.send(id, wireRequest(peer.url()));
        QVERIFY(firstByte.wait(10000));
        QCOMPARE(firstByte.first().at(0).toULongLong(), id);
        QCOMPARE(finished.size(), 0); // half a body is not an answer yet
        pool.abort(id);
        QCOMPARE(pool.connectionCount(), 0); // its framing is lost
        HttpClientResult result;
        QVERIFY(exchange(pool, wireRequest(peer.url()), &result));
        QCOMPARE(result.body, QByteArray("ok"));
        QCOMPARE(peer.connections, 2);
        QCOMPARE(finished.size(), 1); // the aborted exchange never finished
    }

    void senderWritesWhatItReports()
    {
        if (!Sender::usesHttpEngine(QUrl(QStringLiteral("http://127.0.0.1/")), noProxy()))
            QSKIP("the HTTP/1.1 engine is switched off in sender.cpp");
        ScriptedPeer peer;
        QVERIFY(peer.listen());
        Sender sender;
        QSignalSpy spy(&sender, &Sender::finished);
        OutgoingRequest request;
        request.url = peer.url();
        request.body = "{\"a\":1}";
        request.headers = {{"X-One", "1"}};
        request.options.proxyMode = ProxyMode::None;
        sender.send(request);
        QTRY_COMPARE_WITH_TIMEOUT(spy.size(), 1, 10000);
        const auto result = spy.first().at(1).value<SendResult>();
        QCOMPARE(result.status, 200);
        QVERIFY(result.firstByteMs >= 0 && result.firstByteMs <= result.totalMs);
        QByteArray head;
        for (const auto &[name, value] : result.requestHeaders)
            head += name + ": " + value + "\r\n";
        QCOMPARE(peer.requests.first().raw, QByteArray("POST /hook HTTP/1.1\r\n" + head + "\r\n" + request.body));
        QCOMPARE(Headers::value(result.requestHeaders, "Host"),
                 QByteArray("127.0.0.1:" + QByteArray::number(peer.url().port())));
    }

    void senderRedirects_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("303 becomes GET") << 303 << QByteArray("GET") << QByteArray();
        QTest::newRow("302 becomes GET") << 302 << QByteArray("GET") << QByteArray();
        QTest::newRow("307 keeps POST and body") << 307 << QByteArray("POST") << QByteArray("{\"b\":2}");
        QTest::newRow("308 keeps POST and body") << 308 << QByteArray("POST") << QByteArray("{\"b\":2}");
    }

    void senderRedirects()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, body);
        if (!Sender::usesHttpEngine(QUrl(QStringLiteral("http://127.0.0.1/")), noProxy()))
            QSKIP("the HTTP/1.1 engine is switched off in sender.cpp");
        ScriptedPeer peer;
        peer.answer = [status](QTcpSocket *socket, const ScriptedPeer::Request &request) {
            if (request.raw.contains(" /start "))
                socket->write("HTTP/1.1 " + QByteArray::number(status)
                              + " Moved\r\nLocation: /final?x=1\r\nContent-Length: 0\r\n\r\n");
            else
                socket->write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        };
        QVERIFY(peer.listen());
        Sender sender;
        QSignalSpy spy(&sender, &Sender::finished);
        OutgoingRequest request;
        request.url = peer.url(QStringLiteral("/start"));
        request.body = "{\"b\":2}";
        request.options.proxyMode = ProxyMode::None;
        sender.send(request);
        QTRY_COMPARE_WITH_TIMEOUT(spy.size(), 1, 10000);
        const auto result = spy.first().at(1).value<SendResult>();
        QCOMPARE(result.status, 200);
        QCOMPARE(result.finalUrl, peer.url(QStringLiteral("/final?x=1")));
        QCOMPARE(peer.requests.size(), 2);
        const QByteArray second = peer.requests.at(1).raw;
        QVERIFY2(second.startsWith(QByteArray(method + " /final?x=1 HTTP/1.1\r\n")), second.constData());
        QVERIFY2(second.endsWith(QByteArray("\r\n\r\n" + body)), second.constData());
        QCOMPARE(second.contains("Content-Type:"), !body.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestHttpClientConnection)
#include "tst_httpclientconnection.moc"
