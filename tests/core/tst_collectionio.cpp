#include "core/collections/collectionfile.h"
#include "core/collections/collectionio.h"
#include "core/secrets/secretstore.h"
#include "support/blockingfile.h"
#include "support/testsupport.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <memory>

class TestCollectionIo : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<SecretStore> m_secrets;
    std::unique_ptr<CollectionIo> m_io;

    QString folder() const { return m_dir->filePath(QStringLiteral("collections")); }
    QString secretsFile() const { return m_dir->filePath(QStringLiteral("secrets.json")); }

    static QByteArray readAll(const QString &path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }
    static void writeAll(const QString &path, const QByteArray &data)
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(data);
    }
    // A collection with one request whose bearer token is a secret.
    static Collection withToken(const QString &url, const QString &token)
    {
        Collection c;
        c.name = QStringLiteral("Tokens");
        CollectionRequest request;
        request.name = QStringLiteral("r");
        request.draft.url = url;
        request.draft.authMode = RequestDraft::AuthMode::Bearer;
        request.draft.bearerToken = token;
        c.root.requests.append(request);
        c.assignIds();
        return c;
    }
    static QString tokenKey(const Collection &c)
    {
        return c.id + QLatin1String("/request/") + c.root.requests.first().id + QLatin1String("/token");
    }
    // A job's result, waited for; an error in words when none came.
    CollectionIo::Written writeNow(const QString &path, const Collection &c)
    {
        CollectionIo::Written result{path, QStringLiteral("no answer")};
        m_io->write(path, c, [&result](const CollectionIo::Written &written) { result = written; });
        [[maybe_unused]] const bool answered = QTest::qWaitFor([this] { return !m_io->isBusy(); });
        return result;
    }
    CollectionIo::Read readNow(const QString &path)
    {
        CollectionIo::Read result;
        result.error.message = QStringLiteral("no answer");
        m_io->read(path, [&result](const CollectionIo::Read &read) { result = read; });
        [[maybe_unused]] const bool answered = QTest::qWaitFor([this] { return !m_io->isBusy(); });
        return result;
    }

private Q_SLOTS:
    void initTestCase() { TestSupport::isolateUserData(); }
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_secrets = std::make_unique<SecretStore>(secretsFile());
        m_io = std::make_unique<CollectionIo>(m_secrets.get(), folder());
    }
    void cleanup()
    {
        m_io.reset();
        m_secrets.reset();
        m_dir.reset();
    }

    // Written and read back off the caller's thread; the callbacks come back on it, and the
    // secret goes to the store, never into the file.
    void writesAndReadsBack()
    {
        const QString path = m_dir->filePath(QStringLiteral("api.json"));
        const Collection c = withToken(QStringLiteral("http://127.0.0.1:9/a"), QStringLiteral("SECRET_A"));
        QThread *callbackThread = nullptr;
        bool done = false;
        m_io->write(path, c, [&](const CollectionIo::Written &written) {
            QVERIFY2(written.ok(), qPrintable(written.error));
            QCOMPARE(written.path, path);
            callbackThread = QThread::currentThread();
            done = true;
        });
        QVERIFY(m_io->isBusy());
        QTRY_VERIFY(done);
        QCOMPARE(callbackThread, QThread::currentThread());
        QVERIFY(readAll(path).contains("http://127.0.0.1:9/a"));
        QVERIFY(!readAll(path).contains("SECRET_A"));
        QCOMPARE(m_secrets->value(tokenKey(c)), QStringLiteral("SECRET_A"));
        QTRY_VERIFY(!m_io->isBusy());

        const CollectionIo::Read read = readNow(path);
        QVERIFY2(read.ok(), qPrintable(read.error.toString()));
        QCOMPARE(read.collection.id, c.id);
        QCOMPARE(read.collection.root.requests.first().draft.bearerToken, QStringLiteral("SECRET_A"));
    }

    // The caller's event loop runs while a read waits on a file that does not answer.
    void aBlockedReadDoesNotBlockTheCaller()
    {
        const QString path = m_dir->filePath(QStringLiteral("fifo.json"));
        Collection c;
        c.name = QStringLiteral("Late");
        c.assignIds();
        BlockingFile file(path, CollectionFile::toJson(c, nullptr));
        QVERIFY(file.isValid());
        CollectionIo::Read read;
        bool done = false;
        m_io->read(path, [&](const CollectionIo::Read &result) {
            read = result;
            done = true;
        });
        bool ticked = false;
        QTimer::singleShot(10, this, [&ticked] { ticked = true; });
        QTRY_VERIFY(ticked);
        QVERIFY(!done);
        QVERIFY(m_io->isBusy());
        file.feed();
        QTRY_VERIFY(done);
        QVERIFY(file.fedInTime());
        QVERIFY2(read.ok(), qPrintable(read.error.toString()));
        QCOMPARE(read.collection.name, QStringLiteral("Late"));
    }

    // Many writes of one file, asked for at once: they land in order, the last one wins.
    void writesLandInOrder()
    {
        const QString path = m_dir->filePath(QStringLiteral("ordered.json"));
        QList<int> answered;
        for (int i = 0; i < 30; ++i) {
            m_io->write(path, withToken(QStringLiteral("http://127.0.0.1:9/v%1").arg(i), QStringLiteral("t")),
                        [&answered, i](const CollectionIo::Written &written) {
                            if (written.ok())
                                answered.append(i);
                        });
        }
        QVERIFY(m_io->isBusy());
        QTRY_VERIFY(!m_io->isBusy());
        QCOMPARE(answered.size(), 30);
        QVERIFY(std::is_sorted(answered.cbegin(), answered.cend()));
        QVERIFY(readAll(path).contains("http://127.0.0.1:9/v29\""));
    }

    // A file that does not parse is not replaced, and the refused write changes no secret.
    void aBrokenFileIsNotOverwrittenNorItsSecretsChanged()
    {
        const QString path = m_dir->filePath(QStringLiteral("broken.json"));
        Collection c = withToken(QStringLiteral("http://127.0.0.1:9/b"), QStringLiteral("SECRET_B"));
        QVERIFY(writeNow(path, c).ok());
        const QByteArray broken("{\"hookbenchCollection\": 1,\n  \"name\": }\n");
        writeAll(path, broken);

        c.root.requests.first().draft.bearerToken = QStringLiteral("{{token}}");
        const CollectionIo::Written refused = writeNow(path, c);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error.startsWith(path + QStringLiteral(", line 2, column 11")), qPrintable(refused.error));
        QVERIFY(refused.error.endsWith(QLatin1String("(not overwritten)")));
        QCOMPARE(readAll(path), broken);
        QCOMPARE(m_secrets->value(tokenKey(c)), QStringLiteral("SECRET_B"));

        const CollectionIo::Read read = readNow(path);
        QVERIFY(!read.ok());
        QVERIFY(!read.missing);
        QCOMPARE(read.error.line, 2);
        QCOMPARE(read.error.column, 11);
    }

    // A secret removed after a save was asked for stays removed when that save comes back.
    void secretsChangeInTheOrderAsked()
    {
        const QString path = m_dir->filePath(QStringLiteral("order.json"));
        const Collection c = withToken(QStringLiteral("http://127.0.0.1:9/o"), QStringLiteral("SECRET_O"));
        m_io->write(path, c);
        m_io->removeSecrets(c.id + QLatin1Char('/'));
        QTRY_VERIFY(!m_io->isBusy());
        QVERIFY(!m_secrets->contains(tokenKey(c)));
        QVERIFY(!readAll(secretsFile()).contains("SECRET_O"));
    }

    // Destroyed with writes still queued: each is written, its secret stored; no callback runs.
    void closingFinishesQueuedWrites()
    {
        const QString path = m_dir->filePath(QStringLiteral("closing.json"));
        const Collection c = withToken(QStringLiteral("http://127.0.0.1:9/c"), QStringLiteral("SECRET_C"));
        bool called = false;
        m_io->write(path, c, [&called](const CollectionIo::Written &) { called = true; });
        m_io.reset();
        QVERIFY(!called);
        QVERIFY(readAll(path).contains("http://127.0.0.1:9/c"));
        QVERIFY(readAll(secretsFile()).contains("SECRET_C"));
    }

    // New files are named after the collection, never over one already there.
    void createFindsAFreeName()
    {
        QStringList paths;
        for (int i = 0; i < 2; ++i) {
            Collection c;
            c.name = QStringLiteral("Orders API");
            c.assignIds();
            m_io->create(c, [&paths](const CollectionIo::Written &written) {
                QVERIFY2(written.ok(), qPrintable(written.error));
                paths.append(written.path);
            });
        }
        QTRY_COMPARE(paths.size(), 2);
        QCOMPARE(paths,
                 QStringList(
                     {folder() + QStringLiteral("/orders-api.json"), folder() + QStringLiteral("/orders-api-2.json")}));
        QVERIFY(readAll(paths.last()).contains("\"Orders API\""));
    }

    // The folder's files by name, then the others not among them; a missing one says so.
    void listsAndReportsMissingFiles()
    {
        QVERIFY(QDir().mkpath(folder()));
        writeAll(folder() + QStringLiteral("/b.json"), "{}");
        writeAll(folder() + QStringLiteral("/a.json"), "{}");
        writeAll(folder() + QStringLiteral("/notes.txt"), "x");
        const QString gone = m_dir->filePath(QStringLiteral("gone.json"));
        QStringList listed;
        bool done = false;
        m_io->list({folder() + QStringLiteral("/a.json"), gone}, [&](const QStringList &paths) {
            listed = paths;
            done = true;
        });
        QTRY_VERIFY(done);
        QCOMPARE(listed,
                 QStringList({folder() + QStringLiteral("/a.json"), folder() + QStringLiteral("/b.json"), gone}));
        const CollectionIo::Read read = readNow(gone);
        QVERIFY(!read.ok());
        QVERIFY(read.missing);
    }

    void postmanInAndOut()
    {
        const QString in = m_dir->filePath(QStringLiteral("postman.json"));
        writeAll(in,
                 "{\"info\": {\"name\": \"From Postman\", \"schema\": "
                 "\"https://schema.getpostman.com/json/collection/v2.1.0/collection.json\"}, \"item\": "
                 "[{\"name\": \"ping\", \"request\": {\"method\": \"GET\", \"url\": "
                 "\"http://127.0.0.1:9/ping\"}}]}");
        PostmanImporter::Result imported;
        bool done = false;
        m_io->importPostman(in, [&](const PostmanImporter::Result &result) {
            imported = result;
            done = true;
        });
        QTRY_VERIFY(done);
        QVERIFY2(imported.ok, qPrintable(imported.error));
        QCOMPARE(imported.collection.name, QStringLiteral("From Postman"));

        done = false;
        m_io->importPostman(m_dir->filePath(QStringLiteral("nothing-here.json")),
                            [&](const PostmanImporter::Result &result) {
                                imported = result;
                                done = true;
                            });
        QTRY_VERIFY(done);
        QVERIFY(!imported.ok);
        QVERIFY(!imported.error.isEmpty());

        const QString out = m_dir->filePath(QStringLiteral("exported.postman_collection.json"));
        QString error = QStringLiteral("no answer");
        m_io->exportPostman(out, withToken(QStringLiteral("http://127.0.0.1:9/e"), QStringLiteral("SECRET_E")),
                            [&error](const QString &result) { error = result; });
        QTRY_VERIFY(error != QLatin1String("no answer"));
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(readAll(out).contains("SECRET_E")); // Postman keeps its secrets in the file
    }
};

QTEST_GUILESS_MAIN(TestCollectionIo)
#include "tst_collectionio.moc"
