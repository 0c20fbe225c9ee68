#include "core/app/appservices.h"
#include "core/app/appsettings.h"
#include "core/collections/collectionsworkspace.h"
#include "core/collections/collectiontreemodel.h"
#include "gui/collections/collectionsview.h"
#include "gui/collections/environmentdialog.h"
#include "gui/collections/environmentpicker.h"
#include "gui/send/composerwidget.h"
#include "gui/window/mainwindow.h"
#include "support/collectionstestsupport.h"
#include "support/dialogtestsupport.h"
#include "support/listenertestsupport.h"
#include "support/testsupport.h"

#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>
#include <QToolButton>

#include <memory>

// The toolbar's environment picker, in a real window: it lists the selected collection's
// environments, what it picks is what Send expands templates with, it follows the sidebar
// and it is remembered across restarts.
class TestEnvironmentPicker : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;
    // The files of the window's services (captures, history); the collections stay where they were.
    QTemporaryDir m_servicesDir;
    std::unique_ptr<AppServices> m_services; // outlives the window, as in main()
    std::unique_ptr<MainWindow> m_window;
    CollectionsView *m_view = nullptr;
    ComposerWidget *m_composer = nullptr;
    QComboBox *m_combo = nullptr;

    void openWindow()
    {
        m_window.reset();
        m_services.reset(); // as quitting: the window, then the services
        m_services = std::make_unique<AppServices>(TestSupport::servicesIn(m_servicesDir.path()));
        m_services->openCaptureStoreAsync();
        m_window = std::make_unique<MainWindow>(m_services.get());
        m_view = m_window->findChild<CollectionsView *>();
        m_composer = m_window->findChild<ComposerWidget *>();
        auto *toolBar = m_window->findChild<QToolBar *>(QStringLiteral("mainToolBar"));
        QVERIFY(m_view && m_composer && toolBar);
        QVERIFY(toolBar->findChild<EnvironmentPicker *>());
        m_combo = toolBar->findChild<QComboBox *>(QStringLiteral("environmentCombo"));
        QVERIFY(m_combo);
    }
    // Selects the collection called `name` in the sidebar, once it is there.
    bool selectCollection(const QString &name) const
    {
        const int row = TestSupport::collectionRow(m_view->workspace(), name);
        return row >= 0 && m_view->select(m_view->model()->collectionIndex(row));
    }
    static QStringList items(const QComboBox *combo)
    {
        QStringList out;
        for (int i = 0; i < combo->count(); ++i)
            out.append(combo->itemText(i));
        return out;
    }
    static Environment environment(const QString &name, quint16 port, const QString &greeting)
    {
        Environment environment;
        environment.name = name;
        environment.variables = {{QStringLiteral("port"), QString::number(port), false, true},
                                 {QStringLiteral("greeting"), greeting, false, true}};
        return environment;
    }
    void send()
    {
        QTest::mouseClick(m_composer->findChild<QPushButton *>(QStringLiteral("sendButton")), Qt::LeftButton);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        QVERIFY(TestSupport::isolateUserDataIn(m_home.path()));
    }
    void cleanupTestCase()
    {
        m_window.reset();
        m_services.reset();
    }

    void pickedEnvironmentIsWhatSendExpands()
    {
        ListenerFixture listener;
        Collection picker;
        picker.name = QStringLiteral("Picker");
        picker.environments = {environment(QStringLiteral("local"), listener.port, QStringLiteral("hello-local")),
                               environment(QStringLiteral("staging"), listener.port, QStringLiteral("hello-staging"))};
        TestSupport::writeCollection(picker);
        Collection other;
        other.name = QStringLiteral("Other");
        other.environments = {environment(QStringLiteral("prod"), 1, QStringLiteral("hello-prod"))};
        TestSupport::writeCollection(other);
        openWindow();
        QTRY_VERIFY(selectCollection(QStringLiteral("Picker")));
        QCOMPARE(items(m_combo),
                 (QStringList{QStringLiteral("No environment"), QStringLiteral("local"), QStringLiteral("staging")}));
        QCOMPARE(m_combo->currentIndex(), 0);

        QSignalSpy variables(m_view->workspace(), &CollectionsWorkspace::variablesChanged);
        m_combo->setCurrentIndex(2);
        QCOMPARE(m_view->workspace()->environment(), QStringLiteral("staging"));
        QVERIFY(!variables.isEmpty());
        QCOMPARE(variables.last().first().value<TemplateVariables>().value(QStringLiteral("greeting")),
                 QStringLiteral("hello-staging"));

        RequestDraft draft;
        draft.method = QStringLiteral("POST");
        draft.url = QStringLiteral("http://127.0.0.1:{{port}}/hook/{{greeting}}");
        draft.body = QStringLiteral("{\"greeting\": \"{{greeting}}\"}");
        m_composer->setDraft(draft);
        send();
        QTRY_COMPARE(listener.captures.size(), 1);
        QCOMPARE(listener.captures.at(0).target, QByteArray("/hook/hello-staging"));
        QCOMPARE(listener.captures.at(0).body, QByteArray("{\"greeting\": \"hello-staging\"}"));

        // Another pick from the toolbar: the next send carries its values.
        m_combo->setCurrentIndex(1);
        send();
        QTRY_COMPARE(listener.captures.size(), 2);
        QCOMPARE(listener.captures.at(1).target, QByteArray("/hook/hello-local"));

        // No environment: the variables are unknown, so nothing is sent and the composer says which.
        m_combo->setCurrentIndex(0);
        QVERIFY(m_view->workspace()->environment().isEmpty());
        QVERIFY(!m_view->workspace()->variables().contains(QStringLiteral("port")));
        send();
        auto *error = m_composer->findChild<QLabel *>(QStringLiteral("composerErrorLabel"));
        QTRY_VERIFY(error->text().contains(QLatin1String("port")));
        QCOMPARE(listener.captures.size(), 2);
        m_combo->setCurrentIndex(1);
    }

    void pickerFollowsTheSidebarAndIsRemembered()
    {
        QVERIFY(selectCollection(QStringLiteral("Other")));
        QCOMPARE(items(m_combo), (QStringList{QStringLiteral("No environment"), QStringLiteral("prod")}));
        // "local" is not one of Other's: nothing applies, and the picker says so.
        QCOMPARE(m_combo->currentIndex(), 0);
        QVERIFY(m_view->workspace()->environment().isEmpty());
        QVERIFY(!m_view->workspace()->variables().contains(QStringLiteral("greeting")));
        QVERIFY(m_combo->toolTip().contains(QLatin1String("\"Other\"")));

        // Back in the collection that has it, the choice applies again.
        QVERIFY(selectCollection(QStringLiteral("Picker")));
        QCOMPARE(m_combo->currentText(), QStringLiteral("local"));
        QCOMPARE(m_view->workspace()->variables().value(QStringLiteral("greeting")), QStringLiteral("hello-local"));

        // A restart finds the same environment in the toolbar, in step with the sidebar.
        TestSupport::ScriptedDialogs dialogs;
        dialogs.press(QMessageBox::Discard); // what the earlier tests typed into the composer
        m_window->close();
        m_window.reset();
        m_services.reset(); // as quitting: the window, then the services
        QCOMPARE(AppSettings().activeEnvironment(), QStringLiteral("local"));
        openWindow();
        QTRY_VERIFY(selectCollection(QStringLiteral("Picker")));
        QCOMPARE(m_combo->currentText(), QStringLiteral("local"));
        QCOMPARE(m_view->workspace()->environment(), QStringLiteral("local"));
        QCOMPARE(m_view->workspace()->variables().value(QStringLiteral("greeting")), QStringLiteral("hello-local"));
    }

    void editButtonOpensTheEnvironmentEditor()
    {
        QVERIFY(selectCollection(QStringLiteral("Picker")));
        QString shown;
        TestSupport::whenDialogOpens<EnvironmentDialog>(this, [&shown](EnvironmentDialog *dialog) {
            shown = dialog->currentName();
            dialog->reject();
        });
        auto *edit = m_window->findChild<QToolButton *>(QStringLiteral("editEnvironmentsButton"));
        QVERIFY(edit);
        edit->click();
        QCOMPARE(shown, QStringLiteral("local"));
        QCOMPARE(m_combo->currentText(), QStringLiteral("local"));
    }
};

QTEST_MAIN(TestEnvironmentPicker)
#include "tst_environmentpicker.moc"
