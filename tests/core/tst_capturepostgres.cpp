#include "core/capture/capturepostgres.h"
#include "core/capture/capturestore.h"
#include "core/capture/capturewriter.h"
#include "support/capturesample.h"
#include "support/deliverystore.h"
#include "support/postgresserver.h"
#include "support/testsupport.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QSignalSpy>
#include <QTest>

#include <memory>

namespace {
// As received by a team inbox's listener.
Capture sample(const QByteArray &path, const QByteArray &body = "{\"a\":1}")
{
    Capture c = TestSupport::sampleCapture(path, body);
    c.listenerHost = QStringLiteral("inbox-1");
    c.listenerPort = 8765;
    return c;
}
} // namespace

// The PostgreSQL capture backend against a real throw-away server: exact round trips, the
// schema created once and versioned, search, retention, pushed arrivals, and a store that
// notices the server going away and comes back by itself.
class TestCapturePostgres final : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestSupport::PostgresServer> m_server;
    int m_databases = 0;

    QString freshDatabase()
    {
        const QString name = QStringLiteral("t%1").arg(++m_databases);
        return m_server->psql(QStringLiteral("CREATE DATABASE %1").arg(name)) ? m_server->uri(name) : QString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        TestSupport::isolateUserData();
        if (const QString why = TestSupport::PostgresServer::unavailable(); !why.isEmpty())
            QSKIP(qPrintable(why));
        m_server = std::make_unique<TestSupport::PostgresServer>();
        QString error;
        QVERIFY2(m_server->start(&error), qPrintable(error));
    }

    void cleanupTestCase() { m_server.reset(); }

    void roundTripKeepsEveryByte()
    {
        const QString uri = freshDatabase();
        CapturePostgres db;
        QString error;
        QVERIFY2(db.open(uri, &error), qPrintable(error));
        QByteArray binary;
        for (int i = 0; i < 256; ++i)
            binary += char(i);
        Capture chunked = sample("/bin", binary);
        chunked.raw = "POST /bin HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n100\r\n" + binary + "\r\n0\r\n\r\n";
        chunked.headers.append(qMakePair(QByteArray("X-Latin"), QByteArray("caf\xe9")));
        chunked.signature = {QStringLiteral("github"), false, QStringLiteral("signature mismatch"), "sha256=ab"};
        chunked.headers.append(qMakePair(QByteArray("X-GitHub-Delivery"), QByteArray("d-9")));
        Capture rejected = sample("/bad", {});
        rejected.status = Capture::Status::Rejected;
        rejected.error = QStringLiteral("invalid chunk size");
        rejected.errorOffset = 42;
        rejected.method.clear();
        rejected.listenerHost.clear();
        rejected.listenerPort = 0;
        QList<Capture> batch{sample("/a"), chunked, rejected};
        QVERIFY2(db.insert(batch, &error), qPrintable(error));
        QVERIFY(batch.at(0).seq > 0 && batch.at(1).seq > 0 && batch.at(2).seq > 0);

        const auto a = db.load(batch.at(0).seq);
        QVERIFY(a);
        QCOMPARE(a->id, batch.at(0).id);
        QCOMPARE(a->body, batch.at(0).body);
        QCOMPARE(a->raw, batch.at(0).raw);
        QCOMPARE(a->headers, batch.at(0).headers);
        QCOMPARE(a->listenerHost, QStringLiteral("inbox-1"));
        QCOMPARE(a->listenerPort, quint16(8765));
        const auto b = db.loadById(chunked.id);
        QVERIFY(b);
        QCOMPARE(b->seq, batch.at(1).seq);
        QCOMPARE(b->body, binary);
        QCOMPARE(b->raw, chunked.raw);
        QCOMPARE(b->headers.at(b->headers.size() - 2).second, QByteArray("caf\xe9"));
        QCOMPARE(b->signature.scheme, QStringLiteral("github"));
        QVERIFY(!b->signature.valid);
        QCOMPARE(b->signature.expected, QByteArray("sha256=ab"));
        const auto r = db.load(batch.at(2).seq);
        QVERIFY(r);
        QCOMPARE(r->status, Capture::Status::Rejected);
        QCOMPARE(r->errorOffset, qint64(42));
        QCOMPARE(r->error, QStringLiteral("invalid chunk size"));
        QVERIFY(r->method.isEmpty());
        QVERIFY(r->listenerHost.isEmpty());
        QCOMPARE(db.count(), 3);
        QCOMPARE(db.summaries(0, 10).size(), 3);
        QCOMPARE(db.summaries(0, 10).at(1).path, QByteArray("/bin"));
        QCOMPARE(db.summaries(0, 10).at(1).deliveryKey, QByteArray("github:d-9")); // attempts are grouped by it
        QVERIFY(db.summaries(0, 10).at(0).deliveryKey.isEmpty());

        // More rows than one statement takes go in one transaction.
        QList<Capture> flood;
        for (int i = 0; i < 2500; ++i)
            flood << sample("/flood");
        QVERIFY2(db.insert(flood, &error), qPrintable(error));
        QCOMPARE(db.count(), 2503);
        QVERIFY(flood.constLast().seq > 0);
    }

    void schemaIsVersionedAndANewerOneRefused()
    {
        const QString uri = freshDatabase();
        {
            // Two connections at once on an empty database: one creates, both open.
            CapturePostgres first, second;
            QString error;
            QVERIFY2(first.open(uri, &error), qPrintable(error));
            QVERIFY2(second.open(uri, &error), qPrintable(error));
        }
        const QString database = uri.section(QLatin1Char('/'), -1);
        QString version;
        QVERIFY(m_server->psql(QStringLiteral("SELECT version FROM hookbench.schema_version"), &version, database));
        QVERIFY2(version.endsWith(QString::number(CapturePostgres::kSchemaVersion)), qPrintable(version));
        QVERIFY(m_server->psql(QStringLiteral("UPDATE hookbench.schema_version SET version = 99"), nullptr, database));
        CapturePostgres db;
        QString error;
        QVERIFY(!db.open(uri, &error));
        QVERIFY2(error.contains(QLatin1String("newer than this Hookbench")), qPrintable(error));
        QVERIFY(!db.openExisting(uri, &error));
    }

    void deliveriesFollowTheirCaptures()
    {
        CapturePostgres db;
        QString error;
        QVERIFY2(db.open(freshDatabase(), &error), qPrintable(error));
        TestSupport::checkDeliveriesFollowTheirCaptures(db);
        QVERIFY(!QTest::currentTestFailed());
    }

    // A team inbox made by the Hookbench before delivery ids and replays were kept gains both.
    void versionOneIsMigrated()
    {
        const QString uri = freshDatabase();
        const QString database = uri.section(QLatin1Char('/'), -1);
        QList<Capture> kept{sample("/before")};
        QString error;
        {
            CapturePostgres db;
            QVERIFY2(db.open(uri, &error), qPrintable(error));
            QVERIFY(db.insert(kept, &error));
        }
        QVERIFY(m_server->psql(QStringLiteral("DROP TABLE hookbench.deliveries; "
                                              "ALTER TABLE hookbench.captures DROP COLUMN delivery_id; "
                                              "UPDATE hookbench.schema_version SET version = 1"),
                               nullptr, database));
        CapturePostgres reader;
        QVERIFY(!reader.openExisting(uri, &error)); // readers leave the schema to a listener or a window
        CapturePostgres db;
        QVERIFY2(db.open(uri, &error), qPrintable(error));
        ReplayDelivery replay = TestSupport::sampleDelivery(kept.constFirst().seq);
        QVERIFY2(db.recordDelivery(replay, &error), qPrintable(error));
        QCOMPARE(db.deliveries(kept.constFirst().seq).size(), 1);
    }

    void searchAndRetention()
    {
        CapturePostgres db;
        QString error;
        QVERIFY(db.open(freshDatabase(), &error));
        QList<Capture> batch;
        for (int i = 0; i < 10; ++i)
            batch << sample("/r/" + QByteArray::number(i), "{\"needle\": \"n" + QByteArray::number(i) + "\u00e9\"}");
        batch[0].receivedAtMs -= qint64(10) * 24 * 3600 * 1000; // ten days old
        QVERIFY(db.insert(batch, &error));

        QCOMPARE(db.search(QStringLiteral("N7")), QSet<qint64>{batch.at(7).seq});       // case-insensitive
        QCOMPARE(db.search(QStringLiteral("n3\u00e9")), QSet<qint64>{batch.at(3).seq}); // UTF-8 bytes
        QCOMPARE(db.search(QStringLiteral("host: a")).size(), 10);
        QCOMPARE(db.search(QStringLiteral("nothing like it")).size(), 0);

        QCOMPARE(db.applyRetention(0, 7, QDateTime::currentMSecsSinceEpoch()), 1);
        QCOMPARE(db.count(), 9);
        QCOMPARE(db.applyRetention(5, 0, QDateTime::currentMSecsSinceEpoch()), 4);
        QCOMPARE(db.count(), 5);
        QVERIFY(db.load(batch.at(5).seq));
        QVERIFY(db.remove({batch.at(5).seq}));
        QCOMPARE(db.count(), 4);
        QVERIFY(db.removeAll());
        QCOMPARE(db.count(), 0);
    }

    // A window's store hears what another connection commits, pushed by the database.
    void storeAnnouncesCapturesOthersCommit()
    {
        const QString uri = freshDatabase();
        CaptureStore store;
        QString error;
        QVERIFY2(store.open(uri, &error), qPrintable(error));
        QCOMPARE(store.displayName(), uri); // no password in it to hide
        QSignalSpy arrived(&store, &CaptureStore::arrived);
        store.watchArrivals();

        CapturePostgres other;
        QVERIFY(other.openExisting(uri, &error));
        QList<Capture> batch{sample("/from-elsewhere"), sample("/and-this")};
        QVERIFY(other.insert(batch, &error));
        QTRY_VERIFY(!arrived.isEmpty());
        QList<CaptureSummary> seen;
        for (const auto &signal : arrived)
            seen += signal.constFirst().value<QList<CaptureSummary>>();
        QCOMPARE(seen.size(), 2);
        QCOMPARE(seen.at(0).path, QByteArray("/from-elsewhere"));
        QCOMPARE(seen.at(1).seq, batch.at(1).seq);
    }

    // The server stops: the store says so, a writer's batches fail (the listener answers
    // 503), and once it is back both reconnect by themselves.
    void storeAndWriterComeBackAfterTheServerRestarts()
    {
        const QString uri = freshDatabase();
        CaptureStore store;
        QString error;
        QVERIFY2(store.open(uri, &error), qPrintable(error));
        QSignalSpy connection(&store, &CaptureStore::connectionChanged);
        QSignalSpy arrived(&store, &CaptureStore::arrived);
        store.watchArrivals();
        CaptureWriter writer(&store);
        QList<Capture> before{sample("/before")};
        writer.write(before);
        QVERIFY(before.constFirst().seq > 0);

        QVERIFY2(m_server->stop(QStringLiteral("fast"), &error), qPrintable(error));
        QTRY_VERIFY(!connection.isEmpty());
        QCOMPARE(connection.constFirst().at(0).toBool(), false);
        QVERIFY(!connection.constFirst().at(1).toString().isEmpty());
        QList<Capture> during{sample("/during")};
        writer.write(during);
        QCOMPARE(during.constFirst().seq, 0);

        QVERIFY2(m_server->resume(&error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(connection.constLast().at(0).toBool(), 10000);
        arrived.clear();
        // The writer tries the server again at most once a second.
        QList<Capture> after{sample("/after")};
        const QDeadlineTimer deadline(10000);
        for (writer.write(after); after.constFirst().seq == 0 && !deadline.hasExpired(); writer.write(after))
            QTest::qWait(100);
        QVERIFY(after.constFirst().seq > 0);
        QTRY_VERIFY(!arrived.isEmpty()); // notifications flow again on the new connection
        CapturePostgres reader;
        QVERIFY(reader.openExisting(uri, &error));
        QCOMPARE(reader.count(), 2);
    }
};

QTEST_GUILESS_MAIN(TestCapturePostgres)
#include "tst_capturepostgres.moc"
