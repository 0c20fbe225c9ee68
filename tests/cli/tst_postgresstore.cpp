// `--store postgresql://…`: listeners, export and replay on a real, throw-away PostgreSQL
// server, under load, through kill -9 and through the server restarting.
#include "support/postgresserver.h"
#include "support/testsupport.h"

#include <QDir>
#include <QHostInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

#include <csignal>
#include <memory>

using TestSupport::runHookbench;

namespace {
QString python()
{
    const QByteArray configured = qgetenv("HOOKBENCH_PYTHON");
    return configured.isEmpty() ? QStringLiteral("/usr/bin/python3") : QString::fromLocal8Bit(configured);
}

// `hookbench listen --port 0 ...` once it has said where it listens.
struct ListenProcess {
    QProcess process;
    quint16 port = 0;

    enum class Output { Keep, Discard }; // Discard: a load's JSON Lines would fill the pipe

    bool start(const QStringList &arguments, Output output = Output::Keep)
    {
        if (output == Output::Discard)
            process.setStandardOutputFile(QProcess::nullDevice());
        process.start(QStringLiteral(HOOKBENCH_BINARY),
                      QStringList{QStringLiteral("listen"), QStringLiteral("--port"), QStringLiteral("0")} + arguments);
        if (!process.waitForStarted(5000))
            return false;
        process.setReadChannel(QProcess::StandardError);
        QByteArray err;
        while (!err.contains('\n') && process.waitForReadyRead(20000))
            err += process.readAllStandardError();
        const auto match = QRegularExpression(QStringLiteral("^Listening on http://127\\.0\\.0\\.1:(\\d+)/"))
                               .match(QString::fromUtf8(err));
        port = match.hasMatch() ? quint16(match.captured(1).toUInt()) : 0;
        if (!port)
            qWarning("listen said: %s", err.constData());
        return port != 0;
    }
    QString target() const { return QStringLiteral("127.0.0.1:%1").arg(port); }
    bool terminate()
    {
        process.terminate();
        return process.waitForFinished(10000) && process.exitCode() == 0;
    }
};

// tests/data/post_load.py in the background: ~1 KB JSON POSTs, each with its own X-Key.
struct Load {
    QProcess process;
    QJsonObject result;

    void start(const QStringList &targets, double seconds, const QString &tag, int threads = 8)
    {
        QStringList arguments{QStringLiteral(HOOKBENCH_TEST_DATA "/post_load.py"),
                              QStringLiteral("--seconds"),
                              QString::number(seconds),
                              QStringLiteral("--tag"),
                              tag,
                              QStringLiteral("--threads"),
                              QString::number(threads)};
        for (const QString &target : targets)
            arguments << QStringLiteral("--target") << target;
        process.start(python(), arguments);
    }
    bool finish()
    {
        if (!process.waitForFinished(120000))
            return false;
        result = QJsonDocument::fromJson(process.readAllStandardOutput()).object();
        return !result.isEmpty();
    }
    QSet<QString> answered() const
    {
        QSet<QString> keys;
        for (const QJsonValue &key : result.value(QLatin1String("answered")).toArray())
            keys.insert(key.toString());
        return keys;
    }
    int status(int code) const
    {
        return result.value(QLatin1String("statuses")).toObject().value(QString::number(code)).toInt();
    }
};

QString headerValue(const QJsonObject &capture, const QString &name)
{
    for (const QJsonValue &header : capture.value(QLatin1String("headers")).toArray()) {
        if (header.toArray().at(0).toString().compare(name, Qt::CaseInsensitive) == 0)
            return header.toArray().at(1).toString();
    }
    return {};
}

// `hookbench export --store URI`, one object per capture.
QList<QJsonObject> exported(const QString &uri)
{
    const auto result = runHookbench({QStringLiteral("export"), QStringLiteral("--store"), uri}, {}, 120000);
    if (result.exitCode != 0) {
        qWarning("export failed: %s", result.err.constData());
        return {};
    }
    QList<QJsonObject> captures;
    for (const QByteArray &line : result.out.split('\n')) {
        if (!line.isEmpty())
            captures << QJsonDocument::fromJson(line).object();
    }
    return captures;
}

QSet<QString> exportedKeys(const QString &uri, int *rows = nullptr)
{
    const QList<QJsonObject> captures = exported(uri);
    QSet<QString> keys;
    for (const QJsonObject &capture : captures)
        keys.insert(headerValue(capture, QStringLiteral("X-Key")));
    if (rows)
        *rows = int(captures.size());
    return keys;
}
} // namespace

class TestPostgresStore final : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestSupport::PostgresServer> m_server;

    // A database of its own for each test, on the one server.
    QString freshDatabase(const QString &name)
    {
        if (!m_server->psql(QStringLiteral("CREATE DATABASE %1").arg(name)))
            return {};
        return m_server->uri(name);
    }

private Q_SLOTS:
    void initTestCase()
    {
        TestSupport::isolateUserData();
        if (const QString why = TestSupport::PostgresServer::unavailable(); !why.isEmpty())
            QSKIP(qPrintable(why));
        m_server = std::make_unique<TestSupport::PostgresServer>();
        QString error;
        QVERIFY2(m_server->start(&error), qPrintable(error));
    }

    void cleanupTestCase() { m_server.reset(); }

    void listenExportAndReplayUseTheDatabase()
    {
        const QString uri = freshDatabase(QStringLiteral("basics"));
        QVERIFY(!uri.isEmpty());
        ListenProcess listener;
        QVERIFY(listener.start({QStringLiteral("--store"), uri}));
        QProcess curl;
        curl.start(QStringLiteral("curl"),
                   {QStringLiteral("-sS"), QStringLiteral("-o"), QStringLiteral("/dev/null"), QStringLiteral("-w"),
                    QStringLiteral("%{http_code}"), QStringLiteral("-H"), QStringLiteral("X-Key: first"),
                    QStringLiteral("--data-binary"), QStringLiteral("{\"a\":\"\u00e9\"}"),
                    QStringLiteral("http://%1/hook?x=1").arg(listener.target())});
        QVERIFY(curl.waitForFinished(10000));
        QCOMPARE(curl.readAllStandardOutput(), QByteArray("200"));
        QVERIFY(listener.terminate());

        const QList<QJsonObject> captures = exported(uri);
        QCOMPARE(captures.size(), 1);
        const QJsonObject capture = captures.constFirst();
        QCOMPARE(capture.value(QLatin1String("target")).toString(), QStringLiteral("/hook?x=1"));
        QCOMPARE(capture.value(QLatin1String("bodyText")).toString(), QStringLiteral("{\"a\":\"\u00e9\"}"));
        const QJsonObject receivedBy = capture.value(QLatin1String("listener")).toObject();
        QCOMPARE(receivedBy.value(QLatin1String("host")).toString(), QHostInfo::localHostName());
        QCOMPARE(receivedBy.value(QLatin1String("port")).toInt(), int(listener.port));

        // replay reads it from the database and sends it to another listener.
        ListenProcess target;
        QVERIFY(target.start({QStringLiteral("--no-store"), QStringLiteral("--count"), QStringLiteral("1")}));
        const auto replay = runHookbench({QStringLiteral("replay"), capture.value(QLatin1String("id")).toString(),
                                          QStringLiteral("--store"), uri, QStringLiteral("--to"),
                                          QStringLiteral("http://%1/again").arg(target.target())});
        QVERIFY2(replay.exitCode == 0, replay.err.constData());
        QVERIFY(target.process.waitForFinished(10000));
        const QJsonObject again = QJsonDocument::fromJson(target.process.readAllStandardOutput()).object();
        QCOMPARE(again.value(QLatin1String("bodyText")).toString(), QStringLiteral("{\"a\":\"\u00e9\"}"));
    }

    void libpqEnvironmentFillsWhatTheUriLeavesOut()
    {
        const QString uri = freshDatabase(QStringLiteral("environment"));
        QVERIFY(!uri.isEmpty());
        // No user, host, port or database in the URI: PGUSER, PGHOST, PGPORT, PGDATABASE say them.
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("PGUSER"), QLatin1String(TestSupport::PostgresServer::kUser));
        environment.insert(QStringLiteral("PGHOST"), QStringLiteral("127.0.0.1"));
        environment.insert(QStringLiteral("PGPORT"), QString::number(m_server->port()));
        environment.insert(QStringLiteral("PGDATABASE"), QStringLiteral("environment"));
        process.setProcessEnvironment(environment);
        process.start(QStringLiteral(HOOKBENCH_BINARY),
                      {QStringLiteral("listen"), QStringLiteral("--port"), QStringLiteral("0"),
                       QStringLiteral("--store"), QStringLiteral("postgresql://"), QStringLiteral("--count"),
                       QStringLiteral("1")});
        QVERIFY(process.waitForStarted());
        process.setReadChannel(QProcess::StandardError);
        QVERIFY(process.waitForReadyRead(20000));
        const auto match = QRegularExpression(QStringLiteral(":(\\d+)/")).match(QString::fromUtf8(process.readLine()));
        QVERIFY(match.hasMatch());
        QProcess curl;
        curl.start(QStringLiteral("curl"),
                   {QStringLiteral("-sS"), QStringLiteral("-H"), QStringLiteral("X-Key: env"),
                    QStringLiteral("http://127.0.0.1:%1/").arg(match.captured(1))});
        QVERIFY(curl.waitForFinished(10000));
        QVERIFY(process.waitForFinished(10000));
        QCOMPARE(process.exitCode(), 0);
        QCOMPARE(exportedKeys(uri), QSet<QString>{QStringLiteral("env")});
    }

    void aBadLocationIsAClearErrorWithoutThePassword()
    {
        // Port 1: nothing listens there.
        const auto result = runHookbench({QStringLiteral("export"), QStringLiteral("--store"),
                                          QStringLiteral("postgresql://team:s3cret@127.0.0.1:1/inbox")});
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains("cannot open capture store postgresql://team@127.0.0.1:1/inbox"),
                 result.err.constData());
        QVERIFY(!result.err.contains("s3cret"));
        // A database without Hookbench's tables is not a store to export from.
        const QString empty = freshDatabase(QStringLiteral("empty"));
        const auto none = runHookbench({QStringLiteral("export"), QStringLiteral("--store"), empty});
        QCOMPARE(none.exitCode, 2);
        QVERIFY2(none.err.contains("no capture store in"), none.err.constData());
    }

    // Two listeners write into one database under load: the export holds exactly the
    // deliveries that were answered 2xx, no more, no fewer.
    void twoListenersUnderLoadStoreEveryAnsweredDelivery()
    {
        const QString uri = freshDatabase(QStringLiteral("two"));
        QVERIFY(!uri.isEmpty());
        ListenProcess a, b;
        QVERIFY(a.start({QStringLiteral("--store"), uri}, ListenProcess::Output::Discard));
        QVERIFY(b.start({QStringLiteral("--store"), uri}, ListenProcess::Output::Discard));
        Load load;
        load.start({a.target(), b.target()}, 4, QStringLiteral("two"), 16);
        QVERIFY(load.finish());
        QVERIFY(a.terminate());
        QVERIFY(b.terminate());
        const QSet<QString> answered = load.answered();
        QVERIFY2(answered.size() > 200, qPrintable(QString::number(answered.size())));
        int rows = 0;
        QCOMPARE(exportedKeys(uri, &rows), answered);
        QCOMPARE(rows, answered.size());
        qInfo("%lld deliveries answered 2xx by two listeners, %d stored", qint64(answered.size()), rows);
    }

    void killNineDuringLoadLosesNothingAnswered()
    {
        const QString uri = freshDatabase(QStringLiteral("killed"));
        QVERIFY(!uri.isEmpty());
        ListenProcess listener;
        QVERIFY(listener.start({QStringLiteral("--store"), uri}, ListenProcess::Output::Discard));
        Load load;
        load.start({listener.target()}, 4, QStringLiteral("killed"));
        QTest::qWait(2000);
        ::kill(pid_t(listener.process.processId()), SIGKILL);
        QVERIFY(listener.process.waitForFinished(5000));
        QCOMPARE(listener.process.exitStatus(), QProcess::CrashExit);
        QVERIFY(load.finish());
        const QSet<QString> answered = load.answered();
        QVERIFY2(answered.size() > 100, qPrintable(QString::number(answered.size())));
        const QSet<QString> stored = exportedKeys(uri);
        QVERIFY2(stored.contains(answered),
                 qPrintable(QStringLiteral("%1 answered 2xx were not stored").arg((answered - stored).size())));
        qInfo("%lld answered 2xx before kill -9, %lld stored, none lost", qint64(answered.size()),
              qint64(stored.size()));
    }

    // The server stops in the middle of a load: requests are answered 503 meanwhile, the
    // listener reconnects by itself once it is back, and every 2xx was stored.
    void serverRestartGives503sThenRecovers()
    {
        const QString uri = freshDatabase(QStringLiteral("restart"));
        QVERIFY(!uri.isEmpty());
        ListenProcess listener;
        QVERIFY(listener.start({QStringLiteral("--store"), uri}, ListenProcess::Output::Discard));
        Load load;
        load.start({listener.target()}, 7, QStringLiteral("restart"));
        QTest::qWait(1500);
        QString error;
        QVERIFY2(m_server->stop(QStringLiteral("fast"), &error), qPrintable(error));
        QTest::qWait(2000);
        QVERIFY2(m_server->resume(&error), qPrintable(error));
        QVERIFY(load.finish());
        const QByteArray statuses
            = QJsonDocument(load.result.value(QLatin1String("statuses")).toObject()).toJson(QJsonDocument::Compact);
        QVERIFY2(load.status(503) > 0, statuses.constData());
        // Back: a delivery is stored and answered 200 again once the listener has reconnected,
        // which it tries before each batch (the server may still be starting for a moment).
        const auto deliverAfter = [&listener] {
            QProcess curl;
            curl.start(QStringLiteral("curl"),
                       {QStringLiteral("-sS"), QStringLiteral("-o"), QStringLiteral("/dev/null"), QStringLiteral("-w"),
                        QStringLiteral("%{http_code}"), QStringLiteral("-H"), QStringLiteral("X-Key: after"),
                        QStringLiteral("http://%1/").arg(listener.target())});
            return curl.waitForFinished(10000) ? curl.readAllStandardOutput() : QByteArray("no answer");
        };
        QTRY_COMPARE_WITH_TIMEOUT(deliverAfter(), QByteArray("200"), 15000);
        QVERIFY(listener.terminate());
        const QSet<QString> answered = load.answered();
        const QSet<QString> stored = exportedKeys(uri);
        QVERIFY(stored.contains(QStringLiteral("after")));
        QVERIFY2(stored.contains(answered),
                 qPrintable(QStringLiteral("%1 answered 2xx were not stored").arg((answered - stored).size())));
        qInfo("%lld answered 2xx, %d answered 503 while the server was away, none lost", qint64(answered.size()),
              load.status(503));
    }
};

QTEST_GUILESS_MAIN(TestPostgresStore)
#include "tst_postgresstore.moc"
