#include "core/send/requesttemplate.h"
#include "core/send/templateengine.h"
#include "support/testsupport.h"

#include <QRegularExpression>
#include <QTest>

// TemplateEngine (placeholders) and RequestTemplate::prepare (what a request becomes).
class TestTemplateEngine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { TestSupport::isolateUserData(); }

    void expand_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<TemplateVariables>("variables");
        QTest::addColumn<QByteArray>("expected");
        const TemplateVariables vars{{QStringLiteral("name"), QStringLiteral("Ada")},
                                     {QStringLiteral("x"), QStringLiteral("1")},
                                     {QStringLiteral("y"), QStringLiteral("{{x}}")},
                                     {QStringLiteral("empty"), QString()},
                                     {QStringLiteral("dotted.name-2_b"), QStringLiteral("ok")},
                                     {QStringLiteral("unicode"), QStringLiteral("caf\u00e9 \u2713")}};
        QTest::newRow("no placeholder") << QByteArray("plain {text}") << vars << QByteArray("plain {text}");
        QTest::newRow("one") << QByteArray("{{name}}") << vars << QByteArray("Ada");
        QTest::newRow("spaces inside braces") << QByteArray("{{ name\t}}") << vars << QByteArray("Ada");
        QTest::newRow("several") << QByteArray("a{{x}}b{{name}}c{{x}}") << vars << QByteArray("a1bAdac1");
        QTest::newRow("triple braces") << QByteArray("{{{x}}}") << vars << QByteArray("{1}");
        QTest::newRow("not a name stays") << QByteArray("{{not a name}}") << vars << QByteArray("{{not a name}}");
        QTest::newRow("digit first stays") << QByteArray("{{1x}}") << vars << QByteArray("{{1x}}");
        QTest::newRow("unclosed stays") << QByteArray("{{x and {{") << vars << QByteArray("{{x and {{");
        QTest::newRow("closing only") << QByteArray("{\"a\":{\"b\":{}}}") << vars << QByteArray("{\"a\":{\"b\":{}}}");
        QTest::newRow("dots and dashes") << QByteArray("{{dotted.name-2_b}}") << vars << QByteArray("ok");
        QTest::newRow("values not re-expanded") << QByteArray("{{y}}") << vars << QByteArray("{{x}}");
        QTest::newRow("empty value") << QByteArray("[{{empty}}]") << vars << QByteArray("[]");
        QTest::newRow("utf-8 around and in") << QByteArray("h\xc3\xa9 {{unicode}} \xe2\x9c\x93") << vars
                                             << QByteArray("h\xc3\xa9 caf\xc3\xa9 \xe2\x9c\x93 \xe2\x9c\x93");
        QTest::newRow("json body") << QByteArray("{\"user\": \"{{name}}\", \"n\": {{x}}}") << vars
                                   << QByteArray("{\"user\": \"Ada\", \"n\": 1}");
    }

    void expand()
    {
        QFETCH(QByteArray, text);
        QFETCH(TemplateVariables, variables);
        QFETCH(QByteArray, expected);
        const TemplateEngine engine(variables);
        TemplateError error;
        QCOMPARE(engine.expand(text, &error), expected);
        QVERIFY2(!error.isError(), qPrintable(error.toString()));
        // The QString overload agrees.
        QCOMPARE(engine.expand(QString::fromUtf8(text), &error), QString::fromUtf8(expected));
    }

    void unknownNameIsAnError_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("name");
        QTest::addColumn<qsizetype>("offset");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::newRow("alone") << QByteArray("{{missing}}") << QStringLiteral("missing") << qsizetype(0) << 1 << 1;
        QTest::newRow("second line") << QByteArray("{\n  \"id\": \"{{user_id}}\"\n}") << QStringLiteral("user_id")
                                     << qsizetype(11) << 2 << 10;
        QTest::newRow("after multibyte") << QByteArray("\xc3\xa9\xc3\xa9{{who}}") << QStringLiteral("who")
                                         << qsizetype(4) << 1 << 3;
        QTest::newRow("unknown builtin") << QByteArray("id={{$uuidd}}") << QStringLiteral("$uuidd") << qsizetype(3) << 1
                                         << 4;
        QTest::newRow("after a known one")
            << QByteArray("{{known}} {{b}}") << QStringLiteral("b") << qsizetype(10) << 1 << 11;
        QTest::newRow("spaces kept out of the name")
            << QByteArray("x {{ nope }}") << QStringLiteral("nope") << qsizetype(2) << 1 << 3;
    }

    void unknownNameIsAnError()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, name);
        QFETCH(qsizetype, offset);
        QFETCH(int, line);
        QFETCH(int, column);
        const TemplateEngine engine({{QStringLiteral("known"), QStringLiteral("k")}});
        TemplateError error;
        QVERIFY(engine.expand(text, &error).isEmpty());
        QVERIFY(error.isError());
        QCOMPARE(error.name, name);
        QCOMPARE(error.offset, offset);
        QCOMPARE(error.line, line);
        QCOMPARE(error.column, column);
        QCOMPARE(error.message, QStringLiteral("unknown variable '%1'").arg(name));
        QCOMPARE(error.toString(),
                 QStringLiteral("line %1, column %2: unknown variable '%3'").arg(line).arg(column).arg(name));
    }

    void stringOffsetsCountCharacters()
    {
        const TemplateEngine engine;
        TemplateError error;
        QVERIFY(engine.expand(QStringLiteral("\u00e9\u00e9{{x}}"), &error).isEmpty());
        QCOMPARE(error.offset, qsizetype(2)); // QChars, where the bytes say 4
        QCOMPARE(error.column, 3);
    }

    void builtinsAtOneInstant()
    {
        TemplateEngine engine;
        const QDateTime now = QDateTime::fromString(QStringLiteral("2026-11-27T03:38:00.123Z"), Qt::ISODateWithMs);
        QVERIFY(now.isValid());
        engine.setNow(now);
        QCOMPARE(engine.expand(QByteArray("{{$timestamp}}")), QByteArray::number(now.toSecsSinceEpoch()));
        QCOMPARE(engine.expand(QByteArray("{{$timestampMs}}")), QByteArray::number(now.toMSecsSinceEpoch()));
        QCOMPARE(engine.expand(QByteArray("{{$isoTimestamp}}")), QByteArray("2026-11-27T03:38:00.123Z"));
        QCOMPARE(engine.expand(QByteArray("{{$timestamp}}")), QByteArray("1795750680"));
    }

    void builtinsFreshValues()
    {
        const TemplateEngine engine;
        const QByteArray two = engine.expand(QByteArray("{{$uuid}} {{$uuid}}"));
        const QList<QByteArray> uuids = two.split(' ');
        QCOMPARE(uuids.size(), 2);
        const QRegularExpression uuid(
            QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"));
        for (const QByteArray &u : uuids)
            QVERIFY2(uuid.match(QString::fromLatin1(u)).hasMatch(), u.constData());
        QVERIFY(uuids.at(0) != uuids.at(1)); // every occurrence is its own

        for (int i = 0; i < 200; ++i) {
            bool ok = false;
            const int n = engine.expand(QByteArray("{{$randomInt}}")).toInt(&ok);
            QVERIFY(ok);
            QVERIFY(n >= 0 && n <= 1000);
        }
        // Without a fixed instant the clock is read: within a minute of now.
        const qint64 stamp = engine.expand(QByteArray("{{$timestamp}}")).toLongLong();
        QVERIFY(qAbs(stamp - QDateTime::currentSecsSinceEpoch()) < 60);
        const QDateTime iso = QDateTime::fromString(QString::fromLatin1(engine.expand(QByteArray("{{$isoTimestamp}}"))),
                                                    Qt::ISODateWithMs);
        QVERIFY(iso.isValid());
        QCOMPARE(iso.timeSpec(), Qt::UTC);
    }

    void placeholdersForHighlighting()
    {
        const auto found = TemplateEngine::placeholders(u"a {{ x }} {{not it}} {{$uuid}}");
        QCOMPARE(found.size(), 2);
        QCOMPARE(found.at(0).offset, qsizetype(2));
        QCOMPARE(found.at(0).length, qsizetype(7));
        QCOMPARE(found.at(0).name, QStringLiteral("x"));
        QVERIFY(!found.at(0).builtin);
        QCOMPARE(found.at(1).name, QStringLiteral("$uuid"));
        QVERIFY(found.at(1).builtin);
        TemplateEngine engine({{QStringLiteral("x"), QStringLiteral("1")}});
        QVERIFY(engine.isKnown(QStringLiteral("x")));
        QVERIFY(engine.isKnown(QStringLiteral("$isoTimestamp")));
        QVERIFY(!engine.isKnown(QStringLiteral("$nope")));
        QVERIFY(!engine.isKnown(QStringLiteral("y")));
    }

    void variablesFromJson_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<TemplateVariables>("expected");
        QTest::addColumn<QString>("error");
        QTest::newRow("strings") << QByteArray(R"({"host": "127.0.0.1", "user": "Ada"})")
                                 << TemplateVariables{{QStringLiteral("host"), QStringLiteral("127.0.0.1")},
                                                      {QStringLiteral("user"), QStringLiteral("Ada")}}
                                 << QString();
        QTest::newRow("json text of others")
            << QByteArray(R"({"n": 42, "f": 1.5, "t": true, "z": null, "a": [1, "b"], "o": {"k": "v"}})")
            << TemplateVariables{{QStringLiteral("n"), QStringLiteral("42")},
                                 {QStringLiteral("f"), QStringLiteral("1.5")},
                                 {QStringLiteral("t"), QStringLiteral("true")},
                                 {QStringLiteral("z"), QStringLiteral("null")},
                                 {QStringLiteral("a"), QStringLiteral("[1,\"b\"]")},
                                 {QStringLiteral("o"), QStringLiteral("{\"k\":\"v\"}")}}
            << QString();
        QTest::newRow("not an object") << QByteArray("[1]") << TemplateVariables{}
                                       << QStringLiteral("expected a JSON object");
        QTest::newRow("broken, with position") << QByteArray("{\n \"a\": 1,\n}") << TemplateVariables{}
                                               << QStringLiteral("line 2, column 8: trailing comma");
    }

    void variablesFromJson()
    {
        QFETCH(QByteArray, json);
        QFETCH(TemplateVariables, expected);
        QFETCH(QString, error);
        TemplateVariables variables;
        QString message;
        const bool ok = TemplateEngine::variablesFromJson(json, &variables, &message);
        QCOMPARE(ok, error.isEmpty());
        if (ok)
            QCOMPARE(variables, expected);
        else
            QVERIFY2(message.contains(error), qPrintable(message));
    }

    void prepare_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<HeaderList>("headers");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("expectedUrl"); // empty: an error is expected
        QTest::addColumn<HeaderList>("expectedHeaders");
        QTest::addColumn<QByteArray>("expectedBody");
        QTest::addColumn<QString>("error");

        const QString hook = QStringLiteral("http://127.0.0.1:8765/hook");
        const HeaderList json{{"Content-Type", "application/json"}};
        QTest::newRow("everything expanded")
            << QStringLiteral("http://{{host}}/hook?user={{user}}") << QByteArray("POST")
            << HeaderList{{"X-User", "{{user}}"}, {"X-Count", "n={{n}}"}}
            << QByteArray("{\"user\": \"{{user}}\", \"n\": {{n}}}") << int(BodyKind::Json)
            << QStringLiteral("http://127.0.0.1:8765/hook?user=Ada")
            << HeaderList{{"X-User", "Ada"}, {"X-Count", "n=5"}, {"Content-Type", "application/json"}}
            << QByteArray("{\"user\": \"Ada\", \"n\": 5}") << QString();
        QTest::newRow("no scheme gets http")
            << QStringLiteral("localhost:9/x") << QByteArray("GET") << HeaderList{} << QByteArray()
            << int(BodyKind::Json) << QStringLiteral("http://localhost:9/x") << HeaderList{} << QByteArray()
            << QString();
        QTest::newRow("user content-type kept")
            << hook << QByteArray("PUT") << HeaderList{{"content-type", "application/vnd.x+json"}} << QByteArray("[1]")
            << int(BodyKind::Json) << hook << HeaderList{{"content-type", "application/vnd.x+json"}}
            << QByteArray("[1]") << QString();
        QTest::newRow("text is not validated")
            << hook << QByteArray("POST") << HeaderList{} << QByteArray("a=1&b={{n}}") << int(BodyKind::Text) << hook
            << HeaderList{{"Content-Type", "text/plain; charset=utf-8"}} << QByteArray("a=1&b=5") << QString();
        QTest::newRow("custom method") << hook << QByteArray("PURGE") << HeaderList{} << QByteArray()
                                       << int(BodyKind::Json) << hook << HeaderList{} << QByteArray() << QString();
        QTest::newRow("unknown in url") << QStringLiteral("http://{{nohost}}/x") << QByteArray("POST") << HeaderList{}
                                        << QByteArray() << int(BodyKind::Json) << QString() << HeaderList{}
                                        << QByteArray() << QStringLiteral("URL, column 8: unknown variable 'nohost'");
        QTest::newRow("unknown in header")
            << hook << QByteArray("POST") << HeaderList{{"X-Id", "id-{{nope}}"}} << QByteArray() << int(BodyKind::Json)
            << QString() << HeaderList{} << QByteArray()
            << QStringLiteral("header 'X-Id', column 4: unknown variable 'nope'");
        QTest::newRow("unknown in body") << hook << QByteArray("POST") << HeaderList{}
                                         << QByteArray("{\n  \"id\": \"{{user_id}}\"\n}") << int(BodyKind::Json)
                                         << QString() << HeaderList{} << QByteArray()
                                         << QStringLiteral("body, line 2, column 10: unknown variable 'user_id'");
        QTest::newRow("invalid JSON after expansion")
            << hook << QByteArray("POST") << HeaderList{} << QByteArray("{\"n\": {{word}}}") << int(BodyKind::Json)
            << QString() << HeaderList{} << QByteArray()
            << QStringLiteral("body is not valid JSON: line 1, column 7: invalid literal");
        QTest::newRow("ftp refused") << QStringLiteral("ftp://example.org/") << QByteArray("POST") << HeaderList{}
                                     << QByteArray() << int(BodyKind::Json) << QString() << HeaderList{} << QByteArray()
                                     << QStringLiteral("URL scheme 'ftp' is not supported");
        QTest::newRow("bad method") << hook << QByteArray("GE T") << HeaderList{} << QByteArray() << int(BodyKind::Json)
                                    << QString() << HeaderList{} << QByteArray()
                                    << QStringLiteral("method 'GE T' is not valid");
        QTest::newRow("line break from a variable")
            << hook << QByteArray("POST") << HeaderList{{"X-Evil", "{{multiline}}"}} << QByteArray()
            << int(BodyKind::Json) << QString() << HeaderList{} << QByteArray()
            << QStringLiteral("header 'X-Evil' holds a line break");
        QTest::newRow("bad header name") << hook << QByteArray("POST") << HeaderList{{"Bad Name", "v"}} << QByteArray()
                                         << int(BodyKind::Json) << QString() << HeaderList{} << QByteArray()
                                         << QStringLiteral("header name 'Bad Name' is not valid");
        Q_UNUSED(json);
    }

    void prepare()
    {
        QFETCH(QString, url);
        QFETCH(QByteArray, method);
        QFETCH(HeaderList, headers);
        QFETCH(QByteArray, body);
        QFETCH(int, kind);
        QFETCH(QString, expectedUrl);
        QFETCH(HeaderList, expectedHeaders);
        QFETCH(QByteArray, expectedBody);
        QFETCH(QString, error);

        RequestTemplate t;
        t.url = url;
        t.method = method;
        t.headers = headers;
        t.body = body;
        t.bodyKind = BodyKind(kind);
        t.options.timeoutMs = 1234;
        const TemplateEngine engine({{QStringLiteral("host"), QStringLiteral("127.0.0.1:8765")},
                                     {QStringLiteral("user"), QStringLiteral("Ada")},
                                     {QStringLiteral("n"), QStringLiteral("5")},
                                     {QStringLiteral("word"), QStringLiteral("five")},
                                     {QStringLiteral("multiline"), QStringLiteral("a\r\nX-Injected: 1")}});
        OutgoingRequest out;
        QString message;
        const bool ok = t.prepare(engine, &out, &message);
        if (!error.isEmpty()) {
            QVERIFY(!ok);
            QVERIFY2(message.startsWith(error), qPrintable(message));
            return;
        }
        QVERIFY2(ok, qPrintable(message));
        QCOMPARE(out.url.toString(), expectedUrl);
        QCOMPARE(out.method, method);
        QCOMPARE(out.headers, expectedHeaders);
        QCOMPARE(out.body, expectedBody);
        QCOMPARE(out.options.timeoutMs, 1234);
    }

    void signerSeesTheExactExpandedBody()
    {
        RequestTemplate t;
        t.url = QStringLiteral("http://127.0.0.1/hook");
        t.headers = {{"X-Signature", "stale"}, {"X-Other", "1"}};
        t.body = "{\"id\": \"{{$uuid}}\"}";
        QList<QByteArray> signedBodies;
        t.signer = [&signedBodies](const QByteArray &body) {
            signedBodies << body;
            return HeaderList{{"x-signature", "sig-" + QByteArray::number(signedBodies.size())}};
        };
        OutgoingRequest first;
        OutgoingRequest second;
        QString error;
        QVERIFY(t.prepare(TemplateEngine(), &first, &error));
        QVERIFY(t.prepare(TemplateEngine(), &second, &error));
        QCOMPARE(signedBodies, (QList<QByteArray>{first.body, second.body}));
        QVERIFY(first.body != second.body); // a fresh {{$uuid}} per preparation
        // The signature replaces the stale one and comes last.
        QCOMPARE(first.headers,
                 (HeaderList{{"X-Other", "1"}, {"Content-Type", "application/json"}, {"x-signature", "sig-1"}}));
        QCOMPARE(Headers::value(second.headers, "X-Signature"), QByteArray("sig-2"));
    }

    void oneInstantPerRequest()
    {
        RequestTemplate t;
        t.url = QStringLiteral("http://127.0.0.1/hook?t={{$timestampMs}}");
        t.headers = {{"X-Time", "{{$timestampMs}}"}};
        t.body = "{\"t\": {{$timestampMs}}}";
        OutgoingRequest out;
        QString error;
        QVERIFY(t.prepare(TemplateEngine(), &out, &error));
        const QByteArray stamp = Headers::value(out.headers, "X-Time");
        QCOMPARE(out.url.query().toLatin1(), QByteArray("t=" + stamp));
        QCOMPARE(out.body, QByteArray("{\"t\": " + stamp + "}"));
    }

    void bodyKindFromHeaders_data()
    {
        QTest::addColumn<HeaderList>("headers");
        QTest::addColumn<bool>("json");
        QTest::newRow("none") << HeaderList{} << true;
        QTest::newRow("json") << HeaderList{{"content-type", "application/json; charset=utf-8"}} << true;
        QTest::newRow("+json") << HeaderList{{"Content-Type", "application/cloudevents+json"}} << true;
        QTest::newRow("form") << HeaderList{{"Content-Type", "application/x-www-form-urlencoded"}} << false;
        QTest::newRow("text") << HeaderList{{"Content-Type", "text/plain"}} << false;
    }

    void bodyKindFromHeaders()
    {
        QFETCH(HeaderList, headers);
        QFETCH(bool, json);
        QCOMPARE(RequestTemplate::bodyKindFor(headers) == BodyKind::Json, json);
    }
};

QTEST_GUILESS_MAIN(TestTemplateEngine)
#include "tst_templateengine.moc"
