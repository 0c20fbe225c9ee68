#include "core/app/appservices.h"
#include "core/app/datapaths.h"
#include "core/capture/capturedatabase.h"
#include "core/capture/capturestore.h"
#include "core/listener/listener.h"
#include "core/replay/replayer.h"
#include "core/send/historystore.h"
#include "core/send/sender.h"
#include "support/testsupport.h"

#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

// The application object: it builds what the options ask for, on the files they name, and
// takes the services down in an order that loses nothing the listener answered.
class TestAppServices : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(TestSupport::isolateUserDataIn(m_dir.path()));
    }

    void defaultsAreEveryServiceOnTheDataFolder()
    {
        AppServices services;
        QVERIFY(services.captureStore());
        QVERIFY(services.listener());
        QVERIFY(services.history());
        QVERIFY(services.sender());
        QVERIFY(services.replayer());
        QCOMPARE(services.captureStoreFile(), DataPaths::captureStoreFile());
        QCOMPARE(services.history()->fileName(), DataPaths::historyStoreFile());
        QVERIFY(services.captureStoreFile().startsWith(m_dir.path()));
    }

    void optionsLeaveServicesOut_data()
    {
        QTest::addColumn<bool>("captureStore");
        QTest::addColumn<bool>("listener");
        QTest::addColumn<bool>("history");
        QTest::addColumn<bool>("sender");
        QTest::newRow("listen --no-store") << false << true << false << false;
        QTest::newRow("listen --store") << true << true << false << false;
        QTest::newRow("send") << false << false << true << true;
        QTest::newRow("send --no-history") << false << false << false << true;
        QTest::newRow("nothing") << false << false << false << false;
    }

    void optionsLeaveServicesOut()
    {
        QFETCH(bool, captureStore);
        QFETCH(bool, listener);
        QFETCH(bool, history);
        QFETCH(bool, sender);
        AppServices::Options options = TestSupport::servicesIn(m_dir.path());
        options.captureStore = captureStore;
        options.listener = listener;
        options.history = history;
        options.sender = sender;
        AppServices services(options);
        QCOMPARE(services.captureStore() != nullptr, captureStore);
        QCOMPARE(services.listener() != nullptr, listener);
        QCOMPARE(services.history() != nullptr, history);
        QCOMPARE(services.sender() != nullptr, sender);
        QCOMPARE(services.replayer() != nullptr, captureStore && sender); // Replay… reads and sends
        // Without a store, opening it is a no-op that succeeds: `listen --no-store`.
        QString error;
        QCOMPARE(services.openCaptureStore(&error), true);
        QVERIFY(error.isEmpty());
        // The path is known even without a store: export and replay read it.
        QCOMPARE(services.captureStoreFile(), options.captureStoreFile);
    }

    void givenFilesAreUsed()
    {
        QTemporaryDir own;
        AppServices::Options options;
        options.captureStoreFile = own.filePath(QStringLiteral("mine.sqlite"));
        options.historyFile = own.filePath(QStringLiteral("sent.sqlite"));
        AppServices services(options);
        QString error;
        QVERIFY2(services.openCaptureStore(&error), qPrintable(error));
        QCOMPARE(services.captureStore()->fileName(), options.captureStoreFile);
        QCOMPARE(services.history()->fileName(), options.historyFile);
        QVERIFY(QFile::exists(options.captureStoreFile));
    }

    void asyncOpenIsReportedAndKept()
    {
        QTemporaryDir own;
        AppServices services(TestSupport::servicesIn(own.path()));
        QVERIFY(!services.captureStoreOpenResult().finished);
        QSignalSpy opened(&services, &AppServices::captureStoreOpened);
        services.openCaptureStoreAsync();
        QVERIFY(opened.wait(5000));
        QCOMPARE(opened.size(), 1);
        QVERIFY2(opened.at(0).at(0).toBool(), qPrintable(opened.at(0).at(1).toString()));
        const AppServices::OpenResult result = services.captureStoreOpenResult();
        QVERIFY(result.finished);
        QVERIFY(result.ok);

        // A file that cannot be a database: the failure is kept too.
        QTemporaryDir other;
        AppServices::Options options = TestSupport::servicesIn(other.path());
        options.captureStoreFile = other.path(); // a folder
        AppServices broken(options);
        QSignalSpy failed(&broken, &AppServices::captureStoreOpened);
        broken.openCaptureStoreAsync();
        QVERIFY(failed.wait(5000));
        QVERIFY(!failed.at(0).at(0).toBool());
        QVERIFY(!broken.captureStoreOpenResult().ok);
        QVERIFY(!broken.captureStoreOpenResult().error.isEmpty());
    }

    // The listener writes into the store from its own thread; destroying the services right
    // after the last answer must still leave every answered capture on disk.
    void shutdownKeepsEveryAnsweredCapture()
    {
        QTemporaryDir own;
        const AppServices::Options options = TestSupport::servicesIn(own.path());
        constexpr int kRequests = 20;
        {
            AppServices services(options);
            QString error;
            QVERIFY2(services.openCaptureStore(&error), qPrintable(error));
            QSignalSpy started(services.listener(), &Listener::started);
            ListenerConfig config;
            config.address = QHostAddress(QHostAddress::LocalHost);
            config.port = 0;
            services.listener()->start(config);
            QVERIFY(started.wait(5000));
            for (int i = 0; i < kRequests; ++i) {
                QTcpSocket socket;
                socket.connectToHost(QHostAddress::LocalHost, services.listener()->port());
                QVERIFY(socket.waitForConnected(3000));
                socket.write("POST /n HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nConnection: close\r\n\r\n"
                             + QByteArray::number(i % 10));
                QVERIFY(socket.waitForReadyRead(5000));
                QVERIFY(socket.readAll().startsWith("HTTP/1.1 200"));
            }
            // Still listening when it goes: AppServices stops it before the store closes.
        }
        CaptureDatabase database;
        QString error;
        QVERIFY2(database.openExisting(options.captureStoreFile, &error), qPrintable(error));
        QCOMPARE(database.count(), qint64(kRequests));
    }
};

QTEST_GUILESS_MAIN(TestAppServices)
#include "tst_appservices.moc"
