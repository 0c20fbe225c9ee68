#include "core/send/historystore.h"
#include "core/send/sender.h"
#include "core/send/sendrunner.h"
#include "support/sendpeers.h"
#include "support/sqlitepeek.h"
#include "support/testsupport.h"

#include <QEventLoop>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>

using SendPeers::FlaskPeer;
using SendPeers::RawPeer;

class TestSendRunner : public QObject
{
    Q_OBJECT

private:
    FlaskPeer m_flask;
    QTemporaryDir m_dir;

    static RequestTemplate templateFor(const QString &url, const QByteArray &method = "POST",
                                       const QByteArray &body = {})
    {
        RequestTemplate t;
        t.url = url;
        t.method = method;
        t.body = body;
        t.options.timeoutMs = 15000;
        return t;
    }

    static bool waitFinished(QSignalSpy &spy, int timeoutMs = 30000)
    {
        return QTest::qWaitFor([&] { return spy.size() >= 1; }, timeoutMs);
    }

private Q_SLOTS:
    void initTestCase()
    {
        TestSupport::isolateUserData();
        qRegisterMetaType<SendResult>();
        qRegisterMetaType<OutgoingRequest>();
        qRegisterMetaType<SendRecord>();
        qRegisterMetaType<SendSummary>();
        QVERIFY(m_dir.isValid());
        QVERIFY2(m_flask.start(), "the Flask receiver (tests/data/flask_receiver.py) did not start");
    }

    void init() { m_flask.clear(); }

    // 500, then 429 with Retry-After: 1, then 200: three attempts, each prepared afresh,
    // the second delay at least the second the server asked for, every attempt recorded.
    void retriesHonourRetryAfterWithFreshAttempts()
    {
        const QString key = QStringLiteral("fresh");
        RequestTemplate t = templateFor(m_flask.url(QStringLiteral("/flaky/") + key), "POST",
                                        "{\"delivery\": \"{{$uuid}}\", \"user\": \"{{user}}\"}");
        int signatures = 0;
        t.signer = [&signatures](const QByteArray &body) {
            ++signatures;
            return HeaderList{
                {"X-Signature", "n" + QByteArray::number(signatures) + "-" + QByteArray::number(qHash(body))}};
        };
        RetryPolicy retry;
        retry.maxRetries = 3;
        retry.baseDelayMs = 20; // the 500's backoff; the 429's comes from Retry-After

        HistoryStore history(m_dir.filePath(QStringLiteral("retries.sqlite")));
        Sender sender;
        SendRunner runner(&sender);
        runner.setRequest(t);
        runner.setEngine(TemplateEngine({{QStringLiteral("user"), QStringLiteral("Ada")}}));
        runner.setRetryPolicy(retry);
        runner.setHistoryStore(&history);
        QSignalSpy attempts(&runner, &SendRunner::attemptFinished);
        QSignalSpy records(&runner, &SendRunner::requestFinished);
        QSignalSpy finished(&runner, &SendRunner::finished);
        QString error;
        QVERIFY2(runner.start(&error), qPrintable(error));
        QVERIFY(runner.isRunning());
        QVERIFY(waitFinished(finished));
        QVERIFY(!runner.isRunning());

        QCOMPARE(attempts.size(), 3);
        QList<int> statuses;
        for (const auto &a : std::as_const(attempts))
            statuses << a.at(3).value<SendResult>().status;
        QCOMPARE(statuses, (QList<int>{500, 429, 200}));
        QCOMPARE(records.size(), 1);
        const auto record = records.first().at(0).value<SendRecord>();
        QCOMPARE(record.attempts, 3);
        QCOMPARE(record.result.status, 200);
        const auto summary = finished.first().at(0).value<SendSummary>();
        QCOMPARE(summary.succeeded, 1);
        QCOMPARE(summary.retries, 2);
        QCOMPARE(summary.byStatus, (QMap<int, int>{{200, 1}}));

        // What the receiver saw: three deliveries, each with its own uuid and signature.
        QTRY_COMPARE(m_flask.count(), 3);
        const auto got = m_flask.received();
        QSet<QString> deliveries;
        QSet<QString> signaturesSeen;
        for (const auto &line : got) {
            QCOMPARE(line.value(QStringLiteral("key")).toString(), key);
            const QJsonObject json = QJsonDocument::fromJson(FlaskPeer::body(line)).object();
            QCOMPARE(json.value(QStringLiteral("user")).toString(), QStringLiteral("Ada"));
            deliveries << json.value(QStringLiteral("delivery")).toString();
            signaturesSeen << FlaskPeer::header(line, QStringLiteral("X-Signature"));
        }
        QCOMPARE(deliveries.size(), 3);
        QCOMPARE(signaturesSeen.size(), 3);
        // Retry-After: 1 is a minimum; the peer's own clock measured the gap.
        const double gap = got.at(2).value(QStringLiteral("receivedAt")).toDouble()
            - got.at(1).value(QStringLiteral("receivedAt")).toDouble();
        QVERIFY2(gap >= 1.0, qPrintable(QString::number(gap)));

        // Every attempt is in the history, as sent.
        const auto rows = history.listNow();
        QCOMPARE(rows.size(), 3);
        QCOMPARE(rows.at(0).attempt + rows.at(1).attempt + rows.at(2).attempt, 6);
        QSet<int> recordedStatuses;
        for (const auto &row : rows)
            recordedStatuses << row.status;
        QCOMPARE(recordedStatuses, (QSet<int>{500, 429, 200}));
    }

    void retriesAreBounded_data()
    {
        QTest::addColumn<QString>("path"); // empty: a dead port
        QTest::addColumn<int>("retries");
        QTest::addColumn<int>("attempts");
        QTest::addColumn<int>("succeeded");
        QTest::addColumn<int>("failed");
        QTest::addColumn<int>("errors");
        QTest::newRow("503 exhausted") << QStringLiteral("/status/503") << 2 << 3 << 0 << 1 << 0;
        QTest::newRow("404 not retried") << QStringLiteral("/status/404") << 3 << 1 << 0 << 1 << 0;
        QTest::newRow("200 once") << QStringLiteral("/status/200") << 3 << 1 << 1 << 0 << 0;
        QTest::newRow("refused retried") << QString() << 2 << 3 << 0 << 0 << 1;
        QTest::newRow("no retries asked") << QStringLiteral("/status/500") << 0 << 1 << 0 << 1 << 0;
    }

    void retriesAreBounded()
    {
        QFETCH(QString, path);
        QFETCH(int, retries);
        QFETCH(int, attempts);
        QFETCH(int, succeeded);
        QFETCH(int, failed);
        QFETCH(int, errors);
        const QString url = path.isEmpty() ? QStringLiteral("http://127.0.0.1:%1/hook").arg(SendPeers::deadPort())
                                           : m_flask.url(path);
        RetryPolicy retry;
        retry.maxRetries = retries;
        retry.baseDelayMs = 10;
        Sender sender;
        SendRunner runner(&sender);
        runner.setRequest(templateFor(url, "GET"));
        runner.setRetryPolicy(retry);
        QSignalSpy attemptSpy(&runner, &SendRunner::attemptFinished);
        QSignalSpy records(&runner, &SendRunner::requestFinished);
        QSignalSpy finished(&runner, &SendRunner::finished);
        QVERIFY(runner.start());
        QVERIFY(waitFinished(finished));
        QCOMPARE(attemptSpy.size(), attempts);
        QCOMPARE(records.first().at(0).value<SendRecord>().attempts, attempts);
        const auto summary = finished.first().at(0).value<SendSummary>();
        QCOMPARE(summary.succeeded, succeeded);
        QCOMPARE(summary.failed, failed);
        QCOMPARE(summary.errors, errors);
        QCOMPARE(summary.retries, attempts - 1);
        if (errors)
            QCOMPARE(summary.byError, (QMap<QString, int>{{QStringLiteral("connection refused"), 1}}));
    }

    void concurrencyIsBounded_data()
    {
        QTest::addColumn<int>("concurrency");
        QTest::addColumn<int>("lanes"); // 1: the shared Sender; more: SendLanes
        QTest::newRow("1") << 1 << 1;
        QTest::newRow("3") << 3 << 1;
        QTest::newRow("6") << 6 << 1;
        QTest::newRow("3 in 2 lanes") << 3 << 2;
        QTest::newRow("6 in 3 lanes") << 6 << 3;
    }

    void concurrencyIsBounded()
    {
        QFETCH(int, concurrency);
        QFETCH(int, lanes);
        RawPeer peer;
        peer.answerDelayMs = 30; // long enough for the runner to fill every slot
        QVERIFY(peer.listen());
        const int count = 4 * concurrency;
        Sender sender;
        SendRunner runner(&sender);
        runner.setRequest(templateFor(peer.url().toString(), "POST", "{\"i\": {{$randomInt}}}"));
        runner.setCount(count);
        runner.setConcurrency(concurrency);
        runner.setLanes(lanes);
        QSignalSpy records(&runner, &SendRunner::requestFinished);
        QSignalSpy progress(&runner, &SendRunner::progressed);
        QSignalSpy finished(&runner, &SendRunner::finished);
        QVERIFY(runner.start());
        QVERIFY(waitFinished(finished));
        QCOMPARE(peer.requests.size(), count);
        QCOMPARE(peer.maxOutstanding, concurrency);
        QCOMPARE(records.size(), count);
        QList<int> indexes;
        for (const auto &r : std::as_const(records))
            indexes << r.at(0).value<SendRecord>().index;
        std::sort(indexes.begin(), indexes.end());
        for (int i = 0; i < count; ++i)
            QCOMPARE(indexes.at(i), i);
        QCOMPARE(progress.size(), count);
        QCOMPARE(progress.last().at(0).toInt(), count);
        QCOMPARE(progress.last().at(1).toInt(), count);
        const auto summary = finished.first().at(0).value<SendSummary>();
        QCOMPARE(summary.total, count);
        QCOMPARE(summary.succeeded, count);
        QCOMPARE(summary.byStatus, (QMap<int, int>{{200, count}}));
        QVERIFY(summary.minMs > 0);
        QVERIFY(summary.minMs <= summary.p50Ms && summary.p50Ms <= summary.p95Ms && summary.p95Ms <= summary.p99Ms
                && summary.p99Ms <= summary.maxMs);
        QVERIFY(summary.requestsPerSecond > 0);
        QVERIFY(summary.toText().contains(QStringLiteral("status: 200 x%1").arg(count)));
    }

    void rateLimitSpacesAttempts()
    {
        RawPeer peer;
        QVERIFY(peer.listen());
        Sender sender;
        SendRunner runner(&sender);
        runner.setRequest(templateFor(peer.url().toString(), "GET"));
        runner.setCount(5);
        runner.setConcurrency(5);
        runner.setRateLimit(20); // one attempt every 50 ms: the fifth starts 200 ms in at the earliest
        QSignalSpy finished(&runner, &SendRunner::finished);
        QVERIFY(runner.start());
        QVERIFY(waitFinished(finished));
        const auto summary = finished.first().at(0).value<SendSummary>();
        QCOMPARE(summary.succeeded, 5);
        QVERIFY2(summary.elapsedMs >= 200, qPrintable(QString::number(summary.elapsedMs)));
    }

    void cancelStopsEverything_data()
    {
        QTest::addColumn<int>("lanes");
        QTest::newRow("shared sender") << 1;
        QTest::newRow("2 lanes") << 2;
    }

    void cancelStopsEverything()
    {
        QFETCH(int, lanes);
        RawPeer silent;
        silent.silent = true;
        QVERIFY(silent.listen());
        Sender sender;
        SendRunner runner(&sender);
        runner.setRequest(templateFor(silent.url().toString(), "POST", "{}"));
        runner.setCount(10);
        runner.setConcurrency(2);
        runner.setLanes(lanes);
        QSignalSpy records(&runner, &SendRunner::requestFinished);
        QSignalSpy finished(&runner, &SendRunner::finished);
        QVERIFY(runner.start());
        QTRY_COMPARE(silent.requests.size(), 2);
        runner.cancel();
        QVERIFY(waitFinished(finished));
        const auto summary = finished.first().at(0).value<SendSummary>();
        QCOMPARE(summary.cancelled, 10);
        QCOMPARE(summary.finished(), 0);
        QCOMPARE(records.size(), 0);
        QCOMPARE(silent.requests.size(), 2);
        QCOMPARE(sender.inFlightCount(), 0);
    }

    // A long run through lanes, as `send --repeat 20000 --concurrency 6` makes one: every request
    // sent once, reported once and recorded once, each history row the request that was sent
    // (fresh {{$uuid}} per attempt, so rows cannot be told apart unless they are right).
    void lanesSendReportAndRecordEveryRequestOnce()
    {
        const int count = 20000;
        RawPeer peer;
        QVERIFY(peer.listen());
        const QString file = m_dir.filePath(QStringLiteral("lanes-history.sqlite"));
        HistoryStore history(file);
        Sender sender;
        SendRunner runner(&sender);
        runner.setRequest(templateFor(peer.url().toString(), "POST", "{\"id\": \"{{$uuid}}\"}"));
        runner.setCount(count);
        runner.setConcurrency(6);
        runner.setLanes(2);
        runner.setHistoryStore(&history);
        QHash<QByteArray, int> statusByBody;
        QList<int> indexes;
        connect(&runner, &SendRunner::requestFinished, this, [&](const SendRecord &record) {
            indexes << record.index;
            statusByBody.insert(record.request.body, record.result.status);
        });
        QSignalSpy finished(&runner, &SendRunner::finished);
        // A plain event loop, not QTRY's 10 ms naps: the peer answers on this thread.
        QEventLoop loop;
        connect(&runner, &SendRunner::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(240000, &loop, &QEventLoop::quit);
        QVERIFY(runner.start());
        loop.exec();
        QCOMPARE(finished.size(), 1);
        const auto summary = finished.first().at(0).value<SendSummary>();
        QCOMPARE(summary.succeeded, count);
        QCOMPARE(summary.cancelled, 0);
        QVERIFY(peer.maxOutstanding <= 6);

        std::sort(indexes.begin(), indexes.end());
        QCOMPARE(indexes.size(), count);
        for (int i = 0; i < count; ++i)
            QCOMPARE(indexes.at(i), i);

        QSet<QByteArray> received;
        for (const QByteArray &request : std::as_const(peer.requests))
            received.insert(request.mid(request.indexOf("\r\n\r\n") + 4));
        QCOMPARE(received.size(), count);
        QCOMPARE(QSet<QByteArray>(statusByBody.keyBegin(), statusByBody.keyEnd()), received);

        history.waitForCommitted();
        const QString url = peer.url().toString();
        QCOMPARE(TestSupport::sqliteScalar(file, QStringLiteral("SELECT count(*) FROM sends")).toInt(), count);
        QCOMPARE(TestSupport::sqliteScalar(file,
                                           QStringLiteral("SELECT count(*) FROM sends WHERE method = 'POST'"
                                                          " AND status = 200 AND url = '%1' AND final_url = '%1'"
                                                          " AND CAST(response_body AS TEXT) = 'ok'"
                                                          " AND request_body_size = length(request_body)")
                                               .arg(url))
                     .toInt(),
                 count);
        const QByteArray bodies = TestSupport::sqliteScalar(
                                      file,
                                      QStringLiteral("SELECT group_concat(CAST(request_body AS TEXT), char(10))"
                                                     " FROM (SELECT request_body FROM sends ORDER BY id)"))
                                      .toByteArray();
        const QList<QByteArray> recorded = bodies.split('\n');
        QCOMPARE(recorded.size(), count);
        QCOMPARE(QSet<QByteArray>(recorded.cbegin(), recorded.cend()), received);
        // The newest first, as the history view lists them.
        const QList<HistorySummary> newest = history.listNow({}, 50);
        for (qsizetype i = 1; i < newest.size(); ++i)
            QVERIFY(newest.at(i - 1).sentAt >= newest.at(i).sentAt);
    }

    void mistakesStopTheRunBeforeSending()
    {
        RawPeer peer;
        QVERIFY(peer.listen());
        Sender sender;
        SendRunner runner(&sender);
        runner.setRequest(templateFor(peer.url().toString(), "POST", "{\"a\": \"{{missing}}\"}"));
        QSignalSpy finished(&runner, &SendRunner::finished);
        QString error;
        QVERIFY(!runner.start(&error));
        QCOMPARE(error, QStringLiteral("body, line 1, column 8: unknown variable 'missing'"));
        QVERIFY(!runner.isRunning());
        QTest::qWait(50);
        QCOMPARE(finished.size(), 0);
        QCOMPARE(peer.requests.size(), 0);
    }

    void percentile_data()
    {
        QTest::addColumn<QList<double>>("values");
        QTest::addColumn<double>("p");
        QTest::addColumn<double>("expected");
        const QList<double> hundred = [] {
            QList<double> v;
            for (int i = 1; i <= 100; ++i)
                v << i;
            return v;
        }();
        QTest::newRow("none") << QList<double>{} << 50.0 << 0.0;
        QTest::newRow("one") << QList<double>{7} << 99.0 << 7.0;
        QTest::newRow("p50 of 100") << hundred << 50.0 << 50.0;
        QTest::newRow("p95 of 100") << hundred << 95.0 << 95.0;
        QTest::newRow("p99 of 100") << hundred << 99.0 << 99.0;
        QTest::newRow("p50 of 4") << QList<double>{1, 2, 3, 4} << 50.0 << 2.0;
        QTest::newRow("p99 of 4") << QList<double>{1, 2, 3, 4} << 99.0 << 4.0;
    }

    void percentile()
    {
        QFETCH(QList<double>, values);
        QFETCH(double, p);
        QFETCH(double, expected);
        QCOMPARE(SendSummary::percentile(values, p), expected);
    }
};

QTEST_GUILESS_MAIN(TestSendRunner)
#include "tst_sendrunner.moc"
