#include "core/http/responsebody.h"
#include "support/testsupport.h"

#include <QTest>

// How a response body is shown: the kind decides Pretty/Raw/Hex, and sizes and
// times read the way people write them.
class TestResponseBody : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { TestSupport::isolateUserData(); }

    void classify_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<int>("kind");
        using Kind = ResponseBody::Kind;
        QTest::newRow("empty") << QByteArray() << QByteArray("application/json") << int(Kind::Empty);
        QTest::newRow("json") << QByteArray(R"({"ok":true})") << QByteArray("application/json") << int(Kind::Json);
        QTest::newRow("problem+json") << QByteArray(R"({"title":"x"})")
                                      << QByteArray("application/problem+json; charset=utf-8") << int(Kind::Json);
        QTest::newRow("json without type") << QByteArray("[1,2]") << QByteArray() << int(Kind::Json);
        QTest::newRow("json as text/plain") << QByteArray("{\"a\":1}") << QByteArray("text/plain") << int(Kind::Json);
        QTest::newRow("broken json") << QByteArray("{\"a\":") << QByteArray("application/json") << int(Kind::Text);
        QTest::newRow("html") << QByteArray("<p>Zoë</p>\n") << QByteArray("text/html") << int(Kind::Text);
        QTest::newRow("number in xml is not json")
            << QByteArray("42") << QByteArray("application/xml") << int(Kind::Text);
        QTest::newRow("nul byte") << QByteArray("a\0b", 3) << QByteArray("text/plain") << int(Kind::Binary);
        QTest::newRow("invalid utf8") << QByteArray("caf\xE9") << QByteArray() << int(Kind::Binary);
        QTest::newRow("png") << QByteArray("\x89PNG\r\n\x1a\n", 8) << QByteArray("image/png") << int(Kind::Binary);
    }

    void classify()
    {
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, contentType);
        QFETCH(int, kind);
        HeaderList headers;
        if (!contentType.isEmpty())
            headers.append({QByteArrayLiteral("Content-Type"), contentType});
        QCOMPARE(int(ResponseBody::classify(body, headers)), kind);
    }

    void hexDump()
    {
        const QByteArray bytes = QByteArray("Hello, World!\x00\x01\xff", 16) + "tail";
        const QString dump = ResponseBody::hexDump(bytes);
        QCOMPARE(dump,
                 QStringLiteral("00000000  48 65 6c 6c 6f 2c 20 57  6f 72 6c 64 21 00 01 ff  |Hello, World!...|\n"
                                "00000010  74 61 69 6c                                       |tail|\n"));
        QCOMPARE(ResponseBody::hexDump(bytes, 16).split(QLatin1Char('\n')).at(1),
                 QStringLiteral("… 4 more bytes not shown"));
    }

    void sizesAndDurations()
    {
        QCOMPARE(ResponseBody::formatSize(0), QStringLiteral("0 B"));
        QCOMPARE(ResponseBody::formatSize(1023), QStringLiteral("1023 B"));
        QCOMPARE(ResponseBody::formatSize(1536), QStringLiteral("1.5 KB"));
        QCOMPARE(ResponseBody::formatSize(12 * 1024 * 1024 + 300 * 1024), QStringLiteral("12.3 MB"));
        QCOMPARE(ResponseBody::formatDuration(3.44), QStringLiteral("3.4 ms"));
        QCOMPARE(ResponseBody::formatDuration(850.4), QStringLiteral("850 ms"));
        QCOMPARE(ResponseBody::formatDuration(1250), QStringLiteral("1.25 s"));
        QCOMPARE(ResponseBody::formatDuration(-1), QStringLiteral("–"));
    }
};

QTEST_GUILESS_MAIN(TestResponseBody)
#include "tst_responsebody.moc"
