#include "core/app/appservices.h"
#include "core/collections/collectionsworkspace.h"
#include "core/collections/collectiontreemodel.h"
#include "core/drafts/draftsfile.h"
#include "core/drafts/draftsstore.h"
#include "gui/collections/collectionsview.h"
#include "gui/send/composerwidget.h"
#include "gui/send/sendarea.h"
#include "gui/window/mainwindow.h"
#include "support/dialogtestsupport.h"
#include "support/testsupport.h"

#include <QAction>
#include <QApplication>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QLineEdit>
#include <QProcess>
#include <QStatusBar>
#include <QTabBar>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>
#include <memory>

namespace {

constexpr char kHoldArgument[] = "--hold-dirty-tab";
const QString kTyped = QStringLiteral("http://127.0.0.1:9/typed-before-kill-9");

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The child side of killedWithADirtyTabLosesNothing: the window on `home`'s data, a URL typed
// into the tab in front, and "ready" once the drafts file holds it; then it waits to be killed.
int holdDirtyTab(const QString &home)
{
    if (!TestSupport::isolateUserDataIn(home))
        return 2;
    AppServices services(TestSupport::servicesIn(home));
    MainWindow window(&services);
    window.show();
    if (!QTest::qWaitFor([&services] { return services.drafts()->isLoaded(); }, 20000))
        return 3;
    // The composer's: the listener panel has a field of that name too.
    auto *url = window.sendArea()->composer()->findChild<QLineEdit *>(QStringLiteral("urlEdit"));
    url->clear();
    QTest::keyClicks(url, kTyped);
    QElapsedTimer sinceTyping;
    sinceTyping.start();
    const QString drafts = services.options().draftsFile;
    if (!QTest::qWaitFor([&drafts] { return readAll(drafts).contains(kTyped.toUtf8()); }, 20000))
        return 4;
    std::printf("ready %lld\n", static_cast<long long>(sinceTyping.elapsed()));
    std::fflush(stdout);
    return QApplication::exec(); // until killed
}

} // namespace

// The Send area's tabs across quitting, relaunching, a broken drafts file, kill -9 and SIGTERM,
// with the window and services main() builds, on a data folder of the test's own.
class TestRequestTabs : public QObject
{
    Q_OBJECT

    QTemporaryDir m_home;
    std::unique_ptr<AppServices> m_services;
    std::unique_ptr<MainWindow> m_window;

    QString draftsPath() const { return m_home.filePath(QStringLiteral("drafts.json")); }
    SendArea *tabs() const { return m_window->sendArea(); }

    void openWindow()
    {
        closeWindow();
        m_services = std::make_unique<AppServices>(TestSupport::servicesIn(m_home.path()));
        m_window = std::make_unique<MainWindow>(m_services.get());
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QTRY_VERIFY(m_services->drafts()->isLoaded());
        QTRY_VERIFY(!m_services->collections()->isLoading());
    }
    // As main() ends: the window, then the services (whose drafts store writes what it holds).
    void closeWindow()
    {
        m_window.reset();
        m_services.reset();
    }
    void type(const QString &url)
    {
        auto *edit = tabs()->composer()->findChild<QLineEdit *>(QStringLiteral("urlEdit"));
        edit->clear();
        QTest::keyClicks(edit, url);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        QVERIFY(TestSupport::isolateUserDataIn(m_home.path()));
    }

    void init() { QFile::remove(draftsPath()); }
    void cleanup() { closeWindow(); }

    // Quitting asks once for every dirty tab; Save All updates the saved requests and keeps the
    // new ones as drafts; the next launch has the same tabs, order, front tab and dirty marks.
    void quittingAsksOnceAndTheTabsComeBack()
    {
        openWindow();
        CollectionsWorkspace *workspace = m_services->collections();
        int row = -1;
        workspace->createCollection(QStringLiteral("Quit"), [&row](int created) { row = created; });
        QTRY_VERIFY(row >= 0);
        CollectionRequest request;
        request.name = QStringLiteral("saved one");
        request.draft.url = QStringLiteral("http://127.0.0.1:9/saved");
        CollectionItem *saved = workspace->addRequest(workspace->collectionItem(row), request);
        QTRY_VERIFY(!workspace->isBusy());
        auto *view = m_window->findChild<CollectionsView *>();
        QVERIFY(view->select(view->model()->indexFor(saved)));
        type(QStringLiteral("http://127.0.0.1:9/saved-edited"));
        tabs()->newTab();
        type(QStringLiteral("http://127.0.0.1:9/new-draft"));
        tabs()->newTab(); // clean
        tabs()->setCurrentIndex(1);
        QCOMPARE(tabs()->tabs().tabs.size(), 4);
        const QStringList titles = {tabs()->tabs().tabs.at(0).title, tabs()->tabs().tabs.at(1).title,
                                    tabs()->tabs().tabs.at(2).title, tabs()->tabs().tabs.at(3).title};

        TestSupport::ScriptedDialogs dialogs;
        dialogs.press(QMessageBox::Cancel);
        QVERIFY(!m_window->close());
        QCOMPARE(dialogs.asked().size(), 1);
        QVERIFY2(dialogs.asked().first().text.startsWith(QLatin1String("2 tabs have changes that are not saved")),
                 qPrintable(dialogs.asked().first().text));
        QVERIFY(m_window->isVisible());
        dialogs.press(QMessageBox::SaveAll);
        QVERIFY(m_window->close());
        QCOMPARE(dialogs.asked().size(), 2);
        const QString file = workspace->filePath(row);
        closeWindow();
        QVERIFY(readAll(file).contains("saved-edited"));

        openWindow();
        const RequestTabSet &restored = tabs()->tabs();
        QCOMPARE(restored.tabs.size(), 4);
        for (int i = 0; i < 4; ++i)
            QCOMPARE(restored.tabs.at(i).title, titles.at(i));
        QCOMPARE(restored.current, 1);
        QVERIFY(!restored.tabs.at(1).isDirty()); // saved by Save All
        QVERIFY(restored.tabs.at(2).isDirty());  // a new request: kept as a draft
        QCOMPARE(restored.tabs.at(2).draft.url, QStringLiteral("http://127.0.0.1:9/new-draft"));
        QVERIFY(tabs()->tabBar()->tabText(2).endsWith(QChar(0x25CF)));
        QCOMPARE(tabs()->composer()->draft().url, QStringLiteral("http://127.0.0.1:9/saved-edited"));
        // The restored tab is its request's again: Ctrl+S updates it without asking.
        QTRY_VERIFY(m_services->collections()->loadedRequest());

        // Discard drops every change: the next launch has the tabs as last saved or opened.
        tabs()->setCurrentIndex(2);
        dialogs.clearAsked();
        dialogs.press(QMessageBox::Discard);
        QVERIFY(m_window->close());
        QCOMPARE(dialogs.asked().size(), 1);
        closeWindow();
        openWindow();
        QCOMPARE(tabs()->tabs().tabs.size(), 4);
        QVERIFY(!tabs()->tabs().hasDirty());
    }

    void aBrokenDraftsFileIsSetAsideAndSaid()
    {
        {
            QFile file(draftsPath());
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("{\"hookbenchDrafts\": 1, \"tabs\": [{\"id\": ");
        }
        openWindow();
        QTRY_VERIFY2(m_window->statusBar()->currentMessage().contains(QLatin1String("moved aside")),
                     qPrintable(m_window->statusBar()->currentMessage()));
        QCOMPARE(tabs()->tabs().tabs.size(), 1);
        QDirIterator aside(m_home.path(), {QStringLiteral("drafts.json.broken-*")});
        QVERIFY(aside.hasNext());
        QCOMPARE(readAll(aside.next()), QByteArray("{\"hookbenchDrafts\": 1, \"tabs\": [{\"id\": "));
        // The new file is the window's, next to the one set aside.
        QTRY_VERIFY(DraftsFile::read(draftsPath()).set.tabs.size() == 1);
    }

    // A child process holds a dirty tab until its draft is on disk and is killed with SIGKILL:
    // the next window brings the typing back.
    void killedWithADirtyTabLosesNothing()
    {
        QProcess child;
        child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        child.start(QCoreApplication::applicationFilePath(), {QLatin1String(kHoldArgument), m_home.path()});
        QVERIFY(child.waitForStarted());
        QByteArray said;
        QTRY_VERIFY_WITH_TIMEOUT(
            (said += child.readAllStandardOutput()).contains("ready") || child.state() == QProcess::NotRunning, 60000);
        QVERIFY2(said.startsWith("ready"),
                 qPrintable(
                     QStringLiteral("child said \"%1\", exit %2").arg(QString::fromUtf8(said)).arg(child.exitCode())));
        qInfo("draft on disk %s ms after the last keystroke", said.mid(6).trimmed().constData());
        child.kill();
        QVERIFY(child.waitForFinished());
        QCOMPARE(child.exitStatus(), QProcess::CrashExit);

        openWindow();
        const RequestTab &front = tabs()->currentTab();
        QCOMPARE(front.draft.url, kTyped);
        QVERIFY(front.isDirty());
        QCOMPARE(tabs()->composer()->findChild<QLineEdit *>(QStringLiteral("urlEdit"))->text(), kTyped);
    }

    // SIGTERM (logout, kill): hookbench writes its tabs and exits normally, without asking.
    void terminatedTheTabsAreWritten()
    {
        QTemporaryDir xdg;
        QProcess app;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("XDG_DATA_HOME"), xdg.filePath(QStringLiteral("data")));
        environment.insert(QStringLiteral("XDG_CONFIG_HOME"), xdg.filePath(QStringLiteral("config")));
        app.setProcessEnvironment(environment);
        app.start(QStringLiteral(HOOKBENCH_BINARY), {});
        QVERIFY(app.waitForStarted());
        const auto draftsFile = [&xdg] {
            QDirIterator it(xdg.path(), {QStringLiteral("drafts.json")}, QDir::Files, QDirIterator::Subdirectories);
            return it.hasNext() ? it.next() : QString();
        };
        QTRY_VERIFY_WITH_TIMEOUT(!draftsFile().isEmpty(), 30000);
        const QString path = draftsFile();
        QVERIFY(QFile::remove(path));
        app.terminate();
        QVERIFY(app.waitForFinished(30000));
        QCOMPARE(app.exitStatus(), QProcess::NormalExit);
        QCOMPARE(app.exitCode(), 0);
        QCOMPARE(DraftsFile::read(path).set.tabs.size(), 1);
    }
};

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    if (argc == 3 && qstrcmp(argv[1], kHoldArgument) == 0)
        return holdDirtyTab(QString::fromLocal8Bit(argv[2]));
    TestRequestTabs test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_requesttabs.moc"
