#include "core/send/historystore.h"
#include "support/sendpeers.h"
#include "support/testsupport.h"

#include <QFile>
#include <QJsonArray>
#include <QMessageAuthenticationCode>
#include <QTemporaryDir>
#include <QTest>

using SendPeers::FlaskPeer;
using SendPeers::RawPeer;
using TestSupport::runHookbench;

// `hookbench send` run as a script would run it: exit codes, stdout, stderr, and what
// the Flask receiver got.
class TestSendCommand : public QObject
{
    Q_OBJECT

private:
    FlaskPeer m_flask;
    QTemporaryDir m_dir;
    int m_files = 0;

    QString file(const QString &name, const QByteArray &content = {})
    {
        const QString path = m_dir.filePath(QStringLiteral("%1-%2").arg(++m_files).arg(name));
        if (!content.isNull()) {
            QFile f(path);
            if (f.open(QIODevice::WriteOnly))
                f.write(content);
        }
        return path;
    }

    // Every run records into a history file of its own, never the user's.
    TestSupport::ProcessResult send(QStringList arguments, const QByteArray &stdinData = {})
    {
        if (!arguments.contains(QStringLiteral("--no-history")) && !arguments.contains(QStringLiteral("--history")))
            arguments << QStringLiteral("--history") << file(QStringLiteral("history.sqlite"));
        return runHookbench(QStringList{QStringLiteral("send")} + arguments, stdinData, 60000);
    }

    static QList<QJsonObject> jsonLines(const QByteArray &out)
    {
        QList<QJsonObject> lines;
        for (const QByteArray &line : out.split('\n')) {
            if (line.trimmed().isEmpty())
                continue;
            QJsonParseError error;
            const QJsonDocument document = QJsonDocument::fromJson(line, &error);
            if (error.error != QJsonParseError::NoError || !document.isObject())
                return {}; // not JSON Lines: the caller's count check fails
            lines << document.object();
        }
        return lines;
    }

private Q_SLOTS:
    void initTestCase()
    {
        TestSupport::isolateUserData();
        QVERIFY(m_dir.isValid());
        QVERIFY2(m_flask.start(), "the Flask receiver (tests/data/flask_receiver.py) did not start");
    }

    void init() { m_flask.clear(); }

    void exitCodes_data()
    {
        QTest::addColumn<QStringList>("arguments"); // PORT, DEAD and SILENT are replaced
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QByteArray>("out");
        QTest::addColumn<QByteArray>("err");
        const QString hook = QStringLiteral("http://127.0.0.1:PORT/webhook");
        QTest::newRow("2xx") << QStringList{hook, QStringLiteral("-d"),
                                            QStringLiteral("{\"event\": \"user_registered\"}")}
                             << 0 << QByteArray("HTTP/1.1 200 OK") << QByteArray("200 OK in ");
        QTest::newRow("404") << QStringList{QStringLiteral("http://127.0.0.1:PORT/status/404"), QStringLiteral("-X"),
                                            QStringLiteral("GET")}
                             << 1 << QByteArray("HTTP/1.1 404 NOT FOUND") << QByteArray();
        QTest::newRow("500") << QStringList{QStringLiteral("http://127.0.0.1:PORT/status/500")} << 1
                             << QByteArray("{\"status\":500}") << QByteArray();
        QTest::newRow("invalid JSON") << QStringList{hook, QStringLiteral("-d"), QStringLiteral("{\"a\": 1,}")} << 2
                                      << QByteArray()
                                      << QByteArray("body is not valid JSON: line 1, column 8: trailing comma");
        QTest::newRow("unknown variable")
            << QStringList{hook, QStringLiteral("-d"), QStringLiteral("{\"a\": \"{{nope}}\"}")} << 2 << QByteArray()
            << QByteArray("body, line 1, column 8: unknown variable 'nope'");
        QTest::newRow("refused") << QStringList{QStringLiteral("http://127.0.0.1:DEAD/webhook"), QStringLiteral("-d"),
                                                QStringLiteral("{}")}
                                 << 3 << QByteArray() << QByteArray("connection refused");
        QTest::newRow("timeout") << QStringList{QStringLiteral("http://127.0.0.1:SILENT/hook"),
                                                QStringLiteral("--timeout-ms"), QStringLiteral("300")}
                                 << 3 << QByteArray() << QByteArray("timed out after 300 ms");
        QTest::newRow("text body with its type")
            << QStringList{QStringLiteral("http://127.0.0.1:PORT/status/200"), QStringLiteral("-H"),
                           QStringLiteral("Content-Type: text/plain"), QStringLiteral("-d"),
                           QStringLiteral("not { json")}
            << 0 << QByteArray("HTTP/1.1 200 OK") << QByteArray();
        QTest::newRow("no URL") << QStringList{} << 2 << QByteArray() << QByteArray("a URL is required");
        QTest::newRow("ftp") << QStringList{QStringLiteral("ftp://127.0.0.1/x")} << 2 << QByteArray()
                             << QByteArray("URL scheme 'ftp' is not supported");
        QTest::newRow("repeat 0") << QStringList{hook, QStringLiteral("--repeat"), QStringLiteral("0")} << 2
                                  << QByteArray() << QByteArray("--repeat must be a whole number of at least 1");
        QTest::newRow("bad output") << QStringList{hook, QStringLiteral("--output"), QStringLiteral("xml")} << 2
                                    << QByteArray() << QByteArray("--output must be text or json");
        QTest::newRow("bad header") << QStringList{hook, QStringLiteral("-H"), QStringLiteral("NoColon")} << 2
                                    << QByteArray() << QByteArray("-H wants \"Name: value\"");
        QTest::newRow("unknown scheme") << QStringList{hook, QStringLiteral("--sign"), QStringLiteral("nope"),
                                                       QStringLiteral("--secret"), QStringLiteral("x")}
                                        << 2 << QByteArray() << QByteArray("unknown scheme 'nope'");
        QTest::newRow("sign without secret") << QStringList{hook, QStringLiteral("--sign"), QStringLiteral("github")}
                                             << 2 << QByteArray() << QByteArray("--sign needs --secret");
        QTest::newRow("missing -d file") << QStringList{hook, QStringLiteral("-d"),
                                                        QStringLiteral("@/nonexistent/body.json")}
                                         << 2 << QByteArray() << QByteArray("cannot read /nonexistent/body.json");
    }

    void exitCodes()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QByteArray, out);
        QFETCH(QByteArray, err);
        RawPeer silent;
        silent.silent = true;
        QVERIFY(silent.listen());
        for (QString &argument : arguments) {
            argument.replace(QLatin1String("PORT"), QString::number(m_flask.port()));
            argument.replace(QLatin1String("DEAD"), QString::number(SendPeers::deadPort()));
            argument.replace(QLatin1String("SILENT"), QString::number(silent.port()));
        }
        const auto result = send(arguments);
        QVERIFY2(
            result.exitCode == exitCode,
            qPrintable(QStringLiteral("exit %1; stderr: %2").arg(result.exitCode).arg(QString::fromUtf8(result.err))));
        QVERIFY2(result.out.contains(out), result.out.constData());
        QVERIFY2(result.err.contains(err), result.err.constData());
        if (exitCode == 2)
            QCOMPARE(m_flask.count(), 0); // bad input: nothing was sent
    }

    void jsonOutput()
    {
        const QByteArray body = "{\"event\": \"user_registered\", \"user_id\": \"123456\"}";
        const auto result = send({m_flask.url(QStringLiteral("/webhook")), QStringLiteral("-d"),
                                  QString::fromUtf8(body), QStringLiteral("-H"), QStringLiteral("X-B: 2"),
                                  QStringLiteral("-H"), QStringLiteral("X-A: 1"), QStringLiteral("--output"),
                                  QStringLiteral("json")});
        QCOMPARE(result.exitCode, 0);
        const auto lines = jsonLines(result.out);
        QCOMPARE(lines.size(), 1);
        const QJsonObject o = lines.first();
        QCOMPARE(o.value(QStringLiteral("url")).toString(), m_flask.url(QStringLiteral("/webhook")));
        QCOMPARE(o.value(QStringLiteral("method")).toString(), QStringLiteral("POST"));
        QCOMPARE(o.value(QStringLiteral("status")).toInt(), 200);
        QVERIFY(o.value(QStringLiteral("error")).isNull());
        QCOMPARE(o.value(QStringLiteral("attempts")).toInt(), 1);
        const QJsonArray headers = o.value(QStringLiteral("headers")).toArray();
        QVERIFY(!headers.isEmpty());
        bool sawType = false;
        for (const QJsonValue &pair : headers) {
            QCOMPARE(pair.toArray().size(), 2);
            if (pair.toArray().at(0).toString() == QLatin1String("Content-Type"))
                sawType = pair.toArray().at(1).toString() == QLatin1String("application/json");
        }
        QVERIFY(sawType);
        const QByteArray answer = QByteArray::fromBase64(o.value(QStringLiteral("bodyBase64")).toString().toLatin1());
        QCOMPARE(QJsonDocument::fromJson(answer).object().value(QStringLiteral("received")).toBool(), true);
        QCOMPARE(o.value(QStringLiteral("bodyText")).toString().toUtf8(), answer);
        const QJsonObject timings = o.value(QStringLiteral("timings")).toObject();
        QVERIFY(timings.value(QStringLiteral("totalMs")).toDouble() > 0);
        QVERIFY(timings.value(QStringLiteral("firstByteMs")).toDouble()
                <= timings.value(QStringLiteral("totalMs")).toDouble());

        QTRY_COMPARE(m_flask.count(), 1);
        const QJsonObject got = m_flask.received().first();
        QCOMPARE(FlaskPeer::body(got), body);
        QStringList order;
        for (const auto &[name, value] : FlaskPeer::headers(got)) {
            if (name.startsWith(QLatin1String("X-")))
                order << name + QLatin1Char('=') + value;
        }
        QCOMPARE(order, (QStringList{QStringLiteral("X-B=2"), QStringLiteral("X-A=1")}));
    }

    void jsonOutputForAFailure()
    {
        const auto result = send({QStringLiteral("http://127.0.0.1:%1/x").arg(SendPeers::deadPort()),
                                  QStringLiteral("--output"), QStringLiteral("json"), QStringLiteral("--retries"),
                                  QStringLiteral("1")});
        QCOMPARE(result.exitCode, 3);
        const auto lines = jsonLines(result.out);
        QCOMPARE(lines.size(), 1);
        QVERIFY(lines.first().value(QStringLiteral("status")).isNull());
        QCOMPARE(lines.first().value(QStringLiteral("error")).toString(), QStringLiteral("connection refused"));
        QCOMPARE(lines.first().value(QStringLiteral("attempts")).toInt(), 2);
        QVERIFY(
            lines.first().value(QStringLiteral("timings")).toObject().value(QStringLiteral("firstByteMs")).isNull());
    }

    void binaryAnswerHasNoBodyText()
    {
        RawPeer peer;
        peer.response = QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n\xff\xfe\x00", 41);
        QVERIFY(peer.listen());
        QProcess process;
        process.start(QStringLiteral(HOOKBENCH_BINARY),
                      {QStringLiteral("send"), peer.url().toString(), QStringLiteral("--output"),
                       QStringLiteral("json"), QStringLiteral("--no-history")});
        QVERIFY(process.waitForStarted());
        // The peer lives in this process: keep the event loop turning while the binary runs.
        QVERIFY(QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, 30000));
        QCOMPARE(process.exitCode(), 0);
        const auto lines = jsonLines(process.readAllStandardOutput());
        QCOMPARE(lines.size(), 1);
        QCOMPARE(lines.first().value(QStringLiteral("bodyBase64")).toString(), QStringLiteral("//4A"));
        QVERIFY(!lines.first().contains(QStringLiteral("bodyText")));
    }

    void envFileFillsTemplates()
    {
        const QString env = file(QStringLiteral("env.json"), "{\"user\": \"Ada\", \"n\": 5, \"path\": \"webhook\"}");
        const auto result = send({QStringLiteral("http://127.0.0.1:%1/{{path}}").arg(m_flask.port()),
                                  QStringLiteral("--env"), env, QStringLiteral("-H"),
                                  QStringLiteral("X-User: {{user}}"), QStringLiteral("-d"),
                                  QStringLiteral("{\"user\": \"{{user}}\", \"n\": {{n}}, \"id\": \"{{$uuid}}\"}")});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QTRY_COMPARE(m_flask.count(), 1);
        const QJsonObject got = m_flask.received().first();
        const QJsonObject json = got.value(QStringLiteral("json")).toObject();
        QCOMPARE(json.value(QStringLiteral("user")).toString(), QStringLiteral("Ada"));
        QCOMPARE(json.value(QStringLiteral("n")).toInt(), 5);
        QCOMPARE(json.value(QStringLiteral("id")).toString().size(), 36);
        QCOMPARE(FlaskPeer::header(got, QStringLiteral("X-User")), QStringLiteral("Ada"));
    }

    void badEnvFileIsUsage_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QByteArray>("message");
        QTest::newRow("broken") << QByteArray("{\"a\": }") << QByteArray("line 1, column 7");
        QTest::newRow("not an object") << QByteArray("[\"a\"]") << QByteArray("expected a JSON object");
    }

    void badEnvFileIsUsage()
    {
        QFETCH(QByteArray, content);
        QFETCH(QByteArray, message);
        const auto result = send({m_flask.url(QStringLiteral("/webhook")), QStringLiteral("--env"),
                                  file(QStringLiteral("env.json"), content), QStringLiteral("-d"),
                                  QStringLiteral("{}")});
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains(message), result.err.constData());
    }

    void bodyFromFileAndStdin_data()
    {
        QTest::addColumn<bool>("fromStdin");
        QTest::newRow("@FILE") << false;
        QTest::newRow("@-") << true;
    }

    void bodyFromFileAndStdin()
    {
        QFETCH(bool, fromStdin);
        const QByteArray body = "{\n  \"event\": \"ping\",\n  \"zen\": \"Caf\xc3\xa9 \\u00e9\",\n  \"n\": 1.50\n}\n";
        const QString source = fromStdin ? QStringLiteral("@-")
                                         : QStringLiteral("@") + file(QStringLiteral("body.json"), body);
        const auto result = send({m_flask.url(QStringLiteral("/webhook")), QStringLiteral("-d"), source},
                                 fromStdin ? body : QByteArray());
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QTRY_COMPARE(m_flask.count(), 1);
        QCOMPARE(FlaskPeer::body(m_flask.received().first()), body); // exact bytes, trailing newline included
    }

    void repeatWithConcurrency_data()
    {
        QTest::addColumn<QString>("format");
        QTest::newRow("json") << QStringLiteral("json");
        QTest::newRow("text") << QStringLiteral("text");
    }

    void repeatWithConcurrency()
    {
        QFETCH(QString, format);
        const QString history = file(QStringLiteral("history.sqlite"));
        const auto result = send({m_flask.url(QStringLiteral("/webhook")), QStringLiteral("-d"),
                                  QStringLiteral("{\"n\": {{$randomInt}}}"), QStringLiteral("--repeat"),
                                  QStringLiteral("6"), QStringLiteral("--concurrency"), QStringLiteral("3"),
                                  QStringLiteral("--output"), format, QStringLiteral("--history"), history});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        if (format == QLatin1String("json")) {
            const auto lines = jsonLines(result.out);
            QCOMPARE(lines.size(), 6);
            QSet<int> indexes;
            for (const auto &line : lines) {
                indexes << line.value(QStringLiteral("index")).toInt();
                QCOMPARE(line.value(QStringLiteral("status")).toInt(), 200);
            }
            QCOMPARE(indexes, (QSet<int>{0, 1, 2, 3, 4, 5}));
            QVERIFY2(result.err.contains("6 requests: 6 succeeded"), result.err.constData());
        } else {
            QVERIFY2(result.out.startsWith(
                         "6 requests: 6 succeeded (2xx), 0 failed, 0 could not complete\nstatus: 200 x6\n"),
                     result.out.constData());
            QVERIFY(result.out.contains("latency ms: min "));
            QVERIFY(result.out.contains(" requests/s"));
        }
        QTRY_COMPARE(m_flask.count(), 6);
        HistoryStore store(history);
        QCOMPARE(store.listNow().size(), 6); // every response recorded
    }

    void retriesThenSucceeds()
    {
        const auto result = send({m_flask.url(QStringLiteral("/flaky/cli")), QStringLiteral("--retries"),
                                  QStringLiteral("3"), QStringLiteral("--output"), QStringLiteral("json"),
                                  QStringLiteral("-d"), QStringLiteral("{}")});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        const auto lines = jsonLines(result.out);
        QCOMPARE(lines.size(), 1);
        QCOMPARE(lines.first().value(QStringLiteral("attempts")).toInt(), 3);
        QCOMPARE(lines.first().value(QStringLiteral("status")).toInt(), 200);
        QTRY_COMPARE(m_flask.count(), 3);
    }

    void noHistoryWritesNothing()
    {
        const QString history = file(QStringLiteral("unused.sqlite"));
        const auto without = send({m_flask.url(QStringLiteral("/status/200")), QStringLiteral("--no-history")});
        QCOMPARE(without.exitCode, 0);
        QVERIFY(!QFile::exists(history));
        const auto both = send({m_flask.url(QStringLiteral("/status/200")), QStringLiteral("--no-history"),
                                QStringLiteral("--history"), history});
        QCOMPARE(both.exitCode, 2);
    }

    void githubSignatureCoversTheExpandedBody()
    {
        const QByteArray secret = "It's a Secret to Everybody";
        const auto result = send({m_flask.url(QStringLiteral("/webhook")), QStringLiteral("--sign"),
                                  QStringLiteral("github"), QStringLiteral("--secret"), QString::fromUtf8(secret),
                                  QStringLiteral("--event"), QStringLiteral("push"), QStringLiteral("-d"),
                                  QStringLiteral("{\"delivery\": \"{{$uuid}}\", \"at\": {{$timestamp}}}")});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QTRY_COMPARE(m_flask.count(), 1);
        const QJsonObject got = m_flask.received().first();
        const QByteArray body = FlaskPeer::body(got);
        QVERIFY(!body.contains("{{"));
        const QByteArray expected = "sha256="
            + QMessageAuthenticationCode::hash(body, secret, QCryptographicHash::Sha256).toHex();
        QCOMPARE(FlaskPeer::header(got, QStringLiteral("X-Hub-Signature-256")).toLatin1(), expected);
        QCOMPARE(FlaskPeer::header(got, QStringLiteral("X-GitHub-Event")), QStringLiteral("push"));
    }

    void hmacSchemeUsesTheSharedOptions()
    {
        const auto result = send({m_flask.url(QStringLiteral("/webhook")), QStringLiteral("--sign"),
                                  QStringLiteral("hmac"), QStringLiteral("--secret"), QStringLiteral("s3cr3t"),
                                  QStringLiteral("--hmac-header"), QStringLiteral("X-My-Signature"),
                                  QStringLiteral("--hmac-encoding"), QStringLiteral("base64"), QStringLiteral("-d"),
                                  QStringLiteral("{\"a\": 1}")});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QTRY_COMPARE(m_flask.count(), 1);
        const QByteArray body = FlaskPeer::body(m_flask.received().first());
        QCOMPARE(FlaskPeer::header(m_flask.received().first(), QStringLiteral("X-My-Signature")).toLatin1(),
                 QMessageAuthenticationCode::hash(body, "s3cr3t", QCryptographicHash::Sha256).toBase64());
    }
};

QTEST_GUILESS_MAIN(TestSendCommand)
#include "tst_sendcommand.moc"
