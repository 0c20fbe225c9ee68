#include "core/send/retrypolicy.h"
#include "support/testsupport.h"

#include <QTest>

class TestRetryPolicy : public QObject
{
    Q_OBJECT

private:
    static SendResult answer(int status, const HeaderList &headers = {})
    {
        SendResult r;
        r.status = status;
        r.headers = headers;
        return r;
    }
    static SendResult failure(SendError error)
    {
        SendResult r;
        r.error = error;
        r.errorText = SendResult::errorName(error);
        return r;
    }

private Q_SLOTS:
    void initTestCase() { TestSupport::isolateUserData(); }

    void whatIsRetried_data()
    {
        QTest::addColumn<SendResult>("result");
        QTest::addColumn<bool>("retried");
        QTest::newRow("200") << answer(200) << false;
        QTest::newRow("302") << answer(302) << false;
        QTest::newRow("400") << answer(400) << false;
        QTest::newRow("404") << answer(404) << false;
        QTest::newRow("408") << answer(408) << false;
        QTest::newRow("429") << answer(429) << true;
        QTest::newRow("500") << answer(500) << true;
        QTest::newRow("502") << answer(502) << true;
        QTest::newRow("503") << answer(503) << true;
        QTest::newRow("599") << answer(599) << true;
        QTest::newRow("refused") << failure(SendError::ConnectionRefused) << true;
        QTest::newRow("closed") << failure(SendError::ConnectionClosed) << true;
        QTest::newRow("timeout") << failure(SendError::Timeout) << true;
        QTest::newRow("network") << failure(SendError::Network) << true;
        QTest::newRow("host not found") << failure(SendError::HostNotFound) << false;
        QTest::newRow("tls") << failure(SendError::Tls) << false;
        QTest::newRow("redirects") << failure(SendError::TooManyRedirects) << false;
        QTest::newRow("cancelled") << failure(SendError::Cancelled) << false;
        QTest::newRow("invalid") << failure(SendError::InvalidRequest) << false;
    }

    void whatIsRetried()
    {
        QFETCH(SendResult, result);
        QFETCH(bool, retried);
        QCOMPARE(RetryPolicy().shouldRetry(result), retried);
    }

    void backoff_data()
    {
        QTest::addColumn<int>("retry");
        QTest::addColumn<double>("random");
        QTest::addColumn<int>("expected");
        // base 500, max 30000, jitter 0.5: d = min(30000, 500 * 2^(retry-1)); d/2 + d/2 * random
        QTest::newRow("1st, low") << 1 << 0.0 << 250;
        QTest::newRow("1st, high") << 1 << 1.0 << 500;
        QTest::newRow("2nd, middle") << 2 << 0.5 << 750;
        QTest::newRow("3rd, low") << 3 << 0.0 << 1000;
        QTest::newRow("4th, high") << 4 << 1.0 << 4000;
        QTest::newRow("capped, low") << 12 << 0.0 << 15000;
        QTest::newRow("capped, high") << 30 << 1.0 << 30000;
    }

    void backoff()
    {
        QFETCH(int, retry);
        QFETCH(double, random);
        QFETCH(int, expected);
        const RetryPolicy policy;
        QCOMPARE(policy.delayMs(retry, answer(500), QDateTime::currentDateTimeUtc(), random), expected);
    }

    void randomDrawStaysInBounds()
    {
        const RetryPolicy policy;
        for (int i = 0; i < 500; ++i) {
            const int delay = policy.delayMs(2, answer(502));
            QVERIFY2(delay >= 500 && delay <= 1000, qPrintable(QString::number(delay)));
        }
    }

    void retryAfter_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<int>("expected");
        QTest::newRow("429 seconds") << 429 << QByteArray("1") << 1000;
        QTest::newRow("503 seconds") << 503 << QByteArray("7") << 7000;
        QTest::newRow("zero") << 429 << QByteArray("0") << 0;
        QTest::newRow("http-date") << 429 << QByteArray("Fri, 27 Nov 2026 03:38:30 GMT") << 30000;
        QTest::newRow("rfc 850 date") << 429 << QByteArray("Friday, 27-Nov-26 03:38:10 GMT") << 10000;
        QTest::newRow("asctime date") << 429 << QByteArray("Fri Nov 27 03:38:05 2026") << 5000;
        QTest::newRow("date in the past") << 429 << QByteArray("Fri, 27 Nov 2026 03:00:00 GMT") << 0;
        QTest::newRow("capped") << 429 << QByteArray("86400") << 300000;
        QTest::newRow("malformed falls back to backoff") << 429 << QByteArray("soon") << 250;
        QTest::newRow("negative falls back") << 429 << QByteArray("-5") << 250;
        QTest::newRow("ignored on 500") << 500 << QByteArray("9") << 250;
    }

    void retryAfter()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, value);
        QFETCH(int, expected);
        const QDateTime now = QDateTime::fromString(QStringLiteral("2026-11-27T03:38:00Z"), Qt::ISODate);
        const RetryPolicy policy;
        QCOMPARE(policy.delayMs(1, answer(status, {{"retry-after", value}}), now, 0.0), expected);
    }
};

QTEST_GUILESS_MAIN(TestRetryPolicy)
#include "tst_retrypolicy.moc"
