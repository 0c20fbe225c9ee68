#include "collections/collectionfile.h"
#include "collections/collectiontreemodel.h"
#include "collectionsview.h"
#include "collectionvariablesdialog.h"
#include "composerwidget.h"
#include "dialogtestsupport.h"
#include "listenertestsupport.h"
#include "mainwindow.h"
#include "testsupport.h"

#include <QDialogButtonBox>
#include <QFile>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

// The collection-variables editor: an edit made in it is what templates expand at once,
// and what the collection file holds.
class TestCollectionVariablesDialog : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;

    static QByteArray readAll(const QString &path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }
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
        MainWindow window;
        auto *view = window.findChild<CollectionsView *>();
        auto *composer = window.findChild<ComposerWidget *>();
        const int row = view->createCollection(QStringLiteral("Imported"));
        const QString file = view->model()->filePath(row);
        // As a Postman import leaves them.
        view->model()->setVariables(row, {{true, QStringLiteral("version"), QStringLiteral("v1")},
                                          {true, QStringLiteral("port"), QStringLiteral("1")},
                                          {true, QStringLiteral("legacy"), QStringLiteral("old")}});
        QVERIFY(view->select(view->model()->collectionIndex(row)));
        QCOMPARE(view->variables().value(QStringLiteral("version")), QStringLiteral("v1"));

        QSignalSpy changed(view, &CollectionsView::variablesChanged);
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
        Collection onDisk;
        CollectionFileError error;
        QVERIFY2(CollectionFile::read(file, &onDisk, nullptr, &error), qPrintable(error.toString()));
        const KeyValueRows expected{{true, QStringLiteral("version"), QStringLiteral("v2")},
                                    {true, QStringLiteral("port"), QString::number(listener.port)},
                                    {false, QStringLiteral("legacy"), QStringLiteral("old")},
                                    {true, QStringLiteral("path"), QStringLiteral("hooks")}};
        QCOMPARE(onDisk.variables, expected);

        // An environment's variable of the same name wins over the collection's.
        Environment local;
        local.name = QStringLiteral("local");
        local.variables = {{QStringLiteral("version"), QStringLiteral("v3-local"), false, true}};
        view->model()->setEnvironments(row, {local});
        view->setEnvironment(QStringLiteral("local"));
        QTest::mouseClick(send, Qt::LeftButton);
        QTRY_COMPARE(listener.captures.size(), 2);
        QCOMPARE(listener.captures.at(1).target, QByteArray("/hooks/v3-local"));

        // Remove Selected takes rows out; Cancel changes nothing, on disk or in the templates.
        const QByteArray saved = readAll(file);
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
        QCOMPARE(readAll(file), saved);
        QCOMPARE(view->variables().value(QStringLiteral("path")), QStringLiteral("hooks"));
    }
};

QTEST_MAIN(TestCollectionVariablesDialog)
#include "tst_collectionvariablesdialog.moc"
