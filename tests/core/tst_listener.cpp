#include "core/capture/capturedatabase.h"
#include "support/listenertestsupport.h"
#include "support/testsupport.h"

#include <QProcess>
#include <QTemporaryDir>

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

// The listener over real sockets: RFC 9112 framing, limits, timeouts, pipelining,
// keep-alive, 100-continue, exact bytes, response rules, and real peers (curl, Python).
class TestListener : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { TestSupport::isolateUserData(); }

    void malformedRequests_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("reason");

        const QByteArray post = "POST /hook HTTP/1.1\r\nHost: a\r\n";
        QTest::newRow("duplicate Content-Length")
            << QByteArray(post + "Content-Length: 3\r\nContent-Length: 4\r\n\r\nabcd") << 400 << "Content-Length";
        QTest::newRow("duplicate equal Content-Length")
            << QByteArray(post + "Content-Length: 3\r\nContent-Length: 3\r\n\r\nabc") << 400 << "Content-Length";
        QTest::newRow("negative Content-Length")
            << QByteArray(post + "Content-Length: -1\r\n\r\n") << 400 << "Content-Length";
        QTest::newRow("non-numeric Content-Length")
            << QByteArray(post + "Content-Length: 1x\r\n\r\nab") << 400 << "Content-Length";
        QTest::newRow("list Content-Length")
            << QByteArray(post + "Content-Length: 3, 3\r\n\r\nabc") << 400 << "Content-Length";
        QTest::newRow("Content-Length with Transfer-Encoding")
            << QByteArray(post + "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n") << 400
            << "Content-Length";
        QTest::newRow("unknown coding before chunked")
            << QByteArray(post + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n") << 400 << "Transfer-Encoding";
        QTest::newRow("chunked not last")
            << QByteArray(post + "Transfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n") << 400 << "Transfer-Encoding";
        QTest::newRow("empty element after chunked")
            << QByteArray(post + "Transfer-Encoding: chunked,\r\n\r\n0\r\n\r\n") << 400 << "after 'chunked'";
        QTest::newRow("empty element after chunked, spaces")
            << QByteArray(post + "Transfer-Encoding: chunked , \r\n\r\n0\r\n\r\n") << 400 << "after 'chunked'";
        QTest::newRow("identity coding") << QByteArray(post + "Transfer-Encoding: identity\r\n\r\n") << 400
                                         << "Transfer-Encoding";
        QTest::newRow("two Transfer-Encoding fields")
            << QByteArray(post + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n") << 400
            << "Transfer-Encoding";
        QTest::newRow("space before colon in Transfer-Encoding")
            << QByteArray(post + "Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n") << 400 << "";
        QTest::newRow("invalid chunk size")
            << QByteArray(post + "Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n") << 400 << "chunk size";
        QTest::newRow("missing CRLF after chunk data")
            << QByteArray(post + "Transfer-Encoding: chunked\r\n\r\n3\r\nabcXX0\r\n\r\n") << 400 << "CRLF";
        QTest::newRow("bare CR in header value")
            << QByteArray(post + "X-A: 1\r2\r\nContent-Length: 0\r\n\r\n") << 400 << "";
        QTest::newRow("NUL in header value") << QByteArray(post + QByteArray("X-A: 1\0002\r\n\r\n", 12)) << 400 << "";
        QTest::newRow("whitespace before colon") << QByteArray("GET / HTTP/1.1\r\nHost : a\r\n\r\n") << 400 << "";
        QTest::newRow("bad header name") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nBad[Name]: 1\r\n\r\n") << 400
                                         << "";
        QTest::newRow("obs-fold") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nX-A: 1\r\n 2\r\n\r\n") << 400 << "";
        QTest::newRow("HTTP/0.9") << QByteArray("GET /\r\n\r\n") << 400 << "";
        QTest::newRow("HTTP/1.2") << QByteArray("GET / HTTP/1.2\r\nHost: a\r\n\r\n") << 400 << "version";
        QTest::newRow("HTTP/2.0 on the wire") << QByteArray("GET / HTTP/2.0\r\nHost: a\r\n\r\n") << 400 << "version";
        QTest::newRow("not a version") << QByteArray("GET / HTXP/1.1\r\nHost: a\r\n\r\n") << 400 << "";
        QTest::newRow("missing Host on 1.1") << QByteArray("GET / HTTP/1.1\r\nX-A: 1\r\n\r\n") << 400 << "Host";
        QTest::newRow("duplicate Host") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n") << 400 << "Host";
        QTest::newRow("invalid method") << QByteArray("G@T / HTTP/1.1\r\nHost: a\r\n\r\n") << 400 << "";
        QTest::newRow("space in target") << QByteArray("GET /a b HTTP/1.1\r\nHost: a\r\n\r\n") << 400 << "";
        QTest::newRow("unsupported expectation")
            << QByteArray(post + "Expect: magic\r\nContent-Length: 0\r\n\r\n") << 417 << "expectation";
        QTest::newRow("target over limit")
            << QByteArray("GET /" + QByteArray(70 * 1024, 'a') + " HTTP/1.1\r\nHost: a\r\n\r\n") << 414
            << "request-target";
        QTest::newRow("header section over limit")
            << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + QByteArray(70 * 1024, 'b') + "\r\n\r\n") << 431
            << "header section";
        QByteArray many = "GET / HTTP/1.1\r\nHost: a\r\n";
        for (int i = 0; i < 130; ++i)
            many += "X-" + QByteArray::number(i) + ": v\r\n";
        QTest::newRow("too many header fields") << QByteArray(many + "\r\n") << 431 << "header fields";
        QTest::newRow("Content-Length over limit")
            << QByteArray(post + "Content-Length: 999999999999\r\n\r\n") << 413 << "limit";
        QTest::newRow("chunked body over limit")
            << QByteArray(post + "Transfer-Encoding: chunked\r\n\r\n" + QByteArray::number(33 * 1024 * 1024, 16)
                          + "\r\n" + QByteArray(33 * 1024 * 1024, 'x') + "\r\n0\r\n\r\n")
            << 413 << "limit";
    }

    void malformedRequests()
    {
        ListenerFixture fixture;
        checkMalformedRequest(fixture);
    }

    // Issue 15: the same corpus over TLS is framed, refused and recorded the same way.
    void malformedRequestsOverTls_data() { malformedRequests_data(); }
    void malformedRequestsOverTls()
    {
        ListenerFixture fixture(tlsConfig());
        checkMalformedRequest(fixture);
        if (QTest::currentTestFailed())
            return;
        QVERIFY(fixture.captures.constFirst().tls.used);
        QCOMPARE(fixture.captures.constFirst().tls.sni, QStringLiteral("localhost"));
    }

    void smugglingShapesOverTls_data() { smugglingShapes_data(); }
    void smugglingShapesOverTls()
    {
        ListenerFixture fixture(tlsConfig());
        checkSmugglingShape(fixture);
    }

private:
    ListenerConfig tlsConfig() const
    {
        ListenerConfig config;
        config.tls.enabled = true;
        config.tls.folder = m_tlsDir.filePath(QStringLiteral("tls"));
        return config;
    }

    void checkMalformedRequest(ListenerFixture &fixture)
    {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        QFETCH(QString, reason);
        // The listener closes after answering a malformed request, which ends the exchange; the
        // answer waits for the capture's commit (32 MB of a body over the limit: seconds, when busy).
        const QByteArray reply = fixture.exchange(request, 15000);
        QCOMPARE(ListenerFixture::statusOf(reply), status);
        QVERIFY2(reply.contains("Connection: close"), reply.constData());

        // Recorded, with its raw bytes, the reason and where it went wrong.
        QTRY_COMPARE(fixture.captures.size(), 1);
        const Capture capture = fixture.captures.constFirst();
        QCOMPARE(capture.status, Capture::Status::Rejected);
        QVERIFY2(capture.error.contains(reason, Qt::CaseInsensitive), qPrintable(capture.error));
        QVERIFY(!capture.error.isEmpty());
        QVERIFY(capture.errorOffset >= 0);
        QVERIFY(request.startsWith(capture.raw.left(qMin<qsizetype>(capture.raw.size(), 64 * 1024))));
        QCOMPARE(capture.response.status, status);
        QVERIFY(capture.seq > 0);
        if (request.startsWith("POST /hook HTTP/1.1\r\n")) {
            // What was read of the request line before the problem is kept.
            QCOMPARE(capture.method, QByteArray("POST"));
            QCOMPARE(capture.target, QByteArray("/hook"));
            QCOMPARE(capture.httpVersion, QByteArray("1.1"));
        }

        // The listener keeps serving.
        QCOMPARE(
            ListenerFixture::statusOf(fixture.exchange("GET /after HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")),
            200);
    }

    void checkSmugglingShape(ListenerFixture &fixture)
    {
        QFETCH(QByteArray, request);
        QFETCH(QList<int>, answers);
        QFETCH(int, captures);
        QFETCH(int, status);
        QFETCH(QString, reason);
        QFETCH(qint64, offset);
        const QByteArray reply = fixture.exchange(request);

        QList<int> statuses;
        for (qsizetype at = reply.indexOf("HTTP/1.1 "); at >= 0; at = reply.indexOf("\r\nHTTP/1.1 ", at + 1))
            statuses << reply.mid(at + (reply.at(at) == '\r' ? 11 : 9), 3).toInt();
        QCOMPARE(statuses, answers);
        QVERIFY2(reply.contains("Connection: close"), reply.constData());

        QTRY_COMPARE(fixture.captures.size(), captures);
        for (int i = 0; i < captures - 1; ++i)
            QCOMPARE(fixture.captures.at(i).status, Capture::Status::Accepted);
        const Capture rejected = fixture.captures.constLast();
        QCOMPARE(rejected.status, Capture::Status::Rejected);
        // (After a CONNECT its answer is recorded but never sent: the connection closed first,
        // as with bytes after Connection: close.)
        QCOMPARE(rejected.response.status, status);
        QVERIFY2(rejected.error.contains(reason, Qt::CaseInsensitive), qPrintable(rejected.error));
        QVERIFY(rejected.errorOffset >= 0);
        if (offset >= 0)
            QCOMPARE(rejected.errorOffset, offset);
        // The captures' raw bytes are the connection's bytes, in order, none twice.
        QByteArray raw;
        for (const Capture &capture : std::as_const(fixture.captures))
            raw += capture.raw;
        QCOMPARE(raw, request);

        // The listener keeps serving, and nothing more was recorded from the bad connection.
        QCOMPARE(
            ListenerFixture::statusOf(fixture.exchange("GET /after HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")),
            200);
        QTRY_COMPARE(fixture.captures.size(), captures + 1);
        QCOMPARE(fixture.captures.constLast().path(), QByteArray("/after"));
    }

private Q_SLOTS:
    // Issue 18: shapes where one connection's bytes could be framed as more requests than
    // a strict reading finds (request smuggling). Each is answered in order, the bad one
    // with its status and a close; exactly the right captures are kept, and the listener
    // goes on serving.
    void smugglingShapes_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<QList<int>>("answers"); // statuses on the wire, in order
        QTest::addColumn<int>("captures");       // all of them; the last is the rejected one
        QTest::addColumn<int>("status");         // of the rejected capture
        QTest::addColumn<QString>("reason");
        QTest::addColumn<qint64>("offset"); // -1: not checked

        const QByteArray get = "GET / HTTP/1.1\r\nHost: a\r\n";
        const QByteArray post = "POST /hook HTTP/1.1\r\nHost: a\r\n";
        const QByteArray chunked = post + "Transfer-Encoding: chunked\r\n\r\n";
        const QByteArray next = "GET /next HTTP/1.1\r\nHost: a\r\n\r\n";
        const QByteArray good = "GET /good HTTP/1.1\r\nHost: a\r\n\r\n";
        using L = QList<int>;

        // A bare CR after the header block's last CRLF.
        QTest::newRow("CR LF CR X") << QByteArray(get + "\rX" + next) << L{400} << 1 << 400 << "LF after headers"
                                    << qint64(get.size() + 1);
        QTest::newRow("CR LF CR CR") << QByteArray(get + "\r\r" + next) << L{400} << 1 << 400 << "LF after headers"
                                     << qint64(get.size() + 1);
        QTest::newRow("CR LF CR request")
            << QByteArray(get + "\r" + next) << L{400} << 1 << 400 << "LF after headers" << qint64(get.size() + 1);
        QTest::newRow("CR LF CR with keep-alive") << QByteArray(get + "Connection: keep-alive\r\n\rX" + next) << L{400}
                                                  << 1 << 400 << "LF after headers" << qint64(get.size() + 25);
        QTest::newRow("CR LF CR before a body") << QByteArray(post + "Content-Length: 5\r\n\r hello" + next) << L{400}
                                                << 1 << 400 << "LF after headers" << qint64(post.size() + 20);
        QTest::newRow("CR LF CR in a pipelined second request")
            << QByteArray(good + get + "\rX" + next) << L{200, 400} << 2 << 400 << "LF after headers"
            << qint64(get.size() + 1);
        QTest::newRow("CR LF CR after a trailer") << QByteArray(chunked + "0\r\nT: 1\r\n\rX" + next) << L{400} << 1
                                                  << 400 << "" << qint64(chunked.size() + 10);

        // A bare CR in a chunk-size line or chunk extension (RFC 9112 §7.1).
        QTest::newRow("CR in chunk size") << QByteArray(chunked + "3\rX\r\nabc\r\n0\r\n\r\n" + next) << L{400} << 1
                                          << 400 << "LF after chunk size" << qint64(chunked.size() + 2);
        QTest::newRow("CR before chunk extension")
            << QByteArray(chunked + "3\r;a=b\r\nabc\r\n0\r\n\r\n" + next) << L{400} << 1 << 400 << "LF after chunk size"
            << qint64(chunked.size() + 2);
        QTest::newRow("CR in chunk extension name")
            << QByteArray(chunked + "3;a\rb\r\nabc\r\n0\r\n\r\n" + next) << L{400} << 1 << 400 << "LF after chunk size"
            << qint64(chunked.size() + 4);
        QTest::newRow("CR in chunk extension value")
            << QByteArray(chunked + "3;a=b\rc\r\nabc\r\n0\r\n\r\n" + next) << L{400} << 1 << 400
            << "LF after chunk size" << qint64(chunked.size() + 6);
        QTest::newRow("CR in last chunk extension, keep-alive")
            << QByteArray(post + "Connection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n0;e\r\r\n\r\n" + next)
            << L{400} << 1 << 400 << "LF after chunk size" << qint64(-1);
        QTest::newRow("CR in chunk size after an accepted request")
            << QByteArray(good + chunked + "1\r\na\r\n2\rXbc\r\n0\r\n\r\n") << L{200, 400} << 2 << 400
            << "LF after chunk size" << qint64(chunked.size() + 8);

        // A field line with an empty name (RFC 9110 §5.1).
        QTest::newRow("empty name") << QByteArray(get + ": value\r\n\r\n" + next) << L{400} << 1 << 400 << "empty name"
                                    << qint64(get.size() + 1);
        QTest::newRow("empty name, no space")
            << QByteArray(get + ":v\r\n\r\n") << L{400} << 1 << 400 << "empty name" << qint64(get.size() + 1);
        QTest::newRow("empty name, spaces")
            << QByteArray(get + "  : v\r\n\r\n") << L{400} << 1 << 400 << "" << qint64(-1);
        QTest::newRow("empty name hiding a Content-Length")
            << QByteArray(post + ": Content-Length: 5\r\n\r\nhello" + next) << L{400} << 1 << 400 << "empty name"
            << qint64(post.size() + 1);
        QTest::newRow("empty name in a trailer") << QByteArray(chunked + "0\r\n: v\r\n\r\n" + next) << L{400} << 1
                                                 << 400 << "empty name" << qint64(chunked.size() + 4);
        QTest::newRow("empty name after an accepted request") << QByteArray(good + get + ": v\r\n\r\n") << L{200, 400}
                                                              << 2 << 400 << "empty name" << qint64(get.size() + 1);

        // Found by fuzzing the parser against a strict reference (tests/fuzz).
        QTest::newRow("bare LF ending the head")
            << QByteArray(get + "\n" + next) << L{400} << 1 << 400 << "bare LF" << qint64(get.size());
        QTest::newRow("bare CR between requests")
            << QByteArray(good + "\r" + next) << L{200, 400} << 2 << 400 << "before the request line" << qint64(0);
        QTest::newRow("obs-fold after an empty Content-Length")
            << QByteArray(post + "Content-Length:\r\n 2\r\n\r\nhi" + next) << L{400} << 1 << 400 << "obs-fold"
            << qint64(-1);
        QTest::newRow("two spaces in the request line") << QByteArray("GET /a  HTTP/1.1\r\nHost: a\r\n\r\n" + next)
                                                        << L{400} << 1 << 400 << "request line" << qint64(-1);
        // The CONNECT is answered and the connection closed: what followed is kept, not answered.
        QTest::newRow("bytes after CONNECT") << QByteArray("CONNECT a:443 HTTP/1.1\r\nHost: a\r\n\r\n" + next) << L{200}
                                             << 2 << 400 << "CONNECT" << qint64(0);
        QTest::newRow("Transfer-Encoding in HTTP/1.0")
            << QByteArray("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n") << L{400} << 1 << 400
            << "HTTP/1.0" << qint64(-1);
    }

    void smugglingShapes()
    {
        ListenerFixture fixture;
        checkSmugglingShape(fixture);
    }

    // RFC 9110 §5.6.1: empty list elements are ignored, so these are chunked.
    void emptyTransferCodingElementsAreIgnored_data()
    {
        QTest::addColumn<QByteArray>("coding");
        QTest::newRow(",chunked") << QByteArray(",chunked");
        QTest::newRow(" , chunked") << QByteArray(" , chunked");
        QTest::newRow(",, chunked") << QByteArray(",, chunked");
        QTest::newRow(", ,\tchunked") << QByteArray(", ,\tchunked");
    }

    void emptyTransferCodingElementsAreIgnored()
    {
        QFETCH(QByteArray, coding);
        ListenerFixture fixture;
        const QByteArray request = "POST /te HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: " + coding
            + "\r\n\r\n3\r\nabc\r\n0\r\n\r\nGET /second HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n";
        const QByteArray reply = fixture.exchange(request);
        QCOMPARE(ListenerFixture::statusOf(reply), 200);
        QCOMPARE(reply.count("HTTP/1.1 200"), 2);
        QTRY_COMPARE(fixture.captures.size(), 2);
        QCOMPARE(fixture.captures.at(0).status, Capture::Status::Accepted);
        QCOMPARE(fixture.captures.at(0).body, QByteArray("abc"));
        QCOMPARE(fixture.captures.at(1).path(), QByteArray("/second"));
    }

    void acceptedShapes_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("content-length") << QByteArray(
            "POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello")
                                        << QByteArray("hello");
        QTest::newRow("chunked with extension and trailer")
            << QByteArray("POST /a HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nConnection: "
                          "close\r\n\r\n5;name=v\r\nhello\r\n1\r\n!\r\n0\r\nX-Trailer: t\r\n\r\n")
            << QByteArray("hello!");
        QTest::newRow("HTTP/1.0 without Host")
            << QByteArray("POST /a HTTP/1.0\r\nContent-Length: 2\r\n\r\nhi") << QByteArray("hi");
        QTest::newRow("absolute-form target")
            << QByteArray("GET http://example.test/p?q=1 HTTP/1.1\r\nHost: example.test\r\nConnection: close\r\n\r\n")
            << QByteArray();
        QTest::newRow("leading empty line")
            << QByteArray("\r\nGET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n") << QByteArray();
    }

    void acceptedShapes()
    {
        QFETCH(QByteArray, request);
        QFETCH(QByteArray, body);
        ListenerFixture fixture;
        QCOMPARE(ListenerFixture::statusOf(fixture.exchange(request)), 200);
        QTRY_COMPARE(fixture.captures.size(), 1);
        QCOMPARE(fixture.captures.constFirst().status, Capture::Status::Accepted);
        QCOMPARE(fixture.captures.constFirst().body, body);
        QCOMPARE(fixture.captures.constFirst().raw, request);
    }

    void captureFieldsAreExact()
    {
        ListenerFixture fixture;
        QByteArray binary;
        for (int i = 0; i < 256; ++i)
            binary += char(i);
        const QByteArray request = "PUT /hooks/x?a=1&b=%20 HTTP/1.1\r\nHost: a\r\nX-Dup: 1\r\nx-dup: 2\r\n"
                                   "X-Latin: caf\xe9\r\nContent-Type: application/octet-stream\r\n"
                                   "Content-Length: 256\r\nConnection: close\r\n\r\n"
            + binary;
        QCOMPARE(ListenerFixture::statusOf(fixture.exchange(request)), 200);
        QTRY_COMPARE(fixture.captures.size(), 1);
        const Capture c = fixture.captures.constFirst();
        QCOMPARE(c.method, QByteArray("PUT"));
        QCOMPARE(c.target, QByteArray("/hooks/x?a=1&b=%20"));
        QCOMPARE(c.path(), QByteArray("/hooks/x"));
        QCOMPARE(c.query(), QByteArray("a=1&b=%20"));
        QCOMPARE(c.httpVersion, QByteArray("1.1"));
        QCOMPARE(c.headers.size(), 7);
        QCOMPARE(c.headers.at(1), qMakePair(QByteArray("X-Dup"), QByteArray("1")));
        QCOMPARE(c.headers.at(2), qMakePair(QByteArray("x-dup"), QByteArray("2")));
        QCOMPARE(c.headers.at(3).second, QByteArray("caf\xe9"));
        QCOMPARE(c.body, binary);
        QCOMPARE(c.raw, request);
        QCOMPARE(c.remoteAddress, QStringLiteral("127.0.0.1"));
        QVERIFY(c.remotePort > 0);
        QCOMPARE(c.localPort, fixture.port);
        QVERIFY(c.receivedAtMs > 0 && c.completedAtMs >= c.receivedAtMs);

        // And the same bytes come back out of the store.
        CaptureDatabase db;
        QString error;
        QVERIFY(db.open(fixture.store->fileName(), &error));
        const auto stored = db.load(c.seq);
        QVERIFY(stored);
        QCOMPARE(stored->body, binary);
        QCOMPARE(stored->raw, request);
        QCOMPARE(stored->headers, c.headers);
        QCOMPARE(stored->response.status, 200);
    }

    void pipelinedRequestsAreAnsweredInOrder()
    {
        ListenerConfig config;
        config.policy = ResponsePolicy({ResponseSpec{201, {}, "one", 0, false}, ResponseSpec{202, {}, "two", 0, false},
                                        ResponseSpec{203, {}, "three", 0, false}});
        ListenerFixture fixture(config);
        const QByteArray reply = fixture.exchange("POST /1 HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n\r\nA"
                                                  "GET /2 HTTP/1.1\r\nHost: a\r\n\r\n"
                                                  "GET /3 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        const qsizetype first = reply.indexOf("HTTP/1.1 201");
        const qsizetype second = reply.indexOf("HTTP/1.1 202");
        const qsizetype third = reply.indexOf("HTTP/1.1 203");
        QVERIFY2(first == 0 && second > first && third > second, reply.constData());
        QTRY_COMPARE(fixture.captures.size(), 3);
        QCOMPARE(fixture.captures.at(0).path(), QByteArray("/1"));
        QCOMPARE(fixture.captures.at(2).path(), QByteArray("/3"));
        QCOMPARE(fixture.captures.at(0).raw, QByteArray("POST /1 HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n\r\nA"));
    }

    void keepAliveServesSeveralRequests()
    {
        ListenerFixture fixture;
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, fixture.port);
        QVERIFY(socket.waitForConnected());
        for (int i = 0; i < 3; ++i) {
            socket.write("POST /k HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhi");
            QByteArray reply;
            while (!reply.endsWith("\r\n\r\n") && socket.waitForReadyRead(3000))
                reply += socket.readAll();
            QCOMPARE(ListenerFixture::statusOf(reply), 200);
            QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
        }
        QTRY_COMPARE(fixture.captures.size(), 3);
    }

    void expectContinue()
    {
        ListenerFixture fixture;
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, fixture.port);
        QVERIFY(socket.waitForConnected());
        socket.write("POST /e HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: "
                     "4\r\nConnection: close\r\n\r\n");
        QVERIFY(socket.waitForReadyRead(3000));
        QCOMPARE(socket.readAll(), QByteArray("HTTP/1.1 100 Continue\r\n\r\n"));
        socket.write("body");
        QCOMPARE(ListenerFixture::statusOf(ListenerFixture::readAll(socket, 3000)), 200);
        QTRY_COMPARE(fixture.captures.size(), 1);
        QCOMPARE(fixture.captures.constFirst().body, QByteArray("body"));
    }

    void stalledHeaderIsAnswered408()
    {
        ListenerConfig config;
        config.limits.headerTimeoutMs = 300;
        ListenerFixture fixture(config);
        const QByteArray reply = fixture.exchange("POST /slow HTTP/1.1\r\nHost: a\r\nX-Partial", 3000);
        QCOMPARE(ListenerFixture::statusOf(reply), 408);
        QTRY_COMPARE(fixture.captures.size(), 1);
        QVERIFY(fixture.captures.constFirst().error.contains(QLatin1String("header section not complete")));
        QCOMPARE(fixture.captures.constFirst().raw, QByteArray("POST /slow HTTP/1.1\r\nHost: a\r\nX-Partial"));
    }

    // Most clients send the whole body before they read. The listener answers 413 as soon as the
    // declared length is over the limit and drains the rest while it keeps coming: closing with
    // input unread would send RST, which destroys the answer before the client reads it. A plain
    // POSIX socket, so nothing reads early; sending takes ~3 s, longer than the 2 s quiet wait.
    void refusedBodyStillArrivingGetsItsAnswer()
    {
        ListenerConfig config;
        config.limits.maxBodyBytes = 1024;
        ListenerFixture fixture(config);
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        QVERIFY(fd >= 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(fixture.port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        QCOMPARE(::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address), 0);
        const QByteArray head = "POST /big HTTP/1.1\r\nHost: a\r\nContent-Length: 16000\r\n\r\n";
        QCOMPARE(::send(fd, head.constData(), size_t(head.size()), MSG_NOSIGNAL), ssize_t(head.size()));
        const QByteArray piece(1000, 'x');
        for (int i = 0; i < 16; ++i) {
            QTest::qSleep(200);
            QVERIFY2(::send(fd, piece.constData(), size_t(piece.size()), MSG_NOSIGNAL) == ssize_t(piece.size()),
                     qPrintable(QStringLiteral("piece %1: %2").arg(i).arg(QString::fromLocal8Bit(strerror(errno)))));
        }
        QByteArray reply(4096, '\0');
        const ssize_t got = ::recv(fd, reply.data(), size_t(reply.size()), 0);
        ::close(fd);
        QVERIFY2(got > 0, qPrintable(QStringLiteral("recv: %1").arg(QString::fromLocal8Bit(strerror(errno)))));
        QCOMPARE(ListenerFixture::statusOf(reply.left(got)), 413);
    }

    void stalledBodyIsAnswered408()
    {
        ListenerConfig config;
        config.limits.bodyTimeoutMs = 300;
        ListenerFixture fixture(config);
        const QByteArray reply = fixture.exchange("POST /slow HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc",
                                                  3000);
        QCOMPARE(ListenerFixture::statusOf(reply), 408);
        QTRY_COMPARE(fixture.captures.size(), 1);
        QVERIFY(fixture.captures.constFirst().error.contains(QLatin1String("no body bytes")));
        QCOMPARE(fixture.captures.constFirst().body, QByteArray("abc"));
    }

    void idleKeepAliveConnectionCloses()
    {
        ListenerConfig config;
        config.limits.idleTimeoutMs = 300;
        ListenerFixture fixture(config);
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, fixture.port);
        QVERIFY(socket.waitForConnected());
        QTRY_COMPARE_WITH_TIMEOUT(socket.state(), QAbstractSocket::UnconnectedState, 5000);
        QCOMPARE(fixture.captures.size(), 0); // nothing was sent, nothing is invented
    }

    void clientGoneMidRequestIsRecorded()
    {
        ListenerFixture fixture;
        {
            QTcpSocket socket;
            socket.connectToHost(QHostAddress::LocalHost, fixture.port);
            QVERIFY(socket.waitForConnected());
            socket.write("POST /cut HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\npartial");
            QVERIFY(socket.waitForBytesWritten());
            socket.disconnectFromHost();
        }
        QTRY_COMPARE(fixture.captures.size(), 1);
        QVERIFY(fixture.captures.constFirst().error.contains(QLatin1String("closed by the client")));
        QCOMPARE(fixture.captures.constFirst().response.status, 0);
    }

    void rulesSequencesDelayAndFaults()
    {
        ListenerConfig config;
        ResponseRule retry;
        retry.method = "POST";
        retry.path = QStringLiteral("/retry*");
        retry.steps = {ResponseSpec{500, {}, {}, 0, false}, ResponseSpec{500, {}, {}, 0, false},
                       ResponseSpec{200, {{"X-Ok", "yes"}}, "done", 0, false}};
        ResponseRule slow;
        slow.path = QStringLiteral("/slow");
        slow.steps = {ResponseSpec{202, {}, {}, 400, false}};
        ResponseRule drop;
        drop.path = QStringLiteral("/drop");
        drop.steps = {ResponseSpec{200, {}, {}, 0, true}};
        config.policy = ResponsePolicy({ResponseSpec{204, {}, {}, 0, false}}, {retry, slow, drop});
        ListenerFixture fixture(config);
        const QByteArray post = "POST /retry/1 HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        QCOMPARE(ListenerFixture::statusOf(fixture.exchange(post)), 500);
        QCOMPARE(ListenerFixture::statusOf(fixture.exchange(post)), 500);
        const QByteArray third = fixture.exchange(post);
        QCOMPARE(ListenerFixture::statusOf(third), 200);
        QVERIFY(third.contains("X-Ok: yes") && third.endsWith("done"));
        QCOMPARE(ListenerFixture::statusOf(fixture.exchange(post)), 200); // the last step repeats
        // GET does not match the POST rule: the default answers.
        QCOMPARE(ListenerFixture::statusOf(
                     fixture.exchange("GET /retry/1 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")),
                 204);

        QElapsedTimer timer;
        timer.start();
        QCOMPARE(
            ListenerFixture::statusOf(fixture.exchange("GET /slow HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")),
            202);
        QVERIFY(timer.elapsed() >= 400);

        QCOMPARE(fixture.exchange("GET /drop HTTP/1.1\r\nHost: a\r\n\r\n"), QByteArray());
        QTRY_COMPARE(fixture.captures.size(), 7);
        QVERIFY(fixture.captures.last().response.closedWithoutAnswer);
        QCOMPARE(fixture.captures.at(5).response.delayMs, 400);
    }

    void headRequestGetsNoBody()
    {
        ListenerConfig config;
        config.policy = ResponsePolicy({ResponseSpec{200, {}, "body text", 0, false}});
        ListenerFixture fixture(config);
        const QByteArray reply = fixture.exchange("HEAD / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        QVERIFY2(reply.contains("Content-Length: 9\r\n") && reply.endsWith("\r\n\r\n"), reply.constData());
    }

    void portInUseIsAClearError()
    {
        ListenerFixture first;
        Listener second;
        QSignalSpy failed(&second, &Listener::startFailed);
        ListenerConfig config;
        config.port = first.port;
        second.start(config);
        QVERIFY(failed.wait(5000));
        QVERIFY2(failed.constFirst().constFirst().toString().contains(QString::number(first.port)),
                 qPrintable(failed.constFirst().constFirst().toString()));
    }

    void severalListenersShareOneStore()
    {
        ListenerFixture a;
        Listener b(a.store.get());
        QList<Capture> fromB;
        connect(&b, &Listener::captured, this, [&](const QList<Capture> &batch) { fromB += batch; });
        QSignalSpy started(&b, &Listener::started);
        ListenerConfig config;
        config.port = 0;
        b.start(config);
        QVERIFY(started.wait());
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, b.port());
        QVERIFY(socket.waitForConnected());
        socket.write("GET /b HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        QCOMPARE(ListenerFixture::statusOf(ListenerFixture::readAll(socket, 3000)), 200);
        QCOMPARE(ListenerFixture::statusOf(a.exchange("GET /a HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")), 200);
        QTRY_COMPARE(fromB.size(), 1);
        QTRY_COMPARE(a.captures.size(), 1);
        QCOMPARE(fromB.constFirst().path(), QByteArray("/b"));
        QCOMPARE(a.captures.constFirst().path(), QByteArray("/a"));
    }

    void curlIsARealPeer()
    {
        ListenerFixture fixture;
        QTemporaryDir dir;
        QFile payload(dir.filePath(QStringLiteral("payload.json")));
        QVERIFY(payload.open(QIODevice::WriteOnly));
        payload.write("{\"event\": \"user_registered\", \"user_id\": \"123456\"}");
        payload.close();
        const QString url = QStringLiteral("http://127.0.0.1:%1/webhook?source=curl").arg(fixture.port);
        QProcess curl;
        // A chunked upload and a 100-continue, as curl does them.
        curl.start(QStringLiteral("curl"),
                   {QStringLiteral("-sS"), QStringLiteral("-o"), QStringLiteral("/dev/null"), QStringLiteral("-w"),
                    QStringLiteral("%{http_code}"), QStringLiteral("-H"),
                    QStringLiteral("Content-Type: application/json"), QStringLiteral("-H"),
                    QStringLiteral("Transfer-Encoding: chunked"), QStringLiteral("-H"),
                    QStringLiteral("Expect: 100-continue"), QStringLiteral("--data-binary"),
                    QLatin1Char('@') + payload.fileName(), url});
        QVERIFY(curl.waitForFinished(10000));
        QCOMPARE(curl.readAllStandardOutput(), QByteArray("200"));
        QTRY_COMPARE(fixture.captures.size(), 1);
        const Capture c = fixture.captures.constFirst();
        QCOMPARE(c.body, QByteArray("{\"event\": \"user_registered\", \"user_id\": \"123456\"}"));
        QCOMPARE(c.query(), QByteArray("source=curl"));
        QCOMPARE(Headers::value(c.headers, "transfer-encoding"), QByteArray("chunked"));
    }

    void thousandRequestsFromManyPythonConnections()
    {
        ListenerFixture fixture;
        // 20 threads, 50 keep-alive requests each, with Python's own http.client.
        const QString script = QStringLiteral(R"(
import http.client, sys, threading
port = int(sys.argv[1]); ok = []
def worker(n):
    conn = http.client.HTTPConnection('127.0.0.1', port, timeout=30)
    for i in range(50):
        body = ('{"worker": %d, "i": %d}' % (n, i)).encode()
        conn.request('POST', '/load/%d/%d' % (n, i), body, {'Content-Type': 'application/json'})
        r = conn.getresponse(); r.read()
        if r.status == 200: ok.append(1)
    conn.close()
threads = [threading.Thread(target=worker, args=(n,)) for n in range(20)]
[t.start() for t in threads]; [t.join() for t in threads]
print(len(ok))
)");
        QProcess python;
        python.start(QString::fromLocal8Bit(qgetenv("HOOKBENCH_PYTHON").isEmpty() ? QByteArray("/usr/bin/python3")
                                                                                  : qgetenv("HOOKBENCH_PYTHON")),
                     {QStringLiteral("-c"), script, QString::number(fixture.port)});
        QVERIFY(python.waitForFinished(60000));
        QCOMPARE(python.readAllStandardOutput().trimmed(), QByteArray("1000"));
        QTRY_COMPARE(fixture.captures.size(), 1000);
        CaptureDatabase db;
        QString error;
        QVERIFY(db.open(fixture.store->fileName(), &error));
        QCOMPARE(db.count(), 1000);
        QSet<QByteArray> paths;
        for (const Capture &c : std::as_const(fixture.captures))
            paths.insert(c.path());
        QCOMPARE(paths.size(), 1000);
    }

    void withoutStoreCapturesStillFlow()
    {
        ListenerFixture fixture({}, false);
        QCOMPARE(ListenerFixture::statusOf(fixture.exchange("GET /n HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")),
                 200);
        QTRY_COMPARE(fixture.captures.size(), 1);
        QCOMPARE(fixture.captures.constFirst().seq, 0);
    }

private:
    QTemporaryDir m_tlsDir; // one local CA for every TLS case
};

QTEST_GUILESS_MAIN(TestListener)
#include "tst_listener.moc"
