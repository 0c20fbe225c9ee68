#include "core/app/appinfo.h"
#include "core/app/appsettings.h"
#include "core/app/datapaths.h"
#include "support/testsupport.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QTest>

class TestAppSettings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        TestSupport::isolateUserData();
        QSettings().clear();
    }

    void defaults()
    {
        const AppSettings settings;
        QVERIFY(settings.mainWindowGeometry().isEmpty());
        QCOMPARE(settings.currentWorkArea(), 1); // a first run opens on Receive
        QCOMPARE(settings.listenerAddress(), QStringLiteral("127.0.0.1"));
        QCOMPARE(settings.listenerPort(), quint16(8765));
        QCOMPARE(settings.listenerMaxBodyBytes(), qint64(32 * 1024 * 1024));
        QVERIFY(settings.editorFont().isEmpty());
        QCOMPARE(settings.theme(), QStringLiteral("system"));
        QVERIFY(settings.activeEnvironment().isEmpty());
    }

    void valuesSurviveANewInstance()
    {
        {
            AppSettings settings;
            settings.setMainWindowGeometry(QByteArrayLiteral("\x01\x02geometry"));
            settings.setMainSplitterState(QByteArrayLiteral("splitter"));
            settings.setCurrentWorkArea(1);
            settings.setListenerPort(9000);
            settings.setActiveEnvironment(QStringLiteral("staging"));
            settings.sync();
        }
        const AppSettings reopened;
        QCOMPARE(reopened.mainWindowGeometry(), QByteArrayLiteral("\x01\x02geometry"));
        QCOMPARE(reopened.mainSplitterState(), QByteArrayLiteral("splitter"));
        QCOMPARE(reopened.currentWorkArea(), 1);
        QCOMPARE(reopened.listenerPort(), quint16(9000));
        QCOMPARE(reopened.activeEnvironment(), QStringLiteral("staging"));
    }

    void testModeKeepsUserDataAside()
    {
        // Test mode puts data under ~/.qttest; a test must never reach real files.
        QVERIFY2(DataPaths::dataDir().contains(QLatin1String(".qttest")), qPrintable(DataPaths::dataDir()));
        QVERIFY(QFileInfo(DataPaths::dataDir()).isDir());
        QVERIFY2(QSettings().fileName().contains(QLatin1String(".qttest")), qPrintable(QSettings().fileName()));
    }

    void cleanupTestCase() { QSettings().clear(); }
};

QTEST_GUILESS_MAIN(TestAppSettings)
#include "tst_appsettings.moc"
