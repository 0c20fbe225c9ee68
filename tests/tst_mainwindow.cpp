#include "appinfo.h"
#include "appsettings.h"
#include "mainwindow.h"
#include "testsupport.h"

#include <QApplication>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTest>

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        TestSupport::isolateUserData();
        QSettings().clear();
    }

    void opensWithSendAndReceiveAreas()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.windowTitle(), QStringLiteral("Hookbench"));
        auto *areas = window.findChild<QTabWidget *>(QStringLiteral("workAreas"));
        QVERIFY(areas);
        QVERIFY(window.findChild<QWidget *>(QStringLiteral("sendArea")));
        QVERIFY(window.findChild<QWidget *>(QStringLiteral("receiveArea")));
        QVERIFY(window.findChild<QTabWidget *>(QStringLiteral("sidebar")));
        QVERIFY(window.statusBar()->isVisible());
        QCOMPARE(areas->tabText(0), QStringLiteral("Send"));
        QCOMPARE(areas->tabText(1), QStringLiteral("Receive"));
    }

    void layoutPersistsAcrossRestarts()
    {
        {
            MainWindow window;
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            window.resize(1500, 900);
            window.findChild<QSplitter *>(QStringLiteral("mainSplitter"))->setSizes({311, 1189});
            window.findChild<QTabWidget *>(QStringLiteral("workAreas"))->setCurrentIndex(1);
            window.close();
        }
        MainWindow reopened;
        reopened.show();
        QVERIFY(QTest::qWaitForWindowExposed(&reopened));
        QCOMPARE(reopened.size(), QSize(1500, 900));
        QCOMPARE(reopened.findChild<QSplitter *>(QStringLiteral("mainSplitter"))->sizes().constFirst(), 311);
        QCOMPARE(reopened.findChild<QTabWidget *>(QStringLiteral("workAreas"))->currentIndex(), 1);
    }

    void cleanupTestCase() { QSettings().clear(); }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
