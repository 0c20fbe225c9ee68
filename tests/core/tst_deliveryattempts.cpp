#include "core/capture/deliveryattempts.h"
#include "support/testsupport.h"

#include <QTest>

using namespace DeliveryAttempts;

namespace {
Capture capture(qint64 seq, qint64 atMs, const HeaderList &headers, const QByteArray &body = {}, int answer = 200)
{
    Capture c;
    c.seq = seq;
    c.receivedAtMs = atMs;
    c.method = "POST";
    c.target = "/hook";
    c.headers = headers;
    c.body = body;
    c.response.status = answer;
    return c;
}
} // namespace

// Captures grouped as attempts of one event by the provider's delivery id.
class TestDeliveryAttempts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { TestSupport::isolateUserData(); }

    void deliveryIdOf_data()
    {
        QTest::addColumn<HeaderList>("headers");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("provider");
        QTest::addColumn<QString>("id");
        QTest::newRow("github") << HeaderList{{"X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958"}}
                                << QByteArray() << QStringLiteral("github")
                                << QStringLiteral("72d3162e-cc78-11e3-81ab-4c9367dc0958");
        QTest::newRow("shopify, any case") << HeaderList{{"x-shopify-webhook-id", "b54557e4-bdd9-4b37"}} << QByteArray()
                                           << QStringLiteral("shopify") << QStringLiteral("b54557e4-bdd9-4b37");
        QTest::newRow("svix") << HeaderList{{"svix-id", "msg_p5jXN8AQM9LWM0D4loKWxJek"}} << QByteArray()
                              << QStringLiteral("svix") << QStringLiteral("msg_p5jXN8AQM9LWM0D4loKWxJek");
        QTest::newRow("standard webhooks")
            << HeaderList{{"webhook-id", "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W"}} << QByteArray()
            << QStringLiteral("standard-webhooks") << QStringLiteral("msg_2KWPBgLlAfxdpx2AI54pPJ85f4W");
        QTest::newRow("stripe event id in the body")
            << HeaderList{{"Stripe-Signature", "t=1,v1=ab"}, {"Content-Type", "application/json"}}
            << QByteArray(R"({"id": "evt_1NG8Du2eZvKYlo2CUI79vXWy", "object": "event", "data": {"id": "pi_1"}})")
            << QStringLiteral("stripe") << QStringLiteral("evt_1NG8Du2eZvKYlo2CUI79vXWy");
        QTest::newRow("stripe-like body without its signature header")
            << HeaderList{} << QByteArray(R"({"id": "evt_1"})") << QString() << QString();
        QTest::newRow("stripe header, body not an event") << HeaderList{{"Stripe-Signature", "t=1,v1=ab"}}
                                                          << QByteArray(R"({"id": "pi_1"})") << QString() << QString();
        QTest::newRow("stripe header, invalid JSON")
            << HeaderList{{"Stripe-Signature", "t=1,v1=ab"}} << QByteArray("{\"id\": ") << QString() << QString();
        QTest::newRow("empty id is no id")
            << HeaderList{{"X-GitHub-Delivery", "  "}} << QByteArray() << QString() << QString();
        QTest::newRow("none") << HeaderList{{"Content-Type", "application/json"}} << QByteArray("{}") << QString()
                              << QString();
    }
    void deliveryIdOf()
    {
        QFETCH(HeaderList, headers);
        QFETCH(QByteArray, body);
        QFETCH(QString, provider);
        QFETCH(QString, id);
        const DeliveryId delivery = DeliveryAttempts::deliveryIdOf(capture(1, 0, headers, body));
        QCOMPARE(delivery.provider, provider);
        QCOMPARE(delivery.id, id);
        QCOMPARE(delivery.isValid(), !id.isEmpty());
    }

    void retriesBecomeAttemptsWithGaps()
    {
        // A provider retrying after 500, 500, then 200, with another event and a plain request between.
        const HeaderList first{{"X-GitHub-Delivery", "d1"}};
        const QList<Capture> captures{
            capture(1, 1000, first, {}, 500),  capture(2, 1500, {{"X-GitHub-Delivery", "d2"}}, {}, 200),
            capture(3, 2000, {}, "{}", 200),   capture(4, 6000, first, {}, 500),
            capture(5, 22000, first, {}, 200),
        };
        const QList<Event> events = DeliveryAttempts::group(captures);
        QCOMPARE(events.size(), 3);
        QCOMPARE(events.at(0).delivery.id, QStringLiteral("d1"));
        const QList<Attempt> &attempts = events.at(0).attempts;
        QCOMPARE(attempts.size(), 3);
        QCOMPARE(attempts.at(0).seq, 1);
        QCOMPARE(attempts.at(0).gapMs, -1);
        QCOMPARE(attempts.at(0).answerStatus, 500);
        QCOMPARE(attempts.at(1).gapMs, 5000);
        QCOMPARE(attempts.at(2).gapMs, 16000);
        QCOMPARE(attempts.at(2).answerStatus, 200);
        QCOMPARE(events.at(1).delivery.id, QStringLiteral("d2"));
        QCOMPARE(events.at(1).attempts.size(), 1);
        QVERIFY(!events.at(2).delivery.isValid()); // no id: an event of its own
        QCOMPARE(events.at(2).attempts.constFirst().seq, 3);
    }

    void sameIdFromAnotherProviderIsAnotherEvent()
    {
        const QList<Event> events = DeliveryAttempts::group(
            {capture(1, 0, {{"svix-id", "msg_1"}}), capture(2, 10, {{"webhook-id", "msg_1"}})});
        QCOMPARE(events.size(), 2);
    }

    void arrivalOrderWinsOverStoreOrder()
    {
        // A slow upload can be stored after a later one: attempts follow receivedAt.
        const HeaderList id{{"webhook-id", "msg_9"}};
        const QList<Event> events = DeliveryAttempts::group(
            {capture(2, 3000, id, {}, 200), capture(1, 1000, id, {}, 0)});
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.at(0).attempts.at(0).seq, 1);
        QCOMPARE(events.at(0).attempts.at(0).answerStatus, 0);
        QCOMPARE(events.at(0).attempts.at(1).gapMs, 2000);
    }
};

QTEST_GUILESS_MAIN(TestDeliveryAttempts)
#include "tst_deliveryattempts.moc"
