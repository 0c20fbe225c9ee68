#include "core/send/requestdraft.h"
#include "core/send/requesttemplate.h"
#include "core/send/templateengine.h"
#include "support/testsupport.h"

#include <QMessageAuthenticationCode>
#include <QTest>

// The composer's rules without a window: URL and query in step, form encoding that
// leaves placeholders alone, auth and signing turned into headers, and a history
// entry turned back into a draft.
static KeyValueRow kv(const char *name, const char *value, bool enabled = true)
{
    return {enabled, QString::fromUtf8(name), QString::fromUtf8(value)};
}

class TestRequestDraft : public QObject
{
    Q_OBJECT

    static OutgoingRequest prepared(const RequestDraft &draft)
    {
        RequestTemplate request;
        QString error;
        if (!draft.toTemplate(&request, &error))
            qFatal("toTemplate: %s", qPrintable(error));
        OutgoingRequest out;
        if (!request.prepare(TemplateEngine(), &out, &error))
            qFatal("prepare: %s", qPrintable(error));
        return out;
    }

private Q_SLOTS:
    void initTestCase() { TestSupport::isolateUserData(); }

    void queryRows_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<KeyValueRows>("rows");
        QTest::newRow("none") << QStringLiteral("http://h/p") << KeyValueRows{};
        QTest::newRow("two") << QStringLiteral("http://h/p?a=1&b=two") << KeyValueRows{kv("a", "1"), kv("b", "two")};
        QTest::newRow("flag and empty parts")
            << QStringLiteral("h/p?flag&&x=") << KeyValueRows{kv("flag", ""), kv("x", "")};
        QTest::newRow("fragment") << QStringLiteral("http://h/?a=1#top") << KeyValueRows{kv("a", "1")};
        QTest::newRow("placeholders and escapes kept") << QStringLiteral("{{base}}/hook?id={{$uuid}}&q=a%20b")
                                                       << KeyValueRows{kv("id", "{{$uuid}}"), kv("q", "a%20b")};
        QTest::newRow("duplicates") << QStringLiteral("h?a=1&a=2") << KeyValueRows{kv("a", "1"), kv("a", "2")};
    }

    void queryRows()
    {
        QFETCH(QString, url);
        QFETCH(KeyValueRows, rows);
        QCOMPARE(RequestDraft::queryRows(url), rows);
    }

    void urlWithQuery_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<KeyValueRows>("rows");
        QTest::addColumn<QString>("expected");
        QTest::newRow("adds") << QStringLiteral("http://h/p") << KeyValueRows{kv("a", "1")}
                              << QStringLiteral("http://h/p?a=1");
        QTest::newRow("replaces") << QStringLiteral("http://h/p?old=1") << KeyValueRows{kv("a", "1"), kv("b", "")}
                                  << QStringLiteral("http://h/p?a=1&b");
        QTest::newRow("disabled left out")
            << QStringLiteral("http://h/p?a=1") << KeyValueRows{kv("a", "1", false)} << QStringLiteral("http://h/p");
        QTest::newRow("fragment kept") << QStringLiteral("http://h/p?x=1#frag") << KeyValueRows{kv("y", "2")}
                                       << QStringLiteral("http://h/p?y=2#frag");
        QTest::newRow("escapes separators") << QStringLiteral("http://h/") << KeyValueRows{kv("a=b", "c&d#e")}
                                            << QStringLiteral("http://h/?a%3Db=c%26d%23e");
    }

    void urlWithQuery()
    {
        QFETCH(QString, url);
        QFETCH(KeyValueRows, rows);
        QFETCH(QString, expected);
        QCOMPARE(RequestDraft::urlWithQuery(url, rows), expected);
        // What the URL says is what the table shows, for enabled rows.
        KeyValueRows enabled;
        for (const KeyValueRow &row : rows) {
            if (row.enabled)
                enabled.append(row);
        }
        if (QByteArrayView(QTest::currentDataTag()) != "escapes separators")
            QCOMPARE(RequestDraft::queryRows(expected), enabled);
    }

    void formEncoding()
    {
        const KeyValueRows rows{kv("name", "Zoë Smith"), kv("tags", "a&b=c"), kv("off", "x", false),
                                kv("when", "{{$timestamp}}"), kv("star*dash-dot.under_", "~")};
        const QByteArray encoded = RequestDraft::formEncode(rows);
        QCOMPARE(encoded,
                 QByteArray("name=Zo%C3%AB+Smith&tags=a%26b%3Dc&when={{$timestamp}}&star*dash-dot.under_=%7E"));
        KeyValueRows decoded = RequestDraft::formDecode(encoded);
        QCOMPARE(decoded.size(), 4);
        QCOMPARE(decoded.at(0).value, QStringLiteral("Zoë Smith"));
        QCOMPARE(decoded.at(1).value, QStringLiteral("a&b=c"));
    }

    void authModes_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QString>("url");
        QTest::newRow("bearer") << int(RequestDraft::AuthMode::Bearer) << QByteArray("Authorization")
                                << QByteArray("Bearer tok123") << QStringLiteral("http://h/p");
        QTest::newRow("basic") << int(RequestDraft::AuthMode::Basic) << QByteArray("Authorization")
                               << QByteArray("Basic " + QByteArray("ann:pa:ss").toBase64())
                               << QStringLiteral("http://h/p");
        QTest::newRow("api key header") << int(RequestDraft::AuthMode::ApiKeyHeader) << QByteArray("X-Api-Key")
                                        << QByteArray("k-1") << QStringLiteral("http://h/p");
        QTest::newRow("api key query") << int(RequestDraft::AuthMode::ApiKeyQuery) << QByteArray() << QByteArray()
                                       << QStringLiteral("http://h/p?x=1&api_key=k-1");
    }

    void authModes()
    {
        QFETCH(int, mode);
        QFETCH(QByteArray, header);
        QFETCH(QByteArray, value);
        QFETCH(QString, url);
        RequestDraft draft;
        draft.url = mode == int(RequestDraft::AuthMode::ApiKeyQuery) ? QStringLiteral("http://h/p?x=1")
                                                                     : QStringLiteral("http://h/p");
        draft.headers = {kv("Authorization", "Token old"), kv("X-Other", "1")};
        draft.authMode = RequestDraft::AuthMode(mode);
        draft.bearerToken = QStringLiteral("tok123");
        draft.basicUser = QStringLiteral("ann");
        draft.basicPassword = QStringLiteral("pa:ss");
        draft.apiKeyName = mode == int(RequestDraft::AuthMode::ApiKeyQuery) ? QStringLiteral("api_key")
                                                                            : QStringLiteral("X-Api-Key");
        draft.apiKeyValue = QStringLiteral("k-1");
        const OutgoingRequest out = prepared(draft);
        QCOMPARE(out.url.toString(), url);
        if (!header.isEmpty()) {
            QCOMPARE(Headers::values(out.headers, header), QList<QByteArray>{value});
        }
        if (header != "Authorization") // a key elsewhere leaves the user's header alone
            QCOMPARE(Headers::value(out.headers, "Authorization"), QByteArray("Token old"));
        QCOMPARE(Headers::value(out.headers, "X-Other"), QByteArray("1"));
    }

    void headersKeepCaseOrderAndDuplicates()
    {
        RequestDraft draft;
        draft.url = QStringLiteral("http://h/");
        draft.headers = {kv("x-lower", "1"), kv("X-Dup", "a"), kv("X-Off", "no", false), kv("X-Dup", "b"),
                         kv("", "nameless")};
        const OutgoingRequest out = prepared(draft);
        QCOMPARE(out.headers.at(0).first, QByteArray("x-lower"));
        QCOMPARE(Headers::values(out.headers, "x-dup"), (QList<QByteArray>{"a", "b"}));
        QVERIFY(!Headers::contains(out.headers, "X-Off"));
    }

    void bodyModes()
    {
        RequestDraft draft;
        draft.url = QStringLiteral("http://h/");
        draft.body = QStringLiteral("{\"a\": 1}");
        QCOMPARE(Headers::value(prepared(draft).headers, "Content-Type"), QByteArray("application/json"));

        draft.bodyMode = RequestDraft::BodyMode::Text;
        draft.body = QStringLiteral("<a/>");
        draft.textContentType = QStringLiteral("application/xml");
        OutgoingRequest out = prepared(draft);
        QCOMPARE(Headers::value(out.headers, "Content-Type"), QByteArray("application/xml"));
        QCOMPARE(out.body, QByteArray("<a/>"));

        draft.bodyMode = RequestDraft::BodyMode::Form;
        draft.form = {kv("a", "1 2")};
        out = prepared(draft);
        QCOMPARE(Headers::value(out.headers, "Content-Type"), QByteArray("application/x-www-form-urlencoded"));
        QCOMPARE(out.body, QByteArray("a=1+2"));

        // Invalid JSON is caught at prepare time, with its position.
        draft.bodyMode = RequestDraft::BodyMode::Json;
        draft.body = QStringLiteral("{\"a\": 1,}");
        RequestTemplate request;
        QString error;
        QVERIFY(draft.toTemplate(&request, &error));
        OutgoingRequest ignored;
        QVERIFY(!request.prepare(TemplateEngine(), &ignored, &error));
        QVERIFY2(error.contains(QLatin1String("line 1, column 8: trailing comma")), qPrintable(error));
    }

    void signingOverExactBytes()
    {
        RequestDraft draft;
        draft.url = QStringLiteral("http://h/");
        draft.body = QStringLiteral("{\"id\": \"{{$uuid}}\"}");
        draft.signingScheme = QStringLiteral("github");
        draft.signingSecret = QStringLiteral("It's a Secret to Everybody");
        draft.signingEvent = QStringLiteral("push");
        const OutgoingRequest out = prepared(draft);
        QVERIFY(!out.body.contains("{{")); // signed after expansion
        const QByteArray expected = "sha256="
            + QMessageAuthenticationCode::hash(out.body, draft.signingSecret.toUtf8(), QCryptographicHash::Sha256)
                  .toHex();
        QCOMPARE(Headers::value(out.headers, "X-Hub-Signature-256"), expected);
        QCOMPARE(Headers::value(out.headers, "X-GitHub-Event"), QByteArray("push"));
    }

    void signingProblemsAreWords()
    {
        RequestDraft draft;
        draft.url = QStringLiteral("http://h/");
        RequestTemplate request;
        QString error;
        draft.signingScheme = QStringLiteral("nope");
        QVERIFY(!draft.toTemplate(&request, &error));
        QCOMPARE(error, QStringLiteral("Signing: unknown scheme 'nope'"));
        draft.signingScheme = QStringLiteral("standard-webhooks");
        draft.signingSecret = QStringLiteral("whsec_not*base64");
        QVERIFY(!draft.toTemplate(&request, &error));
        QVERIFY2(error.startsWith(QLatin1String("Signing (standard-webhooks): ")), qPrintable(error));
    }

    void fromRequestRoundTrip()
    {
        RequestDraft draft;
        draft.method = QStringLiteral("PUT");
        draft.url = QStringLiteral("http://h/p?a=1");
        draft.headers = {kv("X-Case", "v")};
        draft.body = QStringLiteral("{\"a\": 1}");
        const OutgoingRequest out = prepared(draft);
        const RequestDraft back = RequestDraft::fromRequest(out);
        QCOMPARE(back.method, QStringLiteral("PUT"));
        QCOMPARE(back.url, QStringLiteral("http://h/p?a=1"));
        QCOMPARE(back.bodyMode, RequestDraft::BodyMode::Json);
        QCOMPARE(back.body, draft.body);
        QCOMPARE(back.headers.constFirst(), (kv("X-Case", "v")));
        QCOMPARE(prepared(back), out);

        draft.bodyMode = RequestDraft::BodyMode::Form;
        draft.form = {kv("k", "v w")};
        const RequestDraft form = RequestDraft::fromRequest(prepared(draft));
        QCOMPARE(form.bodyMode, RequestDraft::BodyMode::Form);
        QCOMPARE(form.form, (KeyValueRows{kv("k", "v w")}));
    }
};

QTEST_GUILESS_MAIN(TestRequestDraft)
#include "tst_requestdraft.moc"
