#include "core/http/httprequestparser.h"
#include "support/testsupport.h"

#include <QTest>

// HttpRequestParser on its own, without sockets: every input is framed fed in one
// piece, split in two at every offset, and one byte at a time, and all three must
// frame it the same way (a request's end cannot depend on how TCP cut the bytes).
class TestHttpRequestParser : public QObject
{
    Q_OBJECT

    // What a run framed, in a form that compares across feeding patterns.
    struct Outcome {
        QList<ParsedRequest> requests;
        bool failed = false;
        bool partial = false;
    };

    static Outcome run(const QByteArray &bytes, const QList<qsizetype> &cuts, const ListenerLimits &limits = {})
    {
        HttpRequestParser parser(limits);
        Outcome outcome;
        qsizetype from = 0;
        QList<qsizetype> ends = cuts;
        ends << bytes.size();
        for (const qsizetype end : std::as_const(ends)) {
            // A copy per feed, so a pointer kept past feed() would read freed memory (ASan).
            const QByteArray piece = bytes.mid(from, end - from);
            parser.feed(piece.constData(), piece.size());
            outcome.requests += parser.takeFinished();
            from = end;
        }
        outcome.failed = parser.failed();
        outcome.partial = parser.hasPartialRequest();
        return outcome;
    }

    static QString describe(const ParsedRequest &r)
    {
        return QStringLiteral("%1 %2 rejected=%3 status=%4 error='%5' offset=%6 raw=%7 body=%8")
            .arg(QString::fromLatin1(r.method), QString::fromLatin1(r.target))
            .arg(r.rejected)
            .arg(r.rejectStatus)
            .arg(r.error)
            .arg(r.errorOffset)
            .arg(r.raw.size())
            .arg(r.body.size());
    }

    // Two framings agree: same requests, same bodies and headers, same rejection at the
    // same offset. A rejected request's raw runs to the end of the feed that failed.
    static bool same(const Outcome &a, const Outcome &b, QString *why)
    {
        if (a.requests.size() != b.requests.size() || a.failed != b.failed || a.partial != b.partial) {
            *why = QStringLiteral("%1 vs %2 requests, failed %3 vs %4, partial %5 vs %6")
                       .arg(a.requests.size())
                       .arg(b.requests.size())
                       .arg(a.failed)
                       .arg(b.failed)
                       .arg(a.partial)
                       .arg(b.partial);
            return false;
        }
        for (qsizetype i = 0; i < a.requests.size(); ++i) {
            const ParsedRequest &x = a.requests.at(i);
            const ParsedRequest &y = b.requests.at(i);
            // Of a rejected request, what was read before the error (method, target, headers)
            // depends on where llhttp's spans were cut, so only the verdict is compared.
            const bool equal = x.rejected == y.rejected && x.rejectStatus == y.rejectStatus && x.error == y.error
                && x.errorOffset == y.errorOffset
                && (x.rejected
                    || (x.raw == y.raw && x.headers == y.headers && x.body == y.body && x.method == y.method
                        && x.target == y.target && x.keepAlive == y.keepAlive));
            if (!equal) {
                *why = describe(x) + QStringLiteral("\n  vs ") + describe(y);
                return false;
            }
        }
        return true;
    }

private Q_SLOTS:
    void initTestCase() { TestSupport::isolateUserData(); }

    void framing_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("accepted"); // requests framed and accepted before any rejection
        QTest::addColumn<int>("status");   // of the rejection that ends the run; 0: none
        QTest::addColumn<QString>("reason");
        QTest::addColumn<qint64>("offset"); // of the rejection in its request's raw; -1: not checked

        const QByteArray get = "GET / HTTP/1.1\r\nHost: a\r\n";
        const QByteArray post = "POST /hook HTTP/1.1\r\nHost: a\r\n";
        const QByteArray chunked = post + "Transfer-Encoding: chunked\r\n\r\n";
        const QByteArray next = "GET /next HTTP/1.1\r\nHost: a\r\n\r\n";

        // Accepted shapes.
        QTest::newRow("get") << QByteArray(get + "\r\n") << 1 << 0 << "" << qint64(-1);
        QTest::newRow("content-length") << QByteArray(post + "Content-Length: 5\r\n\r\nhello") << 1 << 0 << ""
                                        << qint64(-1);
        QTest::newRow("chunked") << QByteArray(chunked + "5\r\nhello\r\n1;x=y\r\n!\r\n0\r\nT: 1\r\n\r\n") << 1 << 0
                                 << "" << qint64(-1);
        QTest::newRow("pipelined three") << QByteArray(post + "Content-Length: 1\r\n\r\nA" + chunked
                                                       + "1\r\nB\r\n0\r\n\r\n" + next)
                                         << 3 << 0 << "" << qint64(-1);
        QTest::newRow("leading empty line") << QByteArray("\r\n" + get + "\r\n") << 1 << 0 << "" << qint64(-1);
        QTest::newRow("HTTP/1.0") << QByteArray("POST / HTTP/1.0\r\nContent-Length: 2\r\n\r\nhi") << 1 << 0 << ""
                                  << qint64(-1);
        QTest::newRow("upgrade asked, not performed")
            << QByteArray(get + "Connection: Upgrade\r\nUpgrade: websocket\r\n\r\n" + next) << 2 << 0 << ""
            << qint64(-1);

        // Class 1 (issue 18): a bare CR after the header block's last CRLF.
        QTest::newRow("CR after headers then X")
            << QByteArray(get + "\rX" + next) << 0 << 400 << "LF after headers" << qint64(get.size() + 1);
        QTest::newRow("CR after headers then CR")
            << QByteArray(get + "\r\r" + next) << 0 << 400 << "LF after headers" << qint64(get.size() + 1);
        QTest::newRow("CR after headers then request")
            << QByteArray(get + "\r" + next) << 0 << 400 << "LF after headers" << qint64(get.size() + 1);
        QTest::newRow("CR after headers then NUL") << QByteArray(get + QByteArray("\r\0", 2) + next) << 0 << 400
                                                   << "LF after headers" << qint64(get.size() + 1);
        QTest::newRow("CR after headers with keep-alive") << QByteArray(get + "Connection: keep-alive\r\n\rX" + next)
                                                          << 0 << 400 << "LF after headers" << qint64(get.size() + 25);
        QTest::newRow("CR after headers with a body") << QByteArray(post + "Content-Length: 5\r\n\r hello") << 0 << 400
                                                      << "LF after headers" << qint64(post.size() + 20);
        QTest::newRow("CR after headers in the second request")
            << QByteArray(next + get + "\rX") << 1 << 400 << "LF after headers" << qint64(get.size() + 1);
        QTest::newRow("CR after headers of a trailer")
            << QByteArray(chunked + "0\r\nT: 1\r\n\rX" + next) << 0 << 400 << "" << qint64(chunked.size() + 10);
        QTest::newRow("CR after headers, no trailer")
            << QByteArray(chunked + "0\r\n\rX" + next) << 0 << 400 << "" << qint64(chunked.size() + 4);
        QTest::newRow("CR ending the request line")
            << QByteArray("GET / HTTP/1.1\rHost: a\r\n\r\n") << 0 << 400 << "" << qint64(-1);
        QTest::newRow("CR ending a field line")
            << QByteArray(get + "X-A: 1\rX-B: 2\r\n\r\n") << 0 << 400 << "" << qint64(-1);

        // Class 2: a bare CR in a chunk-size line, before or inside a chunk extension.
        QTest::newRow("CR in chunk size line") << QByteArray(chunked + "3\rX\r\nabc\r\n0\r\n\r\n") << 0 << 400
                                               << "LF after chunk size" << qint64(chunked.size() + 2);
        QTest::newRow("CR before chunk extension") << QByteArray(chunked + "3\r;a=b\r\nabc\r\n0\r\n\r\n") << 0 << 400
                                                   << "LF after chunk size" << qint64(chunked.size() + 2);
        QTest::newRow("CR in chunk extension name") << QByteArray(chunked + "3;a\rb\r\nabc\r\n0\r\n\r\n") << 0 << 400
                                                    << "LF after chunk size" << qint64(chunked.size() + 4);
        QTest::newRow("CR after chunk extension name") << QByteArray(chunked + "3;ab\r\rabc\r\n0\r\n\r\n") << 0 << 400
                                                       << "LF after chunk size" << qint64(chunked.size() + 5);
        QTest::newRow("CR in chunk extension value") << QByteArray(chunked + "3;a=b\rc\r\nabc\r\n0\r\n\r\n") << 0 << 400
                                                     << "LF after chunk size" << qint64(chunked.size() + 6);
        QTest::newRow("CR in quoted chunk extension value")
            << QByteArray(chunked + "3;a=\"b\rc\"\r\nabc\r\n0\r\n\r\n") << 0 << 400 << "" << qint64(-1);
        QTest::newRow("CR in last chunk line") << QByteArray(chunked + "0\rX\r\n\r\n" + next) << 0 << 400
                                               << "LF after chunk size" << qint64(chunked.size() + 2);
        QTest::newRow("CR in last chunk extension") << QByteArray(chunked + "0;e\r\r\n\r\n" + next) << 0 << 400
                                                    << "LF after chunk size" << qint64(chunked.size() + 4);
        QTest::newRow("CR in second chunk's size line") << QByteArray(chunked + "1\r\na\r\n2\rXbc\r\n0\r\n\r\n") << 0
                                                        << 400 << "LF after chunk size" << qint64(chunked.size() + 8);
        QTest::newRow("CR after chunk data")
            << QByteArray(chunked + "3\r\nabc\rX0\r\n\r\n") << 0 << 400 << "CRLF" << qint64(chunked.size() + 7);
        QTest::newRow("no CRLF after chunk data")
            << QByteArray(chunked + "3\r\nabcXY0\r\n\r\n") << 0 << 400 << "CRLF" << qint64(chunked.size() + 6);

        // Class 3: a field line with an empty name; the offset is just past the colon,
        // where llhttp ends the (empty) name.
        QTest::newRow("empty name") << QByteArray(get + ": value\r\n\r\n") << 0 << 400 << "empty name"
                                    << qint64(get.size() + 1);
        QTest::newRow("empty name, no value")
            << QByteArray(get + ":\r\n\r\n") << 0 << 400 << "empty name" << qint64(get.size() + 1);
        QTest::newRow("empty name, no space")
            << QByteArray(get + ":v\r\n\r\n") << 0 << 400 << "empty name" << qint64(get.size() + 1);
        QTest::newRow("empty name first")
            << QByteArray("GET / HTTP/1.1\r\n: v\r\nHost: a\r\n\r\n") << 0 << 400 << "empty name" << qint64(17);
        QTest::newRow("empty name, spaces before colon")
            << QByteArray(get + "  : v\r\n\r\n") << 0 << 400 << "" << qint64(-1);
        QTest::newRow("empty name hiding a length") << QByteArray(post + ": Content-Length: 5\r\n\r\nhello" + next) << 0
                                                    << 400 << "empty name" << qint64(post.size() + 1);
        QTest::newRow("empty name in trailer")
            << QByteArray(chunked + "0\r\n: v\r\n\r\n") << 0 << 400 << "empty name" << qint64(chunked.size() + 4);
        QTest::newRow("empty name in second request")
            << QByteArray(next + get + ": v\r\n\r\n") << 1 << 400 << "empty name" << qint64(get.size() + 1);

        // Class 4: Transfer-Encoding with empty list elements (RFC 9110 §5.6.1).
        QTest::newRow("TE ,chunked") << QByteArray(post + "Transfer-Encoding: ,chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n")
                                     << 1 << 0 << "" << qint64(-1);
        QTest::newRow("TE space comma space chunked")
            << QByteArray(post + "Transfer-Encoding:  , chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n") << 1 << 0 << ""
            << qint64(-1);
        QTest::newRow("TE ,, chunked then pipelined")
            << QByteArray(post + "Transfer-Encoding: ,, chunked\r\n\r\n0\r\n\r\n" + next) << 2 << 0 << "" << qint64(-1);
        QTest::newRow("TE chunked,") << QByteArray(post + "Transfer-Encoding: chunked,\r\n\r\n0\r\n\r\n") << 0 << 400
                                     << "after 'chunked'" << qint64(-1);
        QTest::newRow("TE chunked , ") << QByteArray(post + "Transfer-Encoding: chunked , \r\n\r\n0\r\n\r\n") << 0
                                       << 400 << "after 'chunked'" << qint64(-1);
        QTest::newRow("TE only commas") << QByteArray(post + "Transfer-Encoding: , ,\r\n\r\n") << 0 << 400
                                        << "Transfer-Encoding" << qint64(-1);
        QTest::newRow("TE empty") << QByteArray(post + "Transfer-Encoding:\r\nX: 1\r\n\r\n" + next) << 0 << 400
                                  << "Transfer-Encoding" << qint64(-1);
        QTest::newRow("TE x, chunked") << QByteArray(post + "Transfer-Encoding: x, chunked\r\n\r\n0\r\n\r\n") << 0
                                       << 400 << "unsupported Transfer-Encoding" << qint64(-1);

        // Found by fuzzing against a strict reference (tests/fuzz).
        QTest::newRow("bare LF ending the header section")
            << QByteArray(get + "\n" + next) << 0 << 400 << "bare LF" << qint64(get.size());
        QTest::newRow("bare LF ending the trailer section")
            << QByteArray(chunked + "0\r\nT: 1\r\n\n" + next) << 0 << 400 << "bare LF" << qint64(chunked.size() + 9);
        QTest::newRow("bare LF ending a chunked body")
            << QByteArray(chunked + "0\r\n\n" + next) << 0 << 400 << "bare LF" << qint64(chunked.size() + 3);
        QTest::newRow("bare LF ending the request line")
            << QByteArray("GET / HTTP/1.1\nHost: a\r\n\r\n") << 0 << 400 << "request line" << qint64(-1);
        QTest::newRow("bare LF ending the request line, no fields")
            << QByteArray("GET / HTTP/1.0\n\r\n" + next) << 0 << 400 << "request line" << qint64(-1);
        QTest::newRow("obs-fold after an empty Content-Length")
            << QByteArray(post + "Content-Length:\r\n 2\r\n\r\nhi" + next) << 0 << 400 << "obs-fold"
            << qint64(post.size() + 18);
        QTest::newRow("obs-fold after an empty value")
            << QByteArray(get + "X-A:  \r\n\tb\r\n\r\n") << 0 << 400 << "obs-fold" << qint64(-1);
        QTest::newRow("obs-fold after a value")
            << QByteArray(get + "X-A: a\r\n b\r\n\r\n") << 0 << 400 << "obs-fold" << qint64(-1);
        QTest::newRow("two spaces before the target")
            << QByteArray("GET  / HTTP/1.1\r\nHost: a\r\n\r\n") << 0 << 400 << "request line" << qint64(5);
        QTest::newRow("two spaces before the version")
            << QByteArray("GET /a  HTTP/1.1\r\nHost: a\r\n\r\n" + next) << 0 << 400 << "request line" << qint64(-1);
        QTest::newRow("two spaces before the version, no fields")
            << QByteArray("GET /a  HTTP/1.0\r\n\r\n") << 0 << 400 << "request line" << qint64(-1);
        QTest::newRow("bare CR between requests")
            << QByteArray(next + "\r" + next) << 1 << 400 << "before the request line" << qint64(0);
        QTest::newRow("bare LF between requests")
            << QByteArray(next + "\n" + next) << 1 << 400 << "before the request line" << qint64(0);
        QTest::newRow("CRLF then bare CR between requests")
            << QByteArray(next + "\r\n\r" + next) << 1 << 400 << "before the request line" << qint64(2);
        QTest::newRow("two empty lines between requests")
            << QByteArray(next + "\r\n\r\n" + next) << 2 << 0 << "" << qint64(-1);
        QTest::newRow("CONNECT then more bytes")
            << QByteArray("CONNECT a:443 HTTP/1.1\r\nHost: a\r\n\r\n" + next) << 1 << 400 << "CONNECT" << qint64(0);
        QTest::newRow("Transfer-Encoding in HTTP/1.0")
            << QByteArray("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n") << 0 << 400 << "HTTP/1.0"
            << qint64(-1);

        QTest::newRow("second Expect unsupported")
            << QByteArray(post + "Expect: 100-continue\r\nExpect: magic\r\nContent-Length: 0\r\n\r\n") << 0 << 417
            << "expectation" << qint64(-1);

        // llhttp's strict mode also refuses raw bytes over 0x7F in the request-target
        // (RFC 3986 allows them only percent-encoded); a sender must encode them.
        QTest::newRow("raw UTF-8 in the target")
            << QByteArray("GET /caf\xc3\xa9 HTTP/1.1\r\nHost: a\r\n\r\n") << 0 << 400 << "url" << qint64(8);
        QTest::newRow("percent-encoded UTF-8 in the target")
            << QByteArray("GET /caf%C3%A9 HTTP/1.1\r\nHost: a\r\n\r\n") << 1 << 0 << "" << qint64(-1);

        // Limits.
        ListenerLimits limits;
        QTest::newRow("target over limit")
            << QByteArray("GET /" + QByteArray(limits.maxTargetBytes, 'a') + " HTTP/1.1\r\nHost: a\r\n\r\n") << 0 << 414
            << "request-target" << qint64(-1);
        QTest::newRow("header section over limit")
            << QByteArray(get + "X: " + QByteArray(limits.maxHeaderBytes, 'b') + "\r\n\r\n") << 0 << 431
            << "header section" << qint64(-1);
        QByteArray many = get;
        for (int i = 0; i < limits.maxHeaderCount; ++i)
            many += "X-" + QByteArray::number(i) + ": v\r\n";
        QTest::newRow("header count over limit")
            << QByteArray(many + "\r\n") << 0 << 431 << "header fields" << qint64(-1);
        QTest::newRow("content-length over limit")
            << QByteArray(post + "Content-Length: " + QByteArray::number(limits.maxBodyBytes + 1) + "\r\n\r\n") << 0
            << 413 << "limit" << qint64(-1);
        QTest::newRow("duplicate content-length")
            << QByteArray(post + "Content-Length: 1\r\nContent-Length: 2\r\n\r\nab") << 0 << 400 << "Content-Length"
            << qint64(-1);
        QTest::newRow("content-length and chunked")
            << QByteArray(post + "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n") << 0 << 400
            << "Content-Length" << qint64(-1);
        QTest::newRow("data after Connection: close")
            << QByteArray(get + "Connection: close\r\n\r\n" + next) << 1 << 400 << "Connection: close" << qint64(-1);
    }

    void framing()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, accepted);
        QFETCH(int, status);
        QFETCH(QString, reason);
        QFETCH(qint64, offset);

        const Outcome whole = run(bytes, {});
        int acceptedCount = 0;
        for (const ParsedRequest &request : whole.requests) {
            if (request.rejected)
                break;
            ++acceptedCount;
        }
        QVERIFY2(acceptedCount == accepted,
                 qPrintable(QStringLiteral("%1 accepted, expected %2; last: %3")
                                .arg(acceptedCount)
                                .arg(accepted)
                                .arg(whole.requests.isEmpty() ? QString() : describe(whole.requests.constLast()))));
        QCOMPARE(whole.requests.size(), accepted + (status ? 1 : 0));
        QCOMPARE(whole.failed, status != 0);
        QVERIFY(!whole.partial);

        // The accepted requests' raw bytes are the input, in order, with nothing between them.
        QByteArray consumed;
        for (const ParsedRequest &request : whole.requests)
            consumed += request.raw;
        QCOMPARE(consumed, bytes);

        if (status) {
            const ParsedRequest &rejected = whole.requests.constLast();
            QVERIFY(rejected.rejected);
            QCOMPARE(rejected.rejectStatus, status);
            QVERIFY2(rejected.error.contains(reason, Qt::CaseInsensitive), qPrintable(rejected.error));
            QVERIFY(rejected.errorOffset >= 0 && rejected.errorOffset <= rejected.raw.size());
            if (offset >= 0)
                QCOMPARE(rejected.errorOffset, offset);
        }

        // The same framing however the bytes are cut. Large inputs: a sample of cuts.
        const qsizetype step = bytes.size() > 4096 ? bytes.size() / 97 : 1;
        QString why;
        for (qsizetype cut = 1; cut < bytes.size(); cut += step)
            QVERIFY2(same(whole, run(bytes, {cut}), &why), qPrintable(QStringLiteral("cut at %1: ").arg(cut) + why));
        if (bytes.size() <= 4096) {
            QList<qsizetype> everyByte;
            for (qsizetype cut = 1; cut < bytes.size(); ++cut)
                everyByte << cut;
            QVERIFY2(same(whole, run(bytes, everyByte), &why), qPrintable(QStringLiteral("byte-wise: ") + why));
        }
    }

    void fieldsAreExact()
    {
        const QByteArray bytes = "PUT /p?q=1 HTTP/1.1\r\nHost: a\r\nX-Dup: 1\r\nx-dup: 2\r\nX-Empty:\r\n"
                                 "X-Space:   v w  \r\nTransfer-Encoding: chunked\r\n\r\n"
                                 "2\r\nab\r\n3;ext\r\ncde\r\n0\r\n\r\n";
        const Outcome outcome = run(bytes, {});
        QCOMPARE(outcome.requests.size(), 1);
        const ParsedRequest &r = outcome.requests.constFirst();
        QVERIFY(!r.rejected);
        QCOMPARE(r.method, QByteArray("PUT"));
        QCOMPARE(r.target, QByteArray("/p?q=1"));
        QCOMPARE(r.httpVersion, QByteArray("1.1"));
        QCOMPARE(r.body, QByteArray("abcde"));
        QCOMPARE(r.raw, bytes);
        QVERIFY(r.keepAlive);
        QCOMPARE(r.headers.size(), 6);
        QCOMPARE(r.headers.at(1), qMakePair(QByteArray("X-Dup"), QByteArray("1")));
        QCOMPARE(r.headers.at(2), qMakePair(QByteArray("x-dup"), QByteArray("2")));
        QCOMPARE(r.headers.at(3), qMakePair(QByteArray("X-Empty"), QByteArray()));
        QCOMPARE(r.headers.at(4).first, QByteArray("X-Space"));
    }

    // A request refused inside a field value still records that field as sent (the raw
    // view always had it): the inspector and HAR list it with its value, however TCP cut it.
    void aRejectedRequestKeepsTheFieldItStoppedIn_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<QByteArray>("value");
        QTest::newRow("second Content-Length")
            << QByteArray("POST /h HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 12\r\n\r\nhello")
            << QByteArray("Content-Length") << QByteArray("12");
        QTest::newRow("Content-Length not a number")
            << QByteArray("POST /h HTTP/1.1\r\nHost: a\r\nContent-Length: 1x2 \r\n\r\n") << QByteArray("Content-Length")
            << QByteArray("1x2");
        QTest::newRow("control byte in a value") << QByteArray("POST /h HTTP/1.1\r\nHost: a\r\nX-Bad: ab\x01"
                                                               "cd\r\n\r\n")
                                                 << QByteArray("X-Bad")
                                                 << QByteArray("ab\x01"
                                                               "cd");
    }

    void aRejectedRequestKeepsTheFieldItStoppedIn()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QByteArray, name);
        QFETCH(QByteArray, value);
        for (qsizetype cut = 0; cut <= bytes.size(); ++cut) {
            const Outcome outcome = run(bytes, cut == 0 ? QList<qsizetype>{} : QList<qsizetype>{cut});
            QVERIFY(outcome.failed);
            QCOMPARE(outcome.requests.size(), 1);
            const ParsedRequest &r = outcome.requests.constFirst();
            QVERIFY(r.rejected);
            QCOMPARE(r.headers.last().first, name);
            // The raw bytes end with the feed that failed: of a value cut there, what arrived.
            const QByteArray shown = r.headers.last().second;
            if (cut == 0 || r.raw.size() == bytes.size())
                QCOMPARE(shown, value);
            else
                QVERIFY2(!shown.isEmpty() && value.startsWith(shown), shown.constData());
        }
    }

    void keepAliveFollowsVersionAndConnection()
    {
        QVERIFY(run("GET / HTTP/1.1\r\nHost: a\r\n\r\n", {}).requests.constFirst().keepAlive);
        QVERIFY(!run("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", {}).requests.constFirst().keepAlive);
        QVERIFY(!run("GET / HTTP/1.0\r\n\r\n", {}).requests.constFirst().keepAlive);
        QVERIFY(run("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", {}).requests.constFirst().keepAlive);
    }

    void connectEndsTheConnection()
    {
        const Outcome outcome = run("CONNECT a:443 HTTP/1.1\r\nHost: a\r\n\r\n", {});
        QCOMPARE(outcome.requests.size(), 1);
        QVERIFY(!outcome.requests.constFirst().rejected);
        QVERIFY(!outcome.requests.constFirst().keepAlive);
    }

    void expectContinueIsAskedOnceHeadersAreIn()
    {
        HttpRequestParser parser{ListenerLimits()};
        const QByteArray head = "POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n";
        parser.feed(head.constData(), head.size() - 1);
        QVERIFY(!parser.takeContinueRequest());
        QVERIFY(!parser.headersComplete());
        parser.feed(head.constData() + head.size() - 1, 1);
        QVERIFY(parser.headersComplete());
        QVERIFY(parser.takeContinueRequest());
        QVERIFY(!parser.takeContinueRequest()); // cleared by the call
        parser.feed("hi", 2);
        const QList<ParsedRequest> finished = parser.takeFinished();
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.constFirst().body, QByteArray("hi"));
        QVERIFY(finished.constFirst().expectsContinue);
    }

    void abandonKeepsWhatArrived()
    {
        HttpRequestParser parser{ListenerLimits()};
        const QByteArray bytes = "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc";
        parser.feed(bytes.constData(), bytes.size());
        QVERIFY(parser.hasPartialRequest());
        QVERIFY(parser.takeFinished().isEmpty());
        const ParsedRequest r = parser.abandon(408, QStringLiteral("slow"));
        QVERIFY(r.rejected);
        QCOMPARE(r.rejectStatus, 408);
        QCOMPARE(r.raw, bytes);
        QCOMPARE(r.body, QByteArray("abc"));
        QCOMPARE(r.errorOffset, bytes.size());
        QVERIFY(parser.failed());
        QVERIFY(!parser.hasPartialRequest());
    }

    void nothingIsFramedAfterARejection()
    {
        HttpRequestParser parser{ListenerLimits()};
        const QByteArray bad = "GET / HTTP/1.1\r\n: v\r\n\r\n";
        parser.feed(bad.constData(), bad.size());
        QCOMPARE(parser.takeFinished().size(), 1);
        const QByteArray good = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
        parser.feed(good.constData(), good.size());
        QVERIFY(parser.takeFinished().isEmpty());
        QVERIFY(parser.failed());
    }

    void smallLimitsAreHonouredAcrossFeeds()
    {
        ListenerLimits limits;
        limits.maxBodyBytes = 8;
        const QByteArray bytes = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                                 "5\r\nhello\r\n5\r\nworld\r\n0\r\n\r\n";
        for (qsizetype cut = 1; cut < bytes.size(); ++cut) {
            const Outcome outcome = run(bytes, {cut}, limits);
            QCOMPARE(outcome.requests.size(), 1);
            QCOMPARE(outcome.requests.constFirst().rejectStatus, 413);
        }
    }
};

QTEST_GUILESS_MAIN(TestHttpRequestParser)
#include "tst_httprequestparser.moc"
