// The window on a team inbox: "Connect to team inbox…" switches the store and keeps the
// password in the secret store; a capture that another listener (another process) stores in
// the shared PostgreSQL database appears in the Receive table, pushed, not polled.
#include "core/app/appservices.h"
#include "core/app/appsettings.h"
#include "core/capture/capturemodel.h"
#include "core/capture/capturestore.h"
#include "core/secrets/secretstore.h"
#include "gui/receive/captureinspector.h"
#include "gui/receive/receivearea.h"
#include "gui/receive/teaminboxdialog.h"
#include "support/dialogtestsupport.h"
#include "support/postgresserver.h"
#include "support/testsupport.h"

#include <QAction>
#include <QApplication>
#include <QLineEdit>
#include <QProcess>
#include <QRegularExpression>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

class TestTeamInbox final : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestSupport::PostgresServer> m_server;
    QTemporaryDir m_home;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(TestSupport::isolateUserDataIn(m_home.path()));
        if (const QString why = TestSupport::PostgresServer::unavailable(); !why.isEmpty())
            QSKIP(qPrintable(why));
        m_server = std::make_unique<TestSupport::PostgresServer>();
        QString error;
        QVERIFY2(m_server->start(&error), qPrintable(error));
    }

    void cleanupTestCase() { m_server.reset(); }

    void connectingKeepsThePasswordApartAndSwitchesTheStore()
    {
        QTemporaryDir dir;
        AppServices::Options options = TestSupport::servicesIn(dir.path());
        options.collections = false;
        AppServices services(options);
        QString error;
        QVERIFY(services.openCaptureStore(&error));
        SecretStore secrets(dir.filePath(QStringLiteral("secrets.json")));
        ReceiveArea area(services.captureStore(), services.listener());
        area.setSecretStore(&secrets);
        area.show();
        QVERIFY(!area.statusText().contains(QLatin1String("team inbox")));

        const QString uri = m_server->uri();
        TestSupport::whenDialogOpens<TeamInboxDialog>(this, [&](TeamInboxDialog *dialog) {
            dialog->findChild<QLineEdit *>(QStringLiteral("uriEdit"))->setText(uri);
            dialog->findChild<QLineEdit *>(QStringLiteral("passwordEdit"))->setText(QStringLiteral("pa@ss word"));
            dialog->accept();
        });
        area.findChild<QAction *>(QStringLiteral("teamInboxAction"))->trigger();
        QTRY_VERIFY(area.statusText().contains(QStringLiteral("team inbox %1").arg(uri)));
        QCOMPARE(services.captureStore()->displayName(), uri); // shown without the password
        QCOMPARE(AppSettings().teamInboxUri(), uri);
        QCOMPARE(secrets.value(QStringLiteral("teamInbox/") + uri), QStringLiteral("pa@ss word"));
        QVERIFY(services.captureStore()->fileName().contains(QLatin1String("pa%40ss%20word@")));
        AppSettings().setTeamInboxUri(QString());
    }

    void anotherListenersCaptureAppears()
    {
        QTemporaryDir dir;
        AppServices::Options options = TestSupport::servicesIn(dir.path());
        options.captureStoreFile = m_server->uri();
        options.collections = false;
        AppServices services(options);
        QString error;
        QVERIFY2(services.openCaptureStore(&error), qPrintable(error));
        ReceiveArea area(services.captureStore(), services.listener());
        area.show();
        QTRY_VERIFY(!area.isLoading());
        QCOMPARE(area.model()->rowCount(), 0);
        QVERIFY(area.statusText().contains(QLatin1String("team inbox postgresql://hookbench@127.0.0.1")));

        QProcess listener;
        listener.start(QStringLiteral(HOOKBENCH_BINARY),
                       {QStringLiteral("listen"), QStringLiteral("--port"), QStringLiteral("0"),
                        QStringLiteral("--store"), m_server->uri(), QStringLiteral("--count"), QStringLiteral("1")});
        QVERIFY(listener.waitForStarted());
        listener.setReadChannel(QProcess::StandardError);
        QVERIFY(listener.waitForReadyRead(20000));
        const auto port = QRegularExpression(QStringLiteral(":(\\d+)/")).match(QString::fromUtf8(listener.readLine()));
        QVERIFY(port.hasMatch());
        QProcess curl;
        curl.start(QStringLiteral("curl"),
                   {QStringLiteral("-sS"), QStringLiteral("--data-binary"), QStringLiteral("{\"from\":\"elsewhere\"}"),
                    QStringLiteral("http://127.0.0.1:%1/elsewhere").arg(port.captured(1))});
        QVERIFY(curl.waitForFinished(10000));
        QVERIFY(listener.waitForFinished(10000));

        QTRY_COMPARE(area.model()->rowCount(), 1);
        QCOMPARE(area.model()->summaryAt(0).path, QByteArray("/elsewhere"));
        // The inspector loads it from the database like any other.
        area.table()->selectRow(0);
        QTRY_COMPARE(area.inspector()->capture().path(), QByteArray("/elsewhere"));
    }
};

QTEST_MAIN(TestTeamInbox)
#include "tst_teaminbox.moc"
