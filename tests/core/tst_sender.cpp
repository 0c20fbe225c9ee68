#include "core/send/sender.h"
#include "support/sendpeers.h"
#include "support/testsupport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

using SendPeers::FlaskPeer;
using SendPeers::RawPeer;

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
