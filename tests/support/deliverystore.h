#pragma once

#include "core/capture/capturebackend.h"
#include "support/capturesample.h"

#include <QDateTime>
#include <QTest>

namespace TestSupport {

// A replay's outcome for the capture stored as `seq`, as the Replayer records one.
inline ReplayDelivery sampleDelivery(qint64 seq, int status = 202)
{
    ReplayDelivery d;
    d.captureSeq = seq;
    d.sentAtMs = QDateTime::currentMSecsSinceEpoch();
    d.url = QStringLiteral("http://127.0.0.1:3000/hooks");
    d.signedWith = QStringLiteral("stripe");
    d.status = status;
    d.ms = 12;
    d.responseHeaders = {{"Content-Type", "application/octet-stream"}, {"X-Dup", "1"}, {"x-dup", "2"}};
    for (int i = 0; i < 256; ++i)
        d.responseBody += char(i);
    d.responseSize = 100000;
    return d;
}

// What both capture backends (SQLite, PostgreSQL) must do with replays: keep them exactly,
// linked to their capture, oldest first, and drop them with it (delete, retention, clear).
// Call on an open, empty store, then QVERIFY(!QTest::currentTestFailed()).
inline void checkDeliveriesFollowTheirCaptures(CaptureBackend &db)
{
    QList<Capture> captures{sampleCapture("/one"), sampleCapture("/two"), sampleCapture("/three")};
    QString error;
    QVERIFY2(db.insert(captures, &error), qPrintable(error));
    const qint64 one = captures.at(0).seq, two = captures.at(1).seq, three = captures.at(2).seq;

    ReplayDelivery answered = sampleDelivery(one);
    QVERIFY2(db.recordDelivery(answered, &error), qPrintable(error));
    QVERIFY(answered.id > 0);
    ReplayDelivery failed = sampleDelivery(one, 0);
    failed.signedWith.clear();
    failed.error = QStringLiteral("connection refused");
    failed.responseHeaders.clear();
    failed.responseBody.clear();
    failed.responseSize = 0;
    QVERIFY2(db.recordDelivery(failed, &error), qPrintable(error));
    for (const qint64 seq : {two, three}) {
        ReplayDelivery d = sampleDelivery(seq);
        QVERIFY2(db.recordDelivery(d, &error), qPrintable(error));
    }

    const QList<ReplayDelivery> stored = db.deliveries(one);
    QCOMPARE(stored.size(), 2);
    const ReplayDelivery &a = stored.at(0);
    QCOMPARE(a.id, answered.id);
    QCOMPARE(a.captureSeq, one);
    QCOMPARE(a.sentAtMs, answered.sentAtMs);
    QCOMPARE(a.url, answered.url);
    QCOMPARE(a.signedWith, QStringLiteral("stripe"));
    QCOMPARE(a.status, 202);
    QCOMPARE(a.ms, qint64(12));
    QVERIFY(a.error.isEmpty());
    QCOMPARE(a.responseHeaders, answered.responseHeaders);
    QCOMPARE(a.responseBody, answered.responseBody);
    QCOMPARE(a.responseSize, qint64(100000));
    QVERIFY(a.isTruncated());
    const ReplayDelivery &b = stored.at(1);
    QVERIFY(!b.answered());
    QCOMPARE(b.error, QStringLiteral("connection refused"));
    QVERIFY(b.signedWith.isEmpty());

    // Deleting a capture deletes its replays; a replay of a deleted capture is not kept.
    QVERIFY(db.remove({one}));
    QVERIFY(db.deliveries(one).isEmpty());
    ReplayDelivery late = sampleDelivery(one);
    QVERIFY(!db.recordDelivery(late, &error));
    QVERIFY2(error.contains(QLatin1String("no longer stored")), qPrintable(error));
    QVERIFY(db.deliveries(one).isEmpty());

    // Retention keeps the newest capture and its replays only.
    QCOMPARE(db.applyRetention(1, 0, QDateTime::currentMSecsSinceEpoch()), 1);
    QVERIFY(db.deliveries(two).isEmpty());
    QCOMPARE(db.deliveries(three).size(), 1);

    QVERIFY(db.removeAll());
    QVERIFY(db.deliveries(three).isEmpty());
}

} // namespace TestSupport
