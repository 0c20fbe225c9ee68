#include "core/collections/formats/collectionexport.h"
#include "core/collections/formats/curlimporter.h"
#include "core/collections/formats/postmanimporter.h"
#include "core/send/requesttemplate.h"
#include "support/testsupport.h"

#include <QProcess>
#include <QTest>

// The draft as it would go on the wire, so each row checks what curl itself would send.
struct Wire {
    QByteArray method;
    QString url;
    HeaderList headers;
    QByteArray body;
    QByteArray contentType; // what the draft adds when no header sets one
};

static Wire wireOf(const RequestDraft &draft)
{
    RequestTemplate t;
    QString error;
    if (!draft.toTemplate(&t, &error))
        return {};
    return {t.method, t.url, t.headers, t.body, t.contentType};
}

static HeaderList h(std::initializer_list<QPair<QByteArray, QByteArray>> list)
{
    return HeaderList(list);
}

class TestCurlImporter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { TestSupport::isolateUserData(); }

    void shapes_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("url");
        QTest::addColumn<HeaderList>("headers");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<int>("warnings");

        QTest::newRow("bare GET") << QStringLiteral("curl https://example.com/a?b=1") << QByteArray("GET")
                                  << QStringLiteral("https://example.com/a?b=1") << HeaderList() << QByteArray()
                                  << QByteArray() << 0;
        QTest::newRow("-X and -H") << QStringLiteral("curl -X PUT -H 'X-A: 1' -H \"X-B: two words\" http://h/x")
                                   << QByteArray("PUT") << QStringLiteral("http://h/x")
                                   << h({{"X-A", "1"}, {"X-B", "two words"}}) << QByteArray() << QByteArray() << 0;
        QTest::newRow("glued -XPOST") << QStringLiteral("curl -XDELETE http://h/x") << QByteArray("DELETE")
                                      << QStringLiteral("http://h/x") << HeaderList() << QByteArray() << QByteArray()
                                      << 0;
        QTest::newRow("-d implies POST and a form")
            << QStringLiteral("curl http://h/x -d 'a=1&b=two+words'") << QByteArray("POST")
            << QStringLiteral("http://h/x") << HeaderList() << QByteArray("a=1&b=two+words")
            << QByteArray("application/x-www-form-urlencoded") << 0;
        QTest::newRow("several -d joined by &")
            << QStringLiteral("curl http://h/x -d a=1 --data b=2") << QByteArray("POST") << QStringLiteral("http://h/x")
            << HeaderList() << QByteArray("a=1&b=2") << QByteArray("application/x-www-form-urlencoded") << 0;
        QTest::newRow("JSON with a header")
            << QStringLiteral("curl -H 'Content-Type: application/json' --data-raw '{\"a\": [1, 2]}' http://h/j")
            << QByteArray("POST") << QStringLiteral("http://h/j") << h({{"Content-Type", "application/json"}})
            << QByteArray("{\"a\": [1, 2]}") << QByteArray() << 0;
        QTest::newRow("--json") << QStringLiteral("curl --json '{\"ok\":true}' http://h/j") << QByteArray("POST")
                                << QStringLiteral("http://h/j")
                                << h({{"Content-Type", "application/json"}, {"Accept", "application/json"}})
                                << QByteArray("{\"ok\":true}") << QByteArray() << 0;
        QTest::newRow("--data-binary keeps text")
            << QStringLiteral("curl --data-binary 'x=%zz&y' -H 'Content-Type: text/plain' http://h/t")
            << QByteArray("POST") << QStringLiteral("http://h/t") << h({{"Content-Type", "text/plain"}})
            << QByteArray("x=%zz&y") << QByteArray("text/plain") << 0;
        QTest::newRow("line continuations")
            << QStringLiteral("curl -X POST \\\n  'http://h/c' \\\n  -H 'X-A: 1' \\\r\n  --data-raw 'v'")
            << QByteArray("POST") << QStringLiteral("http://h/c") << h({{"X-A", "1"}}) << QByteArray("v")
            << QByteArray("application/x-www-form-urlencoded") << 0;
        QTest::newRow("-u basic") << QStringLiteral("curl -u 'ann:s3cr:et' http://h/u") << QByteArray("GET")
                                  << QStringLiteral("http://h/u")
                                  << h({{"Authorization", "Basic " + QByteArray("ann:s3cr:et").toBase64()}})
                                  << QByteArray() << QByteArray() << 0;
        QTest::newRow("double-quote escapes")
            << QStringLiteral("curl http://h/q -H \"X-Q: say \\\"hi\\\" \\$HOME\"") << QByteArray("GET")
            << QStringLiteral("http://h/q") << h({{"X-Q", "say \"hi\" $HOME"}}) << QByteArray() << QByteArray() << 0;
        QTest::newRow("$'...' quoting") << QStringLiteral(
            "curl $'http://h/d' -H $'X-N: a\\tb' --data-raw $'line1\\nline2'")
                                        << QByteArray("POST") << QStringLiteral("http://h/d") << h({{"X-N", "a\tb"}})
                                        << QByteArray("line1\nline2") << QByteArray("application/x-www-form-urlencoded")
                                        << 0;
        QTest::newRow("-G moves data to the query")
            << QStringLiteral("curl -G http://h/s -d q=hook -d n=2") << QByteArray("GET")
            << QStringLiteral("http://h/s?q=hook&n=2") << HeaderList() << QByteArray() << QByteArray() << 0;
        QTest::newRow("--opt=value and placeholders")
            << QStringLiteral("curl --request=PATCH --url='{{base}}/p' --header='X-Id: {{id}}'") << QByteArray("PATCH")
            << QStringLiteral("{{base}}/p") << h({{"X-Id", "{{id}}"}}) << QByteArray() << QByteArray() << 0;
        QTest::newRow("-F is a multipart POST, -s is listed")
            << QStringLiteral("curl -s -F file=@a.png http://h/f") << QByteArray("POST") << QStringLiteral("http://h/f")
            << HeaderList() << QByteArray() << QByteArray() << 1;
        QTest::newRow("-d @file that cannot be read is listed")
            << QStringLiteral("curl -d @body.json http://h/f") << QByteArray("POST") << QStringLiteral("http://h/f")
            << HeaderList() << QByteArray() << QByteArray() << 1;
    }
    void shapes()
    {
        QFETCH(QString, command);
        QFETCH(QByteArray, method);
        QFETCH(QString, url);
        QFETCH(HeaderList, headers);
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, contentType);
        QFETCH(int, warnings);

        const CurlImporter::Result result = CurlImporter::parse(command);
        QVERIFY2(result.ok, qPrintable(result.error));
        const Wire wire = wireOf(result.draft);
        QCOMPARE(wire.method, method);
        QCOMPARE(wire.url, url);
        QCOMPARE(wire.headers, headers);
        QCOMPARE(wire.body, body);
        if (!body.isEmpty())
            QCOMPARE(wire.contentType, contentType);
        QVERIFY2(result.warnings.size() == warnings, qPrintable(result.warnings.join(QLatin1Char('\n'))));
    }

    void errors_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("error");
        QTest::newRow("no URL") << QStringLiteral("curl -X POST") << QStringLiteral("no URL");
        QTest::newRow("open quote") << QStringLiteral("curl 'http://h/x") << QStringLiteral("unterminated ' quote");
        QTest::newRow("missing value") << QStringLiteral("curl http://h -H") << QStringLiteral("-H needs a value");
    }
    void errors()
    {
        QFETCH(QString, command);
        QFETCH(QString, error);
        const CurlImporter::Result result = CurlImporter::parse(command);
        QVERIFY(!result.ok);
        QVERIFY2(result.error.contains(error), qPrintable(result.error));
    }

    // Our split agrees with bash's own word splitting.
    void wordsAgreeWithBash_data()
    {
        QTest::addColumn<QString>("line");
        QTest::newRow("mixed quotes") << QStringLiteral("a 'b c' \"d \\\" e\" f\\ g 'h'\"i\"j");
        QTest::newRow("continuation") << QStringLiteral("a \\\n b");
        QTest::newRow("ansi-c") << QStringLiteral("$'x\\ty' $'q\\'r'");
    }
    void wordsAgreeWithBash()
    {
        QFETCH(QString, line);
        QStringList words;
        QString error;
        QVERIFY(CurlImporter::splitWords(line, &words, &error));
        QProcess bash;
        bash.start(QStringLiteral("/bin/bash"),
                   {QStringLiteral("-c"),
                    QStringLiteral("for w in ") + line + QStringLiteral("; do printf '%s\\0' \"$w\"; done")});
        QVERIFY(bash.waitForFinished(10000));
        QByteArrayList expected = bash.readAllStandardOutput().split('\0');
        expected.removeLast();
        QStringList fromBash;
        for (const QByteArray &w : expected)
            fromBash << QString::fromUtf8(w);
        QCOMPARE(words, fromBash);
    }

    // A multipart draft exported as -F/--form-string options and imported again has the
    // same fields: values that -F would read as a file or a parameter go as --form-string.
    void multipartExportRoundTrip()
    {
        RequestDraft draft;
        draft.url = QStringLiteral("http://h/up");
        draft.bodyMode = RequestDraft::BodyMode::Multipart;
        draft.multipart = {
            {true, QStringLiteral("plain"), QStringLiteral("two words"), false, {}, {}},
            {true, QStringLiteral("typed"), QStringLiteral("{}"), false, QStringLiteral("application/json"), {}},
            {true, QStringLiteral("at"), QStringLiteral("@not-a-file"), false, {}, {}},
            {true, QStringLiteral("semi"), QStringLiteral("a;b"), false, {}, {}},
            {false, QStringLiteral("off"), QStringLiteral("x"), false, {}, {}},
            {true, QStringLiteral("doc"), QStringLiteral("/data/my report.pdf"), true, QStringLiteral("text/x-pdf"),
             QStringLiteral("r.pdf")},
        };
        QStringList warnings;
        const QString command = CollectionExport::toCurl(draft, &warnings);
        QVERIFY2(warnings.isEmpty(), qPrintable(warnings.join(QLatin1Char('\n'))));
        const CurlImporter::Result back = CurlImporter::parse(command);
        QVERIFY2(back.ok, qPrintable(back.error));
        FormFields expected = draft.multipart;
        expected.removeAt(4); // a disabled field is not in the command
        QCOMPARE(back.draft.bodyMode, RequestDraft::BodyMode::Multipart);
        QCOMPARE(back.draft.multipart, expected);
        QCOMPARE(back.draft.method, QStringLiteral("POST"));
    }

    // A request exported as cURL and imported again is the same request on the wire.
    void exportRoundTrip_data() { shapes_data(); }
    void exportRoundTrip()
    {
        QFETCH(QString, command);
        const CurlImporter::Result first = CurlImporter::parse(command);
        QVERIFY(first.ok);
        const QString exported = CollectionExport::toCurl(first.draft);
        const CurlImporter::Result second = CurlImporter::parse(exported);
        QVERIFY2(second.ok, qPrintable(exported));
        const Wire a = wireOf(first.draft);
        const Wire b = wireOf(second.draft);
        QCOMPARE(b.method, a.method);
        QCOMPARE(b.url, a.url);
        QCOMPARE(b.body, a.body);
        // The export spells out the Content-Type the draft would add.
        HeaderList expected = a.headers;
        if (!a.body.isEmpty() && Headers::value(a.headers, "Content-Type").isEmpty())
            expected.append({QByteArrayLiteral("Content-Type"),
                             a.contentType.isEmpty() ? QByteArrayLiteral("application/json") : a.contentType});
        QCOMPARE(b.headers, expected);
    }
};

QTEST_GUILESS_MAIN(TestCurlImporter)
#include "tst_curlimporter.moc"
