#include "core/json/jsonvalidator.h"
#include "support/testsupport.h"

#include <QSignalSpy>
#include <QTest>

// The editor's background validator: answers carry the generation they were asked
// for, overtaken requests are skipped, and positions are QString indexes.
class TestJsonValidator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { TestSupport::isolateUserData(); }

    void answersWithGenerationAndPosition()
    {
        JsonValidator validator;
        QSignalSpy spy(&validator, &JsonValidator::validated);
        // 'é' is two UTF-8 bytes and one QChar; '😀' four bytes and two QChars.
        const QString text = QStringLiteral("{\"é😀\": 1 \"x\": 2}");
        const quint64 generation = validator.request(text);
        QTRY_COMPARE(spy.size(), 1);
        QCOMPARE(spy.constFirst().at(0).value<quint64>(), generation);
        const JsonError error = spy.constFirst().at(1).value<JsonError>();
        QCOMPARE(error.message, QStringLiteral("missing comma"));
        QCOMPARE(error.column, 10);
        QCOMPARE(error.offset, 13); // bytes
        const qsizetype position = spy.constFirst().at(2).value<qsizetype>();
        QCOMPARE(position, 10); // QChars
        QCOMPARE(text.at(position), QLatin1Char('"'));
    }

    void validTextHasNoPosition()
    {
        JsonValidator validator;
        QSignalSpy spy(&validator, &JsonValidator::validated);
        validator.request(QStringLiteral("{\"n\": {{$randomInt}}}"));
        QTRY_COMPARE(spy.size(), 1);
        QVERIFY(!spy.constFirst().at(1).value<JsonError>().isError());
        QCOMPARE(spy.constFirst().at(2).value<qsizetype>(), qsizetype(-1));
        validator.request(QStringLiteral("{\"n\": {{$randomInt}}}"), JsonTools::Syntax::Strict);
        QTRY_COMPARE(spy.size(), 2);
        QVERIFY(spy.constLast().at(1).value<JsonError>().isError());
    }

    void overtakenRequestsAreSkipped()
    {
        JsonValidator validator;
        QSignalSpy spy(&validator, &JsonValidator::validated);
        // Large documents queue up behind each other; all but the newest may be skipped,
        // and the newest is always answered.
        const QString big = QStringLiteral("[") + QStringLiteral("1,").repeated(2'000'000) + QStringLiteral("1]");
        quint64 last = 0;
        for (int i = 0; i < 10; ++i)
            last = validator.request(big);
        QCOMPARE(validator.latestGeneration(), last);
        QTRY_VERIFY_WITH_TIMEOUT(!spy.isEmpty() && spy.constLast().at(0).value<quint64>() == last, 60000);
        QVERIFY(spy.size() <= 10);
        for (const QList<QVariant> &answer : std::as_const(spy))
            QVERIFY(!answer.at(1).value<JsonError>().isError());
    }

    void destroyedWhileBusy()
    {
        // Must not crash or deliver into a destroyed object.
        auto validator = std::make_unique<JsonValidator>();
        validator->request(QStringLiteral("[") + QStringLiteral("1,").repeated(1'000'000) + QStringLiteral("1]"));
        validator.reset();
        QTest::qWait(10);
    }
};

QTEST_GUILESS_MAIN(TestJsonValidator)
#include "tst_jsonvalidator.moc"
