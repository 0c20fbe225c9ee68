#include "core/collections/collectionfile.h"
#include "core/secrets/secretstore.h"
#include "support/testsupport.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

class TestCollectionFile : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    static Collection sample()
    {
        Collection c;
        c.name = QStringLiteral("Payments ünïcode");
        c.description = QStringLiteral("for the tests");
        c.variables = {{true, QStringLiteral("base"), QStringLiteral("http://127.0.0.1:1")},
                       {false, QStringLiteral("off"), QStringLiteral("x")}};

        CollectionRequest created;
        created.name = QStringLiteral("Created");
        created.draft.method = QStringLiteral("POST");
        created.draft.url = QStringLiteral("{{base}}/hook");
        created.draft.headers = {{true, QStringLiteral("X-A"), QStringLiteral("1")},
                                 {false, QStringLiteral("X-B"), QStringLiteral("2")}};
        created.draft.body = QStringLiteral("{\n  \"id\": \"{{$uuid}}\"\n}");
        created.draft.authMode = RequestDraft::AuthMode::Bearer;
        created.draft.bearerToken = QStringLiteral("tok_LITERAL_SECRET_1");
        created.draft.signingScheme = QStringLiteral("github");
        created.draft.signingSecret = QStringLiteral("whsec_LITERAL_SECRET_2");
        created.expectedStatus = 201;
        created.profile = QStringLiteral("Stripe test");

        CollectionRequest form;
        form.name = QStringLiteral("Form");
        form.draft.bodyMode = RequestDraft::BodyMode::Form;
        form.draft.form = {{true, QStringLiteral("a"), QStringLiteral("1 2")}};
        form.draft.authMode = RequestDraft::AuthMode::Basic;
        form.draft.basicUser = QStringLiteral("ann");
        form.draft.basicPassword = QStringLiteral("{{password}}"); // a reference: stays in the file
        form.draft.options.timeoutMs = 1234;
        form.draft.options.proxyMode = ProxyMode::None;

        CollectionRequest text;
        text.name = QStringLiteral("Text");
        text.draft.bodyMode = RequestDraft::BodyMode::Text;
        text.draft.body = QStringLiteral("<x/>");
        text.draft.textContentType = QStringLiteral("application/xml");
        text.draft.authMode = RequestDraft::AuthMode::ApiKeyQuery;
        text.draft.apiKeyName = QStringLiteral("key");
        text.draft.apiKeyValue = QStringLiteral("LITERAL_SECRET_3");

        CollectionRequest multipart;
        multipart.name = QStringLiteral("Multipart");
        multipart.draft.bodyMode = RequestDraft::BodyMode::Multipart;
        multipart.draft.multipart = {
            {true, QStringLiteral("note"), QStringLiteral("hi {{name}}"), false, {}, {}},
            {false, QStringLiteral("meta"), QStringLiteral("{}"), false, QStringLiteral("application/json"), {}},
            {true, QStringLiteral("doc"), QStringLiteral("/data/r.pdf"), true, QStringLiteral("application/pdf"),
             QStringLiteral("report.pdf")},
        };

        CollectionFolder sub;
        sub.name = QStringLiteral("Sub");
        sub.requests = {text, multipart};
        CollectionFolder folder;
        folder.name = QStringLiteral("Folder");
        folder.requests = {form};
        folder.folders = {sub};
        c.root.requests = {created};
        c.root.folders = {folder};

        Environment local;
        local.name = QStringLiteral("local");
        local.variables = {{QStringLiteral("base"), QStringLiteral("http://localhost"), false, true},
                           {QStringLiteral("password"), QStringLiteral("LITERAL_SECRET_4"), true, true}};
        c.environments = {local};

        EndpointProfile profile;
        profile.name = QStringLiteral("Stripe test");
        profile.baseUrl = QStringLiteral("https://api.example.com");
        profile.headers = {{true, QStringLiteral("X-P"), QStringLiteral("p")}};
        profile.authMode = RequestDraft::AuthMode::Bearer;
        profile.authSecret = QStringLiteral("LITERAL_SECRET_5");
        profile.signingScheme = QStringLiteral("stripe");
        profile.signingSecret = QStringLiteral("LITERAL_SECRET_6");
        profile.timeoutMs = 5000;
        c.profiles = {profile};
        return c;
    }

    static QByteArray readAll(const QString &path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }
    static void writeAll(const QString &path, const QByteArray &data)
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(data);
    }

private Q_SLOTS:
    void initTestCase()
    {
        TestSupport::isolateUserData();
        QVERIFY(m_dir.isValid());
    }

    void roundTrip()
    {
        SecretStore secrets(m_dir.filePath(QStringLiteral("rt-secrets.json")));
        Collection c = sample();
        const QString path = m_dir.filePath(QStringLiteral("rt.json"));
        QString error;
        QVERIFY2(CollectionFile::write(path, c, &secrets, &error), qPrintable(error));
        QVERIFY(!c.id.isEmpty());

        Collection back;
        CollectionFileError readError;
        QVERIFY2(CollectionFile::read(path, &back, &secrets, &readError), qPrintable(readError.toString()));
        QCOMPARE(back.id, c.id);
        QCOMPARE(back.name, c.name);
        QCOMPARE(back.description, c.description);
        QCOMPARE(back.variables, c.variables);
        QCOMPARE(back.environments, c.environments); // the secret value came back from the store
        QCOMPARE(back.profiles.size(), 1);
        QCOMPARE(back.profiles.first().authSecret, QStringLiteral("LITERAL_SECRET_5"));
        QCOMPARE(back.profiles.first().signingSecret, QStringLiteral("LITERAL_SECRET_6"));
        QCOMPARE(back.profiles.first().timeoutMs, 5000);
        const QList<Collection::Entry> a = c.allRequests();
        const QList<Collection::Entry> b = back.allRequests();
        QCOMPARE(b.size(), 4);
        for (qsizetype i = 0; i < a.size(); ++i) {
            const CollectionRequest &x = *a.at(i).request;
            const CollectionRequest &y = *b.at(i).request;
            QCOMPARE(b.at(i).folderPath, a.at(i).folderPath);
            QCOMPARE(y.id, x.id);
            QCOMPARE(y.name, x.name);
            QCOMPARE(y.expectedStatus, x.expectedStatus);
            QCOMPARE(y.profile, x.profile);
            QCOMPARE(y.draft.method, x.draft.method);
            QCOMPARE(y.draft.url, x.draft.url);
            QCOMPARE(y.draft.headers, x.draft.headers);
            QCOMPARE(y.draft.bodyMode, x.draft.bodyMode);
            QCOMPARE(y.draft.body, x.draft.body);
            QCOMPARE(y.draft.textContentType, x.draft.textContentType);
            QCOMPARE(y.draft.form, x.draft.form);
            QCOMPARE(y.draft.multipart, x.draft.multipart);
            QCOMPARE(y.draft.authMode, x.draft.authMode);
            QCOMPARE(y.draft.bearerToken, x.draft.bearerToken);
            QCOMPARE(y.draft.basicUser, x.draft.basicUser);
            QCOMPARE(y.draft.basicPassword, x.draft.basicPassword);
            QCOMPARE(y.draft.apiKeyName, x.draft.apiKeyName);
            QCOMPARE(y.draft.apiKeyValue, x.draft.apiKeyValue);
            QCOMPARE(y.draft.signingScheme, x.draft.signingScheme);
            QCOMPARE(y.draft.signingSecret, x.draft.signingSecret);
            QVERIFY(y.draft.options == x.draft.options);
        }
    }

    // Same content, same bytes: a second save changes nothing, and the layout is the documented one.
    void stableOrder()
    {
        SecretStore secrets(m_dir.filePath(QStringLiteral("st-secrets.json")));
        Collection c = sample();
        const QString path = m_dir.filePath(QStringLiteral("stable.json"));
        QString error;
        QVERIFY(CollectionFile::write(path, c, &secrets, &error));
        const QByteArray first = readAll(path);
        Collection back;
        CollectionFileError readError;
        QVERIFY(CollectionFile::read(path, &back, &secrets, &readError));
        QVERIFY(CollectionFile::write(path, back, &secrets, &error));
        QCOMPARE(readAll(path), first);

        QVERIFY(first.startsWith("{\n  \"hookbenchCollection\": 1,\n  \"id\": "));
        QVERIFY(first.endsWith("}\n"));
        // Keys in the written order, not sorted: "name" before "description" before "variables".
        const qsizetype name = first.indexOf("\"name\"");
        QVERIFY(name < first.indexOf("\"description\""));
        QVERIFY(first.indexOf("\"description\"") < first.indexOf("\"variables\""));
        QVERIFY(first.indexOf("\"environments\"") < first.indexOf("\"requests\""));
        QVERIFY(first.contains("\n    {\n      \"id\": "));
    }

    void secretsNeverInTheFile()
    {
        const QString secretsPath = m_dir.filePath(QStringLiteral("sec-secrets.json"));
        SecretStore secrets(secretsPath);
        Collection c = sample();
        const QString path = m_dir.filePath(QStringLiteral("secrets-collection.json"));
        QString error;
        QVERIFY(CollectionFile::write(path, c, &secrets, &error));
        const QByteArray written = readAll(path);
        QVERIFY(!written.contains("LITERAL_SECRET"));
        QVERIFY(written.contains("{{password}}")); // references are not secrets
        QVERIFY(written.contains("\"secret\": true"));

        const QByteArray stored = readAll(secretsPath);
        for (int i = 1; i <= 6; ++i)
            QVERIFY2(stored.contains(QByteArray("LITERAL_SECRET_" + QByteArray::number(i))),
                     qPrintable(QString::number(i)));
        QCOMPARE(
            QFileInfo(secretsPath).permissions()
                & (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup | QFileDevice::WriteOther),
            QFileDevice::Permissions());
        QVERIFY(QFileInfo(secretsPath).permissions() & QFileDevice::ReadOwner);

        // Without a store, secrets are dropped rather than written.
        Collection again = sample();
        const QByteArray withoutStore = CollectionFile::toJson(again, nullptr);
        QVERIFY(!withoutStore.contains("LITERAL_SECRET"));

        // A secret that becomes a plain value leaves the store.
        Collection back;
        CollectionFileError readError;
        QVERIFY(CollectionFile::read(path, &back, &secrets, &readError));
        back.environments[0].variables[1].secret = false;
        QVERIFY(CollectionFile::write(path, back, &secrets, &error));
        QVERIFY(!readAll(secretsPath).contains("LITERAL_SECRET_4"));
        QVERIFY(readAll(path).contains("LITERAL_SECRET_4"));
    }

    void brokenFilesAreReportedAndKept_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("message");
        QTest::newRow("missing comma") << QByteArray("{\n  \"hookbenchCollection\": 1\n  \"name\": \"x\"\n}\n") << 3
                                       << 3 << QString();
        QTest::newRow("truncated") << QByteArray("{\n  \"hookbenchCollection\": 1,\n  \"name\": \"x") << 3 << 0
                                   << QString();
        QTest::newRow("empty") << QByteArray() << 1 << 1 << QStringLiteral("empty");
        QTest::newRow("not ours") << QByteArray("[1, 2]") << 1 << 1 << QStringLiteral("not a Hookbench collection");
        QTest::newRow("newer schema") << QByteArray("{\"hookbenchCollection\": 99}") << 1 << 1
                                      << QStringLiteral("schema version 99");
    }
    void brokenFilesAreReportedAndKept()
    {
        QFETCH(QByteArray, content);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(QString, message);
        const QString path = m_dir.filePath(
            QStringLiteral("broken-%1.json")
                .arg(QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('-'))));
        writeAll(path, content);
        const QDateTime modified = QFileInfo(path).lastModified();

        Collection c;
        CollectionFileError error;
        QVERIFY(!CollectionFile::read(path, &c, nullptr, &error));
        QVERIFY(error.isError());
        QCOMPARE(error.path, path);
        QCOMPARE(error.line, line);
        if (column > 0)
            QCOMPARE(error.column, column);
        else
            QVERIFY(error.column > 0);
        QVERIFY(error.toString().startsWith(path + QStringLiteral(", line %1, column ").arg(line)));
        if (!message.isEmpty())
            QVERIFY2(error.message.contains(message), qPrintable(error.message));

        // Saving over it is refused and leaves it byte for byte as it was.
        Collection replacement = sample();
        QString writeError;
        QVERIFY(!CollectionFile::write(path, replacement, nullptr, &writeError));
        QVERIFY2(writeError.contains(path) && writeError.contains(QLatin1String("not overwritten")),
                 qPrintable(writeError));
        QCOMPARE(readAll(path), content);
        QCOMPARE(QFileInfo(path).lastModified(), modified);

        // Only when asked is it moved aside, untouched, and the name is free again.
        QString moveError;
        const QString aside = CollectionFile::moveAside(path, &moveError);
        QVERIFY2(!aside.isEmpty(), qPrintable(moveError));
        QCOMPARE(readAll(aside), content);
        QVERIFY(CollectionFile::write(path, replacement, nullptr, &writeError));
    }

    // Two stores on one file (the GUI and the CLI): neither drops the other's secrets.
    void sharedSecretStore()
    {
        const QString path = m_dir.filePath(QStringLiteral("shared-secrets.json"));
        SecretStore gui(path);
        SecretStore cli(path);
        QVERIFY(gui.setValue(QStringLiteral("a"), QStringLiteral("1")));
        QVERIFY(cli.setValue(QStringLiteral("b"), QStringLiteral("2")));
        QVERIFY(gui.setValue(QStringLiteral("c"), QStringLiteral("3")));
        SecretStore fresh(path);
        QCOMPARE(fresh.value(QStringLiteral("a")), QStringLiteral("1"));
        QCOMPARE(fresh.value(QStringLiteral("b")), QStringLiteral("2"));
        QCOMPARE(fresh.value(QStringLiteral("c")), QStringLiteral("3"));
        QVERIFY(cli.remove(QStringLiteral("a")));
        gui.reload();
        QVERIFY(!gui.contains(QStringLiteral("a")));
    }

    void unreadableSecretStoreIsNotOverwritten()
    {
        const QString path = m_dir.filePath(QStringLiteral("broken-secrets.json"));
        writeAll(path, "{\"a\": ");
        SecretStore secrets(path);
        QVERIFY(!secrets.isUsable());
        QString error;
        QVERIFY(!secrets.setValue(QStringLiteral("k"), QStringLiteral("v"), &error));
        QVERIFY(error.contains(path));
        QCOMPARE(readAll(path), QByteArray("{\"a\": "));
    }

    void variableReferences_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("reference");
        QTest::newRow("plain") << QStringLiteral("{{token}}") << true;
        QTest::newRow("spaces") << QStringLiteral(" {{ token }} ") << true;
        QTest::newRow("literal") << QStringLiteral("abc") << false;
        QTest::newRow("mixed") << QStringLiteral("Bearer {{token}}") << false;
        QTest::newRow("two") << QStringLiteral("{{a}}{{b}}") << false;
    }
    void variableReferences()
    {
        QFETCH(QString, value);
        QFETCH(bool, reference);
        QCOMPARE(CollectionFile::isVariableReference(value), reference);
    }
};

QTEST_GUILESS_MAIN(TestCollectionFile)
#include "tst_collectionfile.moc"
