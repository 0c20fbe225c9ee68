#include "core/send/historystore.h"
#include "support/sqlitepeek.h"
#include "support/testsupport.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

class TestHistoryStore : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_files = 0;

    QString freshFile() { return m_dir.filePath(QStringLiteral("history-%1.sqlite").arg(++m_files)); }

    static OutgoingRequest request(const QString &url, const QByteArray &method = "POST", const QByteArray &body = {})
    {
        OutgoingRequest r;
        r.method = method;
        r.url = QUrl(url);
        r.body = body;
        r.headers = {{"X-MiXeD", "1"}, {"x-dup", "a"}, {"X-Dup", "b"}, {"Content-Type", "application/json"}};
        r.options.timeoutMs = 1234;
        r.options.followRedirects = false;
        r.options.maxRedirects = 3;
        r.options.ignoreTlsErrors = true;
        r.options.allowHttp2 = false;
        r.options.proxyMode = ProxyMode::Manual;
        r.options.proxyUrl = QStringLiteral("http://proxy:3128");
        return r;
    }

    static SendResult answer(int status, const QDateTime &at, const QByteArray &body = "{\"ok\":true}")
    {
        SendResult r;
        r.status = status;
        r.reason = status == 200 ? QByteArray("OK") : QByteArray("Not Found");
        r.headers = {{"Content-Type", "application/json"}, {"X-Request-Id", "r-1"}};
        r.body = body;
        r.totalMs = 12.5;
        r.firstByteMs = 10.25;
        r.startedAt = at;
        r.finalUrl = QUrl(QStringLiteral("http://127.0.0.1:9/final"));
        r.http2 = true;
        r.requestHeaders = {{"X-MiXeD", "1"}, {"x-dup", "a, b"}, {"User-Agent", "Hookbench/test"}};
        return r;
    }

    static SendResult failure(const QDateTime &at)
    {
        SendResult r;
        r.error = SendError::ConnectionRefused;
        r.errorText = QStringLiteral("connection refused");
        r.startedAt = at;
        r.totalMs = 1;
        return r;
    }

private Q_SLOTS:
    void initTestCase()
    {
        TestSupport::isolateUserData();
        QVERIFY(m_dir.isValid());
    }

    void recordsSurviveReopenNewestFirst()
    {
        const QString file = freshFile();
        const QDateTime t0 = QDateTime::fromString(QStringLiteral("2026-11-27T03:38:00.123Z"), Qt::ISODateWithMs);
        const QByteArray binary("{\"event\":\"user_registered\"}\x00\xff", 29);
        {
            HistoryStore store(file);
            QSignalSpy committed(&store, &HistoryStore::committed);
            store.record(request(QStringLiteral("http://127.0.0.1:9/first"), "POST", binary), answer(200, t0), 1);
            store.record(request(QStringLiteral("http://127.0.0.1:9/second"), "PUT"), failure(t0.addSecs(2)), 2);
            store.record(request(QStringLiteral("http://127.0.0.1:9/third?q=1"), "GET"), answer(404, t0.addSecs(1)), 1);
            store.waitForCommitted();
            QTRY_VERIFY(!committed.isEmpty());
            qsizetype ids = 0;
            for (const auto &c : std::as_const(committed))
                ids += c.at(0).value<QList<qint64>>().size();
            QCOMPARE(ids, qsizetype(3));
        }
        HistoryStore reopened(file);
        const auto rows = reopened.listNow();
        QCOMPARE(rows.size(), 3);
        QCOMPARE(rows.at(0).url, QStringLiteral("http://127.0.0.1:9/second")); // sent last
        QCOMPARE(rows.at(0).error, SendError::ConnectionRefused);
        QCOMPARE(rows.at(0).errorText, QStringLiteral("connection refused"));
        QCOMPARE(rows.at(0).attempt, 2);
        QCOMPARE(rows.at(1).url, QStringLiteral("http://127.0.0.1:9/third?q=1"));
        QCOMPARE(rows.at(1).status, 404);
        QCOMPARE(rows.at(2).url, QStringLiteral("http://127.0.0.1:9/first"));
        QCOMPARE(rows.at(2).method, QByteArray("POST"));
        QCOMPARE(rows.at(2).sentAt, t0);
        QCOMPARE(rows.at(2).totalMs, 12.5);
        QCOMPARE(rows.at(2).responseSize, qint64(11));

        const HistoryEntry entry = reopened.loadNow(rows.at(2).id);
        QVERIFY(entry.isValid());
        const OutgoingRequest expected = request(QStringLiteral("http://127.0.0.1:9/first"), "POST", binary);
        QCOMPARE(entry.request, expected); // method, URL, headers in order and case, body bytes, options
        QCOMPARE(entry.requestBodySize, qint64(binary.size()));
        const SendResult a = answer(200, t0);
        QCOMPARE(entry.result.status, 200);
        QCOMPARE(entry.result.reason, QByteArray("OK"));
        QCOMPARE(entry.result.headers, a.headers);
        QCOMPARE(entry.result.body, a.body);
        QCOMPARE(entry.result.totalMs, 12.5);
        QCOMPARE(entry.result.firstByteMs, 10.25);
        QCOMPARE(entry.result.finalUrl, a.finalUrl);
        QCOMPARE(entry.result.http2, true);
        QCOMPARE(entry.result.requestHeaders, a.requestHeaders);
        QCOMPARE(entry.result.error, SendError::None);
        QCOMPARE(entry.sentAt, t0);

        QVERIFY(!reopened.loadNow(999999).isValid());
        QCOMPARE(TestSupport::sqliteScalar(file, QStringLiteral("PRAGMA journal_mode")).toString(),
                 QStringLiteral("wal"));
        QCOMPARE(TestSupport::sqliteScalar(file, QStringLiteral("PRAGMA user_version")).toInt(), 1);
    }

    void asyncAnswersCarryTheirTicket()
    {
        HistoryStore store(freshFile());
        const QDateTime now = QDateTime::currentDateTimeUtc();
        store.record(request(QStringLiteral("http://127.0.0.1:9/a")), answer(200, now));
        QSignalSpy listed(&store, &HistoryStore::listed);
        QSignalSpy loaded(&store, &HistoryStore::loaded);
        const quint64 first = store.list();
        const quint64 second = store.list(QStringLiteral("nothing matches this"));
        QVERIFY(first != second);
        QTRY_COMPARE(listed.size(), 2);
        QCOMPARE(listed.at(0).at(0).toULongLong(), first);
        const auto rows = listed.at(0).at(1).value<QList<HistorySummary>>();
        QCOMPARE(rows.size(), 1); // recorded just before the question, so part of the answer
        QCOMPARE(listed.at(1).at(0).toULongLong(), second);
        QVERIFY(listed.at(1).at(1).value<QList<HistorySummary>>().isEmpty());

        const quint64 ticket = store.load(rows.first().id);
        QTRY_COMPARE(loaded.size(), 1);
        QCOMPARE(loaded.first().at(0).toULongLong(), ticket);
        QCOMPARE(loaded.first().at(1).value<HistoryEntry>().request.url, QUrl(QStringLiteral("http://127.0.0.1:9/a")));
    }

    void search_data()
    {
        QTest::addColumn<QString>("search");
        QTest::addColumn<QStringList>("paths");
        const QStringList all{QStringLiteral("/a_b"), QStringLiteral("/axb"), QStringLiteral("/other"),
                              QStringLiteral("/webhook")};
        QTest::newRow("everything") << QString() << all;
        QTest::newRow("url part") << QStringLiteral("webhook") << QStringList{QStringLiteral("/webhook")};
        QTest::newRow("case-insensitive") << QStringLiteral("WEBHOOK") << QStringList{QStringLiteral("/webhook")};
        QTest::newRow("method") << QStringLiteral("DELETE") << QStringList{QStringLiteral("/other")};
        QTest::newRow("status") << QStringLiteral("404") << QStringList{QStringLiteral("/a_b")};
        QTest::newRow("error text") << QStringLiteral("refused") << QStringList{QStringLiteral("/other")};
        QTest::newRow("request header") << QStringLiteral("X-MiXeD") << all;
        QTest::newRow("body text") << QStringLiteral("user_registered") << QStringList{QStringLiteral("/webhook")};
        QTest::newRow("percent is literal") << QStringLiteral("50%") << QStringList{QStringLiteral("/webhook")};
        QTest::newRow("underscore is literal") << QStringLiteral("a_b") << QStringList{QStringLiteral("/a_b")};
        QTest::newRow("no match") << QStringLiteral("zzz") << QStringList{};
    }

    void search()
    {
        QFETCH(QString, search);
        QFETCH(QStringList, paths);
        HistoryStore store(freshFile());
        const QDateTime t0 = QDateTime::currentDateTimeUtc();
        store.record(request(QStringLiteral("http://127.0.0.1:9/webhook"), "POST",
                             "{\"event\": \"user_registered\", \"deal\": \"50% off\"}"),
                     answer(200, t0));
        store.record(request(QStringLiteral("http://127.0.0.1:9/other"), "DELETE"), failure(t0.addMSecs(1)));
        store.record(request(QStringLiteral("http://127.0.0.1:9/a_b"), "GET", "50 off"), answer(404, t0.addMSecs(2)));
        store.record(request(QStringLiteral("http://127.0.0.1:9/axb"), "GET"), answer(200, t0.addMSecs(3)));
        QStringList found;
        for (const auto &row : store.listNow(search))
            found << QUrl(row.url).path();
        std::sort(found.begin(), found.end());
        QCOMPARE(found, paths);
    }

    void bodiesAreCappedSizesKept()
    {
        HistoryStore store(freshFile());
        const QByteArray big(HistoryStore::kMaxStoredResponseBody + 1000, 'x');
        store.record(request(QStringLiteral("http://127.0.0.1:9/big")),
                     answer(200, QDateTime::currentDateTimeUtc(), big));
        const auto rows = store.listNow();
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.first().responseSize, qint64(big.size()));
        const HistoryEntry entry = store.loadNow(rows.first().id);
        QCOMPARE(entry.responseBodySize, qint64(big.size()));
        QCOMPARE(entry.result.body.size(), HistoryStore::kMaxStoredResponseBody);
    }

    void removeAndClear()
    {
        HistoryStore store(freshFile());
        const QDateTime t0 = QDateTime::currentDateTimeUtc();
        store.record(request(QStringLiteral("http://127.0.0.1:9/1")), answer(200, t0));
        store.record(request(QStringLiteral("http://127.0.0.1:9/2")), answer(200, t0.addMSecs(1)));
        const auto rows = store.listNow();
        QCOMPARE(rows.size(), 2);
        QSignalSpy changed(&store, &HistoryStore::changed);
        store.remove(rows.first().id);
        QTRY_COMPARE(changed.size(), 1);
        QCOMPARE(store.listNow().size(), 1);
        QCOMPARE(store.listNow().first().url, QStringLiteral("http://127.0.0.1:9/1"));
        store.clear();
        QTRY_COMPARE(changed.size(), 2);
        QVERIFY(store.listNow().isEmpty());
    }

    void corruptFileIsKeptAsideNeverOverwritten()
    {
        const QString file = freshFile();
        QByteArray garbage;
        for (int i = 0; i < 4096; ++i)
            garbage.append(char((i * 37 + 11) % 251));
        {
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(garbage);
        }
        HistoryStore store(file);
        QSignalSpy errors(&store, &HistoryStore::errorOccurred);
        QVERIFY(store.isWritable());
        QTRY_COMPARE(errors.size(), 1);
        const QString message = errors.first().at(0).toString();
        QVERIFY2(message.contains(QLatin1String("kept as")), qPrintable(message));

        const QStringList aside
            = QDir(m_dir.path()).entryList({QFileInfo(file).fileName() + QStringLiteral(".corrupt-*")});
        QCOMPARE(aside.size(), 1);
        QVERIFY2(message.contains(aside.first()), qPrintable(message));
        QFile kept(m_dir.filePath(aside.first()));
        QVERIFY(kept.open(QIODevice::ReadOnly));
        QCOMPARE(kept.readAll(), garbage); // the user's bytes, untouched

        store.record(request(QStringLiteral("http://127.0.0.1:9/after")), answer(200, QDateTime::currentDateTimeUtc()));
        QCOMPARE(store.listNow().size(), 1); // a fresh history where the file was
    }

    void newerSchemaIsNotWritten()
    {
        const QString file = freshFile();
        {
            HistoryStore store(file);
            store.record(request(QStringLiteral("http://127.0.0.1:9/old")),
                         answer(200, QDateTime::currentDateTimeUtc()));
            store.waitForCommitted();
        }
        QVERIFY(TestSupport::sqliteExecute(file, QStringLiteral("PRAGMA user_version = 99")));
        HistoryStore store(file);
        QSignalSpy errors(&store, &HistoryStore::errorOccurred);
        QVERIFY(!store.isWritable());
        QTRY_COMPARE(errors.size(), 1);
        QVERIFY2(errors.first().at(0).toString().contains(QLatin1String("newer Hookbench")),
                 qPrintable(errors.first().at(0).toString()));
        store.record(request(QStringLiteral("http://127.0.0.1:9/new")), answer(200, QDateTime::currentDateTimeUtc()));
        const auto rows = store.listNow();
        QCOMPARE(rows.size(), 1); // still readable, nothing added
        QCOMPARE(rows.first().url, QStringLiteral("http://127.0.0.1:9/old"));
        QCOMPARE(TestSupport::sqliteScalar(file, QStringLiteral("PRAGMA user_version")).toInt(), 99);
    }

    void emptyFileIsMigrated()
    {
        const QString file = freshFile();
        {
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly)); // zero bytes: SQLite's empty database
        }
        {
            HistoryStore store(file);
            QSignalSpy errors(&store, &HistoryStore::errorOccurred);
            QVERIFY(store.isWritable());
            QCOMPARE(errors.size(), 0);
        }
        QCOMPARE(TestSupport::sqliteScalar(file, QStringLiteral("PRAGMA user_version")).toInt(), 1);
        QCOMPARE(TestSupport::sqliteScalar(file, QStringLiteral("SELECT count(*) FROM sends")).toInt(), 0);
    }

    void historyFromBeforeUserVersionIsKept()
    {
        // Hookbench kept the history's schema version in a table of its own before both stores
        // moved to PRAGMA user_version: such a file keeps its sends and is written to again.
        const QString file = freshFile();
        QVERIFY(
            TestSupport::sqliteExecute(file, QStringLiteral("CREATE TABLE schema_version (version INTEGER NOT NULL)")));
        QVERIFY(TestSupport::sqliteExecute(file, QStringLiteral("INSERT INTO schema_version (version) VALUES (1)")));
        QVERIFY(TestSupport::sqliteExecute(
            file,
            QStringLiteral("CREATE TABLE sends (id INTEGER PRIMARY KEY AUTOINCREMENT,"
                           " sent_at INTEGER NOT NULL, attempt INTEGER NOT NULL DEFAULT 1,"
                           " method TEXT NOT NULL, url TEXT NOT NULL, request_headers TEXT NOT NULL,"
                           " sent_headers TEXT NOT NULL, request_body BLOB NOT NULL,"
                           " request_body_size INTEGER NOT NULL, options TEXT NOT NULL,"
                           " status INTEGER NOT NULL, reason TEXT NOT NULL, response_headers TEXT NOT NULL,"
                           " response_body BLOB NOT NULL, response_body_size INTEGER NOT NULL,"
                           " total_ms REAL NOT NULL, first_byte_ms REAL NOT NULL, error TEXT NOT NULL,"
                           " error_text TEXT NOT NULL, final_url TEXT NOT NULL,"
                           " http2 INTEGER NOT NULL DEFAULT 0)")));
        QVERIFY(TestSupport::sqliteExecute(
            file, QStringLiteral("CREATE INDEX sends_sent_at ON sends (sent_at DESC, id DESC)")));
        QVERIFY(TestSupport::sqliteExecute(
            file,
            QStringLiteral("INSERT INTO sends VALUES (NULL, 1764214680123, 1, 'POST',"
                           " 'http://127.0.0.1:9/kept', '[]', '[]', X'7B7D', 2, '{}', 200, 'OK', '[]',"
                           " X'', 0, 3.5, 1.5, 'none', '', 'http://127.0.0.1:9/kept', 0)")));
        {
            HistoryStore store(file);
            QSignalSpy errors(&store, &HistoryStore::errorOccurred);
            QVERIFY(store.isWritable());
            store.record(request(QStringLiteral("http://127.0.0.1:9/new")),
                         answer(200, QDateTime::currentDateTimeUtc()));
            const auto rows = store.listNow();
            QCOMPARE(rows.size(), 2);
            QCOMPARE(rows.at(1).url, QStringLiteral("http://127.0.0.1:9/kept"));
            QCOMPARE(rows.at(1).status, 200);
            QCOMPARE(errors.size(), 0);
        }
        QCOMPARE(TestSupport::sqliteScalar(file, QStringLiteral("PRAGMA user_version")).toInt(), 1);
        QVERIFY(TestSupport::sqliteScalar(
                    file, QStringLiteral("SELECT name FROM sqlite_master WHERE name = 'schema_version'"))
                    .isNull());
    }

    // Preferences' "keep the newest N sends": older ones go, the newest stay, the view is told.
    void limitKeepsTheNewest()
    {
        HistoryStore store(freshFile());
        const QDateTime t0 = QDateTime::currentDateTimeUtc();
        for (int i = 0; i < 30; ++i)
            store.record(request(QStringLiteral("http://127.0.0.1:9/%1").arg(i)), answer(200, t0.addMSecs(i)));
        QCOMPARE(store.listNow({}, 0).size(), 30);
        QSignalSpy changed(&store, &HistoryStore::changed);
        store.setLimit(10);
        store.record(request(QStringLiteral("http://127.0.0.1:9/30")), answer(200, t0.addMSecs(30)));
        const auto rows = store.listNow({}, 0);
        QCOMPARE(rows.size(), 10);
        QCOMPARE(rows.first().url, QStringLiteral("http://127.0.0.1:9/30"));
        QCOMPARE(rows.last().url, QStringLiteral("http://127.0.0.1:9/21"));
        QTRY_COMPARE(changed.size(), 1);
        store.setLimit(0); // all of them again
        for (int i = 31; i < 40; ++i)
            store.record(request(QStringLiteral("http://127.0.0.1:9/%1").arg(i)), answer(200, t0.addMSecs(i)));
        QCOMPARE(store.listNow({}, 0).size(), 19);
    }

    void recordingIsGroupedIntoFewTransactions()
    {
        // Sends recorded in a burst share a transaction: far fewer committed() signals than sends.
        HistoryStore store(freshFile());
        QVERIFY(store.isWritable());
        QList<qint64> ids;
        int commits = 0;
        connect(&store, &HistoryStore::committed, this, [&](const QList<qint64> &batch) {
            ids += batch;
            ++commits;
        });
        constexpr int kSends = 500;
        for (int i = 0; i < kSends; ++i)
            store.record(request(QStringLiteral("http://127.0.0.1:9/%1").arg(i)),
                         answer(200, QDateTime::currentDateTimeUtc()));
        QTRY_COMPARE(ids.size(), kSends); // no wait asked for: the group's timer writes them
        QVERIFY2(commits < 10, qPrintable(QString::number(commits)));
        QCOMPARE(QSet<qint64>(ids.cbegin(), ids.cend()).size(), kSends);
        QCOMPARE(store.listNow({}, 0).size(), kSends);
    }

    void unusableLocationIsReported()
    {
        HistoryStore store(QStringLiteral("/proc/hookbench-no-such-place/history.sqlite"));
        QSignalSpy errors(&store, &HistoryStore::errorOccurred);
        QVERIFY(!store.isWritable());
        QTRY_COMPARE(errors.size(), 1);
        QVERIFY2(errors.first().at(0).toString().contains(QLatin1String("not being recorded")),
                 qPrintable(errors.first().at(0).toString()));
        store.record(request(QStringLiteral("http://127.0.0.1:9/x")), answer(200, QDateTime::currentDateTimeUtc()));
        QVERIFY(store.listNow().isEmpty());
    }

    void defaultFileIsInTheDataFolder()
    {
        HistoryStore store;
        QVERIFY2(store.fileName().contains(QLatin1String(".qttest")), qPrintable(store.fileName()));
        QVERIFY(store.fileName().endsWith(QLatin1String("/history.sqlite")));
    }
};

QTEST_GUILESS_MAIN(TestHistoryStore)
#include "tst_historystore.moc"
