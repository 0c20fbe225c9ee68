#include "core/capture/capturedatabase.h"
#include "core/capture/captureexport.h"
#include "core/capture/capturejson.h"
#include "core/capture/capturemodel.h"
#include "core/capture/capturestore.h"
#include "core/capture/capturewriter.h"
#include "support/capturesample.h"
#include "support/deliverystore.h"
#include "support/testsupport.h"

#include <QAbstractItemModelTester>
#include <QBuffer>
#include <QDateTime>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

namespace {
Capture sample(const QByteArray &path, const QByteArray &body = "{\"a\":1}")
{
    return TestSupport::sampleCapture(path, body);
}
} // namespace

// The capture store: schema and migrations, exact round trips, a corrupt file kept
// aside, a newer schema refused, retention, deletes, search, export, and the model.
class TestCaptureStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { TestSupport::isolateUserData(); }

    void roundTripKeepsEveryByte()
    {
        QTemporaryDir dir;
        CaptureDatabase db;
        QString error;
        QVERIFY2(db.open(dir.filePath(QStringLiteral("c.sqlite")), &error), qPrintable(error));
        QByteArray binary;
        for (int i = 0; i < 256; ++i)
            binary += char(i);
        Capture chunked = sample("/bin", binary);
        chunked.raw = "POST /bin HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n100\r\n" + binary + "\r\n0\r\n\r\n";
        chunked.headers.append(qMakePair(QByteArray("X-Latin"), QByteArray("caf\xe9")));
        chunked.signature = {QStringLiteral("github"), false, QStringLiteral("signature mismatch"), "sha256=ab"};
        Capture rejected = sample("/bad", {});
        rejected.status = Capture::Status::Rejected;
        rejected.error = QStringLiteral("invalid chunk size");
        rejected.errorOffset = 42;
        rejected.method.clear();
        Capture received = sample("/a");
        received.listenerHost = QStringLiteral("inbox-1");
        received.listenerPort = 8765;
        QList<Capture> batch{received, chunked, rejected};
        QVERIFY2(db.insert(batch, &error), qPrintable(error));
        QVERIFY(batch.at(0).seq > 0 && batch.at(1).seq > batch.at(0).seq);

        const auto a = db.load(batch.at(0).seq);
        QVERIFY(a);
        QCOMPARE(a->body, batch.at(0).body); // stored once, as the tail of raw
        QCOMPARE(a->raw, batch.at(0).raw);
        QCOMPARE(a->headers, batch.at(0).headers);
        QCOMPARE(a->listenerHost, QStringLiteral("inbox-1"));
        QCOMPARE(a->listenerPort, quint16(8765));
        const auto b = db.loadById(chunked.id);
        QVERIFY(b);
        QCOMPARE(b->body, binary);
        QCOMPARE(b->raw, chunked.raw);
        QCOMPARE(b->headers.last().second, QByteArray("caf\xe9"));
        QCOMPARE(b->signature.reason, QStringLiteral("signature mismatch"));
        QCOMPARE(b->signature.expected, QByteArray("sha256=ab"));
        const auto r = db.load(batch.at(2).seq);
        QVERIFY(r);
        QCOMPARE(r->status, Capture::Status::Rejected);
        QCOMPARE(r->errorOffset, qint64(42));
        QCOMPARE(r->error, QStringLiteral("invalid chunk size"));
        QCOMPARE(db.count(), 3);
    }

    void failedBatchWritesNothing()
    {
        QTemporaryDir dir;
        CaptureDatabase db;
        QString error;
        QVERIFY2(db.open(dir.filePath(QStringLiteral("c.sqlite")), &error), qPrintable(error));
        QList<Capture> first{sample("/a")};
        QVERIFY2(db.insert(first, &error), qPrintable(error));
        // The second row repeats an id: the whole transaction is rolled back, and the
        // connection takes the next batch as if nothing happened.
        QList<Capture> clash{sample("/b"), first.constFirst()};
        QVERIFY(!db.insert(clash, &error));
        QVERIFY2(error.contains(QLatin1String("UNIQUE")), qPrintable(error));
        QCOMPARE(db.count(), 1);
        QList<Capture> next{sample("/c")};
        QVERIFY2(db.insert(next, &error), qPrintable(error));
        QCOMPARE(db.count(), 2);
        QCOMPARE(db.load(next.constFirst().seq)->target, QByteArray("/c?x=1"));
    }

    void idsAreTimeOrderedUuids()
    {
        const QRegularExpression uuid7(
            QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"));
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        const QString a = Capture::newId();
        QTest::qSleep(2);
        const QString b = Capture::newId();
        QVERIFY2(uuid7.match(a).hasMatch(), qPrintable(a));
        QVERIFY2(a < b, qPrintable(a + QLatin1String(" ") + b));
        // The first 48 bits are the Unix time in milliseconds.
        const qint64 ms = QStringView(a).left(8).toLongLong(nullptr, 16) << 16
            | QStringView(a).mid(9, 4).toLongLong(nullptr, 16);
        QVERIFY(ms >= before && ms <= QDateTime::currentMSecsSinceEpoch());
    }

    void schemaIsVersioned()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("c.sqlite"));
        {
            CaptureDatabase db;
            QString error;
            QVERIFY(db.open(file, &error));
        }
        {
            QSqlDatabase raw = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("peek"));
            raw.setDatabaseName(file);
            QVERIFY(raw.open());
            QSqlQuery q(raw);
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version")) && q.next());
            QCOMPARE(q.value(0).toInt(), CaptureDatabase::kSchemaVersion);
            QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
            QCOMPARE(q.value(0).toString(), QStringLiteral("wal"));
            // Pretend a newer Hookbench wrote it.
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version=99")));
            raw.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("peek"));
        CaptureDatabase db;
        QString error;
        QVERIFY(!db.open(file, &error));
        QVERIFY2(error.contains(QLatin1String("newer Hookbench")), qPrintable(error));
        QVERIFY(QFileInfo::exists(file)); // refused, untouched, not moved aside
    }

    void schemaOneIsMigrated()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("c.sqlite"));
        QList<Capture> kept{sample("/before-migration")};
        {
            CaptureDatabase db;
            QString error;
            QVERIFY(db.open(file, &error));
            QVERIFY(db.insert(kept, &error));
        }
        {
            // A store as Hookbench wrote it at schema 1: the same table with a received_at index.
            QSqlDatabase raw = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v1"));
            raw.setDatabaseName(file);
            QVERIFY(raw.open());
            QSqlQuery q(raw);
            QVERIFY(q.exec(QStringLiteral("CREATE INDEX captures_received_at ON captures(received_at_ms)")));
            // ... without the columns later steps add (step 3: forwarding; step 4: listener identity; step 5: TLS;
            // step 6: delivery ids; step 7: replays).
            for (const char *column : {"forward_url", "forward_status", "forward_error", "forward_ms", "forward_at_ms"})
                QVERIFY(q.exec(QStringLiteral("ALTER TABLE captures DROP COLUMN ") + QLatin1String(column)));
            QVERIFY(q.exec(QStringLiteral("ALTER TABLE captures DROP COLUMN listener_host")));
            QVERIFY(q.exec(QStringLiteral("ALTER TABLE captures DROP COLUMN listener_port")));
            QVERIFY(q.exec(QStringLiteral("ALTER TABLE captures DROP COLUMN tls")));
            QVERIFY(q.exec(QStringLiteral("ALTER TABLE captures DROP COLUMN delivery_id")));
            QVERIFY(q.exec(QStringLiteral("DROP TABLE deliveries"))); // step 7: replays
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version=1")));
            raw.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("v1"));
        {
            CaptureDatabase db;
            QString error;
            QVERIFY2(db.open(file, &error), qPrintable(error));
            QCOMPARE(db.load(kept.constFirst().seq)->path(), QByteArray("/before-migration"));
            QVERIFY(!db.load(kept.constFirst().seq)->forward.isSet());       // not forwarded: NULL url
            QVERIFY(db.load(kept.constFirst().seq)->listenerHost.isEmpty()); // schema 4: not known before
            QVERIFY(!db.load(kept.constFirst().seq)->tls.used);
            // Step 5: a capture's TLS details are kept from now on.
            QList<Capture> secure{sample("/over-tls")};
            secure.first().tls = {true, QStringLiteral("TLSv1.3"), QStringLiteral("TLS_AES_128_GCM_SHA256"),
                                  QStringLiteral("localhost"), QStringLiteral("CN=client")};
            QVERIFY(db.insert(secure, &error));
            const Capture loaded = *db.load(secure.constFirst().seq);
            QVERIFY(loaded.tls.used);
            QCOMPARE(loaded.tls.protocol, QStringLiteral("TLSv1.3"));
            QCOMPARE(loaded.tls.cipher, QStringLiteral("TLS_AES_128_GCM_SHA256"));
            QCOMPARE(loaded.tls.sni, QStringLiteral("localhost"));
            QCOMPARE(loaded.tls.clientCertificate, QStringLiteral("CN=client"));
            // Step 6: replays are kept with the capture from before the migration.
            ReplayDelivery replay = TestSupport::sampleDelivery(kept.constFirst().seq);
            QVERIFY2(db.recordDelivery(replay, &error), qPrintable(error));
            QCOMPARE(db.deliveries(kept.constFirst().seq).size(), 1);
        }
        QSqlDatabase raw = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v2"));
        raw.setDatabaseName(file);
        QVERIFY(raw.open());
        QSqlQuery q(raw);
        QVERIFY(q.exec(QStringLiteral("PRAGMA user_version")) && q.next());
        QCOMPARE(q.value(0).toInt(), CaptureDatabase::kSchemaVersion);
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name = 'captures_received_at'"))
                && q.next());
        QCOMPARE(q.value(0).toInt(), 0);
        // Stores created before keep their pages; new ones have 8 KiB pages.
        QVERIFY(q.exec(QStringLiteral("PRAGMA page_size")) && q.next());
        QCOMPARE(q.value(0).toInt(), 8192);
        q.finish();
        raw = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("v2"));
    }

    void deliveriesFollowTheirCaptures()
    {
        QTemporaryDir dir;
        CaptureDatabase db;
        QString error;
        QVERIFY2(db.open(dir.filePath(QStringLiteral("c.sqlite")), &error), qPrintable(error));
        TestSupport::checkDeliveriesFollowTheirCaptures(db);
        QVERIFY(!QTest::currentTestFailed());
    }

    void storeRecordsAndReadsDeliveriesOnItsThread()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("c.sqlite"));
        CaptureStore store;
        QString error;
        QVERIFY2(store.open(file, &error), qPrintable(error));
        QList<Capture> captures{sample("/a")};
        {
            CaptureDatabase writer;
            QVERIFY2(writer.openExisting(file, &error), qPrintable(error));
            QVERIFY(writer.insert(captures, &error));
        }
        const qint64 seq = captures.constFirst().seq;
        QSignalSpy recorded(&store, &CaptureStore::deliveryRecorded);
        QSignalSpy notRecorded(&store, &CaptureStore::deliveryNotRecorded);
        store.recordDelivery(TestSupport::sampleDelivery(seq));
        store.recordDelivery(TestSupport::sampleDelivery(seq + 1000)); // no such capture
        QTRY_COMPARE(recorded.size(), 1);
        QTRY_COMPARE(notRecorded.size(), 1);
        QVERIFY(recorded.at(0).at(0).value<ReplayDelivery>().id > 0);

        QSignalSpy loaded(&store, &CaptureStore::deliveriesLoaded);
        const quint64 token = store.nextToken();
        QVERIFY(store.nextToken() != token); // every reader's results are told apart
        store.requestDeliveries(token, seq);
        QTRY_COMPARE(loaded.size(), 1);
        QCOMPARE(loaded.at(0).at(0).toULongLong(), token);
        QCOMPARE(loaded.at(0).at(1).toLongLong(), seq);
        QCOMPARE(loaded.at(0).at(2).value<QList<ReplayDelivery>>().size(), 1);
    }

    void corruptFileIsKeptAside()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("c.sqlite"));
        QFile junk(file);
        QVERIFY(junk.open(QIODevice::WriteOnly));
        const QByteArray garbage = QByteArray("this is not a database, it is a shopping list\n").repeated(200);
        junk.write(garbage);
        junk.close();

        CaptureDatabase db;
        QString error, notice;
        QVERIFY2(db.open(file, &error, &notice), qPrintable(error));
        QVERIFY2(notice.contains(QLatin1String("kept aside")), qPrintable(notice));
        const QStringList aside = QDir(dir.path()).entryList({QStringLiteral("c.sqlite.corrupt-*")});
        QCOMPARE(aside.size(), 1);
        QFile kept(dir.filePath(aside.constFirst()));
        QVERIFY(kept.open(QIODevice::ReadOnly));
        QCOMPARE(kept.readAll(), garbage); // never overwritten
        QCOMPARE(db.count(), 0);
    }

    void retentionDeleteAndSearch()
    {
        QTemporaryDir dir;
        CaptureDatabase db;
        QString error;
        QVERIFY(db.open(dir.filePath(QStringLiteral("c.sqlite")), &error));
        QList<Capture> batch;
        for (int i = 0; i < 10; ++i)
            batch << sample("/r/" + QByteArray::number(i), "{\"needle\": \"n" + QByteArray::number(i) + "\"}");
        batch[0].receivedAtMs -= qint64(10) * 24 * 3600 * 1000; // ten days old
        QVERIFY(db.insert(batch, &error));

        QCOMPARE(db.search(QStringLiteral("N7")), QSet<qint64>{batch.at(7).seq}); // body, case-insensitive
        QCOMPARE(db.search(QStringLiteral("x-DUP")).size(),
                 0); // the search reads the raw bytes, which here lack X-Dup...
        QCOMPARE(db.search(QStringLiteral("host: a")).size(), 10); // ...headers included

        QCOMPARE(db.applyRetention(0, 7, QDateTime::currentMSecsSinceEpoch()), 1);
        QCOMPARE(db.count(), 9);
        QVERIFY(!db.load(batch.at(0).seq));
        QCOMPARE(db.applyRetention(5, 0, QDateTime::currentMSecsSinceEpoch()), 4);
        QCOMPARE(db.count(), 5);
        QVERIFY(!db.load(batch.at(4).seq));
        QVERIFY(db.load(batch.at(5).seq));

        QVERIFY(db.remove({batch.at(5).seq}));
        QCOMPARE(db.count(), 4);
        QVERIFY(db.removeAll());
        QCOMPARE(db.count(), 0);
    }

    void retentionByAgeFollowsArrivalOrder()
    {
        QTemporaryDir dir;
        CaptureDatabase db;
        QString error;
        QVERIFY(db.open(dir.filePath(QStringLiteral("c.sqlite")), &error));
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const qint64 day = qint64(24) * 3600 * 1000;
        // Ages in days, in the order the captures were stored: a slow upload that began
        // 8 days ago can be stored after a younger capture.
        const QList<int> ages{30, 9, 8, 2, 8, 1, 0};
        QList<Capture> batch;
        for (int age : ages) {
            Capture c = sample("/age/" + QByteArray::number(age));
            c.receivedAtMs = now - age * day;
            batch << c;
        }
        QVERIFY(db.insert(batch, &error));
        QCOMPARE(db.applyRetention(0, 7, now), 3); // the old ones before the first young one
        QVERIFY(db.load(batch.at(3).seq));
        // The late 8-day-old capture stays while a younger one is stored before it...
        QCOMPARE(db.applyRetention(0, 3, now), 0);
        // ...and goes with it once that one is old too (two days on: 4 and 10 days old).
        QCOMPARE(db.applyRetention(0, 3, now + 2 * day), 2);
        QCOMPARE(db.count(), 2);
        QVERIFY(db.load(batch.at(5).seq) && db.load(batch.at(6).seq));
        QCOMPARE(db.applyRetention(0, 7, now + 30 * day), 2); // all old: all go
        QCOMPARE(db.count(), 0);
    }

    void walIsCutBackWhenWritesPause()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("c.sqlite"));
        CaptureStore store;
        QString error;
        QVERIFY(store.open(file, &error));
        CaptureWriter writer(&store);
        // More than one checkpoint's worth of WAL (CaptureInsert::kCheckpointBytes).
        const QByteArray body(64 * 1024, 'w');
        for (int i = 0; i < 100; ++i) {
            QList<Capture> batch{sample("/w", body)};
            writer.write(batch);
            QVERIFY(batch.constFirst().seq > 0);
        }
        const QString wal = file + QStringLiteral("-wal");
        QVERIFY(QFileInfo(wal).size() > 4 * 1024 * 1024);
        // Two seconds after the last request for a checkpoint, the WAL file is emptied.
        QTRY_COMPARE_WITH_TIMEOUT(QFileInfo(wal).size(), qint64(0), 10000);
        CaptureDatabase reader;
        QVERIFY(reader.openExisting(file, &error));
        QCOMPARE(reader.count(), 100);
    }

    void writerCommitsAndStoreReads()
    {
        QTemporaryDir dir;
        CaptureStore store;
        QList<Capture> committed;
        connect(&store, &CaptureStore::committed, this, [&](const QList<Capture> &batch) { committed += batch; });
        QSignalSpy failed(&store, &CaptureStore::commitFailed);
        QList<Capture> early{sample("/early")};
        {
            // Before the store is open, a batch is refused in words and still announced.
            CaptureWriter writer(&store);
            writer.write(early);
            QCOMPARE(early.constFirst().seq, 0);
            QCOMPARE(failed.size(), 1);
            QCOMPARE(failed.constFirst().constFirst().toString(), QStringLiteral("the capture store is not open"));
        }
        // A writer waits for an open that is still queued on the store thread.
        store.openAsync(dir.filePath(QStringLiteral("c.sqlite")));
        CaptureWriter writer(&store);
        for (int i = 0; i < 500; i += 100) {
            QList<Capture> batch;
            for (int j = i; j < i + 100; ++j)
                batch << sample("/g/" + QByteArray::number(j));
            writer.write(batch);
            for (const Capture &c : std::as_const(batch))
                QVERIFY(c.seq > 0);
        }
        QTRY_COMPARE(committed.size(), 501);
        QCOMPARE(failed.size(), 1);
        committed.removeFirst();

        QSignalSpy loaded(&store, &CaptureStore::captureLoaded);
        store.requestCapture(committed.at(10).seq);
        // The store thread may answer before a wait() would begin: count, do not wait.
        QTRY_COMPARE(loaded.size(), 1);
        QCOMPARE(loaded.constFirst().constFirst().value<Capture>().path(), QByteArray("/g/10"));

        QList<CaptureSummary> summaries;
        connect(&store, &CaptureStore::summariesLoaded, this, [&](const QList<CaptureSummary> &s) { summaries += s; });
        // Queued to this thread like the batches, so it is counted after them (a QSignalSpy
        // counts at once on the store thread, before the batches arrive here).
        int done = 0;
        connect(&store, &CaptureStore::summariesDone, this, [&] { ++done; });
        store.requestSummaries();
        QTRY_COMPARE(done, 1);
        QCOMPARE(summaries.size(), 500);
        QCOMPARE(summaries.at(3).path, QByteArray("/g/3"));
        QCOMPARE(summaries.at(3).method(), QByteArray("POST"));
    }

    void modelBatchesAndFilters()
    {
        CaptureModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        CaptureFilterModel filter;
        filter.setSourceModel(&model);
        QAbstractItemModelTester filterTester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);

        QList<Capture> batch;
        for (int i = 0; i < 100; ++i) {
            Capture c = sample(QByteArray(i % 2 ? "/odd/" : "/even/") + QByteArray::number(i));
            c.seq = i + 1;
            if (i == 7) {
                c.method = "GET";
                c.status = Capture::Status::Rejected;
            }
            batch << c;
        }
        model.enqueue(batch.mid(0, 50));
        model.enqueue(batch.mid(50));
        QTRY_COMPARE(model.rowCount(), 100);
        QCOMPARE(inserted.count(), 1); // one insert for the whole batch
        QCOMPARE(model.data(model.index(7, CaptureModel::VerdictColumn)).toString(), QStringLiteral("rejected"));
        QCOMPARE(model.rowOfSeq(42), 41);

        filter.setFilterText(QStringLiteral("method:GET"));
        QCOMPARE(filter.rowCount(), 1);
        filter.setFilterText(QStringLiteral("path:/odd/*"));
        QCOMPARE(filter.rowCount(), 50);
        filter.setFilterText(QStringLiteral("status:rejected"));
        QCOMPARE(filter.rowCount(), 1);
        filter.setFilterText(QStringLiteral("even/2"));
        QCOMPARE(filter.rowCount(), 6); // 2, 20, 22, 24, 26, 28
        filter.setFilterText(QStringLiteral("something-in-a-body"));
        QCOMPARE(filter.rowCount(), 0);
        filter.setContentMatches({5, 6});
        QCOMPARE(filter.rowCount(), 2);

        // Two listeners' batches may arrive out of order, or repeat a loaded capture:
        // rows stay in seq order, once each.
        QList<Capture> late{sample("/late/150"), sample("/late/101"), sample("/late/42")};
        late[0].seq = 150;
        late[1].seq = 101;
        late[2].seq = 42;
        model.enqueue(late);
        QTRY_COMPARE(model.rowCount(), 102);
        QCOMPARE(model.rowOfSeq(101), 100);
        QCOMPARE(model.rowOfSeq(150), 101);
        QCOMPARE(model.rowOfSeq(42), 41);
        model.removeSeqs({101, 150});
        QCOMPARE(model.rowCount(), 100);

        model.removeSeqs({1, 2, 3});
        QCOMPARE(model.rowCount(), 97);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void modelTextMatchesTheInspector()
    {
        CaptureModel model;
        Capture today = sample("/today", QByteArray(2048, 'x'));
        today.seq = 1;
        Capture older = sample("/older", QByteArray(69, 'y'));
        older.seq = 2;
        older.receivedAtMs -= qint64(3) * 24 * 3600 * 1000;
        model.enqueue({today, older});
        QTRY_COMPARE(model.rowCount(), 2);
        // One size format everywhere: the inspector's (ResponseBody::formatSize).
        QCOMPARE(model.data(model.index(0, CaptureModel::SizeColumn)).toString(), QStringLiteral("2.0 KB"));
        QCOMPARE(model.data(model.index(1, CaptureModel::SizeColumn)).toString(), QStringLiteral("69 B"));
        // Captures persist: the date is shown when it is not today.
        const QString todayTime = model.data(model.index(0, CaptureModel::TimeColumn)).toString();
        QVERIFY2(!todayTime.contains(QLatin1Char('-')), qPrintable(todayTime));
        const QString olderTime = model.data(model.index(1, CaptureModel::TimeColumn)).toString();
        QCOMPARE(olderTime.left(10), QDateTime::fromMSecsSinceEpoch(older.receivedAtMs).date().toString(Qt::ISODate));
    }

    void exportsJsonLinesAndHar()
    {
        Capture c = sample("/e");
        c.body = QByteArray("\xff\xfe binary", 9);
        const QList<Capture> captures{sample("/d"), c};
        QBuffer jsonl;
        jsonl.open(QIODevice::WriteOnly);
        QString error;
        QVERIFY(CaptureExport::write(captures, CaptureExport::Format::JsonLines, &jsonl, &error));
        const QList<QByteArray> lines = jsonl.data().trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        const QJsonObject first = QJsonDocument::fromJson(lines.at(0)).object();
        QCOMPARE(first.value(QLatin1String("path")).toString(), QStringLiteral("/d"));
        QCOMPARE(first.value(QLatin1String("query")).toString(), QStringLiteral("x=1"));
        QCOMPARE(first.value(QLatin1String("bodyText")).toString(), QStringLiteral("{\"a\":1}"));
        QCOMPARE(first.value(QLatin1String("headers")).toArray().at(2).toArray().at(0).toString(),
                 QStringLiteral("X-Dup"));
        QCOMPARE(first.value(QLatin1String("headers")).toArray().at(3).toArray().at(0).toString(),
                 QStringLiteral("x-dup"));
        QCOMPARE(first.value(QLatin1String("error")).type(), QJsonValue::Null);
        QVERIFY(!first.contains(QLatin1String("signature")));
        const QJsonObject second = QJsonDocument::fromJson(lines.at(1)).object();
        QVERIFY(!second.contains(QLatin1String("bodyText"))); // not UTF-8
        QCOMPARE(QByteArray::fromBase64(second.value(QLatin1String("bodyBase64")).toString().toLatin1()), c.body);
        // The documented key order is kept.
        QVERIFY(lines.at(0).startsWith("{\"id\":"));
        QVERIFY(lines.at(0).indexOf("\"receivedAt\"") < lines.at(0).indexOf("\"remoteAddress\""));

        QBuffer har;
        har.open(QIODevice::WriteOnly);
        QVERIFY(CaptureExport::write(captures, CaptureExport::Format::Har, &har, &error));
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(har.data(), &parseError);
        QVERIFY2(parseError.error == QJsonParseError::NoError, qPrintable(parseError.errorString()));
        const QJsonObject log = doc.object().value(QLatin1String("log")).toObject();
        QCOMPARE(log.value(QLatin1String("version")).toString(), QStringLiteral("1.2"));
        const QJsonArray entries = log.value(QLatin1String("entries")).toArray();
        QCOMPARE(entries.size(), 2);
        const QJsonObject request = entries.at(0).toObject().value(QLatin1String("request")).toObject();
        QCOMPARE(request.value(QLatin1String("url")).toString(), QStringLiteral("http://a/d?x=1"));
        // HAR 1.2 statusText: the answer's reason phrase, as the listener wrote it on its status line.
        const QJsonObject response = entries.at(0).toObject().value(QLatin1String("response")).toObject();
        QCOMPARE(response.value(QLatin1String("status")).toInt(), 200);
        QCOMPARE(response.value(QLatin1String("statusText")).toString(), QStringLiteral("OK"));
        QCOMPARE(request.value(QLatin1String("postData")).toObject().value(QLatin1String("text")).toString(),
                 QStringLiteral("{\"a\":1}"));
        QCOMPARE(entries.at(1)
                     .toObject()
                     .value(QLatin1String("request"))
                     .toObject()
                     .value(QLatin1String("postData"))
                     .toObject()
                     .value(QLatin1String("encoding"))
                     .toString(),
                 QStringLiteral("base64"));
    }
};

QTEST_GUILESS_MAIN(TestCaptureStore)
#include "tst_capturestore.moc"
