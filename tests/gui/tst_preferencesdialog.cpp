// File > Preferences: values checked as they are typed, saved in the settings, applied to the
// open window at once, shown again when reopened, and still there after a relaunch.
#include "core/app/appsettings.h"
#include "core/listener/listener.h"
#include "gui/receive/listenerpanel.h"
#include "gui/receive/receivearea.h"
#include "gui/send/composerwidget.h"
#include "gui/send/sendarea.h"
#include "gui/widgets/jsoneditor.h"
#include "gui/window/mainwindow.h"
#include "gui/window/preferencesdialog.h"
#include "support/dialogtestsupport.h"
#include "support/testsupport.h"

#include <QAction>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontComboBox>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace {

struct Window {
    std::unique_ptr<AppServices> services;
    std::unique_ptr<MainWindow> window;

    explicit Window(const QString &dir)
    {
        services = std::make_unique<AppServices>(TestSupport::servicesIn(dir));
        services->openCaptureStoreAsync();
        window = std::make_unique<MainWindow>(services.get());
        window->show();
    }
    ~Window()
    {
        window->closeKeepingDrafts();
        window.reset();
        services.reset();
    }
    ListenerPanel *panel() const { return window->findChild<ReceiveArea *>()->listenerPanel(); }
    JsonEditor *body() const { return window->sendArea()->composer()->bodyEditor(); }
};

template <typename T> T *field(QDialog *dialog, const char *name)
{
    return dialog->findChild<T *>(QLatin1String(name));
}

int postBody(const QUrl &url, qint64 size)
{
    QNetworkAccessManager network;
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/octet-stream"));
    std::unique_ptr<QNetworkReply> reply(network.post(request, QByteArray(size, 'x')));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!finished.wait(20000))
        return -1;
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

} // namespace

class TestPreferencesDialog : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        QVERIFY(TestSupport::isolateUserDataIn(m_home.path()));
        QSettings().clear();
        AppSettings().setListenerPort(0); // 8765 may well be taken on a developer's machine
    }

    // Bad values are said in words and cannot be saved.
    void badValuesAreSaid()
    {
        PreferencesDialog dialog(0);
        auto *error = field<QLabel>(&dialog, "preferencesErrorLabel");
        QPushButton *ok = field<QDialogButtonBox>(&dialog, "buttonBox")->button(QDialogButtonBox::Ok);
        QVERIFY(ok->isEnabled());
        QVERIFY(error->isHidden());

        field<QComboBox>(&dialog, "addressCombo")->setCurrentText(QStringLiteral("my laptop"));
        QVERIFY(!ok->isEnabled());
        QVERIFY2(error->text().contains(QLatin1String("\"my laptop\" is not an IP address")),
                 qPrintable(error->text()));
        field<QComboBox>(&dialog, "addressCombo")->setCurrentText(QStringLiteral("127.0.0.1"));
        QVERIFY(ok->isEnabled());

        QTcpServer busy;
        QVERIFY(busy.listen(QHostAddress::LocalHost));
        field<QSpinBox>(&dialog, "portSpin")->setValue(busy.serverPort());
        QVERIFY(!ok->isEnabled());
        QVERIFY2(error->text().contains(QStringLiteral("Port %1 cannot be used on 127.0.0.1").arg(busy.serverPort())),
                 qPrintable(error->text()));
        dialog.accept(); // Enter with OK disabled: nothing saved
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QVERIFY(AppSettings().listenerPort() != busy.serverPort());

        // The port the application's own listener holds is not "taken".
        PreferencesDialog mine(busy.serverPort());
        field<QSpinBox>(&mine, "portSpin")->setValue(busy.serverPort());
        QVERIFY(field<QDialogButtonBox>(&mine, "buttonBox")->button(QDialogButtonBox::Ok)->isEnabled());
    }

    // Ctrl+, in the window, values changed and accepted: applied at once, shown again, kept.
    void appliedReopenedAndKept()
    {
        QTemporaryDir data;
        const QFont before = JsonEditor::preferredFont();
        const int size = before.pointSize() + 5;
        {
            Window w(data.path());
            QVERIFY(QTest::qWaitForWindowExposed(w.window.get()));
            w.window->activateWindow();
            QVERIFY(QTest::qWaitForWindowActive(w.window.get()));
            TestSupport::whenDialogOpens<PreferencesDialog>(this, [size](PreferencesDialog *dialog) {
                field<QComboBox>(dialog, "addressCombo")->setCurrentText(QStringLiteral("::1"));
                field<QSpinBox>(dialog, "portSpin")->setValue(0);
                field<QSpinBox>(dialog, "maxBodySpin")->setValue(1);
                field<QSpinBox>(dialog, "retentionCountSpin")->setValue(5000);
                field<QSpinBox>(dialog, "retentionDaysSpin")->setValue(14);
                field<QSpinBox>(dialog, "historyLimitSpin")->setValue(2000);
                field<QSpinBox>(dialog, "fontSizeSpin")->setValue(size);
                dialog->accept();
            });
            QTest::keyClick(w.window.get(), Qt::Key_Comma, Qt::ControlModifier);
            QCOMPARE(w.body()->font().pointSize(), size); // live
            const AppSettings settings;
            QCOMPARE(settings.listenerAddress(), QStringLiteral("::1"));
            QCOMPARE(settings.listenerPort(), quint16(0));
            QCOMPARE(settings.listenerMaxBodyBytes(), qint64(1024 * 1024));
            QCOMPARE(settings.captureRetentionCount(), 5000);
            QCOMPARE(settings.captureRetentionDays(), 14);
            QCOMPARE(settings.historyLimit(), 2000);

            // The listener starts where Preferences say, with their body limit.
            w.panel()->start();
            QTRY_COMPARE(w.panel()->state(), ListenerPanel::State::Listening);
            QCOMPARE(w.panel()->listener()->url().host(), QStringLiteral("::1"));
            QCOMPARE(postBody(w.panel()->listener()->url(), 512 * 1024), 200);
            QCOMPARE(postBody(w.panel()->listener()->url(), 2 * 1024 * 1024), 413);

            // Reopened, the dialog shows what was saved.
            bool shown = false;
            TestSupport::whenDialogOpens<PreferencesDialog>(this, [&shown, size](PreferencesDialog *dialog) {
                shown = field<QComboBox>(dialog, "addressCombo")->currentText() == QLatin1String("::1")
                    && field<QSpinBox>(dialog, "retentionDaysSpin")->value() == 14
                    && field<QSpinBox>(dialog, "historyLimitSpin")->value() == 2000
                    && field<QSpinBox>(dialog, "fontSizeSpin")->value() == size;
                dialog->reject();
            });
            w.window->findChild<QAction *>(QStringLiteral("preferencesAction"))->trigger();
            QVERIFY(shown);
        }
        // Relaunched: the editors and the listener row start from them.
        Window again(data.path());
        QCOMPARE(again.body()->font().pointSize(), size);
        QCOMPARE(again.window->findChild<QComboBox *>(QStringLiteral("addressCombo"))->currentText(),
                 QStringLiteral("::1"));
        QSettings().clear();
    }
};

QTEST_MAIN(TestPreferencesDialog)
#include "tst_preferencesdialog.moc"
