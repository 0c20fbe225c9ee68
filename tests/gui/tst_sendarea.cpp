#include "core/app/appservices.h"
#include "core/json/jsontools.h"
#include "core/send/historystore.h"
#include "core/send/historytablemodel.h"
#include "core/send/keyvaluetablemodel.h"
#include "gui/send/composerwidget.h"
#include "gui/send/historyview.h"
#include "gui/send/repeatdialog.h"
#include "gui/send/responseview.h"
#include "gui/send/sendarea.h"
#include "gui/send/simulatedialog.h"
#include "gui/widgets/jsoneditor.h"
#include "gui/widgets/statuscolours.h"
#include "support/dialogtestsupport.h"
#include "support/testsupport.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageAuthenticationCode>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

namespace {

// A tiny HTTP/1.1 responder on 127.0.0.1, port 0: records every request byte for
// byte and answers with a fixed response (or not at all, to test Cancel).
class Responder final : public QObject
{
public:
    struct Request {
        QByteArray method;
        QByteArray target;
        HeaderList headers;
        QByteArray body;
    };

    int status = 201;
    QByteArray reason = "Created";
    QByteArray contentType = "application/json";
    QByteArray body = R"({"ok":true,"id":42})";
    bool answer = true;
    QList<Request> requests;

    Responder()
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                socket->setParent(this);
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
            }
        });
    }

    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    QString url(const QString &path = QStringLiteral("/webhook")) const
    {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(m_server.serverPort()).arg(path);
    }

private:
    void onReadyRead(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        for (;;) {
            const qsizetype end = buffer.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            const QList<QByteArray> lines = buffer.left(end).split('\n');
            Request request;
            const QList<QByteArray> requestLine = lines.constFirst().trimmed().split(' ');
            request.method = requestLine.value(0);
            request.target = requestLine.value(1);
            qsizetype length = 0;
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const QByteArray line = lines.at(i).trimmed();
                const qsizetype colon = line.indexOf(':');
                request.headers.append({line.left(colon), line.mid(colon + 1).trimmed()});
                if (line.left(colon).compare("content-length", Qt::CaseInsensitive) == 0)
                    length = line.mid(colon + 1).trimmed().toLongLong();
            }
            if (buffer.size() < end + 4 + length)
                return;
            request.body = buffer.mid(end + 4, length);
            buffer.remove(0, end + 4 + length);
            requests.append(request);
            if (answer) {
                socket->write("HTTP/1.1 " + QByteArray::number(status) + ' ' + reason
                              + "\r\nContent-Type: " + contentType + "\r\nX-Responder: tiny\r\nContent-Length: "
                              + QByteArray::number(body.size()) + "\r\n\r\n" + body);
            }
        }
    }

    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

QByteArray headerValue(const HeaderList &headers, const QByteArray &name)
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

template <typename T> T *child(QObject *parent, const char *name)
{
    T *found = parent->findChild<T *>(QString::fromLatin1(name));
    if (!found)
        qFatal("no child %s", name);
    return found;
}

} // namespace

// The Send area end to end, as a user drives it: type a URL and a payload, press
// Send, read the answer; and the tabs, samples, history, repeat and simulate paths,
// all against a real socket on 127.0.0.1.
class TestSendArea : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<AppServices> m_services;
    std::unique_ptr<SendArea> m_area;

    ComposerWidget *composer() const { return m_area->composer(); }
    QLineEdit *urlEdit() const { return child<QLineEdit>(m_area.get(), "urlEdit"); }
    JsonEditor *bodyEditor() const { return child<JsonEditor>(m_area.get(), "bodyEditor"); }

    void typeUrl(const QString &url)
    {
        urlEdit()->clear();
        QTest::keyClicks(urlEdit(), url);
    }

    void typeBody(const QString &text)
    {
        bodyEditor()->clear();
        bodyEditor()->setFocus();
        QTest::keyClicks(bodyEditor(), text);
    }

    void clickSend() { QTest::mouseClick(child<QPushButton>(m_area.get(), "sendButton"), Qt::LeftButton); }

private Q_SLOTS:
    void initTestCase()
    {
        TestSupport::isolateUserData();
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }

    void init()
    {
        // What the window gets from main(): the sender and a history of this test's own.
        AppServices::Options options;
        options.collections = false;
        options.historyFile = m_dir->filePath(QStringLiteral("history-%1.sqlite"))
                                  .arg(QString::fromLatin1(QTest::currentTestFunction()));
        options.captureStore = false;
        options.listener = false;
        m_services = std::make_unique<AppServices>(options);
        m_area = std::make_unique<SendArea>(m_services->sender(), m_services->history());
        m_area->resize(1000, 800);
        m_area->show();
        m_area->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_area.get()));
        m_area->historyView()->resize(400, 500); // in the app it sits in the sidebar
        m_area->historyView()->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_area->historyView()));
        m_area->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_area.get()));
    }

    void cleanup()
    {
        m_area.reset();
        m_services.reset();
    }

    void typedPayloadReachesTheListenerAndTheAnswerIsShown()
    {
        Responder responder;
        QVERIFY(responder.listen());
        typeUrl(responder.url());
        const QString payload = QStringLiteral(
            "{\"event\": \"user_registered\", \"user_id\": \"123456\", \"n\": 1.50}");
        typeBody(payload);
        QCOMPARE(bodyEditor()->toPlainText(), payload);
        clickSend();
        QVERIFY(composer()->isBusy());

        QTRY_COMPARE(responder.requests.size(), 1);
        const Responder::Request &received = responder.requests.constFirst();
        QCOMPARE(received.method, QByteArray("POST"));
        QCOMPARE(received.target, QByteArray("/webhook"));
        QCOMPARE(received.body, payload.toUtf8()); // exactly the typed bytes: order, spacing, 1.50
        QCOMPARE(Headers::value(received.headers, "Content-Type"), QByteArray("application/json"));

        ResponseView *view = m_area->responseView();
        QTRY_VERIFY(view->hasResult());
        QTRY_VERIFY(!composer()->isBusy());
        auto *status = child<QLabel>(view, "statusLabel");
        QCOMPARE(status->text(), QStringLiteral("201 Created"));
        QCOMPARE(status->palette().color(QPalette::WindowText), StatusColours::forStatus(201));
        QCOMPARE(view->bodyView(), ResponseView::BodyView::Pretty);
        QCOMPARE(view->bodyText(), QStringLiteral("{\n  \"ok\": true,\n  \"id\": 42\n}"));
        QVERIFY(child<QLabel>(view, "timeLabel")->text().startsWith(QLatin1String("Time ")));
        QVERIFY(child<QLabel>(view, "firstByteLabel")->text().startsWith(QLatin1String("First byte ")));
        QCOMPARE(child<QLabel>(view, "sizeLabel")->text(), QStringLiteral("Size 19 B"));
        QVERIFY(!child<QLabel>(view, "errorLabel")->isVisible());
        auto *headers = child<QTableView>(view, "responseHeadersTable");
        bool sawResponder = false;
        for (int row = 0; row < headers->model()->rowCount(); ++row)
            sawResponder |= headers->model()->index(row, 0).data().toString() == QLatin1String("X-Responder");
        QVERIFY(sawResponder);
        view->setBodyView(ResponseView::BodyView::Raw);
        QCOMPARE(view->bodyText(), QStringLiteral("{\"ok\":true,\"id\":42}"));
        view->setBodyView(ResponseView::BodyView::Hex);
        QVERIFY(view->bodyText().startsWith(QLatin1String("00000000  7b 22 6f 6b")));
    }

    // A 10 MB body opened in a tab and sent at once, while the editor is still putting it in:
    // the listener gets every byte of it; a large JSON answer is shown indented.
    void aLargeBodyIsSentWhole()
    {
        Responder responder;
        QVERIFY(responder.listen());
        responder.body = "[";
        for (int i = 0; responder.body.size() < 512 * 1024; ++i)
            responder.body += (i ? "," : "") + QByteArray("{\"n\":") + QByteArray::number(i) + '}';
        responder.body += ']';
        RequestDraft draft;
        draft.method = QStringLiteral("POST");
        draft.url = responder.url();
        draft.bodyMode = RequestDraft::BodyMode::Json;
        draft.body = QStringLiteral("[\n");
        for (int i = 0; draft.body.size() < 10 * 1024 * 1024; ++i)
            draft.body += QStringLiteral("  {\"id\": \"evt_%1\", \"name\": \"Zoë\", \"n\": 1.50},\n").arg(i);
        draft.body += QStringLiteral("  {}\n]");
        m_area->openInNewTab(draft);
        QVERIFY(bodyEditor()->isLoading());
        clickSend();

        QTRY_COMPARE_WITH_TIMEOUT(responder.requests.size(), 1, 60000);
        QCOMPARE(responder.requests.constFirst().body, draft.body.toUtf8());
        ResponseView *view = m_area->responseView();
        QTRY_VERIFY_WITH_TIMEOUT(view->hasResult(), 60000);
        QTRY_COMPARE_WITH_TIMEOUT(view->bodyText(), QString::fromUtf8(JsonTools::format(responder.body)), 60000);
        QTRY_VERIFY_WITH_TIMEOUT(!bodyEditor()->isLoading(), 60000);
        QCOMPARE(bodyEditor()->toPlainText(), draft.body);
        QVERIFY(!m_area->currentTab().isDirty());
    }

    void ctrlEnterSends()
    {
        Responder responder;
        QVERIFY(responder.listen());
        typeUrl(responder.url());
        bodyEditor()->setFocus();
        QTest::keyClick(bodyEditor(), Qt::Key_Return, Qt::ControlModifier);
        QTRY_COMPARE(responder.requests.size(), 1);
        // The shortcut sends; it does not also insert a line break.
        QVERIFY(!bodyEditor()->toPlainText().startsWith(QLatin1Char('\n')));
    }

    void statusClassesAndBinaryBodies()
    {
        Responder responder;
        responder.status = 503;
        responder.reason = "Service Unavailable";
        responder.contentType = "application/octet-stream";
        responder.body = QByteArray("\x00\x01\x02\xff binary", 11);
        QVERIFY(responder.listen());
        typeUrl(responder.url());
        clickSend();
        ResponseView *view = m_area->responseView();
        QTRY_VERIFY(view->hasResult());
        QCOMPARE(view->statusText(), QStringLiteral("503 Service Unavailable"));
        QCOMPARE(child<QLabel>(view, "statusLabel")->palette().color(QPalette::WindowText),
                 StatusColours::forStatus(503));
        QCOMPARE(view->bodyView(), ResponseView::BodyView::Hex);
        QVERIFY2(view->bodyText().startsWith(QLatin1String("00000000  00 01 02 ff 20 62")),
                 qPrintable(view->bodyText()));
    }

    void invalidJsonIsNotSent()
    {
        Responder responder;
        QVERIFY(responder.listen());
        typeUrl(responder.url());
        typeBody(QStringLiteral("{\"event\": \"x\",}"));
        QTRY_VERIFY(bodyEditor()->currentError().isError());
        auto *bodyStatus = child<QLabel>(m_area.get(), "bodyStatusLabel");
        QVERIFY2(bodyStatus->text().contains(QLatin1String("line 1, column 14: trailing comma")),
                 qPrintable(bodyStatus->text()));
        clickSend();
        auto *error = child<QLabel>(m_area.get(), "composerErrorLabel");
        QTRY_VERIFY(error->isVisible());
        QVERIFY2(error->text().contains(QLatin1String("line 1, column 14: trailing comma")), qPrintable(error->text()));
        QTest::qWait(100);
        QCOMPARE(responder.requests.size(), 0);
        QVERIFY(!composer()->isBusy());
    }

    void unknownTemplateVariableIsNamed()
    {
        Responder responder;
        QVERIFY(responder.listen());
        typeUrl(responder.url());
        typeBody(QStringLiteral("{\"user\": \"{{user_id}}\"}"));
        clickSend();
        auto *error = child<QLabel>(m_area.get(), "composerErrorLabel");
        QTRY_VERIFY(error->isVisible());
        QVERIFY2(error->text().contains(QLatin1String("user_id")), qPrintable(error->text()));
        QCOMPARE(responder.requests.size(), 0);
    }

    // The answer below the composer is never taken for a send that did not happen.
    void aRefusedSendMarksTheShownAnswerAsPrevious()
    {
        Responder responder;
        QVERIFY(responder.listen());
        typeUrl(responder.url());
        typeBody(QStringLiteral("{\"n\": 1}"));
        clickSend();
        ResponseView *view = m_area->responseView();
        QTRY_VERIFY(view->hasResult());
        QTRY_VERIFY(!composer()->isBusy());
        auto *status = child<QLabel>(view, "statusLabel");
        QCOMPARE(status->text(), QStringLiteral("201 Created"));

        typeBody(QStringLiteral("{\"user\": \"{{nobody}}\"}")); // refused: an unknown variable
        clickSend();
        QTRY_VERIFY(child<QLabel>(m_area.get(), "composerErrorLabel")->isVisible());
        QCOMPARE(status->text(), QStringLiteral("201 Created (previous answer: the last Send was not sent)"));

        typeBody(QStringLiteral("{\"n\": 1,}")); // refused: invalid JSON, marked once, not twice
        clickSend();
        QCOMPARE(status->text(), QStringLiteral("201 Created (previous answer: the last Send was not sent)"));
        QCOMPARE(responder.requests.size(), 1);

        typeBody(QStringLiteral("{\"n\": 2}")); // a real send shows its own answer again
        clickSend();
        QTRY_COMPARE(responder.requests.size(), 2);
        QTRY_VERIFY(!composer()->isBusy());
        QTRY_COMPARE(status->text(), QStringLiteral("201 Created"));
    }

    void variablesOfTheActiveEnvironmentExpand()
    {
        Responder responder;
        QVERIFY(responder.listen());
        m_area->setVariables({{QStringLiteral("user_id"), QStringLiteral("42")}});
        typeUrl(responder.url());
        typeBody(QStringLiteral("{\"user\": \"{{user_id}}\"}"));
        clickSend();
        QTRY_COMPARE(responder.requests.size(), 1);
        QCOMPARE(responder.requests.constFirst().body, QByteArray(R"({"user": "42"})"));
    }

    void failuresInPlainWords()
    {
        // A port that was just closed: connection refused.
        QTcpServer dead;
        QVERIFY(dead.listen(QHostAddress::LocalHost, 0));
        const quint16 port = dead.serverPort();
        dead.close();
        typeUrl(QStringLiteral("http://127.0.0.1:%1/hook").arg(port));
        clickSend();
        ResponseView *view = m_area->responseView();
        QTRY_VERIFY(view->hasResult());
        QCOMPARE(view->statusText(), QStringLiteral("Connection refused"));
        auto *error = child<QLabel>(view, "errorLabel");
        QVERIFY(error->isVisible());
        QVERIFY2(error->text().contains(QLatin1String("connection refused"), Qt::CaseInsensitive),
                 qPrintable(error->text()));
        QCOMPARE(child<QLabel>(view, "statusLabel")->palette().color(QPalette::WindowText),
                 StatusColours::forStatus(0));
    }

    void cancelStopsARequestInFlight()
    {
        Responder responder;
        responder.answer = false;
        QVERIFY(responder.listen());
        typeUrl(responder.url());
        clickSend();
        QTRY_COMPARE(responder.requests.size(), 1);
        auto *cancel = child<QPushButton>(m_area.get(), "cancelButton");
        QVERIFY(cancel->isEnabled());
        QTest::mouseClick(cancel, Qt::LeftButton);
        QTRY_VERIFY(m_area->responseView()->hasResult());
        QCOMPARE(m_area->responseView()->statusText(), QStringLiteral("Cancelled"));
        QTRY_VERIFY(!composer()->isBusy());
        QVERIFY(!cancel->isEnabled());
    }

    void headersQueryAndAuthReachTheWire()
    {
        Responder responder;
        QVERIFY(responder.listen());
        typeUrl(responder.url() + QStringLiteral("?a=1&b=2"));

        // URL -> Query table
        KeyValueTableModel *query = composer()->queryModel();
        QCOMPARE(query->rows().size(), 2);
        QCOMPARE(query->rows().at(1).name, QStringLiteral("b"));
        // Query table -> URL: switch one off, add one by typing into the empty row
        QVERIFY(query->setData(query->index(0, 0), Qt::Unchecked, Qt::CheckStateRole));
        QCOMPARE(urlEdit()->text(), responder.url() + QStringLiteral("?b=2"));
        QVERIFY(query->setData(query->index(2, KeyValueTableModel::NameColumn), QStringLiteral("c")));
        QVERIFY(query->setData(query->index(2, KeyValueTableModel::ValueColumn), QStringLiteral("{{$timestamp}}")));
        QCOMPARE(urlEdit()->text(), responder.url() + QStringLiteral("?b=2&c={{$timestamp}}"));

        // Headers: names as typed, a duplicate, one switched off
        KeyValueTableModel *headers = composer()->headersModel();
        headers->setRows({{true, QStringLiteral("X-Mixed-CASE"), QStringLiteral("1")},
                          {false, QStringLiteral("X-Off"), QStringLiteral("no")}});

        // Auth: bearer
        auto *authType = child<QComboBox>(m_area.get(), "authTypeCombo");
        authType->setCurrentIndex(int(RequestDraft::AuthMode::Bearer));
        auto *token = child<QLineEdit>(m_area.get(), "authField1Edit");
        QTest::keyClicks(token, QStringLiteral("tok-123"));

        clickSend();
        QTRY_COMPARE(responder.requests.size(), 1);
        const Responder::Request &received = responder.requests.constFirst();
        QVERIFY2(received.target.startsWith("/webhook?b=2&c=1"),
                 received.target.constData()); // expanded timestamp
        QCOMPARE(Headers::value(received.headers, "X-Mixed-CASE"), QByteArray("1"));
        bool exactCase = false;
        for (const auto &header : received.headers)
            exactCase |= header.first == "X-Mixed-CASE";
        QVERIFY(exactCase);
        QVERIFY(!Headers::contains(received.headers, "X-Off"));
        QCOMPARE(Headers::value(received.headers, "Authorization"), QByteArray("Bearer tok-123"));
    }

    // Each sample opens in a tab of its own: what was in front stays as it was.
    void samplesOpenInNewTabs()
    {
        typeUrl(QStringLiteral("http://127.0.0.1:9/mine"));
        typeBody(QStringLiteral("{\"mine\": true}"));
        auto *samples = child<QMenu>(m_area.get(), "samplesMenu");
        const QList<QAction *> actions = samples->actions();
        QCOMPARE(actions.size(), 7);
        for (QAction *action : actions) {
            action->trigger();
            QVERIFY2(!bodyEditor()->toPlainText().isEmpty(), qPrintable(action->objectName()));
            QVERIFY2(!JsonTools::validate(bodyEditor()->toPlainText().toUtf8()).isError(),
                     qPrintable(action->objectName()));
            // Where the user was sending, and not an unsaved change.
            QCOMPARE(urlEdit()->text(), QStringLiteral("http://127.0.0.1:9/mine"));
            QVERIFY(!m_area->currentTab().isDirty());
        }
        QCOMPARE(m_area->tabs().tabs.size(), 8);
        child<QAction>(m_area.get(), "sample:github-push")->trigger();
        QVERIFY(bodyEditor()->toPlainText().contains(QLatin1String("\"ref\": \"refs/heads/main\"")));
        QCOMPARE(m_area->tabBar()->tabText(m_area->currentIndex()), QStringLiteral("GitHub: push"));
        m_area->setCurrentIndex(0);
        QCOMPARE(bodyEditor()->toPlainText(), QStringLiteral("{\"mine\": true}"));
        QVERIFY(m_area->currentTab().isDirty());
    }

    // The answer belongs to the tab that sent; Ctrl+T opens a new tab with an empty answer pane.
    void theAnswerBelongsToItsTab()
    {
        Responder responder;
        QVERIFY(responder.listen());
        typeUrl(responder.url(QStringLiteral("/one")));
        typeBody(QStringLiteral("{}"));
        clickSend();
        QTRY_VERIFY(m_area->responseView()->hasResult());
        QTRY_VERIFY(!composer()->isBusy());
        const QString first = m_area->currentTab().id;
        QTest::keySequence(m_area.get(), QKeySequence::AddTab);
        QCOMPARE(m_area->tabs().tabs.size(), 2);
        QCOMPARE(m_area->tabBar()->tabText(1), QStringLiteral("New request"));
        QVERIFY(!m_area->responseView()->hasResult());
        QCOMPARE(urlEdit()->text(), QString());
        // A refused send in the new tab marks nothing of the first tab's answer.
        typeUrl(responder.url(QStringLiteral("/two")));
        typeBody(QStringLiteral("{oops"));
        clickSend();
        QVERIFY(!m_area->responseView()->hasResult());
        m_area->setCurrentIndex(m_area->tabs().indexOf(first));
        QVERIFY(m_area->responseView()->hasResult());
        QCOMPARE(m_area->responseView()->statusText(), QStringLiteral("201 Created"));
        QVERIFY(m_area->currentTab().lastResponse.startsWith(QLatin1String("201 Created")));
        // Closing the last tab leaves a new one, never an empty area.
        m_area->setCurrentIndex(1);
        TestSupport::ScriptedDialogs dialogs;
        dialogs.press(QMessageBox::Discard);
        QTest::keyClick(m_area.get(), Qt::Key_W, Qt::ControlModifier);
        QCOMPARE(dialogs.asked().size(), 1);
        QCOMPARE(m_area->tabs().tabs.size(), 1);
        dialogs.press(QMessageBox::Discard); // what was typed and sent in it
        QCOMPARE(m_area->closeTab(0), true);
        QCOMPARE(m_area->tabs().tabs.size(), 1);
        QVERIFY(!m_area->responseView()->hasResult());
    }

    void historyListsNewestFirstAndReopens()
    {
        Responder responder;
        QVERIFY(responder.listen());
        HistoryView *history = m_area->historyView();
        typeUrl(responder.url(QStringLiteral("/first")));
        typeBody(QStringLiteral("{\"n\": 1}"));
        clickSend();
        QTRY_VERIFY(m_area->responseView()->hasResult());
        QTRY_VERIFY(!composer()->isBusy());
        typeUrl(responder.url(QStringLiteral("/second")));
        child<QComboBox>(m_area.get(), "methodCombo")->setCurrentText(QStringLiteral("PUT"));
        typeBody(QStringLiteral("{\"n\": 2}"));
        clickSend();
        QTRY_COMPARE(responder.requests.size(), 2);
        QTRY_COMPARE(history->model()->rowCount(), 2);
        QVERIFY(history->model()->rows().at(0).url.endsWith(QLatin1String("/second")));
        QCOMPARE(history->model()->index(0, HistoryTableModel::StatusColumn).data().toString(), QStringLiteral("201"));
        QCOMPARE(history->model()->index(0, HistoryTableModel::RequestColumn).data().toString(),
                 QStringLiteral("PUT /second  ·  ") + QUrl(responder.url(QStringLiteral("/second"))).authority());

        // Search narrows the list.
        auto *search = child<QLineEdit>(history, "historySearchEdit");
        QTest::keyClicks(search, QStringLiteral("first"));
        QTRY_COMPARE(history->model()->rowCount(), 1);
        search->clear();
        QTRY_COMPARE(history->model()->rowCount(), 2);

        // Double-click the older one: it comes back in a tab of its own.
        typeUrl(QStringLiteral("http://elsewhere.invalid/"));
        typeBody(QStringLiteral("{}"));
        const int before = int(m_area->tabs().tabs.size());
        auto *table = child<QTableView>(history, "historyTable");
        const QRect rect = table->visualRect(table->model()->index(1, HistoryTableModel::RequestColumn));
        // A real double-click: QTest::mouseDClick alone sends no first click in Qt 6.4.
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, rect.center());
        QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, rect.center());
        QTRY_VERIFY(urlEdit()->text().endsWith(QLatin1String("/first")));
        QCOMPARE(child<QComboBox>(m_area.get(), "methodCombo")->currentText(), QStringLiteral("POST"));
        QCOMPARE(bodyEditor()->toPlainText(), QStringLiteral("{\"n\": 1}"));
        QCOMPARE(m_area->responseView()->statusText(), QStringLiteral("201 Created"));
        QCOMPARE(m_area->tabs().tabs.size(), before + 1);
        QVERIFY(!m_area->currentTab().isDirty());
        m_area->setCurrentIndex(before - 1);
        QCOMPARE(urlEdit()->text(), QStringLiteral("http://elsewhere.invalid/"));

        // Clear asks first; Cancel keeps everything.
        TestSupport::ScriptedDialogs dialogs;
        dialogs.press(QMessageBox::Cancel);
        QTest::mouseClick(child<QToolButton>(history, "historyClearButton"), Qt::LeftButton);
        QCOMPARE(dialogs.asked().size(), 1);
        QCOMPARE(dialogs.asked().constFirst().title, QStringLiteral("Clear history"));
        QTest::qWait(100);
        QCOMPARE(history->model()->rowCount(), 2);
        dialogs.press(QMessageBox::Yes);
        QTest::mouseClick(child<QToolButton>(history, "historyClearButton"), Qt::LeftButton);
        QTRY_COMPARE(history->model()->rowCount(), 0);
    }

    void simulateAProviderEvent()
    {
        Responder responder;
        QVERIFY(responder.listen());
        m_area->openSimulateDialog();
        SimulateDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = m_area->findChild<SimulateDialog *>()) != nullptr);
        auto *provider = child<QComboBox>(dialog, "providerCombo");
        provider->setCurrentIndex(provider->findData(QStringLiteral("github-push")));
        auto *secret = child<QLineEdit>(dialog, "simulateSecretEdit");
        secret->clear();
        QTest::keyClicks(secret, QStringLiteral("s3cret"));
        auto *url = child<QLineEdit>(dialog, "simulateUrlEdit");
        url->clear();
        QTest::keyClicks(url, responder.url(QStringLiteral("/github")));
        QTest::mouseClick(child<QPushButton>(dialog, "simulateSendButton"), Qt::LeftButton);

        QTRY_COMPARE(responder.requests.size(), 1);
        const Responder::Request &received = responder.requests.constFirst();
        QCOMPARE(received.target, QByteArray("/github"));
        QVERIFY(received.body.contains("\"ref\": \"refs/heads/main\""));
        QCOMPARE(Headers::value(received.headers, "X-GitHub-Event"), QByteArray("push"));
        // The signature, checked independently of the signing code.
        const QByteArray expected = "sha256="
            + QMessageAuthenticationCode::hash(received.body, "s3cret", QCryptographicHash::Sha256).toHex();
        QCOMPARE(Headers::value(received.headers, "X-Hub-Signature-256"), expected);
        QVERIFY(Headers::contains(received.headers, "X-GitHub-Delivery"));
    }

    void sendNTimesWithProgressAndSummary()
    {
        Responder responder;
        QVERIFY(responder.listen());
        typeUrl(responder.url());
        typeBody(QStringLiteral("{\"id\": \"{{$uuid}}\"}"));
        m_area->openRepeatDialog();
        auto *dialog = m_area->findChild<RepeatDialog *>();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        child<QSpinBox>(dialog, "countSpin")->setValue(12);
        child<QSpinBox>(dialog, "concurrencySpin")->setValue(3);
        QTest::mouseClick(child<QPushButton>(dialog, "startButton"), Qt::LeftButton);
        QTRY_COMPARE(responder.requests.size(), 12);
        QTRY_VERIFY(!dialog->isRunning());
        QCOMPARE(child<QProgressBar>(dialog, "repeatProgress")->value(), 12);
        QCOMPARE(dialog->lastSummary().succeeded, 12);
        QVERIFY(!child<QPlainTextEdit>(dialog, "summaryView")->toPlainText().isEmpty());
        // A fresh {{$uuid}} per request.
        QSet<QByteArray> bodies;
        for (const Responder::Request &request : std::as_const(responder.requests))
            bodies.insert(request.body);
        QCOMPARE(bodies.size(), 12);
        QTRY_COMPARE(m_area->historyView()->model()->rowCount(), 12);
    }

    // A cURL command pasted into the URL field fills the whole composer (what is sent is what
    // curl would send), says so, and can be undone.
    void curlPastedIntoTheUrlField()
    {
        Responder responder;
        QVERIFY(responder.listen());
        typeUrl(QStringLiteral("http://127.0.0.1:9/before"));
        const QString before = composer()->draft().body;
        const QString command = QStringLiteral("curl '%1' \\\n"
                                               "  -H 'Content-Type: application/json' \\\n"
                                               "  -H \"X-Request-Id: abc 123\" \\\n"
                                               "  -u alice:s3cret \\\n"
                                               "  --data-raw '{\"event\":\"pasted\",\"n\":1}'\n")
                                    .arg(responder.url(QStringLiteral("/pasted?x=1")));
        QApplication::clipboard()->setText(command);
        urlEdit()->setFocus();
        urlEdit()->selectAll();
        QTest::keySequence(urlEdit(), QKeySequence::Paste);

        QTRY_COMPARE(urlEdit()->text(), responder.url(QStringLiteral("/pasted?x=1")));
        const RequestDraft draft = composer()->draft();
        QCOMPARE(draft.method, QStringLiteral("POST"));
        QCOMPARE(draft.url, responder.url(QStringLiteral("/pasted?x=1")));
        QCOMPARE(urlEdit()->text(), draft.url);
        QVERIFY(draft.headers.contains(
            KeyValueRow{true, QStringLiteral("Content-Type"), QStringLiteral("application/json")}));
        QVERIFY(draft.headers.contains(KeyValueRow{true, QStringLiteral("X-Request-Id"), QStringLiteral("abc 123")}));
        QCOMPARE(draft.body, QStringLiteral("{\"event\":\"pasted\",\"n\":1}"));
        QCOMPARE(draft.authMode, RequestDraft::AuthMode::Basic);
        QCOMPARE(draft.basicUser, QStringLiteral("alice"));
        QCOMPARE(draft.basicPassword, QStringLiteral("s3cret"));
        auto *notice = child<QLabel>(m_area.get(), "composerNoticeLabel");
        QVERIFY(notice->isVisible());
        QVERIFY2(notice->text().contains(QLatin1String("Filled from the cURL command")), qPrintable(notice->text()));
        QVERIFY(!child<QLabel>(m_area.get(), "composerErrorLabel")->isVisible());

        clickSend();
        QTRY_COMPARE(responder.requests.size(), 1);
        const Responder::Request &sent = responder.requests.first();
        QCOMPARE(sent.method, QByteArray("POST"));
        QCOMPARE(sent.target, QByteArray("/pasted?x=1"));
        QCOMPARE(headerValue(sent.headers, "Authorization"),
                 QByteArray("Basic ") + QByteArray("alice:s3cret").toBase64());
        QCOMPARE(headerValue(sent.headers, "X-Request-Id"), QByteArray("abc 123"));
        QCOMPARE(sent.body, QByteArray("{\"event\":\"pasted\",\"n\":1}"));
        QTRY_VERIFY(!composer()->isBusy());

        // Undo brings back the composer as it was before the paste.
        Q_EMIT notice->linkActivated(QStringLiteral("undo"));
        QCOMPARE(composer()->draft().url, QStringLiteral("http://127.0.0.1:9/before"));
        QCOMPARE(composer()->draft().body, before);
        QCOMPARE(composer()->draft().authMode, RequestDraft::AuthMode::None);
        QVERIFY(!notice->isVisible());
    }

    // A command the importer cannot read leaves the field as it was and says why.
    void unreadableCurlLeavesTheUrl()
    {
        typeUrl(QStringLiteral("http://127.0.0.1:9/kept"));
        QApplication::clipboard()->setText(QStringLiteral("curl -H 'X-Open: quote http://127.0.0.1:9/x"));
        urlEdit()->selectAll();
        QTest::keySequence(urlEdit(), QKeySequence::Paste);
        auto *error = child<QLabel>(m_area.get(), "composerErrorLabel");
        QTRY_VERIFY(error->isVisible());
        QCOMPARE(urlEdit()->text(), QStringLiteral("http://127.0.0.1:9/kept"));
        QVERIFY2(error->text().contains(QLatin1String("cURL")), qPrintable(error->text()));
    }

    // Typed by hand, one key at a time, a cURL command is imported on Enter, not sent.
    void curlTypedAndEnter()
    {
        typeUrl(QStringLiteral("curl -X PUT -d 'a=1' http://127.0.0.1:9/typed"));
        QCOMPARE(urlEdit()->text(), QStringLiteral("curl -X PUT -d 'a=1' http://127.0.0.1:9/typed"));
        QTest::keyClick(urlEdit(), Qt::Key_Return);
        QCOMPARE(composer()->draft().method, QStringLiteral("PUT"));
        QCOMPARE(composer()->draft().url, QStringLiteral("http://127.0.0.1:9/typed"));
        QVERIFY(!composer()->isBusy());
    }

    void tlsWarningIsVisible()
    {
        auto *check = child<QCheckBox>(m_area.get(), "ignoreTlsCheck");
        auto *warning = child<QLabel>(m_area.get(), "tlsWarningLabel");
        auto *tabs = child<QTabWidget>(m_area.get(), "requestTabs");
        tabs->setCurrentWidget(child<QWidget>(m_area.get(), "optionsTab"));
        QVERIFY(!warning->isVisible());
        check->setChecked(true);
        QVERIFY(warning->isVisible());
        QVERIFY(tabs->tabText(tabs->currentIndex()).contains(QStringLiteral("⚠")));
        QVERIFY(composer()->draft().options.ignoreTlsErrors);
    }
};

QTEST_MAIN(TestSendArea)
#include "tst_sendarea.moc"
