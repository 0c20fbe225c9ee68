#include "core/app/appservices.h"
#include "core/app/appsettings.h"
#include "core/capture/capturemodel.h"
#include "core/capture/capturestore.h"
#include "core/forward/forwarder.h"
#include "core/listener/listener.h"
#include "core/replay/replaydeliverymodel.h"
#include "core/secrets/secretstore.h"
#include "gui/receive/captureinspector.h"
#include "gui/receive/deliveriesview.h"
#include "gui/receive/listenerpanel.h"
#include "gui/receive/receivearea.h"
#include "gui/receive/receivereplay.h"
#include "gui/receive/replaydialog.h"
#include "support/sendpeers.h"
#include "support/testsupport.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using SendPeers::FlaskPeer;

// Replay… in the Receive area, as a user drives it: select captures, the dialog (rejected ones
// explained and skipped), Send, the answers in the dialog and in the inspector's Deliveries tab;
// the target and scheme remembered per listener, the secret in the secret store only.
class TestReceiveReplay : public QObject
{
    Q_OBJECT

    struct Window {
        std::unique_ptr<AppServices> services;
        std::unique_ptr<SecretStore> secrets;
        std::unique_ptr<ReceiveArea> area;

        explicit Window(const QString &dir)
        {
            AppServices::Options options = TestSupport::servicesIn(dir);
            options.collections = false;
            options.history = false;
            services = std::make_unique<AppServices>(options);
            QString error;
            if (!services->openCaptureStore(&error))
                qFatal("store: %s", qPrintable(error));
            secrets = std::make_unique<SecretStore>(QDir(dir).filePath(QStringLiteral("secrets.json")));
            area = std::make_unique<ReceiveArea>(services->captureStore(), services->listener());
            area->setForwarder(services->forwarder());
            area->setSecretStore(secrets.get());
            area->setReplayer(services->replayer());
            area->resize(1024, 700);
            area->show();
        }
        ~Window()
        {
            area.reset();
            secrets.reset();
            services.reset();
        }
        template <typename T> T *child(const char *name) const { return area->findChild<T *>(QLatin1String(name)); }
        quint16 port() const { return area->listenerPanel()->listener()->port(); }
        QAction *replayAction() const { return area->replay()->action(); }
    };

    static int post(const QUrl &url, const QByteArray &body)
    {
        QNetworkAccessManager network;
        QNetworkRequest request(url);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        request.setRawHeader("X-GitHub-Event", "push");
        std::unique_ptr<QNetworkReply> reply(network.post(request, body));
        QSignalSpy finished(reply.get(), &QNetworkReply::finished);
        return finished.wait(10000) ? reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() : -1;
    }

    static bool startListening(Window &w)
    {
        if (!QTest::qWaitFor([&] { return !w.area->isLoading(); }))
            return false;
        w.child<QSpinBox>("portSpin")->setValue(0);
        w.area->listenerPanel()->start();
        return QTest::qWaitFor([&] { return w.area->listenerPanel()->state() == ListenerPanel::State::Listening; });
    }

private Q_SLOTS:
    void initTestCase()
    {
        TestSupport::isolateUserData();
        QSettings().clear();
    }

    void replayFromTheWindowShowsTheDeliveries()
    {
        FlaskPeer flask;
        QVERIFY(flask.start());
        QTemporaryDir dir;
        Window w(dir.path());
        QVERIFY(startListening(w));
        const QByteArray body = R"({"action":"opened","number":7})";
        QCOMPARE(post(QUrl(QStringLiteral("http://127.0.0.1:%1/hooks/github").arg(w.port())), body), 200);
        // And a malformed one, which Replay must skip and say why.
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, w.port());
        QVERIFY(socket.waitForConnected(5000));
        socket.write("POST /bad HTTP/1.1\r\nHost: a\r\nContent-Length: nope\r\n\r\n");
        QTRY_COMPARE(w.area->filterModel()->rowCount(), 2);

        QVERIFY(!w.replayAction()->isEnabled()); // nothing selected
        w.area->table()->selectRow(0);
        QTRY_VERIFY(w.area->inspector()->hasCapture());
        DeliveriesView *deliveries = w.area->inspector()->deliveriesView();
        QTRY_VERIFY(deliveries->emptyText().contains(QStringLiteral("Replay…")));
        w.area->table()->selectAll();
        QVERIFY(w.replayAction()->isEnabled());
        QVERIFY(QTest::qWaitForWindowActive(w.area.get()));
        w.area->table()->setFocus();
        QTest::keyClick(w.area->table(), Qt::Key_R, Qt::ControlModifier);
        ReplayDialog *dialog = w.area->replay()->dialog();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        QVERIFY(!dialog->isModal()); // the window stays usable while it sends
        QVERIFY2(dialog->summaryText().contains(QLatin1String("2 captures selected. 1 of them will be skipped")),
                 qPrintable(dialog->summaryText()));
        QVERIFY(dialog->results()->item(1, ReplayDialog::ResultColumn)->text().contains(QLatin1String("rejected")));

        // A bad URL is refused inline; nothing is sent.
        auto *target = dialog->findChild<QLineEdit *>(QStringLiteral("targetEdit"));
        target->setText(QStringLiteral("localhost:5000/webhook"));
        QTest::mouseClick(dialog->sendButton(), Qt::LeftButton);
        QVERIFY2(dialog->errorText().contains(QLatin1String("http://")), qPrintable(dialog->errorText()));
        QVERIFY(!dialog->isRunning());

        QUrl verify(flask.url(QStringLiteral("/verify/github")));
        verify.setQuery(QStringLiteral("secret_hex=") + QString::fromLatin1(QByteArray("s3cret").toHex()));
        target->setText(verify.toString());
        dialog->findChild<QCheckBox *>(QStringLiteral("resignCheck"))->setChecked(true);
        dialog->findChild<QComboBox *>(QStringLiteral("schemeCombo"))->setCurrentText(QStringLiteral("github"));
        dialog->findChild<QLineEdit *>(QStringLiteral("secretEdit"))->setText(QStringLiteral("s3cret"));
        QTest::mouseClick(dialog->sendButton(), Qt::LeftButton);
        QVERIFY(dialog->errorText().isEmpty());
        QTRY_VERIFY2(
            dialog->progressText().startsWith(QLatin1String("Done: 1 answered, 0 without an answer, 1 skipped")),
            qPrintable(dialog->progressText()));
        QCOMPARE(dialog->results()->item(0, ReplayDialog::ResultColumn)->text(), QStringLiteral("200 OK"));
        QTRY_COMPARE(flask.count(), 1);
        QVERIFY(flask.received().constFirst().value(QLatin1String("verified")).toBool());
        QCOMPARE(FlaskPeer::body(flask.received().constFirst()), body);

        // The inspector's Deliveries tab lists it, coloured like every status.
        auto *tabs = w.area->inspector()->findChild<QTabWidget *>(QStringLiteral("inspectorTabs"));
        QCOMPARE(tabs->currentWidget(), static_cast<QWidget *>(deliveries));
        QTRY_COMPARE(deliveries->count(), 1);
        QCOMPARE(tabs->tabText(tabs->indexOf(deliveries)), QStringLiteral("Deliveries (1)"));
        const QModelIndex status = deliveries->model()->index(0, ReplayDeliveryModel::StatusColumn);
        QCOMPARE(status.data().toString(), QStringLiteral("200 OK"));
        QCOMPARE(deliveries->model()->index(0, ReplayDeliveryModel::TargetColumn).data().toString(), verify.toString());
        QCOMPARE(deliveries->model()->index(0, ReplayDeliveryModel::SignedColumn).data().toString(),
                 QStringLiteral("github"));
        QVERIFY2(deliveries->responseText().contains(QLatin1String("\"verified\": true")),
                 qPrintable(deliveries->responseText()));
        QVERIFY(deliveries->detailText().contains(QLatin1String("signed afresh with github")));

        // Remembered for this listener: target and scheme in the settings, the secret only in the secret store.
        const QString listener = w.area->listenerPanel()->listenerKey();
        QCOMPARE(AppSettings().replayUrl(listener), verify.toString());
        QCOMPARE(AppSettings().replayScheme(listener), QStringLiteral("github"));
        QCOMPARE(w.secrets->value(QStringLiteral("replay/%1/github").arg(listener)), QStringLiteral("s3cret"));
        QSettings().sync();
        QFile settings(QSettings().fileName());
        QVERIFY(settings.open(QIODevice::ReadOnly));
        QVERIFY(!settings.readAll().contains("s3cret"));

        // Reopened, the dialog offers the same again.
        dialog->close();
        QTRY_VERIFY(!w.area->replay()->dialog());
        w.area->table()->selectRow(0);
        w.replayAction()->trigger();
        dialog = w.area->replay()->dialog();
        QVERIFY(dialog);
        QCOMPARE(dialog->target(), verify.toString());
        QCOMPARE(dialog->scheme(), QStringLiteral("github"));
        QCOMPARE(dialog->secret(), QStringLiteral("s3cret"));
        QVERIFY(dialog->summaryText().startsWith(QLatin1String("1 capture selected.")));
        dialog->close();

        // Another capture shows its own (none), and the first one's come back with it.
        w.area->table()->selectRow(1);
        QTRY_VERIFY(deliveries->emptyText().contains(QLatin1String("cannot be replayed")));
        QCOMPARE(deliveries->count(), 0);
        w.area->table()->selectRow(0);
        QTRY_COMPARE(deliveries->count(), 1);
    }

    void theForwardTargetIsTheFirstSuggestion()
    {
        QSettings().clear();
        QTemporaryDir dir;
        Window w(dir.path());
        QVERIFY(startListening(w));
        auto *forward = w.child<QLineEdit>("forwardEdit");
        forward->setText(QStringLiteral("http://127.0.0.1:9/app/hooks"));
        QMetaObject::invokeMethod(forward, &QLineEdit::editingFinished);
        QTRY_VERIFY(w.area->listenerPanel()->forwarder()->isForwarding());
        QCOMPARE(post(QUrl(QStringLiteral("http://127.0.0.1:%1/x").arg(w.port())), "{}"), 200);
        QTRY_COMPARE(w.area->filterModel()->rowCount(), 1);
        w.area->table()->selectRow(0);
        w.replayAction()->trigger();
        QVERIFY(w.area->replay()->dialog());
        QCOMPARE(w.area->replay()->dialog()->target(), QStringLiteral("http://127.0.0.1:9/app/hooks"));
        QCOMPARE(w.area->replay()->dialog()->scheme(), QString());
    }
};

QTEST_MAIN(TestReceiveReplay)
#include "tst_receivereplay.moc"
