#include "core/app/appservices.h"
#include "core/app/appsettings.h"
#include "core/app/datapaths.h"
#include "core/collections/collectionfile.h"
#include "core/collections/collectionsworkspace.h"
#include "core/collections/collectiontreemodel.h"
#include "core/http/headerlist.h"
#include "core/send/historystore.h"
#include "gui/collections/collectionsview.h"
#include "gui/send/composerwidget.h"
#include "gui/send/sendarea.h"
#include "gui/window/mainwindow.h"
#include "support/blockingfile.h"
#include "support/dialogtestsupport.h"
#include "support/listenertestsupport.h"
#include "support/testsupport.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeView>

#include <memory>

class TestCollectionsView : public QObject
{
    Q_OBJECT

private:
    // The files of the window's services (captures, history); the collections stay where they were.
    QTemporaryDir m_servicesDir;
    std::unique_ptr<AppServices> m_services; // outlives the window, as in main()
    std::unique_ptr<MainWindow> m_window;
    CollectionsView *m_view = nullptr;
    ComposerWidget *m_composer = nullptr;

    // The collection files are read on the view's I/O thread: by default the window is
    // returned once they are all shown.
    // As quitting does: the window goes, then the services (main() declares them first), so
    // the workspace's queued writes land.
    void closeWindow()
    {
        m_window.reset();
        m_services.reset();
    }
    void openWindow(bool waitForCollections = true)
    {
        closeWindow(); // the old workspace is gone before a new one reads the same folder
        // Each window starts from one new tab, not from the tabs an earlier test left open.
        QFile::remove(QDir(m_servicesDir.path()).filePath(QStringLiteral("drafts.json")));
        m_services = std::make_unique<AppServices>(TestSupport::servicesIn(m_servicesDir.path()));
        m_services->openCaptureStoreAsync();
        m_window = std::make_unique<MainWindow>(m_services.get());
        m_view = m_window->findChild<CollectionsView *>();
        m_composer = m_window->findChild<ComposerWidget *>();
        QVERIFY(m_view);
        QVERIFY(m_composer);
        if (waitForCollections)
            QTRY_VERIFY(!m_view->workspace()->isLoading());
    }
    // Save As (what Ctrl+S asks for a tab saved nowhere yet) answered with its suggestions.
    static void acceptSaveAs(TestSupport::ScriptedDialogs &dialogs)
    {
        dialogs.answerBy([](const Dialogs::Request &request) {
            return request.kind == Dialogs::Kind::NameAndPlace
                ? Dialogs::Answer::nameAndPlace(request.value, request.number)
                : Dialogs::Answer::cancelled();
        });
    }
    // Until every file the view was asked to read or write is as the sidebar shows it.
    void waitForFiles() const { QTRY_VERIFY(!m_view->workspace()->isBusy()); }
    int createCollection(const QString &name) const
    {
        QSignalSpy created(m_view->workspace(), &CollectionsWorkspace::collectionCreated);
        m_view->workspace()->createCollection(name);
        if (!QTest::qWaitFor([&created] { return !created.isEmpty(); }))
            return -1;
        return created.first().first().toInt();
    }
    QString openFile(const QString &path) const
    {
        QSignalSpy opened(m_view->workspace(), &CollectionsWorkspace::fileOpened);
        m_view->openFile(path);
        if (!QTest::qWaitFor([&opened] { return !opened.isEmpty(); }))
            return QStringLiteral("not opened in time");
        return opened.first().at(1).toString();
    }
    static QByteArray readAll(const QString &path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }
    static RequestDraft draft(const QString &url, const QString &body)
    {
        RequestDraft d;
        d.method = QStringLiteral("POST");
        d.url = url;
        d.headers = {{true, QStringLiteral("X-Test"), QStringLiteral("1")}};
        d.body = body;
        return d;
    }
    static RequestDraft withToken(const QString &url, const QString &token)
    {
        RequestDraft d = draft(url, QStringLiteral("{}"));
        d.authMode = RequestDraft::AuthMode::Bearer;
        d.bearerToken = token;
        return d;
    }
    // An empty collection file in a folder of its own (a git checkout, say), opened in a new
    // window and selected there; its path, or empty when any step failed.
    QString openElsewhere(const QTemporaryDir &folder, const QString &name)
    {
        const QString path = folder.filePath(name + QStringLiteral(".hookbench.json"));
        Collection c;
        c.name = name;
        QString error;
        if (!CollectionFile::write(path, c, nullptr, &error))
            return {};
        openWindow();
        if (!m_view || !openFile(path).isEmpty())
            return {};
        return m_view->select(m_view->model()->collectionIndex(m_view->workspace()->rowForFile(path))) ? path
                                                                                                       : QString();
    }
    QModelIndex findByName(const QString &name, const QModelIndex &parent = {}) const
    {
        CollectionTreeModel *model = m_view->model();
        for (int row = 0; row < model->rowCount(parent); ++row) {
            const QModelIndex index = model->index(row, 0, parent);
            if (model->data(index, Qt::EditRole).toString() == name)
                return index;
            if (const QModelIndex found = findByName(name, index); found.isValid())
                return found;
        }
        return {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        TestSupport::isolateUserData();
        QDir(DataPaths::collectionsDir()).removeRecursively();
        QFile::remove(DataPaths::dataDir() + QStringLiteral("/secrets.json"));
        AppSettings().setOpenCollectionFiles({});
    }
    void cleanupTestCase()
    {
        closeWindow();
        // Other GUI tests share the test-mode data folder: leave it as we found it.
        QDir(DataPaths::collectionsDir()).removeRecursively();
        QFile::remove(DataPaths::dataDir() + QStringLiteral("/secrets.json"));
        AppSettings().setOpenCollectionFiles({});
    }

    void saveRecreateAndFindAgain()
    {
        openWindow();
        new QAbstractItemModelTester(m_view->model(), QAbstractItemModelTester::FailureReportingMode::QtTest, m_view);
        const int row = createCollection(QStringLiteral("GUI Tests"));
        QVERIFY(row >= 0);
        const QString file = m_view->workspace()->filePath(row);
        QVERIFY(file.startsWith(DataPaths::collectionsDir()));
        QVERIFY(m_view->select(m_view->model()->collectionIndex(row)));

        m_composer->setDraft(draft(QStringLiteral("http://127.0.0.1:9/orders"), QStringLiteral("{\"order\": 1}")));
        {
            // Not saved anywhere yet: Ctrl+S asks for a name (from the method and path) and a
            // place (the selected collection), and the tab becomes that request.
            TestSupport::ScriptedDialogs dialogs;
            dialogs.answer(Dialogs::Answer::nameAndPlace(QStringLiteral("Create order"), row));
            m_view->saveAction()->trigger();
            QCOMPARE(dialogs.asked().size(), 1);
            QCOMPARE(dialogs.asked().first().kind, Dialogs::Kind::NameAndPlace);
            QCOMPARE(dialogs.asked().first().value, QStringLiteral("POST /orders"));
            QCOMPARE(dialogs.asked().first().number, row);
            QCOMPARE(dialogs.asked().first().items.value(row), QStringLiteral("GUI Tests"));
        }
        QVERIFY(!m_view->workspace()->loadedRequestId().isEmpty());
        QCOMPARE(m_window->sendArea()->currentTab().title, QStringLiteral("Create order"));
        QTRY_VERIFY(!m_view->hasUnsavedChanges());
        const QString id = m_view->workspace()->loadedRequestId();
        QVERIFY(readAll(file).contains("http://127.0.0.1:9/orders"));

        // An edit is marked in the tree and under it; Ctrl+S clears the mark once the file
        // is written, and says "Saving" until then.
        m_composer->setUrl(QStringLiteral("http://127.0.0.1:9/orders/2"));
        QVERIFY(m_view->hasUnsavedChanges());
        auto *status = m_view->findChild<QLabel *>(QStringLiteral("collectionsStatus"));
        QTRY_VERIFY(status->text().contains(QLatin1String("Unsaved")));
        const QModelIndex saved = m_view->model()->findRequest(row, id);
        QTRY_VERIFY(saved.data().toString().endsWith(QChar(0x25CF)));
        m_view->saveAction()->trigger();
        QVERIFY2(status->text().startsWith(QLatin1String("Saving")), qPrintable(status->text()));
        QTRY_VERIFY(!m_view->hasUnsavedChanges());
        QTRY_VERIFY(!m_view->model()->findRequest(row, id).data().toString().endsWith(QChar(0x25CF)));
        QVERIFY(status->text().contains(QLatin1String("is saved")));
        QVERIFY(readAll(file).contains("http://127.0.0.1:9/orders/2"));

        // A new window reads the file back: the request is there and loads into the composer.
        closeWindow();
        openWindow();
        const int again = m_view->workspace()->rowForFile(file);
        QVERIFY(again >= 0);
        const QModelIndex found = m_view->model()->findRequest(again, id);
        QVERIFY(found.isValid());
        QVERIFY(m_view->select(found));
        QCOMPARE(m_view->workspace()->loadedRequestId(), id);
        const RequestDraft loaded = m_composer->draft();
        QCOMPARE(loaded.url, QStringLiteral("http://127.0.0.1:9/orders/2"));
        QCOMPARE(loaded.body, QStringLiteral("{\"order\": 1}"));
        QCOMPARE(loaded.headers.value(0).name, QStringLiteral("X-Test"));
        QVERIFY(!m_view->hasUnsavedChanges());
    }

    // A request picked in the tree opens in a tab of its own, so nothing is replaced and nothing
    // needs asking; closing a tab with changes asks Save/Discard/Cancel.
    void requestsOpenInTabsAndClosingADirtyOneAsks_data()
    {
        QTest::addColumn<int>("button");
        QTest::addColumn<bool>("closed");
        QTest::addColumn<bool>("firstSaved");
        QTest::newRow("cancel") << int(QMessageBox::Cancel) << false << false;
        QTest::newRow("discard") << int(QMessageBox::Discard) << true << false;
        QTest::newRow("save") << int(QMessageBox::Save) << true << true;
    }
    void requestsOpenInTabsAndClosingADirtyOneAsks()
    {
        QFETCH(int, button);
        QFETCH(bool, closed);
        QFETCH(bool, firstSaved);
        openWindow();
        SendArea *tabs = m_window->sendArea();
        const int row = createCollection(QStringLiteral("Tabs %1").arg(QString::fromLatin1(QTest::currentDataTag())));
        QVERIFY(row >= 0);
        const QString file = m_view->workspace()->filePath(row);
        const QModelIndex collection = m_view->model()->collectionIndex(row);
        const QModelIndex first = m_view->model()->addRequest(
            collection,
            {QString(), QStringLiteral("first"),
             draft(QStringLiteral("http://127.0.0.1:9/first"), QStringLiteral("{}")), std::nullopt, QString()});
        const QModelIndex second = m_view->model()->addRequest(
            collection,
            {QString(), QStringLiteral("second"),
             draft(QStringLiteral("http://127.0.0.1:9/second"), QStringLiteral("{}")), std::nullopt, QString()});
        waitForFiles();
        TestSupport::ScriptedDialogs dialogs;
        QVERIFY(m_view->select(first));
        QCOMPARE(tabs->tabs().tabs.size(), 2); // the new request tab a window starts with, and "first"
        m_composer->setUrl(QStringLiteral("http://127.0.0.1:9/first-edited"));
        QTRY_VERIFY(tabs->tabBar()->tabText(tabs->currentIndex()).endsWith(QChar(0x25CF)));
        QVERIFY(m_view->select(second));
        QVERIFY(dialogs.asked().isEmpty());
        QCOMPARE(tabs->tabs().tabs.size(), 3);
        QCOMPARE(m_composer->draft().url, QStringLiteral("http://127.0.0.1:9/second"));
        QVERIFY(!m_view->hasUnsavedChanges());
        // Picked again: its own tab comes back, edits and all.
        QVERIFY(m_view->select(first));
        QCOMPARE(tabs->tabs().tabs.size(), 3);
        QCOMPARE(m_composer->draft().url, QStringLiteral("http://127.0.0.1:9/first-edited"));
        QVERIFY(m_view->hasUnsavedChanges());

        dialogs.press(QMessageBox::StandardButton(button));
        tabs->closeTabAction()->trigger(); // Ctrl+W
        QCOMPARE(dialogs.asked().size(), 1);
        QCOMPARE(dialogs.asked().first().title, QStringLiteral("Unsaved changes"));
        QCOMPARE(tabs->tabs().tabs.size(), closed ? 2 : 3);
        if (!closed)
            QCOMPARE(m_composer->draft().url, QStringLiteral("http://127.0.0.1:9/first-edited"));
        waitForFiles();
        QCOMPARE(readAll(file).contains("first-edited"), firstSaved);
        // A clean tab closes without a word.
        dialogs.clearAsked();
        QVERIFY(m_view->select(second));
        tabs->closeTabAction()->trigger();
        QVERIFY(dialogs.asked().isEmpty());
    }

    // Issue 12: a history entry opened while a saved request is in front used to replace it, and
    // the next Ctrl+S wrote the entry's resolved URL over the saved {{base}} template.
    void historyEntryNeverLandsOverASavedRequest()
    {
        openWindow();
        const int row = createCollection(QStringLiteral("History over saved"));
        QVERIFY(row >= 0);
        const QString file = m_view->workspace()->filePath(row);
        const QModelIndex saved = m_view->model()->addRequest(
            m_view->model()->collectionIndex(row),
            {QString(), QStringLiteral("orders"), draft(QStringLiteral("{{base}}/orders"), QStringLiteral("{}")),
             std::nullopt, QString()});
        waitForFiles();
        QVERIFY(m_view->select(saved));
        QCOMPARE(m_composer->draft().url, QStringLiteral("{{base}}/orders"));

        HistoryEntry entry;
        entry.id = 7;
        entry.request.url = QUrl(QStringLiteral("http://127.0.0.1:9/orders"));
        entry.request.body = "{\"from\": \"history\"}";
        entry.result.status = 200;
        m_window->findChild<SendArea *>()->openHistoryEntry(entry);
        QCOMPARE(m_composer->draft().url, QStringLiteral("http://127.0.0.1:9/orders"));
        // Ctrl+S: the entry is saved nowhere yet, so it asks where; cancelled, nothing is written.
        TestSupport::ScriptedDialogs dialogs;
        m_view->saveAction()->trigger();
        waitForFiles();
        QVERIFY(readAll(file).contains("{{base}}/orders"));
        QVERIFY(!readAll(file).contains("127.0.0.1:9/orders"));
        QVERIFY(!m_view->model()->data(saved).toString().endsWith(QChar(0x25CF)));
        QCOMPARE(m_view->model()->request(saved).draft.url, QStringLiteral("{{base}}/orders"));
    }

    void structureIsSaved()
    {
        openWindow();
        TestSupport::ScriptedDialogs dialogs;
        dialogs.answerBy([](const Dialogs::Request &) { return Dialogs::Answer::pressed(QMessageBox::Yes); });
        const int row = createCollection(QStringLiteral("Structure"));
        QVERIFY(row >= 0);
        const QString file = m_view->workspace()->filePath(row);
        CollectionTreeModel *model = m_view->model();
        const QModelIndex collection = model->collectionIndex(row);
        const QModelIndex folder = model->addFolder(collection, QStringLiteral("Folder A"));
        QVERIFY(folder.isValid());
        const QModelIndex request = model->addRequest(collection,
                                                      {QString(), QStringLiteral("moved"),
                                                       draft(QStringLiteral("http://h/m"), QStringLiteral("{}")), 204,
                                                       QString()});
        // Drag and drop, as the view does it: the item's mime data dropped on the folder.
        std::unique_ptr<QMimeData> mime(model->mimeData({request}));
        QVERIFY(model->canDropMimeData(mime.get(), Qt::MoveAction, -1, 0, folder));
        QVERIFY(!model->canDropMimeData(mime.get(), Qt::MoveAction, -1, 0, request));
        model->dropMimeData(mime.get(), Qt::MoveAction, -1, 0, folder);
        QCOMPARE(model->rowCount(folder), 1);
        // A folder cannot go into itself.
        QVERIFY(!model->move(folder, folder));

        const QModelIndex copy = model->duplicate(model->index(0, 0, folder));
        QVERIFY(copy.isValid());
        QVERIFY(model->setData(model->index(0, 0, folder), QStringLiteral("renamed")));

        waitForFiles();
        Collection onDisk;
        CollectionFileError error;
        QVERIFY(CollectionFile::read(file, &onDisk, nullptr, &error));
        const CollectionFolder *saved = onDisk.findFolder(QStringLiteral("Folder A"));
        QVERIFY(saved);
        QCOMPARE(saved->requests.size(), 2);
        QCOMPARE(saved->requests.at(0).name, QStringLiteral("renamed"));
        QCOMPARE(saved->requests.at(0).expectedStatus, std::optional<int>(204));
        QCOMPARE(saved->requests.at(1).name, QStringLiteral("moved copy"));
        QVERIFY(saved->requests.at(1).id != saved->requests.at(0).id);
        QVERIFY(onDisk.root.requests.isEmpty());

        // A collection in the data folder goes to the trash (or aside) when deleted.
        m_view->model()->remove(m_view->model()->collectionIndex(row));
        QVERIFY(m_view->workspace()->rowForFile(file) < 0);
    }

    void environmentsAndSecrets()
    {
        openWindow();
        const int row = createCollection(QStringLiteral("Envs"));
        QVERIFY(row >= 0);
        const QString file = m_view->workspace()->filePath(row);
        QVERIFY(m_view->select(m_view->model()->collectionIndex(row)));
        QSignalSpy spy(m_view->workspace(), &CollectionsWorkspace::variablesChanged);
        Environment staging;
        staging.name = QStringLiteral("staging");
        staging.variables = {{QStringLiteral("base"), QStringLiteral("https://staging"), false, true},
                             {QStringLiteral("token"), QStringLiteral("GUI_SECRET_42"), true, true}};
        m_view->workspace()->setEnvironments(row, {staging});
        m_view->workspace()->setEnvironment(QStringLiteral("staging"));
        QVERIFY(!spy.isEmpty());
        const TemplateVariables variables = spy.last().first().value<TemplateVariables>();
        QCOMPARE(variables.value(QStringLiteral("token")), QStringLiteral("GUI_SECRET_42"));
        QCOMPARE(m_view->workspace()->variables().value(QStringLiteral("base")), QStringLiteral("https://staging"));
        waitForFiles();
        QVERIFY(readAll(file).contains("\"staging\""));
        QVERIFY(!readAll(file).contains("GUI_SECRET_42"));
        // The toolbar's picker shows the sidebar's choice.
        auto *combo = m_window->findChild<QComboBox *>(QStringLiteral("environmentCombo"));
        QVERIFY(combo);
        QCOMPARE(combo->currentText(), QStringLiteral("staging"));

        // And after a restart the secret comes back from the store.
        closeWindow();
        openWindow();
        QVERIFY(m_view->select(m_view->model()->collectionIndex(m_view->workspace()->rowForFile(file))));
        m_view->workspace()->setEnvironment(QStringLiteral("staging"));
        QCOMPARE(m_view->workspace()->variables().value(QStringLiteral("token")), QStringLiteral("GUI_SECRET_42"));
    }

    // A request bound to an endpoint profile is sent from the composer with the profile
    // applied, as `hookbench run` sends it; the composer shows the binding.
    void boundRequestIsSentWithItsProfile()
    {
        ListenerFixture listener;
        openWindow();
        const int row = createCollection(QStringLiteral("Bound"));
        QVERIFY(row >= 0);
        EndpointProfile profile;
        profile.name = QStringLiteral("local-api");
        profile.baseUrl = QStringLiteral("http://127.0.0.1:%1/api").arg(listener.port);
        profile.headers = {{true, QStringLiteral("X-Profile"), QStringLiteral("from-profile")},
                           {true, QStringLiteral("X-Own"), QStringLiteral("profile")}};
        profile.authMode = RequestDraft::AuthMode::Bearer;
        profile.authSecret = QStringLiteral("PROFILE_TOKEN_77");
        m_view->workspace()->setProfiles(row, {profile});
        CollectionRequest request;
        request.name = QStringLiteral("bound request");
        request.profile = profile.name;
        request.draft = draft(QStringLiteral("/orders"), QStringLiteral("{\"bound\": true}"));
        request.draft.headers = {{true, QStringLiteral("X-Own"), QStringLiteral("request")}};
        const QModelIndex index = m_view->model()->addRequest(m_view->model()->collectionIndex(row), request);
        QVERIFY(index.isValid());
        QVERIFY(m_view->select(index));

        auto *label = m_composer->findChild<QLabel *>(QStringLiteral("profileLabel"));
        QVERIFY(label);
        QVERIFY(!label->isHidden());
        QCOMPARE(label->text(), QStringLiteral("Profile: <a href=\"edit\">local-api</a>"));
        QCOMPARE(m_composer->draft().url, QStringLiteral("/orders")); // the fields stay the request's own
        QVERIFY(!m_view->hasUnsavedChanges());

        auto *send = m_composer->findChild<QPushButton *>(QStringLiteral("sendButton"));
        QTest::mouseClick(send, Qt::LeftButton);
        QTRY_COMPARE(listener.captures.size(), 1);
        const Capture &capture = listener.captures.first();
        QCOMPARE(capture.target, QByteArray("/api/orders"));
        QCOMPARE(Headers::value(capture.headers, "X-Profile"), QByteArray("from-profile"));
        QCOMPARE(Headers::value(capture.headers, "X-Own"), QByteArray("request"));
        QCOMPARE(Headers::value(capture.headers, "Authorization"), QByteArray("Bearer PROFILE_TOKEN_77"));
        QCOMPARE(capture.body, QByteArray("{\"bound\": true}"));

        // Unbound from the context menu's model path: the label goes, the URL is sent as it is.
        CollectionRequest unbound = m_view->model()->request(index);
        unbound.profile.clear();
        m_view->model()->setRequest(index, unbound);
        QVERIFY(label->isHidden());
        // Bound to a profile the collection lacks: Send refuses, in the words `hookbench run` uses.
        CollectionRequest ghost = m_view->model()->request(m_view->model()->findRequest(row, unbound.id));
        ghost.profile = QStringLiteral("missing");
        m_view->model()->setRequest(m_view->model()->findRequest(row, unbound.id), ghost);
        QVERIFY(label->text().contains(QLatin1String("missing")));
        QTest::mouseClick(send, Qt::LeftButton);
        auto *error = m_composer->findChild<QLabel *>(QStringLiteral("composerErrorLabel"));
        QVERIFY(!error->isHidden());
        QVERIFY2(error->text().contains(QLatin1String("which the collection does not have")),
                 qPrintable(error->text()));
        QCOMPARE(listener.captures.size(), 1);

        // Deleting the profile takes its secret out of the store; the binding shows it is gone.
        const QModelIndex again = m_view->model()->findRequest(row, unbound.id);
        CollectionRequest rebound = m_view->model()->request(again);
        rebound.profile = profile.name;
        m_view->model()->setRequest(again, rebound);
        QCOMPARE(label->text(), QStringLiteral("Profile: <a href=\"edit\">local-api</a>"));
        const QString secretsPath = DataPaths::dataDir() + QStringLiteral("/secrets.json");
        waitForFiles();
        QVERIFY(readAll(secretsPath).contains("PROFILE_TOKEN_77"));
        QVERIFY(!readAll(m_view->workspace()->filePath(row)).contains("PROFILE_TOKEN_77"));
        QVERIFY(m_view->workspace()->removeProfile(row, profile.name));
        QVERIFY(!m_view->workspace()->removeProfile(row, profile.name));
        waitForFiles();
        QVERIFY(!readAll(secretsPath).contains("PROFILE_TOKEN_77"));
        QVERIFY(!readAll(m_view->workspace()->filePath(row)).contains(profile.baseUrl.toUtf8()));
        QCOMPARE(label->text(), QStringLiteral("Profile: local-api (missing)"));
    }

    // Where secrets go is said in the environment dialog's words (no session bus here: the file).
    void secretsLocationIsShown()
    {
        openWindow();
        QVERIFY(
            m_view->workspace()->secretsDescription().contains(DataPaths::dataDir() + QStringLiteral("/secrets.json")));
        QVERIFY(m_view->workspace()->secretsDescription().contains(QLatin1String("readable by you only")));
    }

    // A collection kept in a git checkout: opened from there, saved back there, remembered.
    void openFromAnyFolder()
    {
        QTemporaryDir repository;
        const QString path = repository.filePath(QStringLiteral("api.hookbench.json"));
        Collection c;
        c.name = QStringLiteral("In a repository");
        QString error;
        QVERIFY(CollectionFile::write(path, c, nullptr, &error));

        openWindow();
        error = openFile(path);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const int row = m_view->workspace()->rowForFile(path);
        QVERIFY(row >= 0);
        QVERIFY(m_view->select(m_view->model()->collectionIndex(row)));
        RequestDraft d = draft(QStringLiteral("http://127.0.0.1:9/repo"), QStringLiteral("{}"));
        d.authMode = RequestDraft::AuthMode::Bearer;
        d.bearerToken = QStringLiteral("REPO_SECRET_1");
        m_composer->setDraft(d);
        {
            TestSupport::ScriptedDialogs saveAs;
            acceptSaveAs(saveAs);
            QVERIFY(m_view->saveComposer());
        }
        waitForFiles();
        QVERIFY(readAll(path).contains("http://127.0.0.1:9/repo"));
        QVERIFY(!readAll(path).contains("REPO_SECRET_1"));
        QVERIFY(!QFile::exists(DataPaths::collectionsDir() + QStringLiteral("/api.hookbench.json")));

        closeWindow();
        openWindow();
        const int again = m_view->workspace()->rowForFile(path);
        QVERIFY(again >= 0);
        const Collection reopened = m_view->workspace()->collection(again);
        QCOMPARE(reopened.root.requests.size(), 1);
        QCOMPARE(reopened.root.requests.first().draft.bearerToken, QStringLiteral("REPO_SECRET_1"));

        // Deleting the request takes its secret out of the store as well.
        const QString secretsPath = DataPaths::dataDir() + QStringLiteral("/secrets.json");
        QVERIFY(readAll(secretsPath).contains("REPO_SECRET_1"));
        TestSupport::ScriptedDialogs dialogs;
        dialogs.press(QMessageBox::Yes);
        m_view->deleteItem(m_view->model()->index(0, 0, m_view->model()->collectionIndex(again)));
        QCOMPARE(dialogs.asked().size(), 1);
        QCOMPARE(dialogs.asked().first().kind, Dialogs::Kind::Question);
        waitForFiles();
        QVERIFY(!readAll(secretsPath).contains("REPO_SECRET_1"));
        QVERIFY(!readAll(path).contains("http://127.0.0.1:9/repo"));

        // A broken file elsewhere is refused with its place, and left as it is.
        const QString broken = repository.filePath(QStringLiteral("broken.json"));
        {
            QFile file(broken);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("{\"hookbenchCollection\": 1,,}");
        }
        error = openFile(broken);
        QVERIFY2(error.startsWith(broken + QStringLiteral(", line 1, column 27")), qPrintable(error));
        QCOMPARE(readAll(broken), QByteArray("{\"hookbenchCollection\": 1,,}"));
        QVERIFY(m_view->workspace()->rowForFile(broken) < 0);
        closeWindow();
    }

    void brokenFileIsReportedAndKept()
    {
        const QString path = DataPaths::collectionsDir() + QStringLiteral("/broken.json");
        const QByteArray content("{\n  \"hookbenchCollection\": 1,\n  \"name\": \"x\"\n  \"id\": \"y\"\n}\n");
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(content);
        }
        openWindow();
        QVERIFY(m_view->workspace()->rowForFile(path) < 0);
        // (The repository of openFromAnyFolder() is gone too: said once, then forgotten.)
        const QStringList problems = m_view->workspace()->problems();
        QCOMPARE(problems.size(), 2);
        QVERIFY2(problems.contains(path + QStringLiteral(", line 4, column 3: missing comma")),
                 qPrintable(problems.join(QLatin1Char('\n'))));
        QVERIFY(problems.last().endsWith(QLatin1String("api.hookbench.json: no longer there")));
        auto *label = m_view->findChild<QLabel *>(QStringLiteral("collectionsProblems"));
        QVERIFY(label && !label->isHidden());
        closeWindow();
        QCOMPARE(readAll(path), content);
        openWindow();
        QCOMPARE(m_view->workspace()->problems().size(), 1);
        closeWindow();
        QCOMPARE(readAll(path), content);
        QFile::remove(path);
    }

    // The GUI thread never reads a collection file: one that blocks (a FIFO no one has written
    // yet, as a hung network home folder would) leaves the window working, and the collection
    // shows up once the file answers.
    void readingABlockedFileKeepsTheWindowResponsive_data()
    {
        QTest::addColumn<bool>("atStart");
        QTest::newRow("remembered, read at start") << true;
        QTest::newRow("opened") << false;
    }
    void readingABlockedFileKeepsTheWindowResponsive()
    {
        QFETCH(bool, atStart);
        QTemporaryDir elsewhere;
        const QString path = elsewhere.filePath(QStringLiteral("slow.hookbench.json"));
        Collection slow;
        slow.name = QStringLiteral("On a slow disk");
        slow.assignIds();
        BlockingFile file(path, CollectionFile::toJson(slow, nullptr));
        QVERIFY(file.isValid());
        if (atStart)
            AppSettings().setOpenCollectionFiles({path});
        openWindow(!atStart);
        QSignalSpy opened(m_view->workspace(), &CollectionsWorkspace::fileOpened);
        if (!atStart)
            m_view->openFile(path);

        bool ticked = false;
        QTimer::singleShot(10, m_view, [&ticked] { ticked = true; });
        QTRY_VERIFY(ticked);
        auto *url = m_composer->findChild<QLineEdit *>(QStringLiteral("urlEdit"));
        QVERIFY(url);
        QTest::keyClicks(url, QStringLiteral("http://typed.meanwhile/"));
        QVERIFY(url->text().endsWith(QLatin1String("http://typed.meanwhile/")));
        QVERIFY(!file.isFed());
        QVERIFY(m_view->workspace()->isBusy());
        QCOMPARE(m_view->workspace()->rowForFile(path), -1);
        if (atStart) {
            // Not an empty sidebar without a word: it says it is reading.
            QVERIFY(m_view->workspace()->isLoading());
            auto *status = m_view->findChild<QLabel *>(QStringLiteral("collectionsStatus"));
            QCOMPARE(status->text(), QStringLiteral("Reading collections…"));
        }

        file.feed();
        QTRY_VERIFY(m_view->workspace()->rowForFile(path) >= 0);
        QVERIFY2(file.fedInTime(), "the file was read on the GUI thread: only the timeout could write it");
        QCOMPARE(m_view->workspace()->collection(m_view->workspace()->rowForFile(path)).name, slow.name);
        if (atStart) {
            QTRY_VERIFY(!m_view->workspace()->isLoading());
            QVERIFY(m_view->workspace()->problems().isEmpty());
        } else {
            QCOMPARE(opened.size(), 1);
            QCOMPARE(opened.first().at(1).toString(), QString());
        }
        closeWindow();
        AppSettings().setOpenCollectionFiles({});
    }

    // Saved again and again without waiting: the writes queue on the one I/O thread, so the
    // last save is what the folder holds, and what a new window reads back.
    void savesOfOneFileLandInOrder()
    {
        QTemporaryDir repository;
        const QString path = openElsewhere(repository, QStringLiteral("ordered"));
        QVERIFY(!path.isEmpty());
        m_composer->setDraft(draft(QStringLiteral("http://127.0.0.1:9/v0"), QStringLiteral("{}")));
        {
            TestSupport::ScriptedDialogs saveAs;
            acceptSaveAs(saveAs);
            QVERIFY(m_view->saveComposer());
        }
        for (int i = 1; i <= 20; ++i) {
            m_composer->setUrl(QStringLiteral("http://127.0.0.1:9/v%1").arg(i));
            QVERIFY(m_view->saveComposer());
        }
        QVERIFY(m_view->workspace()->isBusy());
        QVERIFY(m_view->hasUnsavedChanges()); // saved once on disk, not before
        waitForFiles();
        QVERIFY(!m_view->hasUnsavedChanges());
        Collection onDisk;
        CollectionFileError readError;
        QVERIFY2(CollectionFile::read(path, &onDisk, nullptr, &readError), qPrintable(readError.toString()));
        QCOMPARE(onDisk.root.requests.size(), 1);
        QCOMPARE(onDisk.root.requests.first().draft.url, QStringLiteral("http://127.0.0.1:9/v20"));

        closeWindow();
        openWindow();
        const int row = m_view->workspace()->rowForFile(path);
        QVERIFY(row >= 0);
        QVERIFY(m_view->select(m_view->model()->index(0, 0, m_view->model()->collectionIndex(row))));
        QCOMPARE(m_composer->draft().url, QStringLiteral("http://127.0.0.1:9/v20"));
        closeWindow();
        AppSettings().setOpenCollectionFiles({});
    }

    // A file broken by hand after it was opened: the save is refused and says so, the file
    // stays byte for byte, the request stays marked, and its secret stays in the store.
    void aFileBrokenMeanwhileIsNotOverwritten()
    {
        QTemporaryDir repository;
        const QString path = openElsewhere(repository, QStringLiteral("edited"));
        QVERIFY(!path.isEmpty());
        RequestDraft d = withToken(QStringLiteral("http://127.0.0.1:9/kept"), QStringLiteral("KEPT_SECRET_9"));
        m_composer->setDraft(d);
        {
            TestSupport::ScriptedDialogs saveAs;
            acceptSaveAs(saveAs);
            QVERIFY(m_view->saveComposer());
        }
        waitForFiles();
        QVERIFY(!m_view->hasUnsavedChanges());
        const QString secretsPath = DataPaths::dataDir() + QStringLiteral("/secrets.json");
        QVERIFY(readAll(secretsPath).contains("KEPT_SECRET_9"));

        const QByteArray broken("{\"hookbenchCollection\": 1,,}");
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(broken);
        }
        // A reference instead of the token: saved, it would take the secret out of the store.
        d.bearerToken = QStringLiteral("{{token}}");
        m_composer->setDraft(d);
        QSignalSpy messages(m_view, &CollectionsView::messageShown);
        QVERIFY(m_view->saveComposer());
        waitForFiles();
        QCOMPARE(readAll(path), broken);
        QVERIFY(m_view->hasUnsavedChanges());
        QVERIFY(!messages.isEmpty());
        const QString message = messages.last().first().toString();
        QVERIFY2(message.startsWith(QLatin1String("Not saved: ") + path + QLatin1String(", line 1, column 27"))
                     && message.contains(QLatin1String("not overwritten")),
                 qPrintable(message));
        QVERIFY(readAll(secretsPath).contains("KEPT_SECRET_9"));
        // The sidebar keeps saying so, not only the status bar for a moment.
        auto *status = m_view->findChild<QLabel *>(QStringLiteral("collectionsStatus"));
        QVERIFY2(status->text().startsWith(QLatin1String("Not saved: ") + path), qPrintable(status->text()));
        closeWindow();
        AppSettings().setOpenCollectionFiles({});
    }

    // Closing the window at once after Ctrl+S: the queued write still lands, secret and all.
    void closingRightAfterASaveKeepsIt()
    {
        QTemporaryDir repository;
        const QString path = openElsewhere(repository, QStringLiteral("closing"));
        QVERIFY(!path.isEmpty());
        m_composer->setDraft(
            withToken(QStringLiteral("http://127.0.0.1:9/closing"), QStringLiteral("CLOSING_SECRET_5")));
        {
            TestSupport::ScriptedDialogs saveAs;
            acceptSaveAs(saveAs);
            QVERIFY(m_view->saveComposer());
        }
        QVERIFY(m_view->workspace()->isBusy());
        closeWindow();
        QVERIFY(readAll(path).contains("http://127.0.0.1:9/closing"));
        QVERIFY(!readAll(path).contains("CLOSING_SECRET_5"));
        QVERIFY(readAll(DataPaths::dataDir() + QStringLiteral("/secrets.json")).contains("CLOSING_SECRET_5"));
        AppSettings().setOpenCollectionFiles({});
    }
};

QTEST_MAIN(TestCollectionsView)
#include "tst_collectionsview.moc"
