#include "core/capture/capturediff.h"
#include "support/testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace CaptureDiff;

namespace {
QList<Entry> changes(const QList<Entry> &entries)
{
    QList<Entry> result;
    for (const Entry &entry : entries) {
        if (entry.change != Change::Same)
            result.append(entry);
    }
    return result;
}

QJsonValue parse(const char *json)
{
    const QJsonDocument document = QJsonDocument::fromJson(json);
    return document.isObject() ? QJsonValue(document.object()) : QJsonValue(document.array());
}

Capture capture(const QByteArray &method, const QByteArray &target, const HeaderList &headers, const QByteArray &body)
{
    Capture c;
    c.method = method;
    c.target = target;
    c.headers = headers;
    c.body = body;
    return c;
}
} // namespace

Q_DECLARE_METATYPE(QList<Entry>)

// The diff of two captures: request line, query, headers, JSON structurally, text by lines.
class TestCaptureDiff : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { TestSupport::isolateUserData(); }

    void jsonIsStructural_data()
    {
        QTest::addColumn<QByteArray>("left");
        QTest::addColumn<QByteArray>("right");
        QTest::addColumn<QList<Entry>>("expected");
        QTest::newRow("key order ignored") << QByteArray(R"({"a": 1, "b": {"c": true}})")
                                           << QByteArray(R"({"b": {"c": true}, "a": 1})") << QList<Entry>{};
        QTest::newRow("changed value, by path")
            << QByteArray(R"({"data": {"object": {"amount": 2000, "currency": "usd"}}})")
            << QByteArray(R"({"data": {"object": {"amount": 2500, "currency": "usd"}}})")
            << QList<Entry>{{Change::Changed, QStringLiteral("$.data.object.amount"), QStringLiteral("2000"),
                             QStringLiteral("2500")}};
        QTest::newRow("added and removed keys")
            << QByteArray(R"({"id": "evt_1", "old": null})") << QByteArray(R"({"id": "evt_1", "new": [1]})")
            << QList<Entry>{{Change::Added, QStringLiteral("$.new"), QString(), QStringLiteral("[1]")},
                            {Change::Removed, QStringLiteral("$.old"), QStringLiteral("null"), QString()}};
        QTest::newRow("arrays by index") << QByteArray(R"([1, {"x": "a"}])") << QByteArray(R"([1, {"x": "b"}, 3])")
                                         << QList<Entry>{{Change::Changed, QStringLiteral("$[1].x"),
                                                          QStringLiteral("\"a\""), QStringLiteral("\"b\"")},
                                                         {Change::Added, QStringLiteral("$[2]"), QString(),
                                                          QStringLiteral("3")}};
        QTest::newRow("type change") << QByteArray(R"({"a": "1"})") << QByteArray(R"({"a": 1})")
                                     << QList<Entry>{{Change::Changed, QStringLiteral("$.a"), QStringLiteral("\"1\""),
                                                      QStringLiteral("1")}};
    }
    void jsonIsStructural()
    {
        QFETCH(QByteArray, left);
        QFETCH(QByteArray, right);
        QFETCH(QList<Entry>, expected);
        const Result result = CaptureDiff::diff(capture("POST", "/h", {}, left), capture("POST", "/h", {}, right));
        QVERIFY(result.jsonBody);
        QCOMPARE(changes(result.body), expected);
        QCOMPARE(result.identical(), expected.isEmpty());
    }

    void textIsByLines_data()
    {
        QTest::addColumn<QString>("left");
        QTest::addColumn<QString>("right");
        QTest::addColumn<QList<Entry>>("expected"); // every line, Same ones too
        QTest::newRow("same") << QStringLiteral("a\nb") << QStringLiteral("a\nb")
                              << QList<Entry>{{Change::Same, {}, QStringLiteral("a"), QStringLiteral("a")},
                                              {Change::Same, {}, QStringLiteral("b"), QStringLiteral("b")}};
        QTest::newRow("one line replaced")
            << QStringLiteral("a\nb\nc") << QStringLiteral("a\nX\nc")
            << QList<Entry>{{Change::Same, {}, QStringLiteral("a"), QStringLiteral("a")},
                            {Change::Removed, {}, QStringLiteral("b"), {}},
                            {Change::Added, {}, {}, QStringLiteral("X")},
                            {Change::Same, {}, QStringLiteral("c"), QStringLiteral("c")}};
        QTest::newRow("insert in the middle")
            << QStringLiteral("1\n2\n3\n4") << QStringLiteral("1\n2\nnew\n3\n4")
            << QList<Entry>{{Change::Same, {}, QStringLiteral("1"), QStringLiteral("1")},
                            {Change::Same, {}, QStringLiteral("2"), QStringLiteral("2")},
                            {Change::Added, {}, {}, QStringLiteral("new")},
                            {Change::Same, {}, QStringLiteral("3"), QStringLiteral("3")},
                            {Change::Same, {}, QStringLiteral("4"), QStringLiteral("4")}};
        QTest::newRow("lines removed") << QStringLiteral("x\ny\nz") << QStringLiteral("z")
                                       << QList<Entry>{{Change::Removed, {}, QStringLiteral("x"), {}},
                                                       {Change::Removed, {}, QStringLiteral("y"), {}},
                                                       {Change::Same, {}, QStringLiteral("z"), QStringLiteral("z")}};
    }
    void textIsByLines()
    {
        QFETCH(QString, left);
        QFETCH(QString, right);
        QFETCH(QList<Entry>, expected);
        QCOMPARE(CaptureDiff::text(left, right), expected);
    }

    void formBodiesAreText()
    {
        const Result result = CaptureDiff::diff(capture("POST", "/h", {}, "a=1&b=2"), capture("POST", "/h", {}, "a=1"));
        QVERIFY(!result.jsonBody);
        QCOMPARE(changes(result.body).size(), 2);
    }

    void requestLineQueryAndHeaders()
    {
        const Capture left = capture("POST", "/hooks/a?x=1&y=2",
                                     {{"Content-Type", "application/json"}, {"X-Dup", "1"}, {"X-Gone", "g"}}, "{}");
        const Capture right = capture(
            "PUT", "/hooks/b?y=3&z=4",
            {{"content-type", "application/json"}, {"x-dup", "1"}, {"X-Dup", "2"}, {"X-New", "n"}}, "{}");
        const Result result = CaptureDiff::diff(left, right);
        QCOMPARE(changes(result.request),
                 (QList<Entry>{
                     {Change::Changed, QStringLiteral("method"), QStringLiteral("POST"), QStringLiteral("PUT")},
                     {Change::Changed, QStringLiteral("path"), QStringLiteral("/hooks/a"), QStringLiteral("/hooks/b")},
                     {Change::Removed, QStringLiteral("x"), QStringLiteral("1"), QString()},
                     {Change::Changed, QStringLiteral("y"), QStringLiteral("2"), QStringLiteral("3")},
                     {Change::Added, QStringLiteral("z"), QString(), QStringLiteral("4")}}));
        // Header names compare case-insensitively; repeated ones as their joined list.
        QCOMPARE(changes(result.headers),
                 (QList<Entry>{{Change::Changed, QStringLiteral("X-Dup"), QStringLiteral("1"), QStringLiteral("1, 2")},
                               {Change::Removed, QStringLiteral("X-Gone"), QStringLiteral("g"), QString()},
                               {Change::Added, QStringLiteral("X-New"), QString(), QStringLiteral("n")}}));
        QVERIFY(result.jsonBody);
        QVERIFY(changes(result.body).isEmpty());
        QVERIFY(!result.identical());
    }

    void jsonHelperOnValues()
    {
        QCOMPARE(changes(CaptureDiff::json(parse(R"({"k": 1})"), parse(R"({"k": 1})"))), QList<Entry>{});
    }
};

QTEST_GUILESS_MAIN(TestCaptureDiff)
#include "tst_capturediff.moc"
