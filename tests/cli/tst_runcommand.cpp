#include "core/collections/collectionfile.h"
#include "core/secrets/secretstore.h"
#include "support/sendpeers.h"
#include "support/testsupport.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using TestSupport::runHookbench;

// `hookbench import` and `hookbench run` as a script uses them, against a real Flask peer.
class TestRunCommand : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    SendPeers::FlaskPeer m_peer;

    QString path(const QString &name) const { return m_dir.filePath(name); }
    static QByteArray readAll(const QString &file)
    {
        QFile f(file);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }
    static void writeAll(const QString &file, const QByteArray &data)
    {
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(data);
    }
    QString baseUrl() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_peer.port()); }
    QString envFile()
    {
        const QString file = path(QStringLiteral("env.json"));
        writeAll(file,
                 QJsonDocument(QJsonObject{{QStringLiteral("baseUrl"), baseUrl()},
                                           {QStringLiteral("apiKey"), QStringLiteral("k-123")},
                                           {QStringLiteral("shopPassword"), QStringLiteral("pw")}})
                     .toJson());
        return file;
    }
    QString importFixture()
    {
        const QString out = path(QStringLiteral("suite.json"));
        QFile::remove(out);
        const auto r = runHookbench({QStringLiteral("import"),
                                     QStringLiteral(HOOKBENCH_TEST_DATA "/postman_v21_fixture.json"),
                                     QStringLiteral("--output"), out});
        return r.exitCode == 0 ? out : QString();
    }

    struct Junit {
        bool valid = false;
        int tests = -1, failures = -1, errors = -1;
        QStringList cases;
        QStringList failed;
    };
    static Junit parseJunit(const QByteArray &xml)
    {
        Junit j;
        QXmlStreamReader reader(xml);
        QString current;
        while (!reader.atEnd()) {
            reader.readNext();
            if (!reader.isStartElement())
                continue;
            const auto attrs = reader.attributes();
            if (reader.name() == QLatin1String("testsuite")) {
                j.tests = attrs.value(QLatin1String("tests")).toInt();
                j.failures = attrs.value(QLatin1String("failures")).toInt();
                j.errors = attrs.value(QLatin1String("errors")).toInt();
            } else if (reader.name() == QLatin1String("testcase")) {
                current = attrs.value(QLatin1String("name")).toString();
                j.cases << current;
            } else if (reader.name() == QLatin1String("failure") || reader.name() == QLatin1String("error")) {
                j.failed << current;
            }
        }
        j.valid = !reader.hasError() && j.tests >= 0;
        return j;
    }

private Q_SLOTS:
    void initTestCase()
    {
        TestSupport::isolateUserData();
        QVERIFY(m_dir.isValid());
        // The binary keeps secrets in its data folder: point it at ours.
        qputenv("XDG_DATA_HOME", m_dir.filePath(QStringLiteral("data")).toLocal8Bit());
        QVERIFY(m_peer.start());
    }

    void importPostmanListsWhatIsLeftOut()
    {
        const QString out = path(QStringLiteral("suite.json"));
        QFile::remove(out);
        const auto r = runHookbench({QStringLiteral("import"),
                                     QStringLiteral(HOOKBENCH_TEST_DATA "/postman_v21_fixture.json"),
                                     QStringLiteral("--output"), out});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(!r.err.contains("formdata"), r.err.constData()); // imported as a multipart body
        QVERIFY(r.err.contains("hookbench import: OAuth thing: auth type 'oauth2' is not supported"));
        QVERIFY(r.err.contains("5 requests written to"));
        Collection c;
        CollectionFileError error;
        QVERIFY2(CollectionFile::read(out, &c, nullptr, &error), qPrintable(error.toString()));
        QCOMPARE(c.allRequests().size(), 5);
    }

    void runFolderPasses()
    {
        const QString suite = importFixture();
        QVERIFY(!suite.isEmpty());
        m_peer.clear();
        const QString junit = path(QStringLiteral("orders.xml"));
        const auto r = runHookbench({QStringLiteral("run"), suite, QStringLiteral("--folder"), QStringLiteral("Orders"),
                                     QStringLiteral("--env"), envFile(), QStringLiteral("--junit"), junit});
        QVERIFY2(r.exitCode == 0, r.out.constData());
        QVERIFY(r.out.contains(QByteArray("PASS  200  Orders/Created  POST " + baseUrl().toUtf8() + "/webhook")));
        QVERIFY(r.out.contains("PASS  201  Orders/Refunds/Refund form"));
        QVERIFY(r.out.contains("2 requests: 2 passed, 0 failed, 0 errors"));

        QTRY_COMPARE(m_peer.count(), 2);
        const QJsonObject created = m_peer.received().at(0);
        QCOMPARE(created.value(QLatin1String("path")).toString(), QStringLiteral("/webhook"));
        const QJsonObject payload = created.value(QLatin1String("json")).toObject();
        QCOMPARE(payload.value(QLatin1String("id")).toString(),
                 QStringLiteral("ord_1001")); // a collection variable
        QCOMPARE(SendPeers::FlaskPeer::header(created, QStringLiteral("X-Trace")).size(),
                 36); // {{$guid}} -> a UUID
        const QJsonObject refund = m_peer.received().at(1);
        QCOMPARE(SendPeers::FlaskPeer::body(refund), QByteArray("amount=12.50&reason=damaged+item"));
        QCOMPARE(SendPeers::FlaskPeer::header(refund, QStringLiteral("Authorization")),
                 QStringLiteral("Basic ") + QString::fromLatin1(QByteArray("shop:pw").toBase64()));

        const Junit j = parseJunit(readAll(junit));
        QVERIFY(j.valid);
        QCOMPARE(j.tests, 2);
        QCOMPARE(j.failures, 0);
        QCOMPARE(j.errors, 0);
        QCOMPARE(j.cases, (QStringList{QStringLiteral("Created"), QStringLiteral("Refund form")}));
    }

    void runOneRequest()
    {
        const QString suite = importFixture();
        m_peer.clear();
        const auto r = runHookbench({QStringLiteral("run"), suite, QStringLiteral("--request"),
                                     QStringLiteral("Ping with API key"), QStringLiteral("--env"), envFile()});
        QCOMPARE(r.exitCode, 0);
        QTRY_COMPARE(m_peer.count(), 1);
        QCOMPARE(SendPeers::FlaskPeer::header(m_peer.received().first(), QStringLiteral("X-Api-Key")),
                 QStringLiteral("k-123"));
    }

    void runAllFailsOnOneBadRequest()
    {
        const QString suite = importFixture();
        const QString junit = path(QStringLiteral("all.xml"));
        const auto r = runHookbench(
            {QStringLiteral("run"), suite, QStringLiteral("--env"), envFile(), QStringLiteral("--junit"), junit});
        QCOMPARE(r.exitCode, 1);
        // {{$randomFirstName}} has no equivalent: that request fails, the others still run.
        QVERIFY2(r.out.contains("FAIL  ---  OAuth thing"), r.out.constData());
        QVERIFY(r.out.contains("5 requests: 4 passed, 0 failed, 1 error"));
        const Junit j = parseJunit(readAll(junit));
        QVERIFY(j.valid);
        QCOMPARE(j.tests, 5);
        QCOMPARE(j.errors, 1);
        QCOMPARE(j.failed, QStringList{QStringLiteral("OAuth thing")});
    }

    void expectations_data()
    {
        QTest::addColumn<QString>("target");
        QTest::addColumn<int>("expected"); // 0: default (2xx)
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QByteArray>("line");
        QTest::newRow("2xx by default") << QStringLiteral("/status/204") << 0 << 0 << QByteArray("PASS  204");
        QTest::newRow("404 fails by default") << QStringLiteral("/status/404") << 0 << 1 << QByteArray("FAIL  404");
        QTest::newRow("404 expected") << QStringLiteral("/status/404") << 404 << 0 << QByteArray("PASS  404");
        QTest::newRow("200 when 201 expected")
            << QStringLiteral("/status/200") << 201 << 1 << QByteArray("expected status 201, got 200");
        QTest::newRow("refused") << QStringLiteral("dead") << 0 << 1 << QByteArray("FAIL  ---");
    }
    void expectations()
    {
        QFETCH(QString, target);
        QFETCH(int, expected);
        QFETCH(int, exitCode);
        QFETCH(QByteArray, line);
        Collection c;
        c.name = QStringLiteral("expect");
        CollectionRequest request;
        request.name = QStringLiteral("one");
        request.draft.method = QStringLiteral("GET");
        request.draft.url = target == QLatin1String("dead")
            ? QStringLiteral("http://127.0.0.1:%1/").arg(SendPeers::deadPort())
            : baseUrl() + target;
        if (expected)
            request.expectedStatus = expected;
        c.root.requests = {request};
        const QString file = path(QStringLiteral("expect.json"));
        QFile::remove(file);
        QString error;
        QVERIFY(CollectionFile::write(file, c, nullptr, &error));
        const QString junit = path(QStringLiteral("expect.xml"));
        const auto r = runHookbench({QStringLiteral("run"), file, QStringLiteral("--junit"), junit});
        QCOMPARE(r.exitCode, exitCode);
        QVERIFY2(r.out.contains(line), r.out.constData());
        const Junit j = parseJunit(readAll(junit));
        QVERIFY(j.valid);
        QCOMPARE(j.failed.size(), exitCode == 0 ? 0 : 1);
    }

    // --env NAME picks the collection's environment; its secret variable comes from the secret store.
    void namedEnvironmentWithSecret()
    {
        Collection c;
        c.name = QStringLiteral("envs");
        Environment local;
        local.name = QStringLiteral("local");
        local.variables = {{QStringLiteral("baseUrl"), baseUrl(), false, true},
                           {QStringLiteral("token"), QStringLiteral("SECRET_TOKEN_9"), true, true}};
        c.environments = {local};
        CollectionRequest request;
        request.name = QStringLiteral("auth");
        request.draft.url = QStringLiteral("{{baseUrl}}/webhook");
        request.draft.body = QStringLiteral("{\"event\": \"env\"}");
        request.draft.authMode = RequestDraft::AuthMode::Bearer;
        request.draft.bearerToken = QStringLiteral("{{token}}");
        c.root.requests = {request};
        const QString file = path(QStringLiteral("envs.json"));
        QFile::remove(file);
        // The same secret store the binary uses (XDG_DATA_HOME points into our folder).
        SecretStore secrets(m_dir.filePath(QStringLiteral("data/hookbench/secrets.json")));
        QString error;
        QVERIFY(CollectionFile::write(file, c, &secrets, &error));
        QVERIFY(!readAll(file).contains("SECRET_TOKEN_9"));

        m_peer.clear();
        const auto r = runHookbench({QStringLiteral("run"), file, QStringLiteral("--env"), QStringLiteral("local")});
        QVERIFY2(r.exitCode == 0, QByteArray(r.out + r.err).constData());
        QTRY_COMPARE(m_peer.count(), 1);
        QCOMPARE(SendPeers::FlaskPeer::header(m_peer.received().first(), QStringLiteral("Authorization")),
                 QStringLiteral("Bearer SECRET_TOKEN_9"));
    }

    // A request bound to an endpoint profile takes its base URL, headers, auth and timeout.
    void boundProfile()
    {
        Collection c;
        c.name = QStringLiteral("profiles");
        EndpointProfile profile;
        profile.name = QStringLiteral("local api");
        profile.baseUrl = baseUrl();
        profile.headers = {{true, QStringLiteral("X-Profile"), QStringLiteral("p")},
                           {true, QStringLiteral("X-Own"), QStringLiteral("profile")}};
        profile.authMode = RequestDraft::AuthMode::Bearer;
        profile.authSecret = QStringLiteral("PROFILE_TOKEN_8");
        c.profiles = {profile};
        CollectionRequest bound;
        bound.name = QStringLiteral("bound");
        bound.profile = profile.name;
        bound.draft.url = QStringLiteral("/webhook");
        bound.draft.headers = {{true, QStringLiteral("X-Own"), QStringLiteral("request")}};
        bound.draft.body = QStringLiteral("{\"event\": \"profile\"}");
        CollectionRequest ghost;
        ghost.name = QStringLiteral("ghost");
        ghost.profile = QStringLiteral("missing");
        ghost.draft.url = QStringLiteral("/webhook");
        c.root.requests = {bound, ghost};
        const QString file = path(QStringLiteral("profiles.json"));
        QFile::remove(file);
        SecretStore secrets(m_dir.filePath(QStringLiteral("data/hookbench/secrets.json")));
        QString error;
        QVERIFY(CollectionFile::write(file, c, &secrets, &error));
        QVERIFY(!readAll(file).contains("PROFILE_TOKEN_8"));

        m_peer.clear();
        const auto one = runHookbench(
            {QStringLiteral("run"), file, QStringLiteral("--request"), QStringLiteral("bound")});
        QVERIFY2(one.exitCode == 0, one.out.constData());
        QTRY_COMPARE(m_peer.count(), 1);
        const QJsonObject received = m_peer.received().first();
        QCOMPARE(received.value(QLatin1String("path")).toString(), QStringLiteral("/webhook"));
        QCOMPARE(SendPeers::FlaskPeer::header(received, QStringLiteral("X-Profile")), QStringLiteral("p"));
        QCOMPARE(SendPeers::FlaskPeer::header(received, QStringLiteral("X-Own")), QStringLiteral("request"));
        QCOMPARE(SendPeers::FlaskPeer::header(received, QStringLiteral("Authorization")),
                 QStringLiteral("Bearer PROFILE_TOKEN_8"));

        const auto all = runHookbench({QStringLiteral("run"), file});
        QCOMPARE(all.exitCode, 1);
        QVERIFY2(all.out.contains("FAIL  ---  ghost"), all.out.constData());
        QVERIFY(all.out.contains("bound to profile 'missing', which the collection does not have"));
    }

    // A literal password from a cURL command lands in the secret store, not the file, and still works.
    void importCurlKeepsSecretsOutOfTheFile()
    {
        const QString commands = path(QStringLiteral("cmds.sh"));
        writeAll(commands,
                 QStringLiteral("curl -u 'ann:LITERAL_PW_7' \\\n  %1/status/200\n\ncurl --json '{\"event\": "
                                "\"x\"}' %1/webhook\n")
                     .arg(baseUrl())
                     .toUtf8());
        const QString out = path(QStringLiteral("curl.json"));
        QFile::remove(out);
        const auto imported = runHookbench({QStringLiteral("import"), commands, QStringLiteral("--output"), out});
        QVERIFY2(imported.exitCode == 0, imported.err.constData());
        QVERIFY(imported.err.contains("2 requests written to"));
        QVERIFY2(imported.err.contains("1 secret value (tokens, passwords, keys) kept in "), imported.err.constData());
        QVERIFY(!readAll(out).contains("LITERAL_PW_7"));
        QVERIFY(readAll(m_dir.filePath(QStringLiteral("data/hookbench/secrets.json"))).contains("LITERAL_PW_7"));

        m_peer.clear();
        const auto r = runHookbench({QStringLiteral("run"), out});
        QVERIFY2(r.exitCode == 0, r.out.constData());
        QTRY_COMPARE(m_peer.count(), 2);
        QCOMPARE(SendPeers::FlaskPeer::header(m_peer.received().first(), QStringLiteral("Authorization")),
                 QStringLiteral("Basic ") + QString::fromLatin1(QByteArray("ann:LITERAL_PW_7").toBase64()));

        // Importing again adds to the collection instead of replacing it.
        const auto again = runHookbench({QStringLiteral("import"), commands, QStringLiteral("--format"),
                                         QStringLiteral("curl"), QStringLiteral("--output"), out});
        QCOMPARE(again.exitCode, 0);
        QVERIFY(again.err.contains("2 requests added to"));
        Collection c;
        CollectionFileError error;
        QVERIFY(CollectionFile::read(out, &c, nullptr, &error));
        QCOMPARE(c.allRequests().size(), 4);
    }

    void badInput_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QByteArray>("message");
        const QString broken = m_dir.filePath(QStringLiteral("broken.json"));
        const QString suite = m_dir.filePath(QStringLiteral("suite.json"));
        QTest::newRow("run: no file") << QStringList{QStringLiteral("run")}
                                      << QByteArray("a COLLECTION.json is required");
        QTest::newRow("run: missing file")
            << QStringList{QStringLiteral("run"), m_dir.filePath(QStringLiteral("nope.json"))}
            << QByteArray("nope.json");
        QTest::newRow("run: broken file") << QStringList{QStringLiteral("run"), broken}
                                          << QByteArray("broken.json, line 1, column 26: trailing comma");
        QTest::newRow("run: unknown env")
            << QStringList{QStringLiteral("run"), suite, QStringLiteral("--env"), QStringLiteral("prod")}
            << QByteArray("--env prod: no such environment");
        QTest::newRow("run: unknown folder")
            << QStringList{QStringLiteral("run"), suite, QStringLiteral("--folder"), QStringLiteral("X")}
            << QByteArray("no folder named 'X'");
        QTest::newRow("run: unknown request")
            << QStringList{QStringLiteral("run"), suite, QStringLiteral("--request"), QStringLiteral("Y")}
            << QByteArray("no request named 'Y'");
        QTest::newRow("import: no output")
            << QStringList{QStringLiteral("import"), QStringLiteral(HOOKBENCH_TEST_DATA "/postman_v21_fixture.json")}
            << QByteArray("--output COLLECTION.json is required");
        QTest::newRow("import: bad format")
            << QStringList{QStringLiteral("import"),   suite,
                           QStringLiteral("--format"), QStringLiteral("har"),
                           QStringLiteral("--output"), m_dir.filePath(QStringLiteral("x.json"))}
            << QByteArray("--format must be postman or curl");
        QTest::newRow("import: over a broken file")
            << QStringList{QStringLiteral("import"), QStringLiteral(HOOKBENCH_TEST_DATA "/postman_v21_fixture.json"),
                           QStringLiteral("--output"), broken}
            << QByteArray("(not overwritten)");
    }
    void badInput()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QByteArray, message);
        QVERIFY(!importFixture().isEmpty());
        const QString broken = path(QStringLiteral("broken.json"));
        writeAll(broken, "{\"hookbenchCollection\": 1,\n}");
        const auto r = runHookbench(arguments);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(message), r.err.constData());
        QCOMPARE(readAll(broken), QByteArray("{\"hookbenchCollection\": 1,\n}"));
    }
};

QTEST_GUILESS_MAIN(TestRunCommand)
#include "tst_runcommand.moc"
