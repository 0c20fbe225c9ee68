#include "core/http/reasonphrase.h"
#include "core/listener/responsepolicy.h"
#include "support/testsupport.h"

#include <QTest>

// The listener's answers without a socket: which rule answers, how sequences advance and
// repeat their last step, and how the GUI's and CLI's status sequences are read.
class TestResponsePolicy : public QObject
{
    Q_OBJECT

private:
    static ResponseSpec status(int code, const QByteArray &body = {})
    {
        ResponseSpec spec;
        spec.status = code;
        spec.body = body;
        return spec;
    }
    static QList<int> statuses(ResponsePolicy &policy, const QByteArray &method, const QByteArray &path, int count)
    {
        QList<int> seen;
        for (int i = 0; i < count; ++i)
            seen.append(policy.next(method, path).status);
        return seen;
    }

private Q_SLOTS:
    void initTestCase() { TestSupport::isolateUserData(); }

    void defaultAnswersTwoHundred()
    {
        ResponsePolicy policy;
        QCOMPARE(statuses(policy, "POST", "/anything", 3), (QList<int>{200, 200, 200}));
        // An empty list of steps would leave nothing to answer with: it means the default.
        ResponsePolicy empty({}, {});
        QCOMPARE(empty.next("GET", "/").status, 200);
    }

    void sequenceRepeatsItsLastStep()
    {
        ResponsePolicy policy({status(500), status(500), status(200)});
        QCOMPARE(statuses(policy, "POST", "/hook", 5), (QList<int>{500, 500, 200, 200, 200}));
        policy.resetSequences();
        QCOMPARE(statuses(policy, "POST", "/hook", 2), (QList<int>{500, 500}));
    }

    void ruleMatching_data()
    {
        QTest::addColumn<QByteArray>("ruleMethod");
        QTest::addColumn<QString>("rulePath");
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<bool>("matches");
        QTest::newRow("any method, any path")
            << QByteArray() << QString() << QByteArray("PUT") << QByteArray("/x") << true;
        QTest::newRow("star is any path")
            << QByteArray() << QStringLiteral("*") << QByteArray("GET") << QByteArray("/a/b") << true;
        QTest::newRow("method case-insensitive")
            << QByteArray("post") << QString() << QByteArray("POST") << QByteArray("/") << true;
        QTest::newRow("other method") << QByteArray("POST") << QString() << QByteArray("GET") << QByteArray("/")
                                      << false;
        QTest::newRow("exact path") << QByteArray() << QStringLiteral("/hook") << QByteArray("POST")
                                    << QByteArray("/hook") << true;
        QTest::newRow("path is anchored")
            << QByteArray() << QStringLiteral("/hook") << QByteArray("POST") << QByteArray("/hook/extra") << false;
        QTest::newRow("glob crosses slashes")
            << QByteArray() << QStringLiteral("/hooks/*") << QByteArray("POST") << QByteArray("/hooks/a/b") << true;
        QTest::newRow("glob in the middle")
            << QByteArray() << QStringLiteral("/v*/events") << QByteArray("POST") << QByteArray("/v2/events") << true;
        QTest::newRow("path case-sensitive")
            << QByteArray() << QStringLiteral("/Hook") << QByteArray("POST") << QByteArray("/hook") << false;
        QTest::newRow("regex characters are literal")
            << QByteArray() << QStringLiteral("/a.b") << QByteArray("POST") << QByteArray("/axb") << false;
        QTest::newRow("utf-8 path") << QByteArray() << QStringLiteral("/caf\u00e9") << QByteArray("POST")
                                    << QByteArray("/caf\xc3\xa9") << true;
    }

    void ruleMatching()
    {
        QFETCH(QByteArray, ruleMethod);
        QFETCH(QString, rulePath);
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, path);
        QFETCH(bool, matches);
        const ResponseRule rule{ruleMethod, rulePath, {status(418)}};
        QCOMPARE(rule.matches(method, path), matches);
        ResponsePolicy policy({status(200)}, {rule});
        QCOMPARE(policy.next(method, path).status, matches ? 418 : 200);
    }

    void firstMatchingRuleWinsAndEachKeepsItsOwnPosition()
    {
        const ResponseRule retry{"POST", QStringLiteral("/retry"), {status(503), status(200)}};
        const ResponseRule anyPost{"POST", QStringLiteral("*"), {status(201, "created")}};
        const ResponseRule noSteps{"GET", QStringLiteral("*"), {}}; // matches, but has nothing to say
        ResponsePolicy policy({status(204), status(202)}, {noSteps, retry, anyPost});

        QCOMPARE(policy.next("POST", "/retry").status, 503);
        QCOMPARE(policy.next("POST", "/other").body, QByteArray("created"));
        QCOMPARE(policy.next("GET", "/").status, 204); // the step-less rule falls through to the default
        QCOMPARE(policy.next("POST", "/retry").status, 200);
        QCOMPARE(policy.next("GET", "/").status, 202);
        QCOMPARE(policy.next("POST", "/retry").status, 200);
    }

    void stepsKeepEveryField()
    {
        ResponseSpec slow;
        slow.status = 202;
        slow.headers = {{"X-One", "1"}, {"x-one", "2"}};
        slow.body = "later";
        slow.delayMs = 1500;
        ResponseSpec drop;
        drop.closeWithoutAnswer = true;
        ResponsePolicy policy({slow, drop});
        const ResponseSpec first = policy.next("POST", "/");
        QCOMPARE(first.headers, slow.headers);
        QCOMPARE(first.body, slow.body);
        QCOMPARE(first.delayMs, 1500);
        QVERIFY(!first.closeWithoutAnswer);
        QVERIFY(policy.next("POST", "/").closeWithoutAnswer);
    }

    void statusSequence_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QList<int>>("expected"); // empty: refused
        QTest::addColumn<QString>("error");
        QTest::newRow("one") << QStringLiteral("204") << QList<int>{204} << QString();
        QTest::newRow("retries") << QStringLiteral("500,500,200") << QList<int>{500, 500, 200} << QString();
        QTest::newRow("spaces and empty parts") << QStringLiteral(" 500 , ,200,") << QList<int>{500, 200} << QString();
        QTest::newRow("not a number") << QStringLiteral("500,abc") << QList<int>{}
                                      << QStringLiteral("'abc' is not an HTTP status code (100-999)");
        QTest::newRow("too small") << QStringLiteral("99") << QList<int>{}
                                   << QStringLiteral("'99' is not an HTTP status code (100-999)");
        QTest::newRow("too large") << QStringLiteral("1000") << QList<int>{}
                                   << QStringLiteral("'1000' is not an HTTP status code (100-999)");
        QTest::newRow("nothing") << QStringLiteral(" , ") << QList<int>{} << QStringLiteral("no status code given");
    }

    void statusSequence()
    {
        QFETCH(QString, text);
        QFETCH(QList<int>, expected);
        QFETCH(QString, error);
        ResponseSpec base;
        base.body = "same body";
        base.delayMs = 25;
        QList<ResponseSpec> steps;
        QString why;
        QCOMPARE(ResponsePolicy::parseStatusSequence(text, base, &steps, &why), !expected.isEmpty());
        QCOMPARE(why, error);
        QList<int> got;
        for (const ResponseSpec &step : steps) {
            got.append(step.status);
            QCOMPARE(step.body, base.body);
            QCOMPARE(step.delayMs, base.delayMs);
        }
        QCOMPARE(got, expected);
    }

    void reasonPhrases()
    {
        QCOMPARE(httpReasonPhrase(200), QByteArray("OK"));
        QCOMPARE(httpReasonPhrase(404), QByteArray("Not Found"));
        QCOMPARE(httpReasonPhrase(503), QByteArray("Service Unavailable"));
        QCOMPARE(httpReasonPhrase(799), QByteArray());
    }
};

QTEST_GUILESS_MAIN(TestResponsePolicy)
#include "tst_responsepolicy.moc"
