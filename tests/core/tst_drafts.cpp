#include "core/collections/collection.h"
#include "core/drafts/draftscodec.h"
#include "core/drafts/draftsfile.h"
#include "core/drafts/draftsstore.h"
#include "support/testsupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

// The Send area's tabs without a window: the drafts file's format, its atomic writes off the
// caller's thread, and what happens to a file that is broken.
class TestDrafts : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    // Every field away from its default, so a field the codec forgets shows.
    static RequestDraft fullDraft()
    {
        RequestDraft d;
        d.method = QStringLiteral("PATCH");
        d.url = QStringLiteral("{{base}}/orders/{{id}}?x=1");
        d.headers = {{true, QStringLiteral("X-A"), QStringLiteral("1")}, {false, QStringLiteral("X-B"), {}}};
        d.bodyMode = RequestDraft::BodyMode::Form;
        d.body = QStringLiteral("{\"ünï\": \"\\u00e9\"}\n");
        d.textContentType = QStringLiteral("text/csv");
        d.form = {{true, QStringLiteral("a"), QStringLiteral("b=c&d")}};
        d.multipart = {{true, QStringLiteral("note"), QStringLiteral("hi"), false, QStringLiteral("text/plain"), {}},
                       {false, QStringLiteral("logo"), QStringLiteral("/tmp/a.png"), true, QStringLiteral("image/png"),
                        QStringLiteral("b.png")}};
        d.authMode = RequestDraft::AuthMode::ApiKeyQuery;
        d.bearerToken = QStringLiteral("tok");
        d.basicUser = QStringLiteral("u");
        d.basicPassword = QStringLiteral("p");
        d.apiKeyName = QStringLiteral("key");
        d.apiKeyValue = QStringLiteral("v");
        d.signingScheme = QStringLiteral("github");
        d.signingSecret = QStringLiteral("s3cret");
        d.signingEvent = QStringLiteral("push");
        d.options = {1234, false, 3, true, false, ProxyMode::Manual, QStringLiteral("http://127.0.0.1:3128")};
        return d;
    }

    static RequestTabSet sampleSet()
    {
        RequestTabSet set;
        RequestTab saved = RequestTab::open(fullDraft(), QStringLiteral("Orders"),
                                            {QStringLiteral("/c/api.hookbench.json"), QStringLiteral("req-1")});
        saved.draft.url = QStringLiteral("{{base}}/orders/edited");
        saved.lastResponse = QStringLiteral("201 Created · 12 ms");
        set.tabs.append(saved);
        set.tabs.append(RequestTab::open(RequestDraft(), {}));
        set.current = 1;
        return set;
    }

private Q_SLOTS:
    void initTestCase()
    {
        TestSupport::isolateUserData();
        QVERIFY(m_dir.isValid());
    }

    void titleFromMethodAndPath_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("title");
        QTest::newRow("absolute") << "https://example.com/v1/orders?x=1#f"
                                  << "POST /v1/orders";
        QTest::newRow("template") << "{{base}}/orders"
                                  << "POST /orders";
        QTest::newRow("host only") << "http://127.0.0.1:8080"
                                   << "POST /";
        QTest::newRow("empty") << ""
                               << "New request";
    }
    void titleFromMethodAndPath()
    {
        QFETCH(QString, url);
        QFETCH(QString, title);
        RequestDraft draft;
        draft.url = url;
        QCOMPARE(RequestTab::titleFor(draft), title);
    }

    void everyFieldRoundTrips()
    {
        const RequestTabSet set = sampleSet();
        RequestTabSet read;
        QString error;
        QVERIFY2(DraftsCodec::fromJson(DraftsCodec::toJson(set), &read, &error), qPrintable(error));
        QCOMPARE(read.tabs.size(), 2);
        QCOMPARE(read.current, 1);
        const RequestTab &tab = read.tabs.first();
        QCOMPARE(tab.id, set.tabs.first().id);
        QCOMPARE(tab.title, QStringLiteral("Orders"));
        QCOMPARE(tab.origin, set.tabs.first().origin);
        QCOMPARE(tab.lastResponse, QStringLiteral("201 Created · 12 ms"));
        QVERIFY(sameDraft(tab.baseline, fullDraft()));
        QVERIFY(sameDraft(tab.draft, set.tabs.first().draft));
        QVERIFY(tab.isDirty());
        QVERIFY(!read.tabs.at(1).isDirty());
        QVERIFY(read.tabs.at(1).origin.isNull());
    }

    void brokenInputSaysWhere_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("error");
        QTest::newRow("syntax") << QByteArray("{\n  \"hookbenchDrafts\": 1\n  \"tabs\": []}") << "line 3, column 3";
        QTest::newRow("not drafts") << QByteArray("{\"tabs\": []}") << "not a Hookbench drafts file";
        QTest::newRow("newer") << QByteArray("{\"hookbenchDrafts\": 9, \"tabs\": []}") << "drafts version 9";
        QTest::newRow("no id") << QByteArray("{\"hookbenchDrafts\": 1, \"tabs\": [{}]}") << "no id";
    }
    void brokenInputSaysWhere()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, error);
        RequestTabSet set = sampleSet();
        QString message;
        QVERIFY(!DraftsCodec::fromJson(json, &set, &message));
        QVERIFY2(message.contains(error), qPrintable(message));
        QCOMPARE(set.tabs.size(), 2); // untouched
    }

    void writtenFileIsPrivateAndReadsBack()
    {
        const QString path = m_dir.filePath(QStringLiteral("private/drafts.json"));
        QString error;
        QVERIFY2(DraftsFile::write(path, sampleSet(), &error), qPrintable(error));
        QCOMPARE(QFileInfo(path).permissions() & (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup),
                 QFileDevice::Permissions());
        const DraftsFile::ReadResult read = DraftsFile::read(path);
        QVERIFY(read.notice.isEmpty());
        QCOMPARE(read.set.tabs.size(), 2);
        QVERIFY(!read.leaveAlone);
    }

    void brokenFileIsSetAsideAndReported()
    {
        const QString path = m_dir.filePath(QStringLiteral("broken.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"hookbenchDrafts\": 1, \"tabs\": [");
        file.close();
        const DraftsFile::ReadResult read = DraftsFile::read(path);
        QVERIFY(read.set.tabs.isEmpty());
        QVERIFY2(read.notice.contains(QLatin1String("moved aside")), qPrintable(read.notice));
        QVERIFY(!QFile::exists(path));
        const QStringList aside = QDir(m_dir.path()).entryList({QStringLiteral("broken.json.broken-*")});
        QCOMPARE(aside.size(), 1);
        QFile kept(m_dir.filePath(aside.first()));
        QVERIFY(kept.open(QIODevice::ReadOnly));
        QCOMPARE(kept.readAll(), QByteArray("{\"hookbenchDrafts\": 1, \"tabs\": ["));
    }

    void storeWritesOnlyAfterReadingAndAtMostASecondLater()
    {
        const QString path = m_dir.filePath(QStringLiteral("store.json"));
        QString error;
        RequestTabSet before = sampleSet();
        QVERIFY(DraftsFile::write(path, before, &error));
        DraftsStore store(path);
        QSignalSpy written(&store, &DraftsStore::written);
        // Handed over before the file was read: held, so the file on disk is read first.
        RequestTabSet changed = sampleSet();
        changed.tabs.removeLast();
        changed.current = 0;
        store.update(changed);
        RequestTabSet loaded;
        bool done = false;
        store.load([&](const RequestTabSet &set, const QString &) {
            loaded = set;
            done = true;
        });
        QTRY_VERIFY(done);
        QCOMPARE(loaded.tabs.size(), 2);
        QTRY_COMPARE_WITH_TIMEOUT(written.size(), 1, 5000);
        QCOMPARE(written.first().first().toString(), QString());
        QCOMPARE(DraftsFile::read(path).set.tabs.size(), 1);
    }

    void destroyingTheStoreWritesWhatItHolds()
    {
        const QString path = m_dir.filePath(QStringLiteral("last.json"));
        {
            DraftsStore store(path);
            bool done = false;
            store.load([&done](const RequestTabSet &, const QString &) { done = true; });
            QTRY_VERIFY(done);
            store.update(sampleSet());
        } // long before the timer fires
        QCOMPARE(DraftsFile::read(path).set.tabs.size(), 2);
    }

    void anUnreadableFileIsNotWrittenOver()
    {
        const QString path = m_dir.filePath(QStringLiteral("unreadable.json"));
        QString error;
        QVERIFY(DraftsFile::write(path, sampleSet(), &error));
        QVERIFY(QFile::setPermissions(path, QFileDevice::Permissions()));
        if (QFile(path).open(QIODevice::ReadOnly))
            QSKIP("running as a user who reads any file (root)");
        {
            DraftsStore store(path);
            QString notice;
            store.load([&notice](const RequestTabSet &, const QString &text) { notice = text; });
            QTRY_VERIFY(!notice.isEmpty());
            store.update({});
        }
        QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner));
        QCOMPARE(DraftsFile::read(path).set.tabs.size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestDrafts)
#include "tst_drafts.moc"
