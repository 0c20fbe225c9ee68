// The window's keyboard shortcuts, pressed as a user presses them (key events to the focused
// widget, through Qt's shortcut matching), each doing its job; and the Help > Keyboard
// Shortcuts list, which must hold exactly what the window's actions hold.
#include "core/app/appsettings.h"
#include "core/capture/capturemodel.h"
#include "core/collections/collectionsworkspace.h"
#include "core/drafts/requesttab.h"
#include "gui/receive/listenerpanel.h"
#include "gui/receive/receivearea.h"
#include "gui/send/composerwidget.h"
#include "gui/send/sendarea.h"
#include "gui/widgets/jsoneditor.h"
#include "gui/window/mainwindow.h"
#include "gui/window/shortcutlist.h"
#include "gui/window/shortcutsdialog.h"
#include "support/dialogtestsupport.h"
#include "support/testsupport.h"

#include <QAction>
#include <QApplication>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <memory>

namespace {

// A window on data files of its own: another test's tabs, restored late, would move the focus.
struct Window {
    QTemporaryDir data;
    std::unique_ptr<AppServices> services;
    std::unique_ptr<MainWindow> window;

    Window()
    {
        services = std::make_unique<AppServices>(TestSupport::servicesIn(data.path()));
        services->openCaptureStoreAsync();
        window = std::make_unique<MainWindow>(services.get());
        window->resize(1024, 700);
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
    SendArea *send() const { return window->sendArea(); }
    ReceiveArea *receive() const { return window->findChild<ReceiveArea *>(); }
    QWidget *front() const { return child<QTabWidget>("workAreas")->currentWidget(); }
    QLineEdit *url() const { return send()->composer()->findChild<QLineEdit *>(QStringLiteral("urlEdit")); }
    JsonEditor *body() const { return send()->composer()->bodyEditor(); }
    // A key as a user presses it: to whatever has the focus.
    void press(int key, Qt::KeyboardModifiers modifiers = Qt::NoModifier) const
    {
        QWidget *target = QApplication::focusWidget() ? QApplication::focusWidget() : window.get();
        QTest::keyClick(target, Qt::Key(key), modifiers);
    }
};

QKeySequence keys(const char *text)
{
    return QKeySequence(QLatin1String(text));
}

int post(const QUrl &url, const QByteArray &body)
{
    QNetworkAccessManager network;
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    std::unique_ptr<QNetworkReply> reply(network.post(request, body));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!finished.wait(10000))
        return -1;
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

// Scopes whose keys can reach the same focused widget.
bool overlap(const QString &a, const QString &b)
{
    const QString rootA = a.section(QStringLiteral(" · "), 0, 0);
    const QString rootB = b.section(QStringLiteral(" · "), 0, 0);
    if (rootA == ShortcutList::everywhere() || rootB == ShortcutList::everywhere() || rootA == rootB)
        return true;
    const QString editor = QStringLiteral("JSON editor");
    const QStringList areasWithEditors{QStringLiteral("Send area"), QStringLiteral("Receive area")};
    return (rootA == editor && areasWithEditors.contains(rootB))
        || (rootB == editor && areasWithEditors.contains(rootA));
}

// Keys that work only while the widget holding them has the focus.
bool onlyOnTheirWidgets(const ShortcutEntry &entry)
{
    return std::all_of(entry.actions.begin(), entry.actions.end(),
                       [](const QAction *action) { return action->shortcutContext() == Qt::WidgetShortcut; });
}

QSet<QObject *> holders(const ShortcutEntry &entry)
{
    QSet<QObject *> objects;
    for (const QAction *action : entry.actions) {
        for (QObject *object : action->associatedObjects())
            objects.insert(object);
    }
    return objects;
}

} // namespace

class TestShortcuts : public QObject
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
        // Two enabled actions on one key do nothing at all, with only this warning to show for it.
        QTest::failOnWarning(QRegularExpression(QStringLiteral("Ambiguous shortcut")));
        AppSettings().setListenerPort(0); // any free port
        AppSettings().setCurrentWorkArea(0);
    }

    // The list is the actions: every action with keys is on it once, under where its keys work.
    void listHoldsEveryActionWithKeys()
    {
        Window w;
        QVERIFY(QTest::qWaitForWindowExposed(w.window.get()));
        const QList<ShortcutEntry> entries = ShortcutList::collect(w.window.get());
        QSet<QAction *> listed;
        for (const ShortcutEntry &entry : entries) {
            for (QAction *action : entry.actions) {
                QVERIFY2(!listed.contains(action), qPrintable(entry.command));
                listed.insert(action);
                QCOMPARE(action->shortcuts(), entry.keys);
            }
        }
        for (QAction *action : w.window->findChildren<QAction *>()) {
            if (!action->shortcuts().isEmpty())
                QVERIFY2(listed.contains(action), qPrintable(action->text()));
        }

        struct Expected {
            const char *command;
            const char *keys;
            QString scope;
        };
        const QString everywhere = ShortcutList::everywhere();
        const QList<Expected> expected{
            {"Send Request", "Ctrl+Return", QStringLiteral("Send area")},
            {"Cancel Sending", "Esc", QStringLiteral("Send area")},
            {"Save Request", "Ctrl+S", everywhere},
            {"Save Request As", "Ctrl+Shift+S", everywhere},
            {"New Request Tab", "Ctrl+T", everywhere},
            {"Close Tab", "Ctrl+W", everywhere},
            {"Go to the URL", "Ctrl+L", everywhere},
            {"Format", "Ctrl+Shift+F", QStringLiteral("JSON editor")},
            {"Start Listener", "Ctrl+Shift+L", everywhere},
            {"Filter Captures", "Ctrl+F", QStringLiteral("Receive area")},
            {"Send", "Ctrl+1", everywhere},
            {"Receive", "Ctrl+2", everywhere},
            {"Leave the Editor", "Ctrl+Tab", QStringLiteral("JSON editor")},
            {"Open Collection File", "Ctrl+O", everywhere},
            {"Keyboard Shortcuts", "F1", everywhere},
            {"Quit", "Ctrl+Q", everywhere},
            {"Preferences", "Ctrl+,", everywhere},
        };
        for (const Expected &want : expected) {
            const auto found = std::find_if(entries.begin(), entries.end(), [&](const ShortcutEntry &entry) {
                return entry.command == QLatin1String(want.command) && entry.keys.contains(keys(want.keys));
            });
            QVERIFY2(found != entries.end(), want.command);
            QVERIFY2(found->scope.startsWith(want.scope), qPrintable(found->scope));
        }

        // No two commands on one key where both can be reached (a disabled one holds no key).
        for (qsizetype i = 0; i < entries.size(); ++i) {
            for (qsizetype j = i + 1; j < entries.size(); ++j) {
                const ShortcutEntry &a = entries.at(i);
                const ShortcutEntry &b = entries.at(j);
                const bool bothEnabled = a.actions.constFirst()->isEnabled() && b.actions.constFirst()->isEnabled();
                const bool reachTogether = onlyOnTheirWidgets(a) && onlyOnTheirWidgets(b)
                    ? !holders(a).intersect(holders(b)).isEmpty()
                    : overlap(a.scope, b.scope);
                for (const QKeySequence &key : a.keys) {
                    QVERIFY2(!(bothEnabled && b.keys.contains(key) && reachTogether),
                             qPrintable(QStringLiteral("%1 and %2 share %3")
                                            .arg(a.command, b.command, key.toString(QKeySequence::NativeText))));
                }
            }
        }

        // The dialog shows that list, under one heading per place.
        ShortcutsDialog dialog(w.window.get());
        QTreeWidget *list = dialog.list();
        int rows = 0;
        for (int i = 0; i < list->topLevelItemCount(); ++i)
            rows += list->topLevelItem(i)->childCount();
        QCOMPARE(rows, entries.size());
        QCOMPARE(list->topLevelItem(0)->text(0), everywhere);
    }

    void helpOpensTheList()
    {
        Window w;
        QVERIFY(QTest::qWaitForWindowActive(w.window.get()));
        bool opened = false;
        TestSupport::whenDialogOpens<ShortcutsDialog>(this, [&opened](ShortcutsDialog *dialog) {
            opened = dialog->list()->topLevelItemCount() > 0;
            dialog->reject();
        });
        w.press(Qt::Key_F1);
        QVERIFY(opened);
    }

    // The File menu holds the areas' own actions, in a user's order.
    void fileMenuReusesTheAreasActions()
    {
        Window w;
        auto *file = w.child<QMenu>("fileMenu");
        QStringList names;
        for (const QAction *action : file->actions()) {
            if (!action->isSeparator())
                names.append(action->objectName());
        }
        const QStringList expected{
            QStringLiteral("newTabAction"),         QStringLiteral("newCollectionAction"),
            QStringLiteral("openCollectionAction"), QStringLiteral("importPostmanAction"),
            QStringLiteral("importCurlAction"),     QStringLiteral("exportAllAction"),
            QStringLiteral("exportPostmanAction"),  QStringLiteral("saveRequestAction"),
            QStringLiteral("saveRequestAsAction"),  QStringLiteral("closeTabAction"),
            QStringLiteral("preferencesAction"),    QStringLiteral("quitAction"),
        };
        QCOMPARE(names, expected);
        // The + menu of the Collections sidebar offers the very same actions.
        QVERIFY(w.child<QAction>("openCollectionAction")->associatedObjects().size() >= 2);
    }

    void tabsOpenAndCloseFromAnyArea()
    {
        Window w;
        QVERIFY(QTest::qWaitForWindowActive(w.window.get()));
        w.press(Qt::Key_2, Qt::ControlModifier);
        QCOMPARE(w.front(), w.child<QWidget>("receiveArea"));
        const qsizetype before = w.send()->tabs().tabs.size();
        w.press(Qt::Key_T, Qt::ControlModifier);
        QCOMPARE(w.send()->tabs().tabs.size(), before + 1);
        QCOMPARE(w.front(), w.child<QWidget>("sendArea"));
        QCOMPARE(QApplication::focusWidget(), w.url());
        w.press(Qt::Key_W, Qt::ControlModifier);
        QCOMPARE(w.send()->tabs().tabs.size(), before);
    }

    void urlAndCapturesAreOneKeyAway()
    {
        Window w;
        QVERIFY(QTest::qWaitForWindowActive(w.window.get()));
        w.press(Qt::Key_2, Qt::ControlModifier);
        QCOMPARE(w.front(), w.child<QWidget>("receiveArea"));
        w.press(Qt::Key_L, Qt::ControlModifier);
        QCOMPARE(w.front(), w.child<QWidget>("sendArea"));
        QCOMPARE(QApplication::focusWidget(), w.url());
        QCOMPARE(w.url()->selectedText(), w.url()->text());

        // Ctrl+F filters the captures; Enter goes on to the table.
        w.press(Qt::Key_2, Qt::ControlModifier);
        w.press(Qt::Key_F, Qt::ControlModifier);
        auto *filter = w.child<QLineEdit>("captureFilter");
        QCOMPARE(QApplication::focusWidget(), filter);
        // Ctrl+1 goes back into the Send area.
        w.press(Qt::Key_1, Qt::ControlModifier);
        QCOMPARE(w.front(), w.child<QWidget>("sendArea"));
        QVERIFY(w.send()->isAncestorOf(QApplication::focusWidget()));
    }

    // The journey the issue names: start listening, a webhook arrives, open it in the composer
    // and send it again, all from the keyboard and wherever the focus happens to be.
    void listenOpenAndSendAgainByKeys()
    {
        Window w;
        QVERIFY(QTest::qWaitForWindowActive(w.window.get()));
        ListenerPanel *panel = w.receive()->listenerPanel();
        w.press(Qt::Key_L, Qt::ControlModifier | Qt::ShiftModifier); // from the Send area
        QTRY_COMPARE(panel->state(), ListenerPanel::State::Listening);
        const QUrl hook(panel->url().resolved(QUrl(QStringLiteral("/hooks/order"))));
        QCOMPARE(post(hook, R"({"order": 1})"), 200);

        w.press(Qt::Key_2, Qt::ControlModifier);
        QTRY_COMPARE(w.receive()->filterModel()->rowCount(), 1);
        w.press(Qt::Key_2, Qt::ControlModifier); // the table shows now: the focus goes to its row
        QCOMPARE(QApplication::focusWidget(), w.receive()->table());
        // Ctrl+F filters; Enter goes on to the table.
        w.press(Qt::Key_F, Qt::ControlModifier);
        QCOMPARE(QApplication::focusWidget(), w.child<QLineEdit>("captureFilter"));
        QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("method:POST"));
        w.press(Qt::Key_Return);
        QCOMPARE(QApplication::focusWidget(), w.receive()->table());
        QTRY_VERIFY(w.receive()->inspector() && w.child<QAction>("openInComposerAction")->isEnabled());
        w.press(Qt::Key_O, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(w.front(), w.child<QWidget>("sendArea"));
        QCOMPARE(w.url()->text(), hook.toString());

        // Ctrl+Enter sends at once, though the composer was never clicked.
        QSignalSpy sent(w.send(), &SendArea::sendFinished);
        w.press(Qt::Key_Return, Qt::ControlModifier);
        QVERIFY(sent.wait(10000));
        QCOMPARE(sent.constFirst().constFirst().value<SendResult>().status, 200);
        QTRY_COMPARE(w.receive()->model()->rowCount(), 2);

        // And from the tab bar, away from the composer.
        w.send()->tabBar()->setFocus();
        w.press(Qt::Key_Return, Qt::ControlModifier);
        QVERIFY(sent.wait(10000));
        QTRY_COMPARE(w.receive()->model()->rowCount(), 3);

        w.press(Qt::Key_L, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_COMPARE(panel->state(), ListenerPanel::State::Stopped);
    }

    void saveAndSaveAsAsk()
    {
        Window w;
        QVERIFY(QTest::qWaitForWindowActive(w.window.get()));
        QTRY_VERIFY(!w.services->collections()->isLoading());
        TestSupport::ScriptedDialogs dialogs;
        dialogs.answer(Dialogs::Answer::nameAndPlace(QStringLiteral("Ping"), 0));
        w.press(Qt::Key_T, Qt::ControlModifier);
        w.press(Qt::Key_S, Qt::ControlModifier);
        QCOMPARE(dialogs.asked().size(), 1);
        QCOMPARE(dialogs.asked().constFirst().kind, Dialogs::Kind::NameAndPlace);
        QTRY_COMPARE(w.send()->currentTab().title, QStringLiteral("Ping"));
        QTRY_VERIFY(!w.send()->currentTab().isDirty());
        QVERIFY(!w.send()->currentTab().origin.isNull());

        // Save As asks again, even for a saved request.
        dialogs.clearAsked();
        w.press(Qt::Key_S, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(dialogs.asked().size(), 1);
        QCOMPARE(dialogs.asked().constFirst().kind, Dialogs::Kind::NameAndPlace);
    }

    void formatFromAnywhereInTheComposer()
    {
        Window w;
        QVERIFY(QTest::qWaitForWindowActive(w.window.get()));
        w.body()->setPlainText(QStringLiteral("{\"a\":[1,2]}"));
        w.body()->setFocus();
        w.press(Qt::Key_F, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(w.body()->toPlainText(), QStringLiteral("{\n  \"a\": [\n    1,\n    2\n  ]\n}"));
        w.press(Qt::Key_M, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(w.body()->toPlainText(), QStringLiteral("{\"a\":[1,2]}"));
        // From the URL field too.
        w.press(Qt::Key_L, Qt::ControlModifier);
        w.press(Qt::Key_F, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(w.body()->toPlainText().startsWith(QStringLiteral("{\n  \"a\"")));
    }

    // Tab indents in the body, as in a code editor; Ctrl+Tab and Esc move on, Ctrl+Shift+Tab
    // back. While a request is in flight Esc cancels it instead.
    void theBodyEditorCanBeLeft()
    {
        Window w;
        QVERIFY(QTest::qWaitForWindowActive(w.window.get()));
        JsonEditor *body = w.body();
        body->setPlainText(QStringLiteral("{}"));
        body->setFocus();
        body->moveCursor(QTextCursor::End);
        w.press(Qt::Key_Tab);
        QCOMPARE(body->toPlainText(), QStringLiteral("{}  "));
        QCOMPARE(QApplication::focusWidget(), body);

        w.press(Qt::Key_Tab, Qt::ControlModifier);
        QWidget *next = QApplication::focusWidget();
        QVERIFY(next && next != body);
        body->setFocus();
        w.press(Qt::Key_Backtab, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(QApplication::focusWidget() != body);
        body->setFocus();
        w.press(Qt::Key_Escape);
        QCOMPARE(QApplication::focusWidget(), next);
        QCOMPARE(body->toPlainText(), QStringLiteral("{}  "));

        QSignalSpy cancelled(w.send()->composer(), &ComposerWidget::cancelRequested);
        w.send()->composer()->setBusy(true);
        body->setFocus();
        w.press(Qt::Key_Escape);
        QCOMPARE(cancelled.size(), 1);
        QCOMPARE(QApplication::focusWidget(), body);
        w.send()->composer()->setBusy(false);
    }
};

QTEST_MAIN(TestShortcuts)
#include "tst_shortcuts.moc"
