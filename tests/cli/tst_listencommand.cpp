#include "support/sendpeers.h"
#include "support/sqlitepeek.h"
#include "support/testsupport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using TestSupport::runHookbench;

namespace {
QString python()
{
    const QByteArray configured = qgetenv("HOOKBENCH_PYTHON");
    return configured.isEmpty() ? QStringLiteral("/usr/bin/python3") : QString::fromLocal8Bit(configured);
}

// Starts `hookbench listen ...` and waits for its one status line on stderr.
struct RunningListener {
    QProcess process;
    quint16 port = 0;
    QByteArray statusLine;

    bool start(const QStringList &arguments)
    {
        process.start(QStringLiteral(HOOKBENCH_BINARY), QStringList{QStringLiteral("listen")} + arguments);
        if (!process.waitForStarted(5000))
            return false;
        // waitForReadyRead() waits on the current read channel: the status line is on stderr.
        process.setReadChannel(QProcess::StandardError);
        QByteArray err;
        while (!err.contains('\n') && process.waitForReadyRead(5000))
            err += process.readAllStandardError();
        process.setReadChannel(QProcess::StandardOutput);
        statusLine = err.left(err.indexOf('\n'));
        const auto match = QRegularExpression(QStringLiteral("^Listening on http://127\\.0\\.0\\.1:(\\d+)/$"))
                               .match(QString::fromUtf8(statusLine));
        port = match.hasMatch() ? quint16(match.captured(1).toUInt()) : 0;
        return port != 0;
    }

    QString url(const QString &path) const { return QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(path); }
};

int curl(const QStringList &arguments, QByteArray *output = nullptr)
{
    QProcess process;
    process.start(QStringLiteral("curl"), QStringList{QStringLiteral("-sS")} + arguments);
    process.waitForFinished(15000);
    if (output)
        *output = process.readAllStandardOutput();
    return process.exitCode();
}
} // namespace

// `hookbench listen` and `hookbench export`, run as a user's script would run them.
class TestListenCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { TestSupport::isolateUserData(); }

    void printsStatusLineThenOneJsonObjectPerCapture()
    {
        QTemporaryDir dir;
        RunningListener listener;
        QVERIFY2(
            listener.start({QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--store"),
                            dir.filePath(QStringLiteral("c.sqlite")), QStringLiteral("--count"), QStringLiteral("2")}),
            listener.statusLine.constData());
        QCOMPARE(
            curl({QStringLiteral("-H"), QStringLiteral("Content-Type: application/json"), QStringLiteral("-H"),
                  QStringLiteral("X-Dup: 1"), QStringLiteral("-H"), QStringLiteral("x-dup: 2"), QStringLiteral("-d"),
                  QStringLiteral("{\"event\": \"user_registered\", \"user_id\": \"123456\"}"),
                  listener.url(QStringLiteral("/hook?a=1"))}),
            0);
        QCOMPARE(curl({listener.url(QStringLiteral("/second"))}), 0);
        QVERIFY(listener.process.waitForFinished(10000));
        QCOMPARE(listener.process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(listener.process.exitCode(), 0);
        QCOMPARE(listener.process.readAllStandardError(), QByteArray()); // exactly one line on stderr

        const QList<QByteArray> lines = listener.process.readAllStandardOutput().trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        const QJsonObject first = QJsonDocument::fromJson(lines.at(0)).object();
        QCOMPARE(first.value(QLatin1String("method")).toString(), QStringLiteral("POST"));
        QCOMPARE(first.value(QLatin1String("target")).toString(), QStringLiteral("/hook?a=1"));
        QCOMPARE(first.value(QLatin1String("path")).toString(), QStringLiteral("/hook"));
        QCOMPARE(first.value(QLatin1String("query")).toString(), QStringLiteral("a=1"));
        QCOMPARE(first.value(QLatin1String("httpVersion")).toString(), QStringLiteral("1.1"));
        QCOMPARE(first.value(QLatin1String("remoteAddress")).toString(), QStringLiteral("127.0.0.1"));
        QVERIFY(first.value(QLatin1String("remotePort")).toInt() > 0);
        QVERIFY(first.value(QLatin1String("receivedAt")).toString().endsWith(QLatin1Char('Z')));
        QCOMPARE(first.value(QLatin1String("bodyText")).toString(),
                 QStringLiteral("{\"event\": \"user_registered\", \"user_id\": \"123456\"}"));
        QCOMPARE(first.value(QLatin1String("bodySize")).toInt(), 49);
        QCOMPARE(first.value(QLatin1String("status")).toString(), QStringLiteral("accepted"));
        QVERIFY(first.value(QLatin1String("error")).isNull());
        QCOMPARE(first.value(QLatin1String("response")).toObject().value(QLatin1String("status")).toInt(), 200);
        const QJsonArray headers = first.value(QLatin1String("headers")).toArray();
        QStringList names;
        for (const QJsonValue &header : headers)
            names << header.toArray().at(0).toString();
        QVERIFY2(names.indexOf(QStringLiteral("X-Dup")) >= 0
                     && names.indexOf(QStringLiteral("x-dup")) == names.indexOf(QStringLiteral("X-Dup")) + 1,
                 qPrintable(names.join(QLatin1Char(','))));

        // The same captures come back out of the store, in both formats.
        const auto jsonl = runHookbench(
            {QStringLiteral("export"), QStringLiteral("--store"), dir.filePath(QStringLiteral("c.sqlite"))});
        QCOMPARE(jsonl.exitCode, 0);
        QCOMPARE(jsonl.out.trimmed().split('\n'), lines);
        const QString harFile = dir.filePath(QStringLiteral("out.har"));
        const auto har = runHookbench({QStringLiteral("export"), QStringLiteral("--store"),
                                       dir.filePath(QStringLiteral("c.sqlite")), QStringLiteral("--format"),
                                       QStringLiteral("har"), QStringLiteral("--output"), harFile});
        QCOMPARE(har.exitCode, 0);
        QFile file(harFile);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject log = QJsonDocument::fromJson(file.readAll()).object().value(QLatin1String("log")).toObject();
        QCOMPARE(log.value(QLatin1String("entries")).toArray().size(), 2);
    }

    // Form bodies decoded: the capture JSON's optional `form` array and HAR's
    // postData.params, for what curl sends with -F and --data-urlencode; the HAR file
    // validates against the HAR 1.2 schema.
    void formBodiesAreDecoded()
    {
        QTemporaryDir dir;
        QFile note(dir.filePath(QStringLiteral("note.txt")));
        QVERIFY(note.open(QIODevice::WriteOnly));
        note.write("hello\n");
        note.close();
        RunningListener listener;
        QVERIFY2(
            listener.start({QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--store"),
                            dir.filePath(QStringLiteral("c.sqlite")), QStringLiteral("--count"), QStringLiteral("2")}),
            listener.statusLine.constData());
        QCOMPARE(curl({QStringLiteral("-F"), QStringLiteral("a=1 2"), QStringLiteral("-F"),
                       QStringLiteral("doc=@") + note.fileName() + QStringLiteral(";type=text/x-note"),
                       listener.url(QStringLiteral("/multi"))}),
                 0);
        QCOMPARE(curl({QStringLiteral("--data-urlencode"), QStringLiteral("q=a b&c"), QStringLiteral("-d"),
                       QStringLiteral("n=%E2%9C%93"), listener.url(QStringLiteral("/url"))}),
                 0);
        QVERIFY(listener.process.waitForFinished(10000));
        const QList<QByteArray> lines = listener.process.readAllStandardOutput().trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        const QJsonArray multi = QJsonDocument::fromJson(lines.at(0)).object().value(QLatin1String("form")).toArray();
        QCOMPARE(
            QJsonDocument(multi).toJson(QJsonDocument::Compact),
            QByteArray("[{\"name\":\"a\",\"size\":3,\"value\":\"1 2\"},"
                       "{\"contentType\":\"text/x-note\",\"fileName\":\"note.txt\",\"name\":\"doc\",\"size\":6}]"));
        const QJsonArray url = QJsonDocument::fromJson(lines.at(1)).object().value(QLatin1String("form")).toArray();
        QCOMPARE(
            QJsonDocument(url).toJson(QJsonDocument::Compact),
            QByteArray(
                "[{\"name\":\"q\",\"size\":5,\"value\":\"a b&c\"},{\"name\":\"n\",\"size\":3,\"value\":\"\u2713\"}]"));

        const QString harFile = dir.filePath(QStringLiteral("out.har"));
        QCOMPARE(
            runHookbench({QStringLiteral("export"), QStringLiteral("--store"), dir.filePath(QStringLiteral("c.sqlite")),
                          QStringLiteral("--format"), QStringLiteral("har"), QStringLiteral("--output"), harFile})
                .exitCode,
            0);
        QFile file(harFile);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonArray entries = QJsonDocument::fromJson(file.readAll())
                                       .object()
                                       .value(QLatin1String("log"))
                                       .toObject()
                                       .value(QLatin1String("entries"))
                                       .toArray();
        auto params = [&entries](int i) {
            return QJsonDocument(entries.at(i)
                                     .toObject()
                                     .value(QLatin1String("request"))
                                     .toObject()
                                     .value(QLatin1String("postData"))
                                     .toObject()
                                     .value(QLatin1String("params"))
                                     .toArray())
                .toJson(QJsonDocument::Compact);
        };
        QCOMPARE(params(0),
                 QByteArray("[{\"name\":\"a\",\"value\":\"1 2\"},{\"contentType\":\"text/x-note\","
                            "\"fileName\":\"note.txt\",\"name\":\"doc\",\"value\":\"hello\\n\"}]"));
        QCOMPARE(params(1), QByteArray("[{\"name\":\"q\",\"value\":\"a b&c\"},{\"name\":\"n\",\"value\":\"\u2713\"}]"));

        QProcess validate;
        validate.start(
            QStringLiteral("python3"),
            {QStringLiteral("-c"),
             QStringLiteral("import json, sys, jsonschema; "
                            "jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))"),
             harFile, QStringLiteral(HOOKBENCH_TEST_DATA "/har12.schema.json")});
        QVERIFY(validate.waitForFinished(30000));
        QVERIFY2(validate.exitCode() == 0, validate.readAllStandardError().constData());
    }

    void responseOptionsShapeTheAnswer()
    {
        RunningListener listener;
        QVERIFY(
            listener.start({QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--no-store"),
                            QStringLiteral("--status"), QStringLiteral("500,200"), QStringLiteral("--response-header"),
                            QStringLiteral("X-Answer: yes"), QStringLiteral("--response-body"),
                            QStringLiteral("{\"ok\":true}"), QStringLiteral("--count"), QStringLiteral("2")}));
        QByteArray out;
        curl({QStringLiteral("-i"), listener.url(QStringLiteral("/r"))}, &out);
        QVERIFY2(out.startsWith("HTTP/1.1 500"), out.constData());
        curl({QStringLiteral("-i"), listener.url(QStringLiteral("/r"))}, &out);
        QVERIFY2(out.startsWith("HTTP/1.1 200") && out.contains("X-Answer: yes") && out.endsWith("{\"ok\":true}"),
                 out.constData());
        QVERIFY(listener.process.waitForFinished(10000));
        QCOMPARE(listener.process.exitCode(), 0);
    }

    void sigtermFlushesAndExitsZero()
    {
        QTemporaryDir dir;
        const QString store = dir.filePath(QStringLiteral("c.sqlite"));
        const QString output = dir.filePath(QStringLiteral("captures.jsonl"));
        RunningListener listener;
        QVERIFY(listener.start({QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--store"), store,
                                QStringLiteral("--output"), output}));
        QCOMPARE(curl({QStringLiteral("-d"), QStringLiteral("{}"), listener.url(QStringLiteral("/one"))}), 0);
        listener.process.terminate(); // SIGTERM
        QVERIFY(listener.process.waitForFinished(10000));
        QCOMPARE(listener.process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(listener.process.exitCode(), 0);
        QFile lines(output);
        QVERIFY(lines.open(QIODevice::ReadOnly));
        QCOMPARE(lines.readAll().count('\n'), 1);
        const auto exported = runHookbench({QStringLiteral("export"), QStringLiteral("--store"), store});
        QCOMPARE(exported.out.count('\n'), 1);
    }

    void portInUseExitsTwoNamingThePort()
    {
        QTcpServer occupied;
        QVERIFY(occupied.listen(QHostAddress::LocalHost, 0));
        const auto result = runHookbench({QStringLiteral("listen"), QStringLiteral("--no-store"),
                                          QStringLiteral("--port"), QString::number(occupied.serverPort())});
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains(QByteArray::number(occupied.serverPort())) && result.err.contains("in use"),
                 result.err.constData());
    }

    void exposedAddressWarns()
    {
        QProcess process;
        process.start(QStringLiteral(HOOKBENCH_BINARY),
                      {QStringLiteral("listen"), QStringLiteral("--bind"), QStringLiteral("0.0.0.0"),
                       QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--no-store")});
        process.setReadChannel(QProcess::StandardError);
        QByteArray err;
        while (!err.contains("Warning") && process.waitForReadyRead(5000))
            err += process.readAllStandardError();
        process.terminate();
        process.waitForFinished(5000);
        QVERIFY2(err.startsWith("Listening on http://0.0.0.0:"), err.constData());
        QVERIFY2(err.contains("reachable from other machines"), err.constData());
    }

    void badUsageExitsTwo_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QByteArray>("message");
        QTest::newRow("status") << QStringList{QStringLiteral("listen"), QStringLiteral("--status"),
                                               QStringLiteral("abc")}
                                << QByteArray("not an HTTP status");
        QTest::newRow("port") << QStringList{QStringLiteral("listen"), QStringLiteral("--port"),
                                             QStringLiteral("70000")}
                              << QByteArray("--port");
        QTest::newRow("bind") << QStringList{QStringLiteral("listen"), QStringLiteral("--bind"),
                                             QStringLiteral("nowhere")}
                              << QByteArray("--bind");
        QTest::newRow("header") << QStringList{QStringLiteral("listen"), QStringLiteral("--response-header"),
                                               QStringLiteral("no colon")}
                                << QByteArray("Name: value");
        QTest::newRow("verify without secret")
            << QStringList{QStringLiteral("listen"), QStringLiteral("--verify"), QStringLiteral("github")}
            << QByteArray("--secret");
        QTest::newRow("unknown scheme") << QStringList{
            QStringLiteral("listen"), QStringLiteral("--verify"), QStringLiteral("nope"), QStringLiteral("--secret"),
            QStringLiteral("s")} << QByteArray("unknown signing scheme");
        QTest::newRow("forward mode without target")
            << QStringList{QStringLiteral("listen"), QStringLiteral("--forward-mode"), QStringLiteral("proxy")}
            << QByteArray("--forward-mode is used with --forward-to");
        QTest::newRow("unknown forward mode") << QStringList{QStringLiteral("listen"), QStringLiteral("--forward-to"),
                                                             QStringLiteral("http://127.0.0.1:9/"),
                                                             QStringLiteral("--forward-mode"), QStringLiteral("mirror")}
                                              << QByteArray("rule or proxy");
        QTest::newRow("export format") << QStringList{QStringLiteral("export"), QStringLiteral("--format"),
                                                      QStringLiteral("xml")}
                                       << QByteArray("jsonl or har");
        QTest::newRow("export missing store")
            << QStringList{QStringLiteral("export"), QStringLiteral("--store"), QStringLiteral("/nonexistent/c.sqlite")}
            << QByteArray("no capture store");
    }

    void badUsageExitsTwo()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QByteArray, message);
        const auto result = runHookbench(arguments);
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains(message), result.err.constData());
    }

    void forwardToPrintsEachCaptureWithItsOutcome()
    {
        SendPeers::FlaskPeer flask;
        QVERIFY(flask.start());
        QTemporaryDir dir;
        const QString store = dir.filePath(QStringLiteral("c.sqlite"));
        RunningListener listener;
        QVERIFY2(listener.start({QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--store"), store,
                                 QStringLiteral("--forward-to"), flask.url(QStringLiteral("/status/202")),
                                 QStringLiteral("--count"), QStringLiteral("1")}),
                 listener.statusLine.constData());
        QByteArray answer;
        QCOMPARE(curl({QStringLiteral("-d"), QStringLiteral("{\"event\": \"ping\"}"), QStringLiteral("-w"),
                       QStringLiteral(" %{http_code}"), listener.url(QStringLiteral("/hook"))},
                      &answer),
                 0);
        QCOMPARE(answer, QByteArray(" 200")); // rule mode: the listener's own answer, at once
        QVERIFY(listener.process.waitForFinished(15000));
        QCOMPARE(listener.process.exitCode(), 0);
        QVERIFY(listener.process.readAllStandardError().contains("forwarded "));

        const QByteArray line = listener.process.readAllStandardOutput().trimmed();
        const QJsonObject capture = QJsonDocument::fromJson(line).object();
        const QJsonObject forward = capture.value(QLatin1String("forward")).toObject();
        QCOMPARE(forward.value(QLatin1String("url")).toString(), flask.url(QStringLiteral("/status/202")));
        QCOMPARE(forward.value(QLatin1String("status")).toInt(), 202);
        QVERIFY(forward.value(QLatin1String("error")).isNull());
        QVERIFY(forward.value(QLatin1String("ms")).isDouble());
        // Existing fields unchanged, and `forward` right after them.
        QCOMPARE(capture.value(QLatin1String("response")).toObject().value(QLatin1String("status")).toInt(), 200);
        QVERIFY(line.indexOf("\"response\"") < line.indexOf("\"forward\""));
        QTRY_COMPARE(flask.count(), 1);
        QCOMPARE(SendPeers::FlaskPeer::body(flask.received().constFirst()), QByteArray("{\"event\": \"ping\"}"));

        // The store keeps the outcome: export prints the same object.
        const auto exported = runHookbench({QStringLiteral("export"), QStringLiteral("--store"), store});
        QCOMPARE(exported.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(exported.out.trimmed()).object().value(QLatin1String("forward")).toObject(),
                 forward);
    }

    void forwardModeProxyAnswersWithTheTargetsAnswer()
    {
        SendPeers::FlaskPeer flask;
        QVERIFY(flask.start());
        RunningListener listener;
        QVERIFY2(listener.start({QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--no-store"),
                                 QStringLiteral("--forward-to"), flask.url(QStringLiteral("/status/418")),
                                 QStringLiteral("--forward-mode"), QStringLiteral("proxy"), QStringLiteral("--count"),
                                 QStringLiteral("1")}),
                 listener.statusLine.constData());
        QByteArray answer;
        curl({QStringLiteral("-d"), QStringLiteral("x=1"), QStringLiteral("-w"), QStringLiteral(" %{http_code}"),
              listener.url(QStringLiteral("/hook"))},
             &answer);
        QCOMPARE(QByteArray(answer.simplified().replace(' ', "")), QByteArray("{\"status\":418}418"));
        QVERIFY(listener.process.waitForFinished(15000));
        const QJsonObject capture
            = QJsonDocument::fromJson(listener.process.readAllStandardOutput().trimmed()).object();
        QCOMPARE(capture.value(QLatin1String("response")).toObject().value(QLatin1String("status")).toInt(), 418);
        QCOMPARE(capture.value(QLatin1String("forward")).toObject().value(QLatin1String("status")).toInt(), 418);
    }

    void readersLeaveADamagedStoreAlone()
    {
        // export and replay only read: a file that is not a store is reported and stays
        // exactly where and what it is (a listener may be using that path).
        QTemporaryDir dir;
        const QString store = dir.filePath(QStringLiteral("c.sqlite"));
        const QByteArray garbage(8192, 'x');
        QFile file(store);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(garbage);
        file.close();
        for (const QStringList &arguments :
             {QStringList{QStringLiteral("export"), QStringLiteral("--store"), store},
              QStringList{QStringLiteral("replay"), QStringLiteral("1"), QStringLiteral("--to"),
                          QStringLiteral("http://127.0.0.1:9/"), QStringLiteral("--store"), store}}) {
            const auto result = runHookbench(arguments);
            QCOMPARE(result.exitCode, 2);
            QVERIFY2(result.err.contains("not a database"), result.err.constData());
        }
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), garbage);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("c.sqlite")});
    }

    void replaySendsTheCaptureAgainAndResigns()
    {
        QTemporaryDir dir;
        const QString store = dir.filePath(QStringLiteral("c.sqlite"));
        RunningListener original;
        QVERIFY(original.start({QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--store"), store,
                                QStringLiteral("--count"), QStringLiteral("1")}));
        QCOMPARE(curl({QStringLiteral("-H"), QStringLiteral("X-Custom: kept"), QStringLiteral("-H"),
                       QStringLiteral("X-Hub-Signature-256: sha256=stale"), QStringLiteral("--data-binary"),
                       QStringLiteral("{\"event\": \"replayed\"}"), original.url(QStringLiteral("/in"))}),
                 0);
        QVERIFY(original.process.waitForFinished(10000));
        const QString id = QJsonDocument::fromJson(original.process.readAllStandardOutput())
                               .object()
                               .value(QLatin1String("id"))
                               .toString();
        QVERIFY(!id.isEmpty());

        RunningListener target;
        QVERIFY(target.start({QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--no-store"),
                              QStringLiteral("--count"), QStringLiteral("1"), QStringLiteral("--verify"),
                              QStringLiteral("github"), QStringLiteral("--secret"), QStringLiteral("s3cret")}));
        const auto replay = runHookbench({QStringLiteral("replay"), id, QStringLiteral("--store"), store,
                                          QStringLiteral("--to"), target.url(QStringLiteral("/again")),
                                          QStringLiteral("--sign"), QStringLiteral("github"),
                                          QStringLiteral("--secret"), QStringLiteral("s3cret")});
        QCOMPARE(replay.exitCode, 0);
        QVERIFY2(replay.out.startsWith("HTTP 200"), replay.out.constData());
        QVERIFY(target.process.waitForFinished(10000));
        const QJsonObject again = QJsonDocument::fromJson(target.process.readAllStandardOutput()).object();
        QCOMPARE(again.value(QLatin1String("bodyText")).toString(), QStringLiteral("{\"event\": \"replayed\"}"));
        QCOMPARE(again.value(QLatin1String("path")).toString(), QStringLiteral("/again"));
        QByteArray headers
            = QJsonDocument(again.value(QLatin1String("headers")).toArray()).toJson(QJsonDocument::Compact);
        QVERIFY2(headers.contains("[\"X-Custom\",\"kept\"]"), headers.constData());
        QVERIFY2(!headers.contains("stale"), headers.constData()); // the old signature was replaced
        QVERIFY(again.value(QLatin1String("signature")).toObject().value(QLatin1String("valid")).toBool());
        // Kept with the capture, as the window's replays are (its Deliveries tab).
        const QString where
            = QStringLiteral(" FROM deliveries WHERE capture_seq = (SELECT seq FROM captures WHERE id = '%1')").arg(id);
        QCOMPARE(TestSupport::sqliteScalar(store, QStringLiteral("SELECT count(*)") + where).toInt(), 1);
        QCOMPARE(TestSupport::sqliteScalar(store, QStringLiteral("SELECT status") + where).toInt(), 200);
        QCOMPARE(TestSupport::sqliteScalar(store, QStringLiteral("SELECT signed_with") + where).toString(),
                 QStringLiteral("github"));
        QCOMPARE(TestSupport::sqliteScalar(store, QStringLiteral("SELECT url") + where).toString(),
                 target.url(QStringLiteral("/again")));

        const auto missing = runHookbench({QStringLiteral("replay"), QStringLiteral("no-such-id"),
                                           QStringLiteral("--store"), store, QStringLiteral("--to"),
                                           target.url(QStringLiteral("/"))});
        QCOMPARE(missing.exitCode, 2);
        QVERIFY(missing.err.contains("no capture 'no-such-id'"));
    }

    // kill -9 during a load: every request that was answered 2xx is in the store.
    void crashLosesNothingThatWasAnswered()
    {
        QTemporaryDir dir;
        const QString store = dir.filePath(QStringLiteral("c.sqlite"));
        const QString answered = dir.filePath(QStringLiteral("answered.txt"));
        RunningListener listener;
        QVERIFY(listener.start({QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--store"), store}));

        // Four clients post numbered bodies until the listener dies; each number is
        // written down (and flushed) only once its 200 has arrived.
        const QString script = QStringLiteral(R"(
import http.client, sys, threading
port, path = int(sys.argv[1]), sys.argv[2]
out = open(path, 'w'); lock = threading.Lock()
def worker(n):
    i = 0
    while True:
        try:
            conn = http.client.HTTPConnection('127.0.0.1', port, timeout=5)
            while True:
                body = '{"n": "%d-%d"}' % (n, i)
                conn.request('POST', '/crash', body, {'Content-Type': 'application/json'})
                r = conn.getresponse(); r.read()
                if r.status == 200:
                    with lock:
                        out.write('%d-%d\n' % (n, i)); out.flush()
                i += 1
        except Exception:
            return
threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
[t.start() for t in threads]; [t.join() for t in threads]
)");
        QProcess client;
        client.start(python(), {QStringLiteral("-c"), script, QString::number(listener.port), answered});
        QVERIFY(client.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(answered).size() > 20000, 30000);
        ::kill(pid_t(listener.process.processId()), SIGKILL);
        QVERIFY(listener.process.waitForFinished(5000));
        QCOMPARE(listener.process.exitStatus(), QProcess::CrashExit);
        QVERIFY(client.waitForFinished(20000));

        QFile file(answered);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> numbers = file.readAll().trimmed().split('\n');
        QVERIFY(numbers.size() > 100);

        const auto exported = runHookbench({QStringLiteral("export"), QStringLiteral("--store"), store});
        QCOMPARE(exported.exitCode, 0);
        QSet<QByteArray> stored;
        for (const QByteArray &line : exported.out.trimmed().split('\n')) {
            const QString body = QJsonDocument::fromJson(line).object().value(QLatin1String("bodyText")).toString();
            stored.insert(
                QJsonDocument::fromJson(body.toUtf8()).object().value(QLatin1String("n")).toString().toUtf8());
        }
        int missing = 0;
        for (const QByteArray &n : numbers)
            missing += stored.contains(n) ? 0 : 1;
        QCOMPARE(missing, 0);
        qInfo("%lld requests answered 200 before kill -9, %lld stored, none lost", qint64(numbers.size()),
              qint64(stored.size()));
    }
};

QTEST_GUILESS_MAIN(TestListenCommand)
#include "tst_listencommand.moc"
