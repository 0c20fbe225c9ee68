#include "core/storage/sqlitedatabase.h"
#include "support/sqlitepeek.h"
#include "support/testsupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

// The SQLite foundation under both stores, on real files: creating, migrating by
// user_version one transaction per step, refusing (or only reading) a newer schema,
// and setting a damaged file aside — named in the notice, never overwritten.
class TestSqliteDatabase : public QObject
{
    Q_OBJECT

    static SqliteDatabase::Schema schema(int steps)
    {
        const QList<QStringList> all = {
            {QStringLiteral("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)"),
             QStringLiteral("INSERT INTO items (name) VALUES ('first')")},
            {QStringLiteral("ALTER TABLE items ADD COLUMN size INTEGER NOT NULL DEFAULT 7")},
            {QStringLiteral("CREATE INDEX items_name ON items (name)")},
        };
        return {QStringLiteral("test store"), all.mid(0, steps)};
    }

    static QByteArray write(const QString &file, const QByteArray &bytes)
    {
        QFile f(file);
        if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
            qFatal("cannot write %s", qPrintable(file));
        return bytes;
    }

    static QByteArray read(const QString &file)
    {
        QFile f(file);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

    QStringList keptAside(const QString &file) const
    {
        return QDir(m_dir.path())
            .entryList({QFileInfo(file).fileName() + QStringLiteral(".corrupt-*")}, QDir::Files, QDir::Name);
    }

    QString freshFile() { return m_dir.filePath(QStringLiteral("s%1.sqlite").arg(++m_files)); }

private Q_SLOTS:
    void initTestCase()
    {
        TestSupport::isolateUserData();
        QVERIFY(m_dir.isValid());
    }

    void freshFileIsCreatedAtTheCurrentVersion()
    {
        const QString file = freshFile();
        {
            SqliteDatabase db(QStringLiteral("t"));
            SqliteDatabase::Options options;
            options.pageSize = 8192;
            QVERIFY2(db.open(file, schema(2), options), qPrintable(db.errorString()));
            QVERIFY(db.isOpen());
            QVERIFY(!db.isReadOnly());
            QVERIFY(db.notice().isEmpty());
            QVERIFY(db.handle());
            QSqlQuery q(db.database());
            QVERIFY(q.exec(QStringLiteral("SELECT name, size FROM items")) && q.next());
            QCOMPARE(q.value(0).toString(), QStringLiteral("first"));
            QCOMPARE(q.value(1).toInt(), 7);
        }
        QCOMPARE(TestSupport::sqliteScalar(file, QStringLiteral("PRAGMA user_version")).toInt(), 2);
        QCOMPARE(TestSupport::sqliteScalar(file, QStringLiteral("PRAGMA journal_mode")).toString(),
                 QStringLiteral("wal"));
        QCOMPARE(TestSupport::sqliteScalar(file, QStringLiteral("PRAGMA page_size")).toInt(), 8192);
    }

    void twoConnectionsHaveNamesOfTheirOwn()
    {
        const QString file = freshFile();
        SqliteDatabase a(QStringLiteral("t")), b(QStringLiteral("t"));
        QVERIFY(a.connectionName() != b.connectionName());
        QVERIFY(a.open(file, schema(1), {}));
        SqliteDatabase::Options existing;
        existing.mode = SqliteDatabase::Mode::ExistingOnly;
        QVERIFY2(b.open(file, schema(1), existing), qPrintable(b.errorString()));
        a.close();
        QVERIFY(!a.isOpen());
        QVERIFY(b.isOpen()); // closing one leaves the other alone
    }

    void olderVersionIsMigratedStepByStep()
    {
        const QString file = freshFile();
        {
            SqliteDatabase db(QStringLiteral("t"));
            QVERIFY(db.open(file, schema(1), {}));
            QSqlQuery q(db.database());
            QVERIFY(q.exec(QStringLiteral("INSERT INTO items (name) VALUES ('second')")));
        }
        QCOMPARE(TestSupport::sqliteScalar(file, QStringLiteral("PRAGMA user_version")).toInt(), 1);
        {
            SqliteDatabase db(QStringLiteral("t"));
            SqliteDatabase::Options options;
            options.pageSize = 8192; // not for a file that exists
            QVERIFY2(db.open(file, schema(3), options), qPrintable(db.errorString()));
        }
        QCOMPARE(TestSupport::sqliteScalar(file, QStringLiteral("PRAGMA user_version")).toInt(), 3);
        QCOMPARE(TestSupport::sqliteScalar(file, QStringLiteral("SELECT count(*) FROM items WHERE size = 7")).toInt(),
                 2); // rows kept
        QCOMPARE(TestSupport::sqliteScalar(
                     file, QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name = 'items_name'"))
                     .toInt(),
                 1);
        QCOMPARE(TestSupport::sqliteScalar(file, QStringLiteral("PRAGMA page_size")).toInt(), 4096);
    }

    void failedStepLeavesTheVersionBeforeIt()
    {
        const QString file = freshFile();
        {
            SqliteDatabase db(QStringLiteral("t"));
            QVERIFY(db.open(file, schema(1), {}));
        }
        SqliteDatabase::Schema broken = schema(2);
        broken.migrations.append({QStringLiteral("CREATE TABLE extra (x)"), QStringLiteral("THIS IS NOT SQL")});
        SqliteDatabase db(QStringLiteral("t"));
        QVERIFY(!db.open(file, broken, {}));
        QCOMPARE(db.problem(), SqliteDatabase::Problem::Unavailable); // a bad step is not a damaged file
        QVERIFY2(db.errorString().contains(QLatin1String("from 2 to 3")), qPrintable(db.errorString()));
        QVERIFY(!db.isOpen());
        QVERIFY(keptAside(file).isEmpty());
        // Step 1 -> 2 was committed on its own; 2 -> 3 was rolled back whole.
        QCOMPARE(TestSupport::sqliteScalar(file, QStringLiteral("PRAGMA user_version")).toInt(), 2);
        QCOMPARE(
            TestSupport::sqliteScalar(file, QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name = 'extra'"))
                .toInt(),
            0);
    }

    void newerSchemaIsRefusedUntouched()
    {
        const QString file = freshFile();
        {
            SqliteDatabase db(QStringLiteral("t"));
            QVERIFY(db.open(file, schema(3), {}));
        }
        const QByteArray before = read(file);
        SqliteDatabase db(QStringLiteral("t"));
        QVERIFY(!db.open(file, schema(2), {}));
        QCOMPARE(db.problem(), SqliteDatabase::Problem::NewerSchema);
        QVERIFY2(db.errorString().contains(QLatin1String("newer Hookbench (schema 3; this one reads up to 2)")),
                 qPrintable(db.errorString()));
        QVERIFY(db.errorString().contains(file));
        QVERIFY(!db.isOpen());
        QVERIFY(keptAside(file).isEmpty());
        QCOMPARE(read(file), before);
        QCOMPARE(TestSupport::sqliteScalar(file, QStringLiteral("PRAGMA user_version")).toInt(), 3);
    }

    void newerSchemaCanBeOpenedReadOnly()
    {
        const QString file = freshFile();
        {
            SqliteDatabase db(QStringLiteral("t"));
            QVERIFY(db.open(file, schema(3), {}));
        }
        SqliteDatabase db(QStringLiteral("t"));
        SqliteDatabase::Options options;
        options.newer = SqliteDatabase::Newer::ReadOnly;
        QVERIFY(db.open(file, schema(1), options));
        QVERIFY(db.isReadOnly());
        QVERIFY2(db.notice().contains(QLatin1String("newer Hookbench")), qPrintable(db.notice()));
        QSqlQuery q(db.database());
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM items")) && q.next());
        QCOMPARE(q.value(0).toInt(), 1);
        q.finish();
        QCOMPARE(TestSupport::sqliteScalar(file, QStringLiteral("PRAGMA user_version")).toInt(), 3);
    }

    void damagedFileIsSetAsideAndNamed_data()
    {
        QTest::addColumn<bool>("sqliteHeader");
        // Text where a database should be: SQLITE_NOTADB.
        QTest::newRow("not a database") << false;
        // A real database whose schema page was overwritten: SQLITE_CORRUPT.
        QTest::newRow("corrupt database") << true;
    }

    void damagedFileIsSetAsideAndNamed()
    {
        QFETCH(bool, sqliteHeader);
        const QString file = freshFile();
        QByteArray damaged;
        if (sqliteHeader) {
            {
                SqliteDatabase db(QStringLiteral("t"));
                QVERIFY(db.open(file, schema(3), {}));
            }
            QVERIFY(!QFileInfo::exists(file + QStringLiteral("-wal"))); // checkpointed on close
            damaged = read(file);
            QVERIFY(damaged.size() >= 4096);
            for (int i = 100; i < 4096; ++i)
                damaged[i] = char(0xa5); // sqlite_master's page, past the file header
            write(file, damaged);
        } else {
            damaged = write(file, QByteArray("this is not a database, it is a shopping list\n").repeated(100));
        }
        const QByteArray wal = write(file + QStringLiteral("-wal"), QByteArray("not a wal either"));

        SqliteDatabase db(QStringLiteral("t"));
        QVERIFY2(db.open(file, schema(2), {}), qPrintable(db.errorString()));
        QVERIFY(!db.isReadOnly());
        const QStringList aside = keptAside(file);
        QVERIFY2(aside.contains(QFileInfo(db.keptAsideFile()).fileName()), qPrintable(aside.join(u' ')));
        QCOMPARE(QFileInfo(db.keptAsideFile()).absolutePath(), QFileInfo(file).absolutePath()); // beside it
        QVERIFY2(db.notice().contains(db.keptAsideFile()), qPrintable(db.notice()));
        QVERIFY2(db.notice().contains(QLatin1String("test store")), qPrintable(db.notice()));
        QVERIFY(db.keptAsideFile().startsWith(file + QStringLiteral(".corrupt-")));
        QCOMPARE(read(db.keptAsideFile()), damaged); // the user's bytes, untouched
        QCOMPARE(read(db.keptAsideFile() + QStringLiteral("-wal")), wal);
        // A new store where the old one was.
        QSqlQuery q(db.database());
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM items")) && q.next());
        QCOMPARE(q.value(0).toInt(), 1);
    }

    void damagedFileIsLeftAloneBySecondConnections()
    {
        const QString file = freshFile();
        const QByteArray garbage = write(file, QByteArray(8192, 'x'));
        SqliteDatabase db(QStringLiteral("t"));
        SqliteDatabase::Options existing;
        existing.mode = SqliteDatabase::Mode::ExistingOnly;
        QVERIFY(!db.open(file, schema(1), existing));
        QCOMPARE(db.problem(), SqliteDatabase::Problem::Damaged);
        QVERIFY(keptAside(file).isEmpty());
        QCOMPARE(read(file), garbage);
    }

    void missingFileIsNotCreatedBySecondConnections()
    {
        const QString file = freshFile();
        SqliteDatabase db(QStringLiteral("t"));
        SqliteDatabase::Options existing;
        existing.mode = SqliteDatabase::Mode::ExistingOnly;
        QVERIFY(!db.open(file, schema(1), existing));
        QCOMPARE(db.problem(), SqliteDatabase::Problem::Unavailable);
        QCOMPARE(db.errorString(), QStringLiteral("no test store at %1").arg(file));
        QVERIFY(!QFileInfo::exists(file));
    }

    void unopenableFileIsNotSetAside()
    {
        // A folder where the file should be: SQLite cannot open it, and that is no damage.
        const QString file = freshFile();
        QVERIFY(QDir().mkpath(file));
        SqliteDatabase db(QStringLiteral("t"));
        QVERIFY(!db.open(file, schema(1), {}));
        QCOMPARE(db.problem(), SqliteDatabase::Problem::Unavailable);
        QVERIFY(!db.errorString().isEmpty());
        QVERIFY(keptAside(file).isEmpty());
        QVERIFY(QFileInfo(file).isDir());
    }

    void setAsideNeverOverwrites()
    {
        const QString file = freshFile();
        QStringList kept;
        for (int round = 0; round < 3; ++round) {
            write(file, "main " + QByteArray::number(round));
            write(file + QStringLiteral("-wal"), "wal " + QByteArray::number(round));
            write(file + QStringLiteral("-shm"), "shm " + QByteArray::number(round));
            QString error;
            const QString aside = SqliteDatabase::setAside(file, &error);
            QVERIFY2(!aside.isEmpty(), qPrintable(error));
            QVERIFY(!kept.contains(aside));
            kept << aside;
            QVERIFY(!QFileInfo::exists(file));
            QVERIFY(!QFileInfo::exists(file + QStringLiteral("-wal")));
            QVERIFY(!QFileInfo::exists(file + QStringLiteral("-shm")));
        }
        // Three rounds within a second or two: distinct names, each holding its own round.
        for (int round = 0; round < 3; ++round) {
            QCOMPARE(read(kept.at(round)), "main " + QByteArray::number(round));
            QCOMPARE(read(kept.at(round) + QStringLiteral("-wal")), "wal " + QByteArray::number(round));
            QCOMPARE(read(kept.at(round) + QStringLiteral("-shm")), "shm " + QByteArray::number(round));
        }
        QVERIFY(SqliteDatabase::setAside(file).isEmpty()); // nothing there to set aside
    }

private:
    QTemporaryDir m_dir;
    int m_files = 0;
};

QTEST_GUILESS_MAIN(TestSqliteDatabase)
#include "tst_sqlitedatabase.moc"
