#include "core/app/appinfo.h"
#include "core/app/appservices.h"
#include "core/capture/capturemodel.h"
#include "core/capture/capturestore.h"
#include "core/capture/capturewriter.h"
#include "core/listener/listener.h"
#include "gui/receive/captureinspector.h"
#include "gui/receive/listenerpanel.h"
#include "gui/receive/receivearea.h"
#include "support/dialogtestsupport.h"
#include "support/receivetestsupport.h"
#include "support/testsupport.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QFile>
#include <QHeaderView>
#include <QHostInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageAuthenticationCode>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QStackedWidget>
#include <QTableView>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <memory>

namespace {

int send(QNetworkAccessManager &network, const QUrl &url, const QByteArray &method, const QByteArray &body = {},
         const HeaderList &headers = {})
{
    return sendRequest(network, url, method, body, headers);
}

QString labelText(const Receive &r, const char *name)
{
    auto *label = r.area->inspector()->findChild<QLabel *>(QLatin1String(name));
    return label ? label->text() : QString();
}

bool tableContains(QAbstractItemModel *model, const QString &name, const QString &value)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, 0).data().toString() == name && model->index(row, 1).data().toString() == value)
            return true;
    }
    return false;
}

} // namespace

class TestReceiveArea : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        TestSupport::isolateUserData();
        QSettings().clear();
        QVERIFY(m_dir.isValid());
    }

    void init()
    {
        // Every test starts from the defaults and an empty store of its own.
        QSettings().clear();
        m_storeFile = m_dir.filePath(
            QStringLiteral("%1.sqlite").arg(QString::fromLatin1(QTest::currentTestFunction())));
    }

    void cleanupTestCase() { QSettings().clear(); }

    void emptyStateNamesTheDefaultUrl()
    {
        Receive r(m_storeFile);
        QTRY_VERIFY(!r.area->isLoading());
        auto *empty = r.child<QLabel>("captureEmptyLabel");
        QVERIFY(empty);
        QCOMPARE(r.child<QStackedWidget>("captureStack")->currentWidget(), r.child<QWidget>("captureEmptyPage"));
        QVERIFY2(empty->text().contains(QLatin1String("http://127.0.0.1:8765/")), qPrintable(empty->text()));
        QCOMPARE(r.child<QSpinBox>("portSpin")->value(), 8765);
        QCOMPARE(r.child<QComboBox>("addressCombo")->currentText(), QStringLiteral("127.0.0.1"));
        QCOMPARE(r.area->statusText(), QStringLiteral("Listener stopped"));
        QVERIFY(!r.child<QLabel>("exposedWarning")->isVisibleTo(r.area.get()));
    }

    void requestAppearsInTableAndInspector()
    {
        Receive r(m_storeFile);
        QVERIFY(QTest::qWaitForWindowExposed(r.area.get()));
        QSignalSpy status(r.area.get(), &ReceiveArea::statusChanged);
        startOnAnyPort(r);
        QVERIFY(r.child<QLineEdit>("urlEdit")->isVisibleTo(r.area.get()));
        QCOMPARE(r.child<QLineEdit>("urlEdit")->text(), QStringLiteral("http://127.0.0.1:%1/").arg(r.port()));
        QVERIFY(r.child<QLabel>("captureEmptyLabel")->text().contains(r.child<QLineEdit>("urlEdit")->text()));
        QVERIFY(status.size() > 0);

        QNetworkAccessManager network;
        const QByteArray body = R"({"event":"push","repository":{"name":"hookbench"},"n":1})";
        QCOMPARE(send(network, r.url(QStringLiteral("/hooks/github?attempt=1&name=a+b%21")), "POST", body,
                      {{"Content-Type", "application/json"}, {"X-Custom-Header", "Hello"}, {"x-dup", "1"}}),
                 200);

        QTRY_COMPARE(r.rows(), 1);
        QCOMPARE(r.child<QStackedWidget>("captureStack")->currentWidget(), r.table());
        QCOMPARE(r.cell(0, CaptureModel::MethodColumn), QStringLiteral("POST"));
        QCOMPARE(r.cell(0, CaptureModel::PathColumn), QStringLiteral("/hooks/github"));
        QCOMPARE(r.cell(0, CaptureModel::VerdictColumn), QStringLiteral("accepted"));
        QTRY_VERIFY(r.area->statusText().contains(QLatin1String("1 request received")));
        QVERIFY(r.area->statusText().startsWith(QStringLiteral("Listening on http://127.0.0.1:%1/").arg(r.port())));

        r.table()->selectRow(0);
        CaptureInspector *inspector = r.area->inspector();
        QTRY_VERIFY(inspector->hasCapture());
        QCOMPARE(labelText(r, "methodValue"), QStringLiteral("POST"));
        QCOMPARE(labelText(r, "targetValue"), QStringLiteral("/hooks/github?attempt=1&name=a+b%21"));
        QCOMPARE(labelText(r, "verdictValue"), QStringLiteral("accepted"));
        QCOMPARE(labelText(r, "answerValue"), QStringLiteral("200 OK"));
        QVERIFY(labelText(r, "peerValue").startsWith(QLatin1String("127.0.0.1 port ")));
        QCOMPARE(labelText(r, "localPortValue"),
                 QStringLiteral("%1 on %2").arg(r.port()).arg(QHostInfo::localHostName()));

        auto *headers = inspector->findChild<QTableView *>(QStringLiteral("headersTable"));
        QVERIFY(tableContains(headers->model(), QStringLiteral("X-Custom-Header"), QStringLiteral("Hello")));
        QVERIFY(tableContains(headers->model(), QStringLiteral("x-dup"), QStringLiteral("1")));
        auto *query = inspector->findChild<QTableView *>(QStringLiteral("queryTable"));
        QVERIFY(tableContains(query->model(), QStringLiteral("name"), QStringLiteral("a b!")));
        QVERIFY(tableContains(query->model(), QStringLiteral("attempt"), QStringLiteral("1")));

        QCOMPARE(inspector->bodyMode(), CaptureInspector::BodyMode::Pretty);
        QVERIFY2(inspector->bodyText().contains(QLatin1String("\"event\": \"push\"")),
                 qPrintable(inspector->bodyText()));
        QVERIFY(inspector->bodyText().contains(QLatin1Char('\n')));
        inspector->setBodyMode(CaptureInspector::BodyMode::Text);
        QCOMPARE(inspector->bodyText(), QString::fromUtf8(body));
        QVERIFY(inspector->rawText().startsWith(
            QLatin1String("POST /hooks/github?attempt=1&name=a+b%21 HTTP/1.1\\r\\n\n")));

        // Copy as cURL and Copy body act on the capture in the inspector.
        QVERIFY(r.child<QAction>("copyCurlAction")->isEnabled());
        r.child<QAction>("copyCurlAction")->trigger();
        const QString curl = QApplication::clipboard()->text();
        QVERIFY2(curl.startsWith(
                     QStringLiteral("curl 'http://127.0.0.1:%1/hooks/github?attempt=1&name=a+b%21'").arg(r.port())),
                 qPrintable(curl));
        QVERIFY(curl.contains(QLatin1String("-H 'X-Custom-Header: Hello'")));
        QVERIFY(curl.contains(QLatin1String("--data-binary '{\"event\":\"push\"")));
        r.child<QAction>("copyBodyAction")->trigger();
        QCOMPARE(QApplication::clipboard()->text(), QString::fromUtf8(body));

        // Open in composer: the same request, aimed back at the host it came to, minus the
        // hop-by-hop fields, ready to edit and send.
        QVERIFY(r.child<QAction>("openInComposerAction")->isEnabled());
        QSignalSpy opened(r.area.get(), &ReceiveArea::openInComposerRequested);
        r.child<QAction>("openInComposerAction")->trigger();
        QCOMPARE(opened.count(), 1);
        const auto draft = opened.first().first().value<RequestDraft>();
        QCOMPARE(draft.method, QStringLiteral("POST"));
        QCOMPARE(draft.url, QStringLiteral("http://127.0.0.1:%1/hooks/github?attempt=1&name=a+b%21").arg(r.port()));
        QCOMPARE(draft.body, QString::fromUtf8(body));
        bool custom = false;
        for (const KeyValueRow &row : draft.headers) {
            QVERIFY2(row.name.compare(QLatin1String("Content-Length"), Qt::CaseInsensitive) != 0, qPrintable(row.name));
            QVERIFY2(row.name.compare(QLatin1String("Host"), Qt::CaseInsensitive) != 0, qPrintable(row.name));
            custom = custom || (row.name == QLatin1String("X-Custom-Header") && row.value == QLatin1String("Hello"));
        }
        QVERIFY(custom);
    }

    void rejectedRequestShowsVerdictAndReason()
    {
        Receive r(m_storeFile);
        startOnAnyPort(r);
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, r.port());
        QVERIFY(socket.waitForConnected(5000));
        socket.write("POST /smuggle HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello");
        QTRY_VERIFY(socket.bytesAvailable() > 0 || socket.state() != QAbstractSocket::ConnectedState);
        QVERIFY(socket.readAll().startsWith("HTTP/1.1 400"));

        QTRY_COMPARE(r.rows(), 1);
        QCOMPARE(r.cell(0, CaptureModel::VerdictColumn), QStringLiteral("rejected"));
        QCOMPARE(r.cell(0, CaptureModel::ResponseColumn), QStringLiteral("400"));
        r.table()->selectRow(0);
        QTRY_VERIFY(r.area->inspector()->hasCapture());
        QCOMPARE(labelText(r, "verdictValue"), QStringLiteral("rejected"));
        const QString reason = labelText(r, "reasonValue");
        QVERIFY2(reason.contains(QLatin1String("Content-Length"), Qt::CaseInsensitive), qPrintable(reason));
        QVERIFY2(reason.contains(QLatin1String("at byte")), qPrintable(reason));
        QVERIFY(r.area->inspector()->rawText().contains(QLatin1String("Content-Length: 6\\r\\n")));
        QCOMPARE(labelText(r, "answerValue"), QStringLiteral("400 Bad Request"));

        QLineEdit *filter = r.child<QLineEdit>("captureFilter");
        filter->setText(QStringLiteral("status:accepted"));
        QTRY_COMPARE(r.rows(), 0);
        QVERIFY(r.child<QLabel>("captureEmptyLabel")->text().contains(QLatin1String("No request matches")));
        filter->setText(QStringLiteral("status:rejected"));
        QTRY_COMPARE(r.rows(), 1);
    }

    void portInUseShowsTheError()
    {
        QTcpServer occupier;
        QVERIFY(occupier.listen(QHostAddress::LocalHost, 0));
        const quint16 taken = occupier.serverPort();

        Receive r(m_storeFile);
        r.child<QSpinBox>("portSpin")->setValue(taken);
        QTest::mouseClick(r.child<QPushButton>("startStopButton"), Qt::LeftButton);
        QTRY_VERIFY(!r.area->listenerPanel()->lastError().isEmpty());
        QCOMPARE(r.area->listenerPanel()->state(), ListenerPanel::State::Stopped);
        const QString shown = r.child<QLabel>("statusLabel")->text();
        QVERIFY2(shown.contains(QString::number(taken)), qPrintable(shown));
        QVERIFY2(r.area->statusText().contains(QString::number(taken)), qPrintable(r.area->statusText()));
        QCOMPARE(r.child<QPushButton>("startStopButton")->text(), QStringLiteral("&Start"));
        QVERIFY(r.child<QSpinBox>("portSpin")->isEnabled());

        // Freed, the same port starts and the error is gone.
        occupier.close();
        QTest::mouseClick(r.child<QPushButton>("startStopButton"), Qt::LeftButton);
        QTRY_COMPARE(r.area->listenerPanel()->state(), ListenerPanel::State::Listening);
        QCOMPARE(r.port(), taken);
        QVERIFY(r.area->listenerPanel()->lastError().isEmpty());
        QTest::mouseClick(r.child<QPushButton>("startStopButton"), Qt::LeftButton);
        QTRY_COMPARE(r.area->listenerPanel()->state(), ListenerPanel::State::Stopped);
        QCOMPARE(r.area->statusText(), QStringLiteral("Listener stopped"));
    }

    void filterByMethodPathAndContent()
    {
        Receive r(m_storeFile);
        QAbstractItemModelTester tester(r.area->filterModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        startOnAnyPort(r);
        QNetworkAccessManager network;
        QCOMPARE(send(network, r.url(QStringLiteral("/status")), "GET"), 200);
        QCOMPARE(send(network, r.url(QStringLiteral("/hooks/a")), "POST", "{\"secret\":\"needle-in-the-body\"}",
                      {{"Content-Type", "application/json"}}),
                 200);
        QCOMPARE(send(network, r.url(QStringLiteral("/hooks/b")), "PUT", "plain", {{"Content-Type", "text/plain"}}),
                 200);
        QTRY_COMPARE(r.rows(), 3);
        r.table()->horizontalHeader()->resizeSection(CaptureModel::PathColumn, 321);
        const int pathWidth = r.table()->horizontalHeader()->sectionSize(CaptureModel::PathColumn);

        // The selected capture stays selected and inspected through filter changes.
        r.table()->selectRow(1);
        QTRY_VERIFY(r.area->inspector()->hasCapture());
        const qint64 inspected = r.area->inspector()->capture().seq;

        QLineEdit *filter = r.child<QLineEdit>("captureFilter");
        QTest::keyClicks(filter, QStringLiteral("method:POST"));
        QTRY_COMPARE(r.rows(), 1);
        QCOMPARE(r.cell(0, CaptureModel::PathColumn), QStringLiteral("/hooks/a"));
        QCOMPARE(r.table()->currentIndex().row(), 0);
        QCOMPARE(r.area->selectedSeqs(), QList<qint64>{inspected});
        QCOMPARE(r.area->inspector()->capture().seq, inspected);
        QCOMPARE(r.table()->horizontalHeader()->sectionSize(CaptureModel::PathColumn), pathWidth);

        filter->setText(QStringLiteral("path:/hooks/*"));
        QTRY_COMPARE(r.rows(), 2);

        // Free text is looked up in the store too: only the body holds this word.
        filter->setText(QStringLiteral("needle-in-the"));
        QTRY_COMPARE(r.rows(), 1);
        QCOMPARE(r.cell(0, CaptureModel::PathColumn), QStringLiteral("/hooks/a"));
        // ...and a capture arriving later that matches joins the result.
        QCOMPARE(send(network, r.url(QStringLiteral("/late")), "POST", "needle-in-the-haystack"), 200);
        QTRY_COMPARE(r.rows(), 2);

        filter->setText(QStringLiteral("method:DELETE"));
        QTRY_COMPARE(r.rows(), 0);
        QCOMPARE(r.child<QStackedWidget>("captureStack")->currentWidget(), r.child<QWidget>("captureEmptyPage"));
        filter->clear();
        QTRY_COMPARE(r.rows(), 4);
    }

    void capturesAreThereAfterARestart()
    {
        QByteArray lastId;
        {
            Receive r(m_storeFile);
            startOnAnyPort(r);
            QNetworkAccessManager network;
            QCOMPARE(send(network, r.url(QStringLiteral("/first")), "POST", "one"), 200);
            QCOMPARE(send(network, r.url(QStringLiteral("/second")), "POST", "{\"two\":2}",
                          {{"Content-Type", "application/json"}}),
                     200);
            QTRY_COMPARE(r.rows(), 2);
        }
        Receive again(m_storeFile);
        QTRY_VERIFY(!again.area->isLoading());
        QTRY_COMPARE(again.rows(), 2);
        QCOMPARE(again.cell(0, CaptureModel::PathColumn), QStringLiteral("/first"));
        QCOMPARE(again.cell(1, CaptureModel::PathColumn), QStringLiteral("/second"));
        again.table()->selectRow(1);
        QTRY_VERIFY(again.area->inspector()->hasCapture());
        QCOMPARE(again.area->inspector()->capture().body, QByteArray("{\"two\":2}"));
        QVERIFY(again.area->inspector()->bodyText().contains(QLatin1String("\"two\": 2")));

        // New captures after the reload line up behind the earlier ones, none twice.
        startOnAnyPort(again);
        QNetworkAccessManager network;
        QCOMPARE(send(network, again.url(QStringLiteral("/third")), "GET"), 200);
        QTRY_COMPARE(again.rows(), 3);
        QCOMPARE(again.cell(2, CaptureModel::PathColumn), QStringLiteral("/third"));
    }

    void deleteAndClearAll()
    {
        Receive r(m_storeFile);
        startOnAnyPort(r);
        QNetworkAccessManager network;
        for (int i = 0; i < 3; ++i)
            QCOMPARE(send(network, r.url(QStringLiteral("/d%1").arg(i)), "POST", QByteArray::number(i)), 200);
        QTRY_COMPARE(r.rows(), 3);

        r.area->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(r.area.get()));
        r.table()->setFocus();
        r.table()->selectRow(1);
        QTRY_VERIFY(r.area->inspector()->hasCapture());
        QTest::keyClick(r.table(), Qt::Key_Delete);
        QTRY_COMPARE(r.rows(), 2);
        QCOMPARE(r.cell(0, CaptureModel::PathColumn), QStringLiteral("/d0"));
        QCOMPARE(r.cell(1, CaptureModel::PathColumn), QStringLiteral("/d2"));
        // The next capture is selected, so Delete can be pressed again.
        QCOMPARE(r.table()->currentIndex().row(), 1);

        TestSupport::ScriptedDialogs dialogs;
        dialogs.press(QMessageBox::Cancel);
        r.child<QAction>("clearAllAction")->trigger();
        QCOMPARE(dialogs.asked().size(), 1);
        const Dialogs::Request asked = dialogs.asked().constFirst();
        QCOMPARE(asked.kind, Dialogs::Kind::Question);
        QCOMPARE(asked.defaultButton, QMessageBox::Cancel);
        QVERIFY2(asked.text.contains(QLatin1String("2 captures")), qPrintable(asked.text));
        QTest::qWait(100);
        QCOMPARE(r.rows(), 2);

        dialogs.press(QMessageBox::Yes);
        r.child<QAction>("clearAllAction")->trigger();
        QCOMPARE(dialogs.asked().size(), 2);
        QTRY_COMPARE(r.rows(), 0);
        QVERIFY(!r.area->inspector()->hasCapture());
        QCOMPARE(r.child<QStackedWidget>("captureStack")->currentWidget(), r.child<QWidget>("captureEmptyPage"));

        // Deleted from the store, not just hidden.
        r.area.reset();
        r.services.reset();
        Receive again(m_storeFile);
        QTRY_VERIFY(!again.area->isLoading());
        QCOMPARE(again.rows(), 0);
    }

    void exportSelectedAndAll()
    {
        Receive r(m_storeFile);
        startOnAnyPort(r);
        QNetworkAccessManager network;
        QCOMPARE(
            send(network, r.url(QStringLiteral("/e1")), "POST", "{\"a\":1}", {{"Content-Type", "application/json"}}),
            200);
        QCOMPARE(send(network, r.url(QStringLiteral("/e2")), "POST", QByteArray("\x00\xff", 2)), 200);
        QTRY_COMPARE(r.rows(), 2);

        TestSupport::ScriptedDialogs dialogs;
        QSignalSpy finished(r.area.get(), &ReceiveArea::exportFinished);

        QString target = m_dir.filePath(QStringLiteral("all.jsonl"));
        dialogs.chooseFile(target);
        r.child<QAction>("exportAllAction")->trigger();
        QCOMPARE(dialogs.asked().constLast().kind, Dialogs::Kind::SaveFile);
        QVERIFY2(dialogs.asked().constLast().value.endsWith(QLatin1String("captures.jsonl")),
                 qPrintable(dialogs.asked().constLast().value));
        QTRY_COMPARE(finished.size(), 1);
        QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(1).toString()));
        QFile all(target);
        QVERIFY(all.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = all.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        QCOMPARE(QJsonDocument::fromJson(lines.at(0)).object().value(QLatin1String("path")).toString(),
                 QStringLiteral("/e1"));
        QCOMPARE(QJsonDocument::fromJson(lines.at(1)).object().value(QLatin1String("bodyBase64")).toString(),
                 QStringLiteral("AP8="));

        // A name without a suffix takes the one of the filter chosen: HAR here.
        target = m_dir.filePath(QStringLiteral("selected.har"));
        dialogs.answer(
            Dialogs::Answer::file(m_dir.filePath(QStringLiteral("selected")), QStringLiteral("HAR 1.2 (*.har)")));
        r.table()->selectRow(1);
        r.child<QAction>("exportSelectedAction")->trigger();
        QTRY_COMPARE(finished.size(), 2);
        QVERIFY(finished.at(1).at(0).toBool());
        QFile har(target);
        QVERIFY(har.open(QIODevice::ReadOnly));
        const QJsonObject log = QJsonDocument::fromJson(har.readAll()).object().value(QLatin1String("log")).toObject();
        QCOMPARE(log.value(QLatin1String("version")).toString(), QStringLiteral("1.2"));
        QCOMPARE(log.value(QLatin1String("entries")).toArray().size(), 1);

        // Cancelling the dialog writes nothing.
        dialogs.cancel();
        r.child<QAction>("exportAllAction")->trigger();
        QCOMPARE(dialogs.asked().size(), 3);
        QTest::qWait(100);
        QCOMPARE(finished.size(), 2);
    }

    void autoScrollPausesAwayFromTheBottom()
    {
        Receive r(m_storeFile);
        QVERIFY(QTest::qWaitForWindowExposed(r.area.get()));
        QTRY_VERIFY(!r.area->isLoading());
        CaptureWriter writer(r.store());
        const auto appendCaptures = [&writer](int count) {
            QList<Capture> batch;
            for (int i = 0; i < count; ++i) {
                Capture c;
                c.id = Capture::newId();
                c.receivedAtMs = QDateTime::currentMSecsSinceEpoch();
                c.method = "POST";
                c.target = "/flood/" + QByteArray::number(i);
                c.httpVersion = "1.1";
                c.remoteAddress = QStringLiteral("127.0.0.1");
                batch << c;
            }
            writer.write(batch);
        };
        QScrollBar *bar = r.table()->verticalScrollBar();
        appendCaptures(300);
        QTRY_COMPARE(r.rows(), 300);
        QTRY_VERIFY(bar->maximum() > 0);
        QTRY_COMPARE(bar->value(), bar->maximum());
        QVERIFY(r.area->isFollowingNewest());

        bar->setValue(bar->maximum() / 2);
        QVERIFY(!r.area->isFollowingNewest());
        QVERIFY(!r.child<QToolButton>("followNewestButton")->isChecked());
        const int held = bar->value();
        appendCaptures(50);
        QTRY_COMPARE(r.rows(), 350);
        QTest::qWait(50);
        QCOMPARE(bar->value(), held);

        bar->setValue(bar->maximum());
        QVERIFY(r.area->isFollowingNewest());
        QVERIFY(r.child<QToolButton>("followNewestButton")->isChecked());
        const int before = bar->maximum();
        appendCaptures(50);
        QTRY_COMPARE(r.rows(), 400);
        QTRY_VERIFY(bar->maximum() > before);
        QTRY_COMPARE(bar->value(), bar->maximum());

        // The button brings the view back to the newest row.
        bar->setValue(0);
        QVERIFY(!r.area->isFollowingNewest());
        r.child<QToolButton>("followNewestButton")->click();
        QVERIFY(r.area->isFollowingNewest());
        QTRY_COMPARE(bar->value(), bar->maximum());
    }

    void answersFollowTheSettings()
    {
        Receive r(m_storeFile);
        startOnAnyPort(r);
        QNetworkAccessManager network;
        // A sequence, changed while listening: no restart needed.
        auto *statuses = r.child<QLineEdit>("statusesEdit");
        statuses->setText(QStringLiteral("503, 503, 201"));
        QTest::keyClick(statuses, Qt::Key_Return);
        QCOMPARE(send(network, r.url(QStringLiteral("/retry")), "POST", "x"), 503);
        QCOMPARE(send(network, r.url(QStringLiteral("/retry")), "POST", "x"), 503);
        QCOMPARE(send(network, r.url(QStringLiteral("/retry")), "POST", "x"), 201);
        QCOMPARE(send(network, r.url(QStringLiteral("/retry")), "POST", "x"), 201);

        // A rule by method and path glob, first match wins, from the settings dialog.
        ResponseSettingsDialog *dialog = r.area->listenerPanel()->openSettings();
        QVERIFY(dialog);
        ResponseRuleSettings rule;
        rule.method = QStringLiteral("POST");
        rule.path = QStringLiteral("/teapot/*");
        rule.statuses = QStringLiteral("418");
        rule.body = "short and stout";
        dialog->addRule(rule);
        dialog->findChild<QPlainTextEdit *>(QStringLiteral("headersEdit"))
            ->setPlainText(QStringLiteral("X-From: hookbench"));
        dialog->accept();
        QCOMPARE(dialog->result(), int(QDialog::Accepted));
        QCOMPARE(send(network, r.url(QStringLiteral("/teapot/pot1")), "POST", "x"), 418);
        // New answers start their sequences over.
        QCOMPARE(send(network, r.url(QStringLiteral("/teapot/pot1")), "GET"), 503);
        QTRY_COMPARE(r.rows(), 6);

        r.table()->selectRow(4);
        QTRY_VERIFY(r.area->inspector()->hasCapture());
        QCOMPARE(r.area->inspector()->capture().response.status, 418);
        QCOMPARE(labelText(r, "answerValue"), QStringLiteral("418"));
        auto *responseHeaders = r.area->inspector()->findChild<QTableView *>(QStringLiteral("responseHeadersTable"));
        QVERIFY(tableContains(responseHeaders->model(), QStringLiteral("X-From"), QStringLiteral("hookbench")));
        QCOMPARE(r.area->inspector()->findChild<QPlainTextEdit *>(QStringLiteral("responseBodyView"))->toPlainText(),
                 QStringLiteral("short and stout"));

        // A broken sequence is said in words and the running listener keeps the last good one.
        r.child<QLineEdit>("statusesEdit")->setText(QStringLiteral("200,abc"));
        auto *problem = r.child<QLabel>("policyErrorLabel");
        QTRY_VERIFY(problem->isVisibleTo(r.area.get()));
        QVERIFY2(problem->text().contains(QLatin1String("abc")), qPrintable(problem->text()));
        QCOMPARE(send(network, r.url(QStringLiteral("/still")), "GET"), 503);
        QCOMPARE(send(network, r.url(QStringLiteral("/still")), "GET"), 201);
    }

    void rulesAreThereAfterARestart()
    {
        {
            Receive r(m_storeFile);
            ResponseSettingsDialog *dialog = r.area->listenerPanel()->openSettings();
            ResponseRuleSettings rule;
            rule.method = QStringLiteral("PUT");
            rule.path = QStringLiteral("/orders/*");
            rule.statuses = QStringLiteral("500,202");
            rule.delayMs = 5;
            rule.body = QStringLiteral("caf\u00e9 \u2713\nsecond line").toUtf8();
            dialog->addRule(rule);
            dialog->accept();
        }
        // A new window reads them back and its listener answers by them.
        Receive r(m_storeFile);
        const ResponseSettings kept = r.area->listenerPanel()->responseSettings();
        QCOMPARE(kept.rules.size(), 1);
        QCOMPARE(kept.rules.constFirst().path, QStringLiteral("/orders/*"));
        QCOMPARE(kept.rules.constFirst().body, QStringLiteral("caf\u00e9 \u2713\nsecond line").toUtf8());
        QCOMPARE(kept.rules.constFirst().delayMs, 5);
        startOnAnyPort(r);
        QNetworkAccessManager network;
        QCOMPARE(send(network, r.url(QStringLiteral("/orders/7")), "PUT", "x"), 500);
        QCOMPARE(send(network, r.url(QStringLiteral("/orders/7")), "PUT", "x"), 202);
        QCOMPARE(send(network, r.url(QStringLiteral("/other")), "PUT", "x"), 200);
    }

    void retentionFromTheSettingsDialog()
    {
        Receive r(m_storeFile);
        startOnAnyPort(r);
        QNetworkAccessManager network;
        for (int i = 0; i < 5; ++i)
            QCOMPARE(send(network, r.url(QStringLiteral("/keep%1").arg(i)), "POST", "x"), 200);
        QTRY_COMPARE(r.rows(), 5);

        ResponseSettingsDialog *dialog = r.area->listenerPanel()->openSettings();
        dialog->findChild<QSpinBox *>(QStringLiteral("retentionCountSpin"))->setValue(2);
        dialog->accept();
        // The store removes the oldest; the table follows without a restart.
        QTRY_COMPARE(r.rows(), 2);
        QCOMPARE(r.cell(0, CaptureModel::PathColumn), QStringLiteral("/keep3"));
        QCOMPARE(r.cell(1, CaptureModel::PathColumn), QStringLiteral("/keep4"));
        QCOMPARE(QSettings().value(QStringLiteral("captures/retentionCount")).toInt(), 2);
    }

    void invalidRuleKeepsTheDialogOpen()
    {
        ResponseSettingsDialog dialog;
        ResponseRuleSettings rule;
        rule.statuses = QStringLiteral("5000");
        dialog.addRule(rule);
        dialog.show();
        dialog.accept();
        QVERIFY(dialog.isVisible());
        auto *error = dialog.findChild<QLabel *>(QStringLiteral("errorLabel"));
        QVERIFY(error->isVisible());
        QVERIFY2(error->text().startsWith(QLatin1String("Rule 1:")), qPrintable(error->text()));
    }

    void signaturesAreVerified()
    {
        Receive r(m_storeFile);
        auto *scheme = r.child<QComboBox>("verifyCombo");
        scheme->setCurrentIndex(scheme->findData(QStringLiteral("github")));
        auto *problem = r.child<QLabel>("policyErrorLabel");
        QVERIFY2(problem->text().contains(QLatin1String("secret")), qPrintable(problem->text()));
        r.child<QLineEdit>("secretEdit")->setText(QStringLiteral("It's a Secret to Everybody"));
        startOnAnyPort(r);

        QNetworkAccessManager network;
        const QByteArray body = "Hello, World!";
        const QByteArray good = "sha256="
            + QMessageAuthenticationCode::hash(body, "It's a Secret to Everybody", QCryptographicHash::Sha256).toHex();
        QCOMPARE(send(network, r.url(QStringLiteral("/signed")), "POST", body, {{"X-Hub-Signature-256", good}}), 200);
        QCOMPARE(send(network, r.url(QStringLiteral("/forged")), "POST", body,
                      {{"X-Hub-Signature-256", "sha256=" + QByteArray(64, '0')}}),
                 200);
        QTRY_COMPARE(r.rows(), 2);
        QCOMPARE(r.cell(0, CaptureModel::VerdictColumn), QStringLiteral("accepted, signature valid"));
        QCOMPARE(r.cell(1, CaptureModel::VerdictColumn), QStringLiteral("accepted, signature invalid"));

        r.table()->selectRow(1);
        QTRY_VERIFY(r.area->inspector()->hasCapture());
        QVERIFY2(labelText(r, "signatureValue").startsWith(QLatin1String("github: invalid")),
                 qPrintable(labelText(r, "signatureValue")));
        QCOMPARE(labelText(r, "expectedValue").toLatin1(), good);

        r.child<QLineEdit>("captureFilter")->setText(QStringLiteral("sig:invalid"));
        QTRY_COMPARE(r.rows(), 1);
    }

    void exposedAddressIsWarnedAbout()
    {
        Receive r(m_storeFile);
        auto *address = r.child<QComboBox>("addressCombo");
        auto *warning = r.child<QLabel>("exposedWarning");
        for (const QString &exposed : {QStringLiteral("0.0.0.0"), QStringLiteral("::")}) {
            address->setCurrentText(exposed);
            QVERIFY(warning->isVisibleTo(r.area.get()));
            QVERIFY2(warning->text().contains(QLatin1String("other machines")), qPrintable(warning->text()));
        }
        for (const QString &local : {QStringLiteral("127.0.0.1"), QStringLiteral("::1"), QStringLiteral("localhost")}) {
            address->setCurrentText(local);
            QVERIFY(!warning->isVisibleTo(r.area.get()));
        }
        address->setCurrentText(QStringLiteral("not-an-address"));
        QTest::mouseClick(r.child<QPushButton>("startStopButton"), Qt::LeftButton);
        QCOMPARE(r.area->listenerPanel()->state(), ListenerPanel::State::Stopped);
        QVERIFY(r.area->listenerPanel()->lastError().contains(QLatin1String("not-an-address")));
    }

    // Issue 15: HTTPS from the panel, the CA's path and trust commands to copy, the TLS
    // line in the inspector, and the choice kept for the next start.
    void httpsListenerShowsTheCaAndItsTrustCommands()
    {
        {
            Receive r(m_storeFile);
            auto *https = r.child<QCheckBox>("httpsCheck");
            QVERIFY(!https->isChecked());
            QVERIFY(!r.child<QWidget>("tlsRow")->isVisibleTo(r.area.get()));
            https->setFocus();
            QTest::keyClick(https, Qt::Key_Space);
            QVERIFY(https->isChecked());
            QVERIFY(r.child<QWidget>("tlsRow")->isVisibleTo(r.area.get()));
            r.child<QLineEdit>("tlsNamesEdit")->setText(QStringLiteral("hook.test, 10.9.8.7"));
            startOnAnyPort(r);
            QCOMPARE(r.child<QLineEdit>("urlEdit")->text(), QStringLiteral("https://127.0.0.1:%1/").arg(r.port()));
            QVERIFY(!https->isEnabled()); // fixed while listening

            const QString ca = r.child<QLineEdit>("caPathEdit")->text();
            QCOMPARE(ca, r.area->listenerPanel()->listener()->caCertificateFile());
            QVERIFY(QFile::exists(ca));
            QTest::mouseClick(r.child<QToolButton>("copyCaPathButton"), Qt::LeftButton);
            QCOMPARE(QApplication::clipboard()->text(), ca);
            auto *menu = r.area->findChild<QMenu *>(QStringLiteral("trustCommandsMenu"));
            QVERIFY(menu);
            Q_EMIT menu->aboutToShow();
            QCOMPARE(menu->actions().size(), 4);
            menu->actions().constFirst()->trigger();
            QCOMPARE(QApplication::clipboard()->text(),
                     QStringLiteral("curl --cacert '%1' 'https://127.0.0.1:%2/'").arg(ca).arg(r.port()));

            // A client given the CA reaches it; the inspector says how.
            QNetworkAccessManager network;
            QNetworkRequest request(QUrl(QStringLiteral("https://localhost:%1/secure").arg(r.port())));
            QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
            tls.setCaCertificates(QSslCertificate::fromPath(ca));
            request.setSslConfiguration(tls);
            std::unique_ptr<QNetworkReply> reply(network.post(request, QByteArray("{}")));
            QSignalSpy finished(reply.get(), &QNetworkReply::finished);
            QVERIFY(finished.wait(10000));
            QCOMPARE(reply->error(), QNetworkReply::NoError);
            QTRY_COMPARE(r.rows(), 1);
            r.table()->selectRow(0);
            QTRY_VERIFY(r.area->inspector()->hasCapture());
            QVERIFY2(labelText(r, "tlsValue").startsWith(QStringLiteral("TLSv1.3 · TLS_")),
                     qPrintable(labelText(r, "tlsValue")));
            QVERIFY2(labelText(r, "tlsValue").contains(QLatin1String("SNI localhost")),
                     qPrintable(labelText(r, "tlsValue")));
            QTest::mouseClick(r.child<QPushButton>("startStopButton"), Qt::LeftButton);
            QTRY_COMPARE(r.area->listenerPanel()->state(), ListenerPanel::State::Stopped);
        }
        Receive again(m_storeFile);
        QVERIFY(again.child<QCheckBox>("httpsCheck")->isChecked());
        QCOMPARE(again.child<QLineEdit>("tlsNamesEdit")->text(), QStringLiteral("hook.test, 10.9.8.7"));
        QCOMPARE(again.area->listenerPanel()->url().scheme(), QStringLiteral("https"));
    }

    void escapedRawText_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<qint64>("mark");
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("position");
        QTest::newRow("request line") << QByteArray("GET / HTTP/1.1\r\n") << qint64(-1)
                                      << QStringLiteral("GET / HTTP/1.1\\r\\n\n") << -1;
        QTest::newRow("control and backslash")
            << QByteArray("a\x01\\\tb", 5) << qint64(1) << QStringLiteral("a\\x01\\\\\\tb") << 1;
        QTest::newRow("utf-8 kept, broken byte escaped")
            << QByteArray("caf\xc3\xa9 \xe9") << qint64(6) << QStringLiteral("caf\u00e9 \\xe9") << 5;
        QTest::newRow("mark inside a utf-8 sequence")
            << QByteArray("\xc3\xa9x") << qint64(1) << QStringLiteral("\u00e9x") << 0;
        QTest::newRow("mark at the end") << QByteArray("ab") << qint64(2) << QStringLiteral("ab") << 2;
        QTest::newRow("NUL") << QByteArray("\0z", 2) << qint64(-1) << QStringLiteral("\\x00z") << -1;
    }

    void escapedRawText()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(qint64, mark);
        QFETCH(QString, text);
        QFETCH(int, position);
        int at = -2;
        QCOMPARE(CaptureInspector::escapedText(bytes, mark, &at), text);
        QCOMPARE(at, position);
    }

private:
    void forwardingShowsTheOutcomeAndRetries()
    {
        QTcpServer probe; // a port nobody listens on, until the target starts below
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 targetPort = probe.serverPort();
        probe.close();
        const QString target = QStringLiteral("http://127.0.0.1:%1/app").arg(targetPort);
        {
            Receive r(m_storeFile, true);
            QVERIFY(QTest::qWaitForWindowExposed(r.area.get()));
            auto *edit = r.child<QLineEdit>("forwardEdit");
            QVERIFY(edit->isVisibleTo(r.area.get()));
            edit->setFocus();
            edit->setText(target);
            QTest::keyClick(edit, Qt::Key_Return);
            startOnAnyPort(r);

            QNetworkAccessManager network;
            QCOMPARE(send(network, r.url(QStringLiteral("/hook")), "POST", "{\"n\": 1}"), 200);
            QTRY_COMPARE(r.rows(), 1);
            QTRY_COMPARE(r.cell(0, CaptureModel::ForwardColumn), QStringLiteral("failed"));
            QVERIFY2(r.child<QLabel>("forwardStatusLabel")->text().startsWith(QLatin1String("Target down: ")),
                     qPrintable(r.child<QLabel>("forwardStatusLabel")->text()));
            r.table()->selectRow(0);
            QTRY_VERIFY(labelText(r, "forwardValue").contains(QLatin1String("no answer")));

            // The target comes up; Retry forwarding reaches it and the row and inspector say so.
            QTcpServer app;
            QVERIFY(app.listen(QHostAddress::LocalHost, targetPort));
            connect(&app, &QTcpServer::newConnection, &app, [&app] {
                QTcpSocket *socket = app.nextPendingConnection();
                connect(socket, &QTcpSocket::readyRead, socket, [socket] {
                    if (socket->readAll().contains("{\"n\": 1}"))
                        socket->write("HTTP/1.1 204 No Content\r\n\r\n");
                });
            });
            QAction *retry = r.child<QAction>("retryForwardAction");
            QVERIFY(retry->isEnabled());
            retry->trigger();
            QTRY_VERIFY2(r.cell(0, CaptureModel::ForwardColumn).startsWith(QLatin1String("204 in ")),
                         qPrintable(r.cell(0, CaptureModel::ForwardColumn)));
            QTRY_VERIFY2(labelText(r, "forwardValue").contains(QLatin1String(": 204 No Content in ")),
                         qPrintable(labelText(r, "forwardValue")));
        }
        // Remembered for this listener, and the outcome kept with the capture.
        Receive again(m_storeFile, true);
        QCOMPARE(again.child<QLineEdit>("forwardEdit")->text(), target);
        QTRY_COMPARE(again.rows(), 1);
        QVERIFY(again.cell(0, CaptureModel::ForwardColumn).startsWith(QLatin1String("204 in ")));
    }

    void startOnAnyPort(Receive &r)
    {
        QVERIFY(r.startOnAnyPort());
        QCOMPARE(r.child<QPushButton>("startStopButton")->text(), QStringLiteral("&Stop"));
    }

    QTemporaryDir m_dir;
    QString m_storeFile;
};

QTEST_MAIN(TestReceiveArea)
#include "tst_receivearea.moc"
