#include "core/capture/capturerequest.h"
#include "support/testsupport.h"

#include <QTest>

// A capture sent on again (forward, replay) or opened in the composer.
class TestCaptureRequest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { TestSupport::isolateUserData(); }

    void endToEndHeadersLeaveTheHopByHopOnes_data()
    {
        QTest::addColumn<HeaderList>("headers");
        QTest::addColumn<HeaderList>("kept");
        QTest::newRow("framing and connection fields") << HeaderList{{"Host", "a"},
                                                                     {"Content-Length", "3"},
                                                                     {"Transfer-Encoding", "chunked"},
                                                                     {"X-Custom", "1"},
                                                                     {"Connection", "close"},
                                                                     {"Keep-Alive", "timeout=5"},
                                                                     {"TE", "trailers"},
                                                                     {"Upgrade", "h2c"},
                                                                     {"Proxy-Connection", "keep-alive"},
                                                                     {"Expect", "100-continue"}}
                                                       << HeaderList{{"X-Custom", "1"}};
        QTest::newRow("fields Connection names")
            << HeaderList{{"Connection", "keep-alive, X-Hop"}, {"x-hop", "a"}, {"X-Kept", "b"}}
            << HeaderList{{"X-Kept", "b"}};
        QTest::newRow("order, case and duplicates kept")
            << HeaderList{{"X-Dup", "1"}, {"content-type", "application/json"}, {"x-dup", "2"}}
            << HeaderList{{"X-Dup", "1"}, {"content-type", "application/json"}, {"x-dup", "2"}};
    }
    void endToEndHeadersLeaveTheHopByHopOnes()
    {
        QFETCH(HeaderList, headers);
        QFETCH(HeaderList, kept);
        Capture capture;
        capture.method = "PUT";
        capture.headers = headers;
        capture.body = QByteArray("\x00\xff", 2);
        QCOMPARE(CaptureRequest::endToEndHeaders(capture), kept);
        const OutgoingRequest request = CaptureRequest::to(capture, QUrl(QStringLiteral("http://t/x")),
                                                           {{"X-Signature", "new"}});
        QCOMPARE(request.method, QByteArray("PUT"));
        QCOMPARE(request.body, capture.body);
        QCOMPARE(request.headers, kept + HeaderList({{"X-Signature", "new"}}));
    }

    void rebasedKeepsThePathAndQueryOnTheTarget_data()
    {
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<QString>("base");
        QTest::addColumn<QString>("url");
        QTest::newRow("origin") << QByteArray("/hook?a=1&b=%20") << QStringLiteral("http://localhost:3000")
                                << QStringLiteral("http://localhost:3000/hook?a=1&b=%20");
        QTest::newRow("base path, trailing slash") << QByteArray("/hook") << QStringLiteral("https://app.test/api/")
                                                   << QStringLiteral("https://app.test/api/hook");
        QTest::newRow("target's own query and fragment go")
            << QByteArray("/x?q=2") << QStringLiteral("http://h:1/p?old=1#f") << QStringLiteral("http://h:1/p/x?q=2");
        QTest::newRow("absolute-form target")
            << QByteArray("http://elsewhere/y?z") << QStringLiteral("http://h") << QStringLiteral("http://h/y?z");
    }
    void rebasedKeepsThePathAndQueryOnTheTarget()
    {
        QFETCH(QByteArray, target);
        QFETCH(QString, base);
        QFETCH(QString, url);
        Capture capture;
        capture.target = target;
        QCOMPARE(CaptureRequest::rebased(capture, QUrl(base)).toString(QUrl::FullyEncoded), url);
    }

    void toDraftIsReadyToEditAndSend()
    {
        Capture capture;
        capture.method = "PATCH";
        capture.target = "/hooks/github?delivery=1";
        capture.headers = {{"Host", "127.0.0.1:8765"},
                           {"Content-Type", "application/json"},
                           {"X-GitHub-Event", "push"},
                           {"Content-Length", "15"},
                           {"Connection", "close"}};
        capture.body = "{\"ref\": \"main\"}";
        bool exact = false;
        const RequestDraft draft = CaptureRequest::toDraft(capture, QUrl(QStringLiteral("http://localhost:3000")),
                                                           &exact);
        QVERIFY(exact);
        QCOMPARE(draft.method, QStringLiteral("PATCH"));
        QCOMPARE(draft.url, QStringLiteral("http://localhost:3000/hooks/github?delivery=1"));
        QCOMPARE(draft.headers.size(), 2);
        QCOMPARE(draft.headers.at(0).name, QStringLiteral("Content-Type"));
        QCOMPARE(draft.headers.at(1).name, QStringLiteral("X-GitHub-Event"));
        QCOMPARE(draft.bodyMode, RequestDraft::BodyMode::Json);
        QCOMPARE(draft.body.toUtf8(), capture.body);

        capture.body = QByteArray("\x00\xff", 2);
        CaptureRequest::toDraft(capture, QUrl(QStringLiteral("http://localhost:3000")), &exact);
        QVERIFY(!exact); // said, so the composer can warn
    }
};

QTEST_GUILESS_MAIN(TestCaptureRequest)
#include "tst_capturerequest.moc"
