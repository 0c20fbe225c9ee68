#include "core/app/appinfo.h"
#include "core/send/sender.h"
#include "support/sendpeers.h"
#include "support/testsupport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QSet>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <functional>
#include <memory>

using SendPeers::FlaskPeer;
using SendPeers::RawPeer;

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

// Writes `bytes` on `socket` after `ms`, unless the socket is gone by then.
void writeLater(QTcpSocket *socket, int ms, const QByteArray &bytes, bool thenClose = false)
{
    QPointer<QTcpSocket> guarded(socket);
    QTimer::singleShot(ms, socket, [guarded, bytes, thenClose] {
        if (!guarded)
            return;
        guarded->write(bytes);
        if (thenClose)
            guarded->disconnectFromHost();
    });
}

} // namespace

// The Sender against real peers: the classic Flask receiver, a raw socket that keeps every
// byte, a silent one, a dead port and an HTTPS peer with a self-signed certificate.
class TestSender : public QObject
{
    Q_OBJECT

private:
    FlaskPeer m_flask;

    // Sends and waits for the one finished() of that id.
    static bool sendAndWait(Sender &sender, const OutgoingRequest &request, SendResult *result, int timeoutMs = 20000)
    {
        QSignalSpy spy(&sender, &Sender::finished);
        const quint64 id = sender.send(request);
        if (!QTest::qWaitFor([&] { return spy.size() >= 1; }, timeoutMs))
            return false;
        if (spy.size() != 1 || spy.at(0).at(0).toULongLong() != id)
            return false;
        *result = spy.at(0).at(1).value<SendResult>();
        return true;
    }

    static OutgoingRequest request(const QUrl &url, const QByteArray &method = "POST", const QByteArray &body = {},
                                   const HeaderList &headers = {})
    {
        OutgoingRequest r;
        r.url = url;
        r.method = method;
        r.body = body;
        r.headers = headers;
        r.options.timeoutMs = 15000;
        return r;
    }

private Q_SLOTS:
    void initTestCase()
    {
        TestSupport::isolateUserData();
        qRegisterMetaType<SendResult>();
        QVERIFY2(m_flask.start(), "the Flask receiver (tests/data/flask_receiver.py) did not start");
    }

    void init() { m_flask.clear(); }

    void flaskReceivesExactBytesAndHeaders()
    {
        // Key order, spacing, number text and non-ASCII exactly as written.
        const QByteArray body = "{\"event\": \"user_registered\", \"user_id\": \"123456\", \"name\": \"Zo\xc3\xab\","
                                " \"nested\": {\"b\": 2, \"a\": [1, 2.50, 1e2]}}";
        const HeaderList headers{{"X-Hookbench-Test", "Value with  two spaces"},
                                 {"Content-Type", "application/json; charset=utf-8"},
                                 {"x-lower", "lower"},
                                 {"X-Delivery", "abc-123"}};
        Sender sender;
        SendResult result;
        QVERIFY(sendAndWait(sender, request(QUrl(m_flask.url(QStringLiteral("/webhook"))), "POST", body, headers),
                            &result));

        QCOMPARE(result.error, SendError::None);
        QCOMPARE(result.status, 200);
        QCOMPARE(result.reason, QByteArray("OK"));
        const QJsonObject answer = QJsonDocument::fromJson(result.body).object();
        QCOMPARE(answer.value(QStringLiteral("received")).toBool(), true);
        QCOMPARE(answer.value(QStringLiteral("event")).toString(), QStringLiteral("user_registered"));
        QCOMPARE(Headers::value(result.headers, "content-type"), QByteArray("application/json"));
        QCOMPARE(result.bytesReceived, result.body.size());
        QCOMPARE(result.bytesSent, body.size());
        QVERIFY(result.totalMs > 0);
        QVERIFY(result.firstByteMs >= 0 && result.firstByteMs <= result.totalMs);
        QVERIFY(result.startedAt.isValid());

        QTRY_COMPARE_WITH_TIMEOUT(m_flask.count(), 1, 10000);
        const QJsonObject got = m_flask.received().first();
        QCOMPARE(got.value(QStringLiteral("route")).toString(), QStringLiteral("webhook"));
        QCOMPARE(FlaskPeer::body(got), body); // byte for byte
        QCOMPARE(got.value(QStringLiteral("json")).toObject().value(QStringLiteral("name")).toString(),
                 QStringLiteral("Zo\u00eb"));
        QCOMPARE(FlaskPeer::header(got, QStringLiteral("X-Hookbench-Test")), QStringLiteral("Value with  two spaces"));
        QCOMPARE(FlaskPeer::header(got, QStringLiteral("Content-Type")),
                 QStringLiteral("application/json; charset=utf-8"));
        QCOMPARE(FlaskPeer::header(got, QStringLiteral("Content-Length")), QString::number(body.size()));
        QVERIFY(FlaskPeer::header(got, QStringLiteral("User-Agent")).startsWith(QLatin1String("Hookbench/")));
        // Our headers arrive in the order given (WSGI re-cases the names).
        QStringList order;
        for (const auto &[name, value] : FlaskPeer::headers(got)) {
            Q_UNUSED(value);
            if (name.startsWith(QLatin1String("X-"), Qt::CaseInsensitive) || name == QLatin1String("Content-Type"))
                order << name.toLower();
        }
        QCOMPARE(order,
                 (QStringList{QStringLiteral("x-hookbench-test"), QStringLiteral("content-type"),
                              QStringLiteral("x-lower"), QStringLiteral("x-delivery")}));
    }

    void contentTypeIsAutomaticWhenAbsent_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("json body") << QByteArray("{\"a\": 1}") << QByteArray("Content-Type: application/json\r\n");
        QTest::newRow("other bytes") << QByteArray("a=1&b=2")
                                     << QByteArray("Content-Type: application/octet-stream\r\n");
    }

    void contentTypeIsAutomaticWhenAbsent()
    {
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, expected);
        RawPeer peer;
        QVERIFY(peer.listen());
        Sender sender;
        SendResult result;
        QVERIFY(sendAndWait(sender, request(peer.url(), "POST", body), &result));
        QCOMPARE(result.status, 200);
        QCOMPARE(peer.requests.size(), 1);
        QVERIFY2(peer.requests.first().contains(expected), peer.requests.first().constData());
        QVERIFY(peer.requests.first().contains(
            QByteArray("\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n")));
    }

    void wireKeepsOrderCaseAndBytes()
    {
        RawPeer peer;
        QVERIFY(peer.listen());
        const QByteArray body("{\"n\":1}\n\x01 binary-ish \xff", 22);
        const HeaderList headers{{"X-MiXeD-CaSe", "v1"},
                                 {"x-dup", "1"},
                                 {"Authorization", "Bearer t0k3n"},
                                 {"X-Dup", "2"},
                                 {"Content-Type", "application/x-custom"}};
        Sender sender;
        SendResult result;
        QVERIFY(
            sendAndWait(sender, request(peer.url(QStringLiteral("/hook?a=1&b=%20")), "POST", body, headers), &result));
        QCOMPARE(result.status, 200);
        QCOMPARE(result.body, QByteArray("ok"));
        QCOMPARE(peer.requests.size(), 1);
        const QByteArray raw = peer.requests.first();
        QVERIFY2(raw.startsWith("POST /hook?a=1&b=%20 HTTP/1.1\r\n"), raw.constData());
        QVERIFY(raw.endsWith(QByteArray("\r\n\r\n" + body)));
        const qsizetype mixed = raw.indexOf("\r\nX-MiXeD-CaSe: v1\r\n");
        const qsizetype dup = raw.indexOf("\r\nx-dup: 1, 2\r\n"); // one field per name in Qt: folded, in order
        const qsizetype auth = raw.indexOf("\r\nAuthorization: Bearer t0k3n\r\n");
        const qsizetype type = raw.indexOf("\r\nContent-Type: application/x-custom\r\n");
        QVERIFY2(mixed > 0 && dup > mixed && auth > dup && type > auth, raw.constData());
        QCOMPARE(raw.count("Content-Type:"), 1);
        QCOMPARE(Headers::value(result.requestHeaders, "X-Dup"), QByteArray("1, 2"));
        QCOMPARE(result.requestHeaders.first(), (QPair<QByteArray, QByteArray>("X-MiXeD-CaSe", "v1")));
    }

    void duplicateNamesAreFoldedOnTheWireBothWays()
    {
        // QNetworkRequest/QNetworkReply keep one field per name: a name given twice goes out
        // once, its values joined by ", " in order; repeated answer fields come back joined
        // too (Set-Cookie with a newline, as Qt does).
        ScriptedPeer peer;
        peer.answer = [](QTcpSocket *socket, const ScriptedPeer::Request &) {
            socket->write("HTTP/1.1 201 Created\r\nSet-Cookie: a=1\r\nX-Twice: 1\r\nset-cookie: b=2\r\n"
                          "x-twice: 2\r\nContent-Length: 4\r\n\r\ndone");
        };
        QVERIFY(peer.listen());
        Sender sender;
        SendResult result;
        const HeaderList headers{{"X-A", "1"}, {"x-MiXed", "m"}, {"x-a", "2"}, {"X-A", "3"}};
        QVERIFY(sendAndWait(sender, request(peer.url(), "POST", "{}", headers), &result));
        QCOMPARE(result.status, 201);
        QCOMPARE(result.reason, QByteArray("Created"));
        QCOMPARE(result.body, QByteArray("done"));
        QCOMPARE(Headers::value(result.headers, "Set-Cookie"), QByteArray("a=1\nb=2"));
        QCOMPARE(Headers::value(result.headers, "X-Twice"), QByteArray("1, 2"));

        QCOMPARE(peer.requests.size(), 1);
        const QByteArray raw = peer.requests.first().raw;
        // Qt writes Host first, then the fields as given.
        const QByteArray host = "Host: 127.0.0.1:" + QByteArray::number(peer.url().port()) + "\r\n";
        QVERIFY2(raw.startsWith(QByteArray("POST /hook HTTP/1.1\r\n" + host + "X-A: 1, 2, 3\r\nx-MiXed: m\r\n")),
                 raw.constData());
        QCOMPARE(raw.count("X-A:") + raw.count("x-a:"), 1);
        QCOMPARE(Headers::value(result.requestHeaders, "x-a"), QByteArray("1, 2, 3"));
    }

    void wireCarriesTheReportedHeadersInOrder()
    {
        ScriptedPeer peer;
        QVERIFY(peer.listen());
        Sender sender;
        SendResult result;
        QVERIFY(sendAndWait(sender, request(peer.url(), "POST", "{\"a\":1}", {{"X-One", "1"}}), &result));
        QCOMPARE(result.status, 200);
        QVERIFY(result.firstByteMs >= 0 && result.firstByteMs <= result.totalMs);
        QByteArray ours;
        for (const auto &[name, value] : result.requestHeaders)
            ours += name + ": " + value + "\r\n";
        QCOMPARE(ours,
                 QByteArray("X-One: 1\r\nContent-Type: application/json\r\nUser-Agent: Hookbench/"
                            + AppInfo::version().toLatin1() + "\r\n"));
        const QByteArray raw = peer.requests.first().raw;
        // Qt writes Host first, then ours in order, then what else it adds itself.
        const QByteArray host = "Host: 127.0.0.1:" + QByteArray::number(peer.url().port()) + "\r\n";
        QVERIFY2(raw.startsWith(QByteArray("POST /hook HTTP/1.1\r\n" + host + ours + "Content-Length: 7\r\n")),
                 raw.constData());
        QVERIFY(raw.endsWith("\r\n\r\n{\"a\":1}"));
    }

    void keepAliveReusesOneConnection()
    {
        ScriptedPeer peer;
        QVERIFY(peer.listen());
        Sender sender;
        for (int i = 0; i < 5; ++i) {
            SendResult result;
            QVERIFY(sendAndWait(sender, request(peer.url(), "POST", QByteArray::number(i)), &result));
            QCOMPARE(result.status, 200);
            QCOMPARE(result.body, QByteArray("ok"));
        }
        QCOMPARE(peer.requests.size(), 5);
        QCOMPARE(peer.connections, 1);
        QCOMPARE(peer.requests.last().onConnection, 4);
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
        Sender sender;
        SendResult result;
        QVERIFY(sendAndWait(sender, request(peer.url(), "POST", "1"), &result));
        QCOMPARE(result.status, 200);
        QTest::qWait(100);
        QVERIFY(sendAndWait(sender, request(peer.url(), "POST", "2"), &result));
        QCOMPARE(result.error, SendError::None);
        QCOMPARE(result.status, 200);
        QCOMPARE(peer.connections, 2);
        QCOMPARE(peer.requests.size(), 2);
    }

    void reusedConnectionClosedBeforeAnswerIsSentAgain_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::newRow("GET") << QByteArray("GET");
        QTest::newRow("PUT") << QByteArray("PUT");
        QTest::newRow("POST") << QByteArray("POST");
    }

    void reusedConnectionClosedBeforeAnswerIsSentAgain()
    {
        // Qt sends a request again on a new connection when a kept-alive one closes before
        // any byte of the answer, whatever the method: the receiver sees it twice.
        QFETCH(QByteArray, method);
        ScriptedPeer peer;
        peer.answer = [](QTcpSocket *socket, const ScriptedPeer::Request &request) {
            if (request.connection == 0 && request.onConnection == 1)
                socket->abort();
            else
                socket->write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        };
        QVERIFY(peer.listen());
        Sender sender;
        SendResult result;
        QVERIFY(sendAndWait(sender, request(peer.url(), method, "{}"), &result));
        QCOMPARE(result.status, 200);
        QVERIFY(sendAndWait(sender, request(peer.url(), method, "{}"), &result));
        QCOMPARE(result.error, SendError::None);
        QCOMPARE(result.status, 200);
        QCOMPARE(peer.connections, 2);
        QCOMPARE(peer.requests.size(), 3);
    }

    void answerFraming_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("first");
        QTest::addColumn<QByteArray>("rest");
        QTest::addColumn<bool>("close");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("connections");
        QTest::newRow("chunked") << QByteArray("GET")
                                 << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel")
                                 << QByteArray("lo\r\n6;ext=1\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n") << false << 200
                                 << QByteArray("hello world") << -1; // Qt does not reuse it after a trailer
        QTest::newRow("chunked, no trailer")
            << QByteArray("GET") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel")
            << QByteArray("lo\r\n6\r\n world\r\n0\r\n\r\n") << false << 200 << QByteArray("hello world") << 1;
        QTest::newRow("until close") << QByteArray("GET")
                                     << QByteArray("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil ")
                                     << QByteArray("the end") << true << 200 << QByteArray("until the end") << 2;
        QTest::newRow("HEAD with a length")
            << QByteArray("HEAD") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n") << QByteArray() << false
            << 200 << QByteArray() << 1;
        QTest::newRow("204") << QByteArray("DELETE") << QByteArray("HTTP/1.1 204 No Content\r\n\r\n") << QByteArray()
                             << false << 204 << QByteArray() << 1;
        QTest::newRow("304") << QByteArray("GET")
                             << QByteArray("HTTP/1.1 304 Not Modified\r\nContent-Length: 9\r\n\r\n") << QByteArray()
                             << false << 304 << QByteArray() << 1;
        QTest::newRow("100 then 200") << QByteArray("POST") << QByteArray("HTTP/1.1 100 Continue\r\n\r\n")
                                      << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok") << false << 200
                                      << QByteArray("ok") << 1;
    }

    void answerFraming()
    {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, first);
        QFETCH(QByteArray, rest);
        QFETCH(bool, close);
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(int, connections); // -1: not checked
        ScriptedPeer peer;
        peer.answer = [first, rest, close](QTcpSocket *socket, const ScriptedPeer::Request &) {
            socket->write(first);
            if (!rest.isEmpty() || close)
                writeLater(socket, 20, rest, close);
        };
        QVERIFY(peer.listen());
        Sender sender;
        for (int i = 0; i < 2; ++i) {
            SendResult result;
            QVERIFY(sendAndWait(sender, request(peer.url(), method, method == "POST" ? "{}" : ""), &result));
            QCOMPARE(result.error, SendError::None);
            QCOMPARE(result.status, status);
            QCOMPARE(result.body, body);
        }
        if (connections > 0)
            QCOMPARE(peer.connections, connections); // the framing held when the connection was reused
    }

    void neverPipelinedAtMostSixConnections()
    {
        ScriptedPeer peer;
        peer.answer = [](QTcpSocket *socket, const ScriptedPeer::Request &) {
            writeLater(socket, 30, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        };
        QVERIFY(peer.listen());
        Sender sender;
        QSignalSpy spy(&sender, &Sender::finished);
        for (int i = 0; i < 20; ++i)
            sender.send(request(peer.url(), "POST", QByteArray::number(i)));
        QTRY_COMPARE_WITH_TIMEOUT(spy.size(), 20, 20000);
        for (const auto &arguments : std::as_const(spy))
            QCOMPARE(arguments.at(1).value<SendResult>().status, 200);
        QCOMPARE(peer.connections, 6);
        QCOMPARE(peer.maxWaitingOnOneConnection, 1);
        QCOMPARE(peer.requests.size(), 20);
    }

    void timeoutAndCancelMidAnswer_data()
    {
        QTest::addColumn<bool>("cancel");
        QTest::newRow("timeout") << false;
        QTest::newRow("cancel") << true;
    }

    void timeoutAndCancelMidAnswer()
    {
        QFETCH(bool, cancel);
        ScriptedPeer peer;
        // Head and half the body, then nothing.
        peer.answer = [](QTcpSocket *socket, const ScriptedPeer::Request &) {
            socket->write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf ");
        };
        QVERIFY(peer.listen());
        Sender sender;
        QSignalSpy spy(&sender, &Sender::finished);
        OutgoingRequest r = request(peer.url(), "POST", "{}");
        r.options.timeoutMs = cancel ? 20000 : 300;
        const quint64 id = sender.send(r);
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
        if (!cancel)
            QVERIFY2(result.totalMs >= 280 && result.totalMs < 5000, qPrintable(QString::number(result.totalMs)));
        QCOMPARE(sender.inFlightCount(), 0);
        QTest::qWait(50);
        QCOMPARE(spy.size(), 1);

        // The connection with half an answer on it is not used again.
        peer.answer = [](QTcpSocket *socket, const ScriptedPeer::Request &) {
            socket->write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        };
        r.options.timeoutMs = 20000;
        sender.send(r);
        QTRY_COMPARE_WITH_TIMEOUT(spy.size(), 2, 10000);
        QCOMPARE(spy.at(1).at(1).value<SendResult>().body, QByteArray("ok"));
        QCOMPARE(peer.connections, 2);
    }

    void redirectsOnTheWire_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("301 becomes GET") << 301 << QByteArray("GET") << QByteArray();
        QTest::newRow("302 becomes GET") << 302 << QByteArray("GET") << QByteArray();
        QTest::newRow("303 becomes GET") << 303 << QByteArray("GET") << QByteArray();
        QTest::newRow("307 keeps POST and body") << 307 << QByteArray("POST") << QByteArray("{\"b\":2}");
        QTest::newRow("308 keeps POST and body") << 308 << QByteArray("POST") << QByteArray("{\"b\":2}");
    }

    void redirectsOnTheWire()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, body);
        ScriptedPeer peer;
        peer.answer = [status](QTcpSocket *socket, const ScriptedPeer::Request &request) {
            if (request.raw.contains(" /start "))
                writeLater(socket, 50,
                           "HTTP/1.1 " + QByteArray::number(status)
                               + " Moved\r\nLocation: /final?x=1\r\nContent-Length: 0\r\n\r\n");
            else
                socket->write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        };
        QVERIFY(peer.listen());
        Sender sender;
        SendResult result;
        QVERIFY(sendAndWait(sender, request(peer.url(QStringLiteral("/start")), "POST", "{\"b\":2}"), &result));
        QCOMPARE(result.status, 200);
        QCOMPARE(result.body, QByteArray("ok"));
        QCOMPARE(result.finalUrl, peer.url(QStringLiteral("/final?x=1")));
        QVERIFY2(result.totalMs >= 50, qPrintable(QString::number(result.totalMs))); // the whole exchange
        QCOMPARE(peer.requests.size(), 2);
        const QByteArray second = peer.requests.at(1).raw;
        QVERIFY2(second.startsWith(QByteArray(method + " /final?x=1 HTTP/1.1\r\n")), second.constData());
        QVERIFY2(second.endsWith(QByteArray("\r\n\r\n" + body)), second.constData());
        QCOMPARE(second.contains("Content-Type:"), !body.isEmpty());
    }

    void httpsToHttpRedirectIsRefused()
    {
        QProcess tls;
        tls.start(SendPeers::python(), {QStringLiteral(HOOKBENCH_TEST_DATA "/tls_peer.py")});
        QVERIFY(tls.waitForStarted());
        QVERIFY(QTest::qWaitFor([&] { return tls.canReadLine() || tls.state() == QProcess::NotRunning; }, 20000));
        const QByteArray port = tls.readLine().trimmed();
        QVERIFY2(!port.isEmpty(), tls.readAllStandardError().constData());
        ScriptedPeer plain;
        QVERIFY(plain.listen());
        QUrl url(QStringLiteral("https://localhost:%1/redirect").arg(QString::fromLatin1(port)));
        url.setQuery(QStringLiteral("to=") + QString::fromLatin1(QUrl::toPercentEncoding(plain.url().toString())));
        OutgoingRequest r = request(url, "GET");
        r.options.ignoreTlsErrors = true;
        Sender sender;
        SendResult result;
        QVERIFY(sendAndWait(sender, r, &result));
        QCOMPARE(result.errorText, QStringLiteral("refused a redirect from https to http"));
        QCOMPARE(result.error, SendError::Network);
        QCOMPARE(result.status, 0);
        QCOMPARE(plain.requests.size(), 0);
        tls.kill();
        tls.waitForFinished();
    }

    void proxyModes_data()
    {
        QTest::addColumn<int>("modeValue");
        QTest::newRow("system") << int(ProxyMode::System);
        QTest::newRow("none") << int(ProxyMode::None);
        QTest::newRow("manual") << int(ProxyMode::Manual);
    }

    void proxyModes()
    {
        // Manual: the request goes to the proxy in absolute form; System (no proxy for
        // loopback) and None: straight to the target.
        QFETCH(int, modeValue);
        const auto mode = ProxyMode(modeValue);
        ScriptedPeer target;
        ScriptedPeer proxy;
        QVERIFY(target.listen());
        QVERIFY(proxy.listen());
        OutgoingRequest r = request(target.url(), "POST", "{}");
        r.options.proxyMode = mode;
        r.options.proxyUrl = QStringLiteral("127.0.0.1:%1").arg(proxy.url().port());
        Sender sender;
        SendResult result;
        QVERIFY(sendAndWait(sender, r, &result));
        QCOMPARE(result.status, 200);
        ScriptedPeer &reached = mode == ProxyMode::Manual ? proxy : target;
        QCOMPARE(reached.requests.size(), 1);
        QCOMPARE((mode == ProxyMode::Manual ? target : proxy).requests.size(), 0);
        const QByteArray startLine = mode == ProxyMode::Manual ? "POST " + target.url().toEncoded() + " HTTP/1.1\r\n"
                                                               : QByteArray("POST /hook HTTP/1.1\r\n");
        QVERIFY2(reached.requests.first().raw.startsWith(startLine), reached.requests.first().raw.constData());
    }

    void methods_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("contentLengthZero");
        QTest::newRow("GET") << QByteArray("GET") << QByteArray() << false;
        QTest::newRow("GET with body") << QByteArray("GET") << QByteArray("{}") << false;
        QTest::newRow("HEAD") << QByteArray("HEAD") << QByteArray() << false;
        QTest::newRow("POST empty") << QByteArray("POST") << QByteArray() << true;
        QTest::newRow("PUT") << QByteArray("PUT") << QByteArray("{\"put\":true}") << false;
        QTest::newRow("PATCH") << QByteArray("PATCH") << QByteArray("[1]") << false;
        QTest::newRow("DELETE") << QByteArray("DELETE") << QByteArray() << false;
        QTest::newRow("OPTIONS") << QByteArray("OPTIONS") << QByteArray() << false;
        QTest::newRow("custom PURGE") << QByteArray("PURGE") << QByteArray() << false;
        QTest::newRow("lower-case kept") << QByteArray("post") << QByteArray("{}") << false;
    }

    void methods()
    {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, body);
        QFETCH(bool, contentLengthZero);
        RawPeer peer;
        QVERIFY(peer.listen());
        if (method == "HEAD")
            peer.response = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n"; // a HEAD answer has no body
        Sender sender;
        SendResult result;
        QVERIFY(sendAndWait(sender, request(peer.url(), method, body), &result));
        QCOMPARE(result.error, SendError::None);
        QCOMPARE(result.status, 200);
        QCOMPARE(result.body, method == "HEAD" ? QByteArray() : QByteArray("ok"));
        QCOMPARE(peer.requests.size(), 1);
        const QByteArray raw = peer.requests.first();
        QVERIFY2(raw.startsWith(QByteArray(method + " /hook HTTP/1.1\r\n")), raw.constData());
        QVERIFY(raw.endsWith(QByteArray("\r\n\r\n" + body)));
        QCOMPARE(raw.contains("\r\nContent-Length: 0\r\n"), contentLengthZero);
    }

    void failuresInPlainWords_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<SendError>("error");
        QTest::addColumn<QString>("text");
        QTest::newRow("refused") << QStringLiteral("refused") << SendError::ConnectionRefused
                                 << QStringLiteral("connection refused");
        QTest::newRow("timeout") << QStringLiteral("silent") << SendError::Timeout
                                 << QStringLiteral("timed out after 300 ms");
        QTest::newRow("host not found") << QStringLiteral("dns") << SendError::HostNotFound
                                        << QStringLiteral("host not found: hookbench-test.invalid");
        QTest::newRow("not http") << QStringLiteral("ftp") << SendError::InvalidRequest
                                  << QStringLiteral("not an http or https URL: ftp://127.0.0.1/x");
    }

    void failuresInPlainWords()
    {
        QFETCH(QString, scenario);
        QFETCH(SendError, error);
        QFETCH(QString, text);
        RawPeer silent;
        silent.silent = true;
        QVERIFY(silent.listen());
        QUrl url;
        if (scenario == QLatin1String("refused"))
            url = QUrl(QStringLiteral("http://127.0.0.1:%1/hook").arg(SendPeers::deadPort()));
        else if (scenario == QLatin1String("silent"))
            url = silent.url();
        else if (scenario == QLatin1String("dns"))
            url = QUrl(QStringLiteral("http://hookbench-test.invalid/hook")); // RFC 6761: never resolves
        else
            url = QUrl(QStringLiteral("ftp://127.0.0.1/x"));
        OutgoingRequest r = request(url, "POST", "{}");
        if (scenario == QLatin1String("silent"))
            r.options.timeoutMs = 300; // the others keep a long deadline: a slow resolver is not a timeout
        Sender sender;
        SendResult result;
        QVERIFY(sendAndWait(sender, r, &result));
        QCOMPARE(result.error, error);
        QCOMPARE(result.errorText, text);
        QCOMPARE(result.status, 0);
        QVERIFY(!result.hasResponse());
        QVERIFY(!result.isSuccess());
    }

    void statusCodesAreAnswers_data()
    {
        QTest::addColumn<int>("status");
        QTest::newRow("404") << 404;
        QTest::newRow("500") << 500;
        QTest::newRow("201") << 201;
    }

    void statusCodesAreAnswers()
    {
        QFETCH(int, status);
        Sender sender;
        SendResult result;
        QVERIFY(
            sendAndWait(sender, request(QUrl(m_flask.url(QStringLiteral("/status/%1").arg(status))), "GET"), &result));
        QCOMPARE(result.error, SendError::None);
        QVERIFY(result.errorText.isEmpty());
        QCOMPARE(result.status, status);
        QCOMPARE(result.isSuccess(), status < 300);
        QCOMPARE(QJsonDocument::fromJson(result.body).object().value(QStringLiteral("status")).toInt(), status);
    }

    void redirects_data()
    {
        QTest::addColumn<int>("hops");
        QTest::addColumn<bool>("follow");
        QTest::addColumn<int>("limit");
        QTest::addColumn<int>("status");
        QTest::addColumn<SendError>("error");
        QTest::addColumn<QString>("finalPath");
        QTest::newRow("followed") << 2 << true << 10 << 200 << SendError::None << QStringLiteral("/redirect/0");
        QTest::newRow("not followed") << 2 << false << 10 << 302 << SendError::None << QStringLiteral("/redirect/2");
        QTest::newRow("too many") << 5 << true << 3 << 0 << SendError::TooManyRedirects << QString();
    }

    void redirects()
    {
        QFETCH(int, hops);
        QFETCH(bool, follow);
        QFETCH(int, limit);
        QFETCH(int, status);
        QFETCH(SendError, error);
        QFETCH(QString, finalPath);
        OutgoingRequest r = request(QUrl(m_flask.url(QStringLiteral("/redirect/%1").arg(hops))), "GET");
        r.options.followRedirects = follow;
        r.options.maxRedirects = limit;
        Sender sender;
        SendResult result;
        QVERIFY(sendAndWait(sender, r, &result));
        QCOMPARE(result.error, error);
        QCOMPARE(result.status, status);
        if (error == SendError::TooManyRedirects)
            QCOMPARE(result.errorText, QStringLiteral("too many redirects (limit 3)"));
        else
            QCOMPARE(result.finalUrl.path(), finalPath);
    }

    void tlsProblemsAreNamed()
    {
        QProcess peer;
        peer.start(SendPeers::python(), {QStringLiteral(HOOKBENCH_TEST_DATA "/tls_peer.py")});
        QVERIFY(peer.waitForStarted());
        QVERIFY(QTest::qWaitFor([&] { return peer.canReadLine() || peer.state() == QProcess::NotRunning; }, 20000));
        const QByteArray port = peer.readLine().trimmed();
        QVERIFY2(!port.isEmpty(), peer.readAllStandardError().constData());
        const QUrl url(QStringLiteral("https://localhost:%1/hook").arg(QString::fromLatin1(port)));

        Sender sender;
        SendResult result;
        QVERIFY(sendAndWait(sender, request(url, "POST", "{}"), &result));
        QCOMPARE(result.error, SendError::Tls);
        QVERIFY2(result.errorText.startsWith(QLatin1String("TLS error: ")), qPrintable(result.errorText));
        QVERIFY2(result.errorText.contains(QLatin1String("self-signed"), Qt::CaseInsensitive),
                 qPrintable(result.errorText));

        OutgoingRequest insecure = request(url, "POST", "{}");
        insecure.options.ignoreTlsErrors = true;
        QVERIFY(sendAndWait(sender, insecure, &result));
        QCOMPARE(result.error, SendError::None);
        QCOMPARE(result.status, 200);
        QCOMPARE(QJsonDocument::fromJson(result.body).object().value(QStringLiteral("tls")).toBool(), true);
        peer.kill();
        peer.waitForFinished();
    }

    void cancelReportsCancelled()
    {
        RawPeer silent;
        silent.silent = true;
        QVERIFY(silent.listen());
        Sender sender;
        QSignalSpy spy(&sender, &Sender::finished);
        const quint64 id = sender.send(request(silent.url(), "POST", "{}"));
        QTRY_COMPARE(silent.requests.size(), 1);
        QCOMPARE(sender.inFlightCount(), 1);
        sender.cancel(id);
        QCOMPARE(spy.size(), 0); // never from inside cancel()
        QTRY_COMPARE(spy.size(), 1);
        const auto result = spy.first().at(1).value<SendResult>();
        QCOMPARE(spy.first().at(0).toULongLong(), id);
        QCOMPARE(result.error, SendError::Cancelled);
        QCOMPARE(result.errorText, QStringLiteral("cancelled"));
        QCOMPARE(sender.inFlightCount(), 0);
        QTest::qWait(50);
        QCOMPARE(spy.size(), 1); // exactly once
    }

    void manyAtOnceEachFinishedOnce()
    {
        Sender sender;
        QSignalSpy spy(&sender, &Sender::finished);
        QSet<quint64> ids;
        for (int i = 0; i < 20; ++i)
            ids.insert(sender.send(request(QUrl(m_flask.url(QStringLiteral("/status/200"))), "GET")));
        QCOMPARE(ids.size(), 20);
        QVERIFY(!ids.contains(0));
        QTRY_COMPARE_WITH_TIMEOUT(spy.size(), 20, 20000);
        QSet<quint64> finished;
        for (const auto &arguments : spy) {
            finished.insert(arguments.at(0).toULongLong());
            QCOMPARE(arguments.at(1).value<SendResult>().status, 200);
        }
        QCOMPARE(finished, ids);
    }
};

QTEST_GUILESS_MAIN(TestSender)
#include "tst_sender.moc"
