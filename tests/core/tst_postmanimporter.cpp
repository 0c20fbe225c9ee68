#include "core/collections/collectionfile.h"
#include "core/collections/formats/collectionexport.h"
#include "core/collections/formats/postmanimporter.h"
#include "core/secrets/secretstore.h"
#include "core/send/requesttemplate.h"
#include "support/testsupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

class TestPostmanImporter : public QObject
{
    Q_OBJECT

private:
    static QByteArray fixture()
    {
        QFile file(QStringLiteral(HOOKBENCH_TEST_DATA "/postman_v21_fixture.json"));
        if (!file.open(QIODevice::ReadOnly))
            return {};
        return file.readAll();
    }
    static const CollectionRequest *find(const Collection &c, const QString &name)
    {
        for (const Collection::Entry &entry : c.allRequests()) {
            if (entry.request->name == name)
                return entry.request;
        }
        return nullptr;
    }
    static bool hasWarning(const QStringList &warnings, const QString &part)
    {
        for (const QString &w : warnings) {
            if (w.contains(part))
                return true;
        }
        return false;
    }

private Q_SLOTS:
    void initTestCase() { TestSupport::isolateUserData(); }

    void structure()
    {
        const PostmanImporter::Result result = PostmanImporter::import(fixture());
        QVERIFY2(result.ok, qPrintable(result.error));
        const Collection &c = result.collection;
        QCOMPARE(c.name, QStringLiteral("Webhook Suite"));
        QVERIFY(!c.id.isEmpty());
        // Order: root requests first, then folders depth first (the run order).
        QStringList names;
        for (const Collection::Entry &entry : c.allRequests())
            names << (entry.folderPath.isEmpty() ? entry.request->name
                                                 : entry.folderPath + QLatin1Char('/') + entry.request->name);
        QCOMPARE(
            names,
            (QStringList{QStringLiteral("Ping with API key"), QStringLiteral("Upload"), QStringLiteral("OAuth thing"),
                         QStringLiteral("Orders/Created"), QStringLiteral("Orders/Refunds/Refund form")}));
        QVERIFY(c.findFolder(QStringLiteral("Orders/Refunds")));
        QVERIFY(c.findFolder(QStringLiteral("Refunds")));
        QCOMPARE(c.variables.size(), 4);
        QCOMPARE(c.variables.at(0).name, QStringLiteral("baseUrl"));
        QVERIFY(!c.variables.at(3).enabled);
    }

    void requests()
    {
        const PostmanImporter::Result result = PostmanImporter::import(fixture());
        QVERIFY(result.ok);
        const CollectionRequest *created = find(result.collection, QStringLiteral("Created"));
        QVERIFY(created);
        QCOMPARE(created->draft.method, QStringLiteral("POST"));
        QCOMPARE(created->draft.url, QStringLiteral("{{baseUrl}}/webhook"));
        QCOMPARE(created->draft.bodyMode, RequestDraft::BodyMode::Json);
        QVERIFY(created->draft.body.contains(QLatin1String("\"id\": \"{{orderId}}\"")));
        QCOMPARE(created->draft.headers.size(), 3);
        QCOMPARE(created->draft.headers.at(1).value, QStringLiteral("{{$uuid}}")); // $guid mapped
        QVERIFY(!created->draft.headers.at(2).enabled);
        // Inherits the collection's bearer auth.
        QCOMPARE(created->draft.authMode, RequestDraft::AuthMode::Bearer);
        QCOMPARE(created->draft.bearerToken, QStringLiteral("{{token}}"));

        const CollectionRequest *refund = find(result.collection, QStringLiteral("Refund form"));
        QVERIFY(refund);
        QCOMPARE(refund->draft.bodyMode, RequestDraft::BodyMode::Form);
        QCOMPARE(refund->draft.form.size(), 3);
        QCOMPARE(refund->draft.form.at(1).value, QStringLiteral("damaged item"));
        QVERIFY(!refund->draft.form.at(2).enabled);
        QCOMPARE(RequestDraft::formEncode(refund->draft.form), QByteArray("amount=12.50&reason=damaged+item"));
        // Inherits the folder's basic auth, not the collection's bearer.
        QCOMPARE(refund->draft.authMode, RequestDraft::AuthMode::Basic);
        QCOMPARE(refund->draft.basicUser, QStringLiteral("shop"));
        QCOMPARE(refund->draft.basicPassword, QStringLiteral("{{shopPassword}}"));
        QCOMPARE(refund->draft.url, QStringLiteral("{{baseUrl}}/status/201?source=postman"));

        const CollectionRequest *ping = find(result.collection, QStringLiteral("Ping with API key"));
        QVERIFY(ping);
        QCOMPARE(ping->draft.method, QStringLiteral("GET"));
        QCOMPARE(ping->draft.authMode, RequestDraft::AuthMode::ApiKeyHeader);
        QCOMPARE(ping->draft.apiKeyName, QStringLiteral("X-Api-Key"));
        QCOMPARE(ping->draft.apiKeyValue, QStringLiteral("{{apiKey}}"));

        const CollectionRequest *upload = find(result.collection, QStringLiteral("Upload"));
        QVERIFY(upload);
        QCOMPARE(upload->draft.authMode, RequestDraft::AuthMode::None); // noauth beats the collection's
        QCOMPARE(upload->draft.bodyMode, RequestDraft::BodyMode::Multipart);
        const FormFields uploadFields = {{true, QStringLiteral("note"), QStringLiteral("hi"), false, {}, {}},
                                         {false, QStringLiteral("file"), QStringLiteral("/tmp/a.png"), true, {}, {}}};
        QCOMPARE(upload->draft.multipart, uploadFields);
    }

    void unsupportedPartsAreListed_data()
    {
        QTest::addColumn<QString>("part");
        QTest::newRow("collection script") << QStringLiteral("collection: prerequest script");
        QTest::newRow("request test script") << QStringLiteral("Orders/Refunds/Refund form: test script");
        QTest::newRow("saved example") << QStringLiteral("Refund form: 1 saved example");
        QTest::newRow("oauth2") << QStringLiteral("OAuth thing: auth type 'oauth2'");
        QTest::newRow("dynamic variable") << QStringLiteral("{{$randomFirstName}}");
        QTest::newRow("nested variable") << QStringLiteral("variable 'token'");
    }
    void unsupportedPartsAreListed()
    {
        QFETCH(QString, part);
        const PostmanImporter::Result result = PostmanImporter::import(fixture());
        QVERIFY(result.ok);
        QVERIFY2(hasWarning(result.warnings, part), qPrintable(result.warnings.join(QLatin1Char('\n'))));
    }

    // One request item, as Postman v2.1 writes it, imported alone.
    static PostmanImporter::Result importRequest(const QByteArray &request)
    {
        return PostmanImporter::import(
            "{\"info\": {\"name\": \"c\", \"schema\": "
            "\"https://schema.getpostman.com/json/collection/v2.1.0/collection.json\"}, \"item\": [{\"name\": \"r\", "
            "\"request\": "
            + request + "}]}");
    }

    // Postman's own library (postman-collection Url) builds the URL from its parts and
    // ignores raw when there are parts; path segments :name take url.variable's values.
    void urlAsPostmanBuildsIt_data()
    {
        QTest::addColumn<QByteArray>("url");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QString>("warning");
        QTest::newRow("parts win over raw")
            << QByteArray(
                   "{\"raw\": \"http://stale.example/old?x=1\", \"protocol\": \"https\", \"host\": [\"api\", "
                   "\"example\", \"com\"], \"port\": \"8443\", \"path\": [\"v1\", \"items\"], \"query\": "
                   "[{\"key\": \"a\", \"value\": \"1\"}, {\"key\": \"flag\", \"value\": null}], \"hash\": \"top\"}")
            << QStringLiteral("https://api.example.com:8443/v1/items?a=1&flag#top") << QString();
        QTest::newRow("host as a variable, path as a string")
            << QByteArray("{\"raw\": \"ignored\", \"host\": [\"{{baseUrl}}\"], \"path\": \"/orders/:id\", "
                          "\"variable\": [{\"key\": \"id\", \"value\": \"42\"}]}")
            << QStringLiteral("{{baseUrl}}/orders/42") << QString();
        QTest::newRow("path variables from parts")
            << QByteArray("{\"host\": [\"h\"], \"path\": [\"users\", \":userId\", \"posts\", \":postId\"], "
                          "\"variable\": [{\"key\": \"userId\", \"value\": \"{{uid}}\"}, {\"key\": \"postId\", "
                          "\"value\": 7}]}")
            << QStringLiteral("h/users/{{uid}}/posts/7") << QString();
        QTest::newRow("path variable without a value")
            << QByteArray("{\"host\": [\"h\"], \"path\": [\":id\"], \"variable\": [{\"key\": \"id\"}]}")
            << QStringLiteral("h/:id") << QStringLiteral("path variable ':id' has no value");
        QTest::newRow("raw alone, with a path variable")
            << QByteArray("{\"raw\": \"https://h/a/:id?q=:id\", \"variable\": [{\"key\": \"id\", \"value\": \"9\"}]}")
            << QStringLiteral("https://h/a/9?q=:id") << QString();
        QTest::newRow("disabled query parameter is listed")
            << QByteArray("{\"raw\": \"x\", \"host\": [\"h\"], \"query\": [{\"key\": \"on\", \"value\": \"1\"}, "
                          "{\"key\": \"off\", \"value\": \"2\", \"disabled\": true}]}")
            << QStringLiteral("h?on=1") << QStringLiteral("disabled query parameter 'off'");
    }
    void urlAsPostmanBuildsIt()
    {
        QFETCH(QByteArray, url);
        QFETCH(QString, expected);
        QFETCH(QString, warning);
        const PostmanImporter::Result result = importRequest("{\"method\": \"GET\", \"url\": " + url + "}");
        QVERIFY2(result.ok, qPrintable(result.error));
        QCOMPARE(result.collection.root.requests.first().draft.url, expected);
        if (!warning.isEmpty())
            QVERIFY2(hasWarning(result.warnings, warning), qPrintable(result.warnings.join(QLatin1Char('\n'))));
        else
            QVERIFY2(result.warnings.isEmpty(), qPrintable(result.warnings.join(QLatin1Char('\n'))));
    }

    // Postman sends a JSON body without its comments (postman-runtime's own examples).
    void jsonCommentsAreStripped()
    {
        const PostmanImporter::Result result = importRequest(
            "{\"method\": \"POST\", \"url\": \"http://h/\", \"body\": {\"mode\": \"raw\", \"raw\": "
            "\"{// some comment\\n\\\"a\\\": \\\"http://x//y\\\"\\n/* \\nmore\\n*/\\n}\", \"options\": {\"raw\": "
            "{\"language\": \"json\"}}}}");
        QVERIFY2(result.ok, qPrintable(result.error));
        const RequestDraft &d = result.collection.root.requests.first().draft;
        QCOMPARE(d.bodyMode, RequestDraft::BodyMode::Json);
        QCOMPARE(d.body, QStringLiteral("{\n\"a\": \"http://x//y\"\n\n}"));
        QVERIFY(hasWarning(result.warnings, QStringLiteral("comments removed")));
        RequestTemplate t;
        QString error;
        QVERIFY(d.toTemplate(&t, &error));
        OutgoingRequest out;
        QVERIFY2(t.prepare(TemplateEngine(), &out, &error), qPrintable(error));
    }

    // formdata: text and file parts with their types, disabled ones kept disabled, a
    // file in Postman's cloud kept disabled and listed; exported back as formdata.
    void formData()
    {
        const PostmanImporter::Result result = importRequest(
            "{\"method\": \"POST\", \"url\": \"http://h/up\", \"body\": {\"mode\": \"formdata\", \"formdata\": ["
            "{\"key\": \"note\", \"value\": \"hi {{name}}\", \"type\": \"text\"},"
            "{\"key\": \"meta\", \"value\": \"{}\", \"type\": \"text\", \"contentType\": \"application/json\"},"
            "{\"key\": \"off\", \"value\": \"x\", \"type\": \"text\", \"disabled\": true},"
            "{\"key\": \"doc\", \"src\": \"/data/report.pdf\", \"type\": \"file\"},"
            "{\"key\": \"cloud\", \"src\": \"postman-cloud:///1ef-abc\", \"type\": \"file\"},"
            "{\"key\": \"two\", \"src\": [\"/a.txt\", \"/b.txt\"], \"type\": \"file\"}]}}");
        QVERIFY2(result.ok, qPrintable(result.error));
        const RequestDraft &d = result.collection.root.requests.first().draft;
        QCOMPARE(d.bodyMode, RequestDraft::BodyMode::Multipart);
        const FormFields expected = {
            {true, QStringLiteral("note"), QStringLiteral("hi {{name}}"), false, {}, {}},
            {true, QStringLiteral("meta"), QStringLiteral("{}"), false, QStringLiteral("application/json"), {}},
            {false, QStringLiteral("off"), QStringLiteral("x"), false, {}, {}},
            {true, QStringLiteral("doc"), QStringLiteral("/data/report.pdf"), true, {}, {}},
            {false, QStringLiteral("cloud"), QStringLiteral("postman-cloud:///1ef-abc"), true, {}, {}},
            {true, QStringLiteral("two"), QStringLiteral("/a.txt"), true, {}, {}},
            {true, QStringLiteral("two"), QStringLiteral("/b.txt"), true, {}, {}},
        };
        QCOMPARE(d.multipart, expected);
        QVERIFY2(hasWarning(result.warnings, QStringLiteral("'cloud' refers to a file in Postman's cloud")),
                 qPrintable(result.warnings.join(QLatin1Char('\n'))));

        const PostmanImporter::Result again = PostmanImporter::import(CollectionExport::toPostman(result.collection));
        QVERIFY2(again.ok, qPrintable(again.error));
        QCOMPARE(again.collection.root.requests.first().draft.multipart, expected);
    }

    void rejects_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("error");
        QTest::newRow("broken json") << QByteArray("{\n  \"info\": {,\n}") << QStringLiteral("line 2, column 12");
        QTest::newRow("not postman") << QByteArray("{\"a\": 1}") << QStringLiteral("not a Postman collection");
        QTest::newRow("v1") << QByteArray(
            "{\"info\": {\"name\": \"x\", \"schema\": "
            "\"https://schema.getpostman.com/json/collection/v1.0.0/collection.json\"}, \"item\": []}")
                            << QStringLiteral("not a Postman v2.1 collection");
    }
    void rejects()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, error);
        const PostmanImporter::Result result = PostmanImporter::import(json);
        QVERIFY(!result.ok);
        QVERIFY2(result.error.contains(error), qPrintable(result.error));
    }

    // Postman -> Hookbench -> Postman -> Hookbench keeps what was imported.
    void exportRoundTrip()
    {
        const PostmanImporter::Result first = PostmanImporter::import(fixture());
        QVERIFY(first.ok);
        const QByteArray exported = CollectionExport::toPostman(first.collection);
        const QJsonObject root = QJsonDocument::fromJson(exported).object();
        QCOMPARE(root.value(QLatin1String("info")).toObject().value(QLatin1String("schema")).toString(),
                 QStringLiteral("https://schema.getpostman.com/json/collection/v2.1.0/collection.json"));
        const PostmanImporter::Result second = PostmanImporter::import(exported);
        QVERIFY2(second.ok, qPrintable(second.error));
        const QList<Collection::Entry> a = first.collection.allRequests();
        const QList<Collection::Entry> b = second.collection.allRequests();
        QCOMPARE(b.size(), a.size());
        for (qsizetype i = 0; i < a.size(); ++i) {
            QCOMPARE(b.at(i).folderPath, a.at(i).folderPath);
            const RequestDraft &x = a.at(i).request->draft;
            const RequestDraft &y = b.at(i).request->draft;
            QCOMPARE(y.method, x.method);
            QCOMPARE(y.url, x.url);
            QCOMPARE(y.headers, x.headers);
            QCOMPARE(y.bodyMode, x.bodyMode);
            QCOMPARE(y.body, x.body);
            QCOMPARE(y.form, x.form);
            QCOMPARE(y.authMode, x.authMode);
            QCOMPARE(y.bearerToken, x.bearerToken);
            QCOMPARE(y.basicPassword, x.basicPassword);
        }
        QCOMPARE(second.collection.variables, first.collection.variables);
    }

    // Imported, written as a Hookbench file and read back: nothing lost on the way.
    void collectionFileRoundTrip()
    {
        QTemporaryDir dir;
        SecretStore secrets(dir.filePath(QStringLiteral("secrets.json")));
        PostmanImporter::Result result = PostmanImporter::import(fixture());
        QVERIFY(result.ok);
        const QString path = dir.filePath(QStringLiteral("suite.json"));
        QString error;
        QVERIFY2(CollectionFile::write(path, result.collection, &secrets, &error), qPrintable(error));
        Collection back;
        CollectionFileError readError;
        QVERIFY2(CollectionFile::read(path, &back, &secrets, &readError), qPrintable(readError.toString()));
        QCOMPARE(CollectionFile::toJson(back, &secrets), CollectionFile::toJson(result.collection, &secrets));
    }
};

QTEST_GUILESS_MAIN(TestPostmanImporter)
#include "tst_postmanimporter.moc"
