#include "core/app/appsettings.h"
#include "core/collections/collectionfile.h"
#include "core/collections/collectionsworkspace.h"
#include "core/secrets/secretstore.h"
#include "support/testsupport.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

// The collections service without a window: real collection files in a temporary folder,
// read and written on the workspace's I/O thread, a secret store file of its own.
class TestCollectionsWorkspace : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<CollectionsWorkspace> m_workspace;

    QString folder() const { return m_dir->filePath(QStringLiteral("collections")); }
    QString secretsFile() const { return m_dir->filePath(QStringLiteral("secrets.json")); }

    static QByteArray readAll(const QString &path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }
    static bool writeAll(const QString &path, const QByteArray &data)
    {
        QFile file(path);
        return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
    }
    QString writeFile(const QString &path, Collection collection) const
    {
        QDir().mkpath(QFileInfo(path).absolutePath());
        QString error;
        if (!CollectionFile::write(path, collection, nullptr, &error))
            qFatal("cannot write %s: %s", qPrintable(path), qPrintable(error));
        return path;
    }
    static Environment environment(const QString &name, const QString &greeting)
    {
        Environment e;
        e.name = name;
        e.variables = {{QStringLiteral("greeting"), greeting, false, true}};
        return e;
    }
    static RequestDraft draft(const QString &url)
    {
        RequestDraft d;
        d.method = QStringLiteral("POST");
        d.url = url;
        d.body = QStringLiteral("{}");
        return d;
    }
    void open()
    {
        m_workspace = std::make_unique<CollectionsWorkspace>(folder(), std::make_unique<SecretStore>(secretsFile()));
        QTRY_VERIFY(!m_workspace->isLoading());
    }
    void waitForFiles() const { QTRY_VERIFY(!m_workspace->isBusy()); }
    int create(const QString &name) const
    {
        QSignalSpy created(m_workspace.get(), &CollectionsWorkspace::collectionCreated);
        m_workspace->createCollection(name);
        if (!QTest::qWaitFor([&created] { return !created.isEmpty(); }))
            return -1;
        return created.first().first().toInt();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        QVERIFY(TestSupport::isolateUserDataIn(m_home.path()));
        QVERIFY(QDir(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)).exists());
    }
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        AppSettings settings;
        settings.setOpenCollectionFiles({});
        settings.setActiveEnvironment({});
    }
    void cleanup()
    {
        m_workspace.reset();
        m_dir.reset();
    }

    void createsAndOpens()
    {
        open();
        QCOMPARE(m_workspace->collectionCount(), 0);
        QVERIFY(m_workspace->problems().isEmpty());
        const int row = create(QStringLiteral("Orders API"));
        QCOMPARE(row, 0);
        waitForFiles();
        const QString created = m_workspace->filePath(row);
        QCOMPARE(QFileInfo(created).absolutePath(), QDir(folder()).absolutePath());
        QVERIFY(QFile::exists(created));
        QVERIFY(m_workspace->isInDataFolder(row));

        // A file elsewhere (a git checkout): opened, remembered, and not opened twice.
        QTemporaryDir elsewhere;
        Collection shared;
        shared.name = QStringLiteral("Shared");
        const QString path = writeFile(elsewhere.filePath(QStringLiteral("shared.hookbench.json")), shared);
        QSignalSpy opened(m_workspace.get(), &CollectionsWorkspace::fileOpened);
        int openedRow = -2;
        bool wasOpen = true;
        m_workspace->openFile(path, [&](int r, const QString &error, bool already) {
            QVERIFY(error.isEmpty());
            openedRow = r;
            wasOpen = already;
        });
        QTRY_COMPARE(opened.size(), 1);
        QCOMPARE(opened.first().at(0).toString(), path);
        QCOMPARE(openedRow, 1);
        QVERIFY(!wasOpen);
        QVERIFY(!m_workspace->isInDataFolder(openedRow));
        QCOMPARE(AppSettings().openCollectionFiles(), QStringList{path});
        m_workspace->openFile(path, [&](int r, const QString &, bool already) {
            openedRow = r;
            wasOpen = already;
        });
        QTRY_COMPARE(opened.size(), 2);
        QCOMPARE(openedRow, 1);
        QVERIFY(wasOpen);
        QCOMPARE(m_workspace->collectionCount(), 2);

        // A new workspace (a restart) finds both.
        m_workspace.reset();
        open();
        QCOMPARE(m_workspace->collectionCount(), 2);
        QVERIFY(m_workspace->rowForFile(path) >= 0);
        QVERIFY(m_workspace->rowForFile(created) >= 0);

        // Closing the one from elsewhere leaves its file; deleting a data folder one does not.
        m_workspace->removeCollection(m_workspace->rowForFile(path));
        QVERIFY(AppSettings().openCollectionFiles().isEmpty());
        m_workspace->removeCollection(m_workspace->rowForFile(created));
        waitForFiles();
        QVERIFY(QFile::exists(path));
        QVERIFY(!QFile::exists(created));
    }

    void savesAndTracksTheDirtyState()
    {
        open();
        const int row = create(QStringLiteral("Saves"));
        QVERIFY(row >= 0);
        waitForFiles();
        QVERIFY(!m_workspace->saveDraft(nullptr, draft(QStringLiteral("http://x/"))));

        // A new request under the collection: loaded at once, saved once written.
        const RequestDraft first = draft(QStringLiteral("http://127.0.0.1:1/orders/created"));
        QSignalSpy state(m_workspace.get(), &CollectionsWorkspace::saveStateChanged);
        CollectionItem *saved = m_workspace->saveDraft(m_workspace->collectionItem(row), first);
        QVERIFY(saved);
        QCOMPARE(saved->name, QStringLiteral("/orders/created"));
        QCOMPARE(m_workspace->loadedRequest(), saved);
        QCOMPARE(m_workspace->loadedRequestId(), saved->request.id);
        QVERIFY(m_workspace->isSavingLoaded());
        QVERIFY(!state.isEmpty());
        waitForFiles();
        QVERIFY(!m_workspace->isSavingLoaded());
        QVERIFY(!m_workspace->isModified(first));
        QVERIFY(!m_workspace->hasUnsavedChanges());
        QVERIFY(readAll(m_workspace->filePath(row)).contains("/orders/created"));
        QVERIFY(m_workspace->writeError().isEmpty());

        // The composer changes: compared with what was saved, and the request is marked.
        RequestDraft edited = first;
        edited.body = QStringLiteral("{\"edited\": 1}");
        QVERIFY(m_workspace->isModified(edited));
        m_workspace->updateDraft(edited);
        QVERIFY(m_workspace->hasUnsavedChanges());
        QCOMPARE(m_workspace->modifiedRequestId(), saved->request.id);
        // Back as it was: not modified any more.
        m_workspace->updateDraft(first);
        QVERIFY(!m_workspace->hasUnsavedChanges());

        // Saved into the loaded request (not a new one): the file holds the edit.
        m_workspace->updateDraft(edited);
        QCOMPARE(m_workspace->saveDraft(saved, edited), saved);
        waitForFiles();
        QVERIFY(!m_workspace->hasUnsavedChanges());
        const Collection onDisk = m_workspace->collection(row);
        QCOMPARE(onDisk.root.requests.size(), 1);
        QVERIFY(readAll(m_workspace->filePath(row)).contains("edited"));

        // Nothing loaded: nothing is ever modified.
        m_workspace->setLoadedRequest(nullptr);
        QVERIFY(!m_workspace->isModified(edited));
        QVERIFY(!m_workspace->loadedRequest());
    }

    void deletingTheLoadedRequestUnloadsIt()
    {
        open();
        const int row = create(QStringLiteral("Deletes"));
        CollectionItem *saved = m_workspace->saveDraft(m_workspace->collectionItem(row),
                                                       draft(QStringLiteral("http://a/")));
        QVERIFY(saved);
        waitForFiles();
        QVERIFY(m_workspace->remove(saved));
        QVERIFY(!m_workspace->loadedRequest());
        QVERIFY(m_workspace->loadedRequestId().isEmpty());
        waitForFiles();
        QVERIFY(!readAll(m_workspace->filePath(row)).contains("http://a/"));
    }

    void activeEnvironmentAndVariables()
    {
        Collection picker;
        picker.name = QStringLiteral("Picker");
        picker.variables = {{true, QStringLiteral("greeting"), QStringLiteral("from-collection")},
                            {true, QStringLiteral("base"), QStringLiteral("http://collection")},
                            {false, QStringLiteral("off"), QStringLiteral("disabled")}};
        picker.environments = {environment(QStringLiteral("local"), QStringLiteral("hello-local")),
                               environment(QStringLiteral("staging"), QStringLiteral("hello-staging"))};
        const QString pickerPath = writeFile(folder() + QStringLiteral("/picker.json"), picker);
        Collection other;
        other.name = QStringLiteral("Other");
        other.environments = {environment(QStringLiteral("prod"), QStringLiteral("hello-prod"))};
        const QString otherPath = writeFile(folder() + QStringLiteral("/other.json"), other);
        open();

        QSignalSpy environments(m_workspace.get(), &CollectionsWorkspace::environmentsChanged);
        QSignalSpy variables(m_workspace.get(), &CollectionsWorkspace::variablesChanged);
        m_workspace->setCurrentCollection(m_workspace->rowForFile(pickerPath));
        QCOMPARE(m_workspace->currentCollectionName(), QStringLiteral("Picker"));
        QCOMPARE(m_workspace->environmentNames(), (QStringList{QStringLiteral("local"), QStringLiteral("staging")}));
        QVERIFY(m_workspace->environment().isEmpty());
        // No environment: the collection's own variables, the disabled one left out.
        QCOMPARE(m_workspace->variables().value(QStringLiteral("greeting")), QStringLiteral("from-collection"));
        QVERIFY(!m_workspace->variables().contains(QStringLiteral("off")));

        environments.clear();
        variables.clear();
        m_workspace->setEnvironment(QStringLiteral("staging"));
        QCOMPARE(environments.size(), 1);
        QCOMPARE(variables.size(), 1);
        const TemplateVariables applied = variables.first().first().value<TemplateVariables>();
        QCOMPARE(applied.value(QStringLiteral("greeting")), QStringLiteral("hello-staging")); // over the collection's
        QCOMPARE(applied.value(QStringLiteral("base")), QStringLiteral("http://collection"));
        QCOMPARE(AppSettings().activeEnvironment(), QStringLiteral("staging"));

        // Another collection without it: nothing applies, but the choice is kept.
        m_workspace->setCurrentCollection(m_workspace->rowForFile(otherPath));
        QCOMPARE(m_workspace->environmentNames(), QStringList{QStringLiteral("prod")});
        QVERIFY(m_workspace->environment().isEmpty());
        QVERIFY(!m_workspace->variables().contains(QStringLiteral("greeting")));
        m_workspace->setCurrentCollection(m_workspace->rowForFile(pickerPath));
        QCOMPARE(m_workspace->environment(), QStringLiteral("staging"));

        // An edit of the current collection's environments is told at once.
        environments.clear();
        m_workspace->setEnvironments(m_workspace->rowForFile(pickerPath),
                                     {environment(QStringLiteral("staging"), QStringLiteral("edited"))});
        QVERIFY(!environments.isEmpty());
        QCOMPARE(m_workspace->variables().value(QStringLiteral("greeting")), QStringLiteral("edited"));

        // Remembered across restarts.
        waitForFiles();
        m_workspace.reset();
        open();
        m_workspace->setCurrentCollection(m_workspace->rowForFile(pickerPath));
        QCOMPARE(m_workspace->environment(), QStringLiteral("staging"));
        QCOMPARE(m_workspace->variables().value(QStringLiteral("greeting")), QStringLiteral("edited"));
    }

    void brokenFileIsReportedAndNeverOverwritten()
    {
        QDir().mkpath(folder());
        const QString broken = folder() + QStringLiteral("/orders-api.json");
        const QByteArray text = "{\n  \"schemaVersion\": 1,\n  \"name\": \"Orders API\"\n  \"oops\": true\n}\n";
        QVERIFY(writeAll(broken, text));
        m_workspace = std::make_unique<CollectionsWorkspace>(folder(), std::make_unique<SecretStore>(secretsFile()));
        QSignalSpy reported(m_workspace.get(), &CollectionsWorkspace::problemsChanged);
        QTRY_VERIFY(!m_workspace->isLoading());
        QCOMPARE(reported.size(), 1);
        QCOMPARE(m_workspace->problems().size(), 1);
        QVERIFY(m_workspace->problems().first().contains(broken));
        QVERIFY(m_workspace->problems().first().contains(QLatin1String("line 4")));
        QCOMPARE(m_workspace->collectionCount(), 0);

        // A new collection of the same name does not take its file.
        const int row = create(QStringLiteral("Orders API"));
        QVERIFY(row >= 0);
        QVERIFY(m_workspace->filePath(row) != broken);
        m_workspace->saveDraft(m_workspace->collectionItem(row), draft(QStringLiteral("http://a/")));
        // Opening it says where it fails and adds nothing.
        QSignalSpy opened(m_workspace.get(), &CollectionsWorkspace::fileOpened);
        m_workspace->openFile(broken);
        QTRY_COMPARE(opened.size(), 1);
        QVERIFY(opened.first().at(1).toString().contains(QLatin1String("line 4")));
        QCOMPARE(m_workspace->collectionCount(), 1);
        waitForFiles();
        m_workspace.reset();
        QCOMPARE(readAll(broken), text);
    }
};

QTEST_GUILESS_MAIN(TestCollectionsWorkspace)
#include "tst_collectionsworkspace.moc"
