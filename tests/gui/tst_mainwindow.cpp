#include "core/app/appinfo.h"
#include "core/app/appsettings.h"
#include "core/capture/capturestore.h"
#include "core/listener/listener.h"
#include "core/send/historystore.h"
#include "core/send/sender.h"
#include "gui/receive/listenerpanel.h"
#include "gui/send/sendarea.h"
#include "gui/widgets/placeholdertreeview.h"
#include "gui/window/mainwindow.h"
#include "support/dialogtestsupport.h"
#include "support/testsupport.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QScreen>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>

class TestMainWindow : public QObject
{
    Q_OBJECT

private:
    // Its own data folder and settings: clearing the shared ones raced the other GUI tests.
    QTemporaryDir m_home;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        QVERIFY(TestSupport::isolateUserDataIn(m_home.path()));
    }

    void opensWithSendAndReceiveAreas()
    {
        AppServices services(TestSupport::servicesIn(m_home.path()));
        services.openCaptureStoreAsync();
        MainWindow window(&services);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.windowTitle(), QStringLiteral("Hookbench"));
        // A first run fits the screen it opens on (1280x800 by design, less on a smaller one).
        const QSize available = window.screen()->availableGeometry().size();
        QVERIFY(window.width() <= qMax(available.width(), window.minimumSizeHint().width()));
        QVERIFY(window.height() <= qMax(available.height(), window.minimumSizeHint().height()));
        auto *areas = window.findChild<QTabWidget *>(QStringLiteral("workAreas"));
        QVERIFY(areas);
        QVERIFY(window.findChild<QWidget *>(QStringLiteral("sendArea")));
        QVERIFY(window.findChild<QWidget *>(QStringLiteral("receiveArea")));
        QVERIFY(window.findChild<QTabWidget *>(QStringLiteral("sidebar")));
        QVERIFY(window.statusBar()->isVisible());
        QCOMPARE(areas->tabText(0), QStringLiteral("Send"));
        QCOMPARE(areas->tabText(1), QStringLiteral("Receive"));
        // An empty Collections sidebar says how to fill it.
        auto *tree = window.findChild<PlaceholderTreeView *>(QStringLiteral("collectionsTree"));
        QVERIFY(tree);
        QVERIFY(tree->placeholderText().contains(QLatin1String("No collections yet")));
        // The window builds no service: it uses the ones it was given.
        QVERIFY(window.findChildren<CaptureStore *>().isEmpty());
        QVERIFY(window.findChildren<HistoryStore *>().isEmpty());
        QVERIFY(window.findChildren<Sender *>().isEmpty());
        QVERIFY(window.findChildren<Listener *>().isEmpty());
        QCOMPARE(window.findChild<ListenerPanel *>()->listener(), services.listener());
        QCOMPARE(window.findChild<SendArea *>()->historyStore(), services.history());
    }

    // The toolbar holds the window's primary actions, fixed in place, and the environment picker.
    void toolbarHoldsThePrimaryActions()
    {
        AppSettings().setListenerPort(0); // any free port
        AppServices services(TestSupport::servicesIn(m_home.path()));
        services.openCaptureStoreAsync();
        MainWindow window(&services);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *toolBar = window.findChild<QToolBar *>(QStringLiteral("mainToolBar"));
        QVERIFY(toolBar);
        QVERIFY(toolBar->isVisible());
        QVERIFY(!toolBar->isMovable());
        QVERIFY(!toolBar->isFloatable());
        QStringList actions;
        for (const QAction *action : toolBar->actions())
            actions.append(action->objectName());
        QVERIFY(actions.contains(QStringLiteral("saveRequestAction")));
        QVERIFY(actions.contains(QStringLiteral("startStopListenerAction")));
        QVERIFY(toolBar->findChild<QComboBox *>(QStringLiteral("environmentCombo"))->isVisible());

        // Start and Stop from the toolbar, while the Send area is in front.
        auto *panel = window.findChild<ListenerPanel *>();
        QAction *listen = window.findChild<QAction *>(QStringLiteral("startStopListenerAction"));
        QCOMPARE(listen->text(), QStringLiteral("Start Listener"));
        listen->trigger();
        QTRY_COMPARE(panel->state(), ListenerPanel::State::Listening);
        QCOMPARE(listen->text(), QStringLiteral("Stop Listener"));
        QVERIFY(listen->toolTip().contains(panel->url().toString()));
        listen->trigger();
        QTRY_COMPARE(panel->state(), ListenerPanel::State::Stopped);
        QCOMPARE(listen->text(), QStringLiteral("Start Listener"));
    }

    void aboutNamesTheVersions()
    {
        AppServices services(TestSupport::servicesIn(m_home.path()));
        services.openCaptureStoreAsync();
        MainWindow window(&services);
        TestSupport::ScriptedDialogs dialogs;
        window.findChild<QAction *>(QStringLiteral("aboutAction"))->trigger();
        QCOMPARE(dialogs.asked().size(), 1);
        const Dialogs::Request about = dialogs.asked().constFirst();
        QCOMPARE(about.kind, Dialogs::Kind::About);
        QCOMPARE(about.parent, &window);
        QVERIFY2(about.text.contains(AppInfo::version()) && about.text.contains(QLatin1String(qVersion())),
                 qPrintable(about.text));
    }

    void layoutPersistsAcrossRestarts()
    {
        {
            AppServices services(TestSupport::servicesIn(m_home.path()));
            services.openCaptureStoreAsync();
            MainWindow window(&services);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            window.resize(1500, 900);
            window.findChild<QSplitter *>(QStringLiteral("mainSplitter"))->setSizes({311, 1189});
            window.findChild<QTabWidget *>(QStringLiteral("workAreas"))->setCurrentIndex(1);
            window.close();
        }
        AppServices services(TestSupport::servicesIn(m_home.path()));
        services.openCaptureStoreAsync();
        MainWindow reopened(&services);
        reopened.show();
        QVERIFY(QTest::qWaitForWindowExposed(&reopened));
        QCOMPARE(reopened.size(), QSize(1500, 900));
        QCOMPARE(reopened.findChild<QSplitter *>(QStringLiteral("mainSplitter"))->sizes().constFirst(), 311);
        QCOMPARE(reopened.findChild<QTabWidget *>(QStringLiteral("workAreas"))->currentIndex(), 1);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
