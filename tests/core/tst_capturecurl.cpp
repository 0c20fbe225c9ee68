#include "core/capture/capturecurl.h"
#include "core/listener/listener.h"
#include "support/testsupport.h"

#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

Q_DECLARE_METATYPE(HeaderList)

namespace {
Capture makeCapture(const QByteArray &method, const QByteArray &target, const HeaderList &headers,
                    const QByteArray &body, const QByteArray &version = "1.1")
{
    Capture c;
    c.method = method;
    c.target = target;
    c.httpVersion = version;
    c.headers = headers;
    c.body = body;
    c.localPort = 8765;
    return c;
}

const QByteArray kHost = "127.0.0.1:8765";
} // namespace

class TestCaptureCurl : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        TestSupport::isolateUserData();
        qRegisterMetaType<HeaderList>();
        m_bash = QStandardPaths::findExecutable(QStringLiteral("bash"));
        m_curl = QStandardPaths::findExecutable(QStringLiteral("curl"));
    }

    void shellQuote_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QByteArray>("quoted");
        QTest::newRow("plain") << QByteArray("abc") << QByteArray("'abc'");
        QTest::newRow("empty") << QByteArray() << QByteArray("''");
        QTest::newRow("single quote") << QByteArray("it's") << QByteArray("'it'\\''s'");
        QTest::newRow("shell specials stay literal")
            << QByteArray("$HOME `x` \"q\" \\n !") << QByteArray("'$HOME `x` \"q\" \\n !'");
        QTest::newRow("newline and tab kept") << QByteArray("a\n\tb") << QByteArray("'a\n\tb'");
        QTest::newRow("utf-8 kept") << QByteArray("caf\xc3\xa9") << QByteArray("'caf\xc3\xa9'");
        QTest::newRow("carriage return") << QByteArray("a\r\nb") << QByteArray("$'a\\r\\nb'");
        QTest::newRow("control byte and quote") << QByteArray("\x01it's\\") << QByteArray("$'\\x01it\\'s\\\\'");
        QTest::newRow("invalid utf-8") << QByteArray("caf\xe9") << QByteArray("$'caf\\xe9'");
        QTest::newRow("utf-8 with control") << QByteArray("\xc3\xa9\x7f") << QByteArray("$'\xc3\xa9\\x7f'");
        QTest::newRow("hex digit after escape") << QByteArray("\x01"
                                                              "0a")
                                                << QByteArray("$'\\x010a'");
    }

    void shellQuote()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QByteArray, quoted);
        QCOMPARE(CaptureCurl::shellQuote(bytes), quoted);
    }

    void command_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<HeaderList>("headers");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("version");
        QTest::addColumn<QString>("expected");

        const HeaderList curlDefaults{{"Host", kHost}, {"User-Agent", "curl/7.88.1"}, {"Accept", "*/*"}};

        QTest::newRow("GET: no -X") << QByteArray("GET") << QByteArray("/ping?a=1&b=2") << curlDefaults << QByteArray()
                                    << QByteArray("1.1")
                                    << QStringLiteral("curl 'http://127.0.0.1:8765/ping?a=1&b=2' "
                                                      "-H 'User-Agent: curl/7.88.1' -H 'Accept: */*'");
        QTest::newRow("HEAD: --head, not -X HEAD")
            << QByteArray("HEAD") << QByteArray("/h") << curlDefaults << QByteArray() << QByteArray("1.1")
            << QStringLiteral("curl --head 'http://127.0.0.1:8765/h' "
                              "-H 'User-Agent: curl/7.88.1' -H 'Accept: */*'");
        QTest::newRow("POST JSON with a quote")
            << QByteArray("POST") << QByteArray("/hook")
            << HeaderList{{"Host", kHost},
                          {"User-Agent", "x"},
                          {"Accept", "*/*"},
                          {"Content-Type", "application/json"},
                          {"Content-Length", "13"}}
            << QByteArray("{\"a\":\"it's\"}\n") << QByteArray("1.1")
            << QStringLiteral("curl 'http://127.0.0.1:8765/hook' -H 'User-Agent: x' "
                              "-H 'Accept: */*' -H 'Content-Type: application/json' "
                              "--data-binary '{\"a\":\"it'\\''s\"}\n'");
        QTest::newRow("duplicates in order, case kept")
            << QByteArray("POST") << QByteArray("/d")
            << HeaderList{{"Host", kHost},        {"X-Dup", "1"},  {"user-agent", "u"},
                          {"x-dup", "2"},         {"ACCEPT", "a"}, {"Content-Type", "text/plain"},
                          {"Content-Length", "1"}}
            << QByteArray("x") << QByteArray("1.1")
            << QStringLiteral("curl 'http://127.0.0.1:8765/d' -H 'X-Dup: 1' "
                              "-H 'user-agent: u' -H 'x-dup: 2' -H 'ACCEPT: a' -H 'Content-Type: text/plain' "
                              "--data-binary 'x'");
        QTest::newRow("binary body: $'...'")
            << QByteArray("POST") << QByteArray("/bin")
            << HeaderList{{"Host", kHost}, {"Content-Type", "application/octet-stream"}, {"Content-Length", "4"}}
            << QByteArray("\x01\xff\r\n", 4) << QByteArray("1.1")
            << QStringLiteral("curl 'http://127.0.0.1:8765/bin' "
                              "-H 'Content-Type: application/octet-stream' -H 'User-Agent:' "
                              "-H 'Accept:' --data-binary $'\\x01\\xff\\r\\n'");
        QTest::newRow("NUL bytes: printf into @-")
            << QByteArray("PUT") << QByteArray("/nul") << HeaderList{{"Host", kHost}, {"Content-Length", "7"}}
            << QByteArray("a\0%b'\\\n", 7) << QByteArray("1.1")
            << QStringLiteral("printf 'a\\000%%b'\\''\\\\\\012' | curl -X PUT 'http://127.0.0.1:8765/nul' "
                              "-H 'User-Agent:' -H 'Accept:' "
                              "-H 'Content-Type:' --data-binary @-");
        QTest::newRow("POST without body: -X POST")
            << QByteArray("POST") << QByteArray("/empty") << HeaderList{{"Host", kHost}, {"Content-Length", "0"}}
            << QByteArray() << QByteArray("1.1")
            << QStringLiteral("curl -X POST 'http://127.0.0.1:8765/empty' "
                              "-H 'User-Agent:' -H 'Accept:'");
        QTest::newRow("GET with a body: -X GET")
            << QByteArray("GET") << QByteArray("/g")
            << HeaderList{{"Host", kHost}, {"Content-Type", "text/plain"}, {"Content-Length", "2"}} << QByteArray("hi")
            << QByteArray("1.1")
            << QStringLiteral("curl -X GET 'http://127.0.0.1:8765/g' "
                              "-H 'Content-Type: text/plain' -H 'User-Agent:' -H 'Accept:' "
                              "--data-binary 'hi'");
        QTest::newRow("empty value and obs-text value")
            << QByteArray("DELETE") << QByteArray("/x")
            << HeaderList{{"Host", kHost}, {"X-Empty", ""}, {"X-Latin", "caf\xe9"}} << QByteArray() << QByteArray("1.1")
            << QStringLiteral("curl -X DELETE 'http://127.0.0.1:8765/x' -H 'X-Empty;' "
                              "-H $'X-Latin: caf\\xe9' -H 'User-Agent:' -H 'Accept:'");
        QTest::newRow("globs and dot segments kept")
            << QByteArray("GET") << QByteArray("/a/../b[1]?q={x}") << curlDefaults << QByteArray() << QByteArray("1.1")
            << QStringLiteral("curl --globoff --path-as-is 'http://127.0.0.1:8765/a/../b[1]?q={x}' "
                              "-H 'User-Agent: curl/7.88.1' -H 'Accept: */*'");
        QTest::newRow("HTTP/1.0 without Host")
            << QByteArray("GET") << QByteArray("/old") << HeaderList{{"Accept", "*/*"}} << QByteArray()
            << QByteArray("1.0")
            << QStringLiteral("curl --http1.0 'http://localhost:8765/old' -H 'Accept: */*' -H 'Host:' "
                              "-H 'User-Agent:'");
        QTest::newRow("absolute-form target")
            << QByteArray("GET") << QByteArray("http://example.test/p") << curlDefaults << QByteArray()
            << QByteArray("1.1")
            << QStringLiteral("curl 'http://example.test/p' -H 'Host: 127.0.0.1:8765' "
                              "-H 'User-Agent: curl/7.88.1' -H 'Accept: */*'");
        QTest::newRow("Content-Length that disagrees with the body is kept")
            << QByteArray("POST") << QByteArray("/cl") << HeaderList{{"Host", kHost}, {"Content-Length", "12"}}
            << QByteArray("hello") << QByteArray("1.1")
            << QStringLiteral("curl 'http://127.0.0.1:8765/cl' -H 'Content-Length: 12' -H 'User-Agent:' "
                              "-H 'Accept:' -H 'Content-Type:' --data-binary 'hello'");
    }

    void command()
    {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, target);
        QFETCH(HeaderList, headers);
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, version);
        QFETCH(QString, expected);
        const Capture capture = makeCapture(method, target, headers, body, version);
        QCOMPARE(CaptureCurl::command(capture, CaptureCurl::Layout::SingleLine), expected);
    }

    void multiLineLayout()
    {
        const Capture capture = makeCapture("POST", "/m", {{"Host", kHost}, {"Content-Type", "text/plain"}}, "b");
        QCOMPARE(CaptureCurl::command(capture),
                 QStringLiteral("curl 'http://127.0.0.1:8765/m' \\\n"
                                "  -H 'Content-Type: text/plain' \\\n  -H 'User-Agent:' \\\n  -H 'Accept:' \\\n"
                                "  --data-binary 'b'"));
    }

    // The real proof: bash runs the command, curl sends it to a listener, and the
    // listener receives the same method, target, header fields and body bytes.
    void roundTripThroughBashAndCurl_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<HeaderList>("headers"); // Host is added first, Content-Length set, by the test
        QTest::addColumn<QByteArray>("body");

        QTest::newRow("GET") << QByteArray("GET") << QByteArray("/ping?a=1&b=%20")
                             << HeaderList{{"User-Agent", "curl/7.88.1"}, {"Accept", "*/*"}} << QByteArray();
        QTest::newRow("HEAD") << QByteArray("HEAD") << QByteArray("/h")
                              << HeaderList{{"User-Agent", "x"}, {"Accept", "*/*"}, {"X-A", "b"}} << QByteArray();
        QTest::newRow("JSON with quotes and unicode")
            << QByteArray("POST") << QByteArray("/hook")
            << HeaderList{{"Content-Type", "application/json"}, {"Content-Length", "27"}}
            << QByteArray("{\"q\":\"it's \\\"x\\\" caf\xc3\xa9\"}\n");
        QTest::newRow("duplicates, case, empty value") << QByteArray("PATCH") << QByteArray("/d")
                                                       << HeaderList{{"X-Dup", "1"},
                                                                     {"x-dup", "2"},
                                                                     {"X-Empty", ""},
                                                                     {"content-type", "text/plain"},
                                                                     {"Content-Length", "3"}}
                                                       << QByteArray("a b");
        QTest::newRow("binary with CR and high bytes")
            << QByteArray("POST") << QByteArray("/bin")
            << HeaderList{{"Content-Type", "application/octet-stream"}, {"Content-Length", "8"}}
            << QByteArray("\x01\x02\r\n\xfe\xff'\\", 8);
        QTest::newRow("NUL bytes and percent") << QByteArray("PUT") << QByteArray("/nul")
                                               << HeaderList{{"Content-Length", "9"}} << QByteArray("a\0%s%%\0'\n", 9);
        QTest::newRow("no content type, large body") << QByteArray("POST") << QByteArray("/big")
                                                     << HeaderList{{"Content-Length", "3000"}} << QByteArray(3000, 'z');
        QTest::newRow("obs-text header value")
            << QByteArray("POST") << QByteArray("/latin")
            << HeaderList{{"X-Latin", "caf\xe9"}, {"Content-Type", "text/plain"}, {"Content-Length", "1"}}
            << QByteArray("!");
    }

    void roundTripThroughBashAndCurl()
    {
        if (m_bash.isEmpty() || m_curl.isEmpty())
            QSKIP("bash and curl are needed for the round trip");
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, target);
        QFETCH(HeaderList, headers);
        QFETCH(QByteArray, body);

        Listener listener;
        QSignalSpy started(&listener, &Listener::started);
        QSignalSpy captured(&listener, &Listener::captured);
        ListenerConfig config;
        config.port = 0;
        listener.start(config);
        QTRY_COMPARE(started.size(), 1);

        HeaderList sent = headers;
        for (auto &[name, value] : sent) {
            if (name == "Content-Length")
                value = QByteArray::number(body.size());
        }
        sent.prepend({"Host", "127.0.0.1:" + QByteArray::number(listener.port())});
        const QString command = CaptureCurl::command(makeCapture(method, target, sent, body));

        QProcess bash;
        bash.start(m_bash, {QStringLiteral("-c"), command + QStringLiteral(" --silent --output /dev/null")});
        QVERIFY(bash.waitForStarted());
        QTRY_COMPARE_WITH_TIMEOUT(bash.state(), QProcess::NotRunning, 20000);
        QVERIFY2(bash.exitCode() == 0, bash.readAllStandardError().constData());
        QTRY_COMPARE(captured.size(), 1);

        const Capture received = captured.at(0).at(0).value<QList<Capture>>().constFirst();
        QCOMPARE(received.status, Capture::Status::Accepted);
        QCOMPARE(received.method, method);
        QCOMPARE(received.target, target);
        QCOMPARE(received.headers, sent);
        QCOMPARE(received.body, body);
    }

private:
    QString m_bash;
    QString m_curl;
};

QTEST_GUILESS_MAIN(TestCaptureCurl)
#include "tst_capturecurl.moc"
