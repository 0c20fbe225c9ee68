#include "core/collections/collectionsworkspace.h"
#include "core/collections/collectiontreemodel.h"
#include "gui/collections/collectionsview.h"
#include "gui/collections/collectionvariablesdialog.h"
#include "gui/send/composerwidget.h"
#include "gui/window/mainwindow.h"
#include "support/collectionstestsupport.h"
#include "support/dialogtestsupport.h"
#include "support/listenertestsupport.h"
#include "support/testsupport.h"

#include <QDialogButtonBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

// The collection-variables editor: an edit made in it is what templates expand at once,
// and what the collection file holds.
class TestCollectionVariablesDialog : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;

    // The model row holding `name`, or the empty last row when none does.
    static int rowOf(const KeyValueTableModel *model, const QString &name)
    {
        const KeyValueRows rows = model->rows();
        for (int row = 0; row < rows.size(); ++row) {
            if (rows.at(row).name == name)
                return row;
        }
        return model->rowCount() - 1;
    }
    static void setValue(KeyValueTableModel *model, const QString &name, const QString &value)
    {
        int row = rowOf(model, name);
        if (model->isPlaceholderRow(row))
            model->setData(model->index(row, KeyValueTableModel::NameColumn), name);
        row = rowOf(model, name);
        model->setData(model->index(row, KeyValueTableModel::ValueColumn), value);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        QVERIFY(TestSupport::isolateUserDataIn(m_home.path()));
    }

    void editedVariablesReachTemplatesAndTheFile()
    {
        ListenerFixture listener;
        // As a Postman import leaves them.
        Collection imported;
        imported.name = QStringLiteral("Imported");
        imported.variables = {{true, QStringLiteral("version"), QStringLiteral("v1")},
                              {true, QStringLiteral("port"), QStringLiteral("1")},
                              {true, QStringLiteral("legacy"), QStringLiteral("old")}};
        const QString file = TestSupport::writeCollection(imported);
        AppServices services(TestSupport::servicesIn(m_home.path()));
        services.openCaptureStoreAsync();
        MainWindow window(&services);
        auto *view = window.findChild<CollectionsView *>();
        auto *composer = window.findChild<ComposerWidget *>();
        QTRY_VERIFY(TestSupport::collectionRow(view->workspace(), imported.name) >= 0);
        const int row = TestSupport::collectionRow(view->workspace(), imported.name);
        QVERIFY(view->select(view->model()->collectionIndex(row)));
        QCOMPARE(view->workspace()->variables().value(QStringLiteral("version")), QStringLiteral("v1"));

        QSignalSpy changed(view->workspace(), &CollectionsWorkspace::variablesChanged);
        TestSupport::whenDialogOpens<CollectionVariablesDialog>(this, [&listener](CollectionVariablesDialog *dialog) {
            KeyValueTableModel *model = dialog->model();
            QCOMPARE(model->rows().size(), 3);
            setValue(model, QStringLiteral("version"), QStringLiteral("v2"));
            setValue(model, QStringLiteral("port"), QString::number(listener.port));
            setValue(model, QStringLiteral("path"), QStringLiteral("hooks")); // a new one
            model->setData(model->index(rowOf(model, QStringLiteral("legacy")), KeyValueTableModel::NameColumn),
                           Qt::Unchecked, Qt::CheckStateRole);
            QTest::mouseClick(dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Save), Qt::LeftButton);
        });
        view->editVariables(row);

        // Templates see the change at once...
        QVERIFY(!changed.isEmpty());
        const TemplateVariables announced = changed.last().first().value<TemplateVariables>();
        QCOMPARE(announced.value(QStringLiteral("version")), QStringLiteral("v2"));
        QCOMPARE(announced.value(QStringLiteral("path")), QStringLiteral("hooks"));
        QVERIFY(!announced.contains(QStringLiteral("legacy"))); // switched off
        RequestDraft draft;
        draft.method = QStringLiteral("POST");
        draft.url = QStringLiteral("http://127.0.0.1:{{port}}/{{path}}/{{version}}");
        draft.body = QStringLiteral("{\"version\": \"{{version}}\"}");
        composer->setDraft(draft);
        auto *send = composer->findChild<QPushButton *>(QStringLiteral("sendButton"));
        QTest::mouseClick(send, Qt::LeftButton);
        QTRY_COMPARE(listener.captures.size(), 1);
        QCOMPARE(listener.captures.at(0).target, QByteArray("/hooks/v2"));
        QCOMPARE(listener.captures.at(0).body, QByteArray("{\"version\": \"v2\"}"));

        // ...and the file holds them, the switched-off one too.
        const KeyValueRows expected{{true, QStringLiteral("version"), QStringLiteral("v2")},
                                    {true, QStringLiteral("port"), QString::number(listener.port)},
                                    {false, QStringLiteral("legacy"), QStringLiteral("old")},
                                    {true, QStringLiteral("path"), QStringLiteral("hooks")}};
        const auto onDisk = [&file] {
            Collection collection;
            CollectionFileError error;
            return CollectionFile::read(file, &collection, nullptr, &error) ? collection.variables : KeyValueRows();
        };
        QTRY_COMPARE(onDisk(), expected);

        // An environment's variable of the same name wins over the collection's.
        Environment local;
        local.name = QStringLiteral("local");
        local.variables = {{QStringLiteral("version"), QStringLiteral("v3-local"), false, true}};
        view->workspace()->setEnvironments(row, {local});
        view->workspace()->setEnvironment(QStringLiteral("local"));
        // The listener has the first request before the composer has its answer: a click on a
        // busy Send button does nothing.
        QTRY_VERIFY(send->isEnabled());
        QTest::mouseClick(send, Qt::LeftButton);
        QTRY_COMPARE(listener.captures.size(), 2);
        QCOMPARE(listener.captures.at(1).target, QByteArray("/hooks/v3-local"));

        // Remove Selected takes rows out; Cancel changes nothing, on disk or in the templates.
        QTRY_VERIFY(TestSupport::readFile(file).contains("v3-local"));
        const QByteArray saved = TestSupport::readFile(file);
        int rowsLeft = -1;
        TestSupport::whenDialogOpens<CollectionVariablesDialog>(this, [&rowsLeft](CollectionVariablesDialog *dialog) {
            setValue(dialog->model(), QStringLiteral("path"), QStringLiteral("elsewhere"));
            auto *table = dialog->findChild<QTableView *>(QStringLiteral("collectionVariablesTable"));
            auto *remove = dialog->findChild<QPushButton *>(QStringLiteral("removeVariablesButton"));
            QVERIFY(!remove->isEnabled());
            table->selectRow(rowOf(dialog->model(), QStringLiteral("legacy")));
            QVERIFY(remove->isEnabled());
            remove->click();
            rowsLeft = int(dialog->model()->rows().size());
            dialog->reject();
        });
        view->editVariables(row);
        QCOMPARE(rowsLeft, 3);
        QCOMPARE(TestSupport::readFile(file), saved);
        QCOMPARE(view->workspace()->variables().value(QStringLiteral("path")), QStringLiteral("hooks"));
    }
};

QTEST_MAIN(TestCollectionVariablesDialog)
#include "tst_collectionvariablesdialog.moc"
