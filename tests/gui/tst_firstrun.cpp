// A new user's first minute: the Receive area with no captures says what to do in two lines,
// and two clicks (or one) get a webhook from a sample tab into the table, through a real
// listener on 127.0.0.1 and the real sender.
#include "core/app/appsettings.h"
#include "core/capture/capturemodel.h"
#include "core/drafts/requesttab.h"
#include "gui/receive/listenerpanel.h"
#include "gui/receive/receivearea.h"
#include "gui/send/composerwidget.h"
#include "gui/send/sendarea.h"
#include "gui/window/mainwindow.h"
#include "support/testsupport.h"

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTabWidget>
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
        window->activateWindow();
    }
    ~Window()
    {
        window->closeKeepingDrafts();
        window.reset();
        services.reset();
    }

    template <typename T> T *child(const char *name) const { return window->findChild<T *>(QLatin1String(name)); }
    ReceiveArea *receive() const { return window->findChild<ReceiveArea *>(); }
    ListenerPanel *panel() const { return receive()->listenerPanel(); }
    QWidget *front() const { return child<QTabWidget>("workAreas")->currentWidget(); }
    QWidget *emptyPage() const { return child<QWidget>("captureEmptyPage"); }
    bool emptyShown() const { return child<QStackedWidget>("captureStack")->currentWidget() == emptyPage(); }
};

} // namespace

class TestFirstRun : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        QVERIFY(TestSupport::isolateUserDataIn(m_home.path()));
    }

    void init()
    {
        QSettings().clear();              // a fresh profile
        AppSettings().setListenerPort(0); // any free port, as a user would pick one that is free
    }

    // Start Listener, then Send a Test Webhook: the sample arrives in the table.
    void twoClicksToAFirstWebhook()
    {
        QTemporaryDir data;
        Window w(data.path());
        QVERIFY(QTest::qWaitForWindowActive(w.window.get()));
        // A first run opens on Receive, which says what to do.
        QCOMPARE(w.front(), w.child<QWidget>("receiveArea"));
        QTRY_VERIFY(!w.receive()->isLoading());
        QVERIFY(w.emptyShown());
        const QString text = w.child<QLabel>("captureEmptyLabel")->text();
        QCOMPARE(text.count(QLatin1Char('\n')), 1); // two lines
        QVERIFY2(text.contains(w.panel()->url().toString()), qPrintable(text));
        auto *start = w.child<QPushButton>("emptyStartButton");
        auto *test = w.child<QPushButton>("testWebhookButton");
        QVERIFY(start->isVisible());
        QVERIFY(test->isVisible());

        // By keyboard: Ctrl+2 puts the focus on the first step, Space takes it.
        QTest::keyClick(w.window.get(), Qt::Key_2, Qt::ControlModifier);
        QCOMPARE(QApplication::focusWidget(), start);
        QTest::keyClick(start, Qt::Key_Space);
        QTRY_COMPARE(w.panel()->state(), ListenerPanel::State::Listening);
        QVERIFY(!start->isVisible());
        QVERIFY(test->isVisible());
        QVERIFY(w.child<QLabel>("captureEmptyLabel")->text().contains(w.panel()->url().toString()));

        // The focus moved on from the hidden Start button to the next step: Space again sends.
        QCOMPARE(QApplication::focusWidget(), test);
        QSignalSpy sent(w.window->sendArea(), &SendArea::sendFinished);
        QTest::keyClick(test, Qt::Key_Space);
        QTRY_COMPARE(w.receive()->model()->rowCount(), 1);
        QVERIFY(!w.emptyShown());
        QCOMPARE(w.front(), w.child<QWidget>("receiveArea")); // where it arrives
        const QModelIndex row = w.receive()->model()->index(0, CaptureModel::PathColumn);
        QCOMPARE(row.data().toString(), QStringLiteral("/webhooks/test"));
        QTRY_COMPARE(sent.size(), 1);
        QCOMPARE(sent.constFirst().constFirst().value<SendResult>().status, 200);

        // The sample stays in a tab of its own, aimed at the listener, to edit and send again.
        const RequestTab &tab = w.window->sendArea()->currentTab();
        QCOMPARE(tab.title, QStringLiteral("Test webhook"));
        QCOMPARE(tab.draft.url, w.panel()->url().resolved(QUrl(QStringLiteral("/webhooks/test"))).toString());
        QVERIFY(tab.draft.body.contains(QLatin1String("user_registered")));
    }

    // One click from a stopped listener: it starts, then the sample goes out.
    void oneClickStartsAndSends()
    {
        QTemporaryDir data;
        {
            Window w(data.path());
            QVERIFY(QTest::qWaitForWindowExposed(w.window.get()));
            QTRY_VERIFY(!w.receive()->isLoading());
            QCOMPARE(w.panel()->state(), ListenerPanel::State::Stopped);
            w.child<QPushButton>("testWebhookButton")->click();
            QTRY_COMPARE(w.receive()->model()->rowCount(), 1);
            QCOMPARE(w.panel()->state(), ListenerPanel::State::Listening);
        }
        // Relaunched: the capture is kept, so the first steps are not shown again.
        Window again(data.path());
        QVERIFY(QTest::qWaitForWindowExposed(again.window.get()));
        QTRY_COMPARE(again.receive()->model()->rowCount(), 1);
        QVERIFY(!again.emptyShown());
    }

    // A listener that cannot start says why, and the test webhook waits for none.
    void aPortInUseIsSaid()
    {
        QTcpServer busy;
        QVERIFY(busy.listen(QHostAddress::LocalHost));
        AppSettings().setListenerPort(busy.serverPort());
        QTemporaryDir data;
        Window w(data.path());
        QVERIFY(QTest::qWaitForWindowExposed(w.window.get()));
        QTRY_VERIFY(!w.receive()->isLoading());
        auto *test = w.child<QPushButton>("testWebhookButton");
        test->click();
        QTRY_COMPARE(w.panel()->state(), ListenerPanel::State::Stopped);
        QVERIFY2(w.panel()->lastError().contains(QString::number(busy.serverPort())),
                 qPrintable(w.panel()->lastError()));
        QTRY_VERIFY(test->isEnabled());                        // can be tried again
        QCOMPARE(w.window->sendArea()->tabs().tabs.size(), 1); // nothing was opened
    }
};

QTEST_MAIN(TestFirstRun)
#include "tst_firstrun.moc"
