#include "core/app/appsettings.h"
#include "core/capture/capturemodel.h"
#include "gui/receive/attemptsview.h"
#include "gui/receive/capturediffdialog.h"
#include "gui/receive/captureinspector.h"
#include "support/receivetestsupport.h"
#include "support/sqlitepeek.h"
#include "support/testsupport.h"

#include <QAction>
#include <QApplication>
#include <QItemSelectionModel>
#include <QSettings>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

// Workflows across captures in the Receive area, with a real listener and store: a
// provider's retries grouped as attempts of one event, and two captures compared.
class TestReceiveWorkflows : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { TestSupport::isolateUserData(); }

    void init()
    {
        QSettings().clear();
        QVERIFY(m_dir.isValid());
        m_storeFile = m_dir.filePath(QStringLiteral("captures-%1.sqlite").arg(++m_run));
    }

    void cleanupTestCase() { QSettings().clear(); }

    void retriesAreAttemptsOfOneEvent()
    {
        // The listener answers 500, 500, then 200: what makes a provider retry.
        AppSettings().setListenerResponseStatuses(QStringLiteral("500,500,200"));
        const HeaderList github{{"X-GitHub-Delivery", "d-1"}, {"Content-Type", "application/json"}};
        {
            Receive r(m_storeFile);
            QVERIFY(r.startOnAnyPort());
            QNetworkAccessManager network;
            QCOMPARE(sendRequest(network, r.url(QStringLiteral("/gh")), "POST", "{\"n\":1}", github), 500);
            QCOMPARE(sendRequest(network, r.url(QStringLiteral("/gh")), "POST", "{\"n\":1}", github), 500);
            QCOMPARE(sendRequest(network, r.url(QStringLiteral("/gh")), "POST", "{\"n\":1}", github), 200);
            sendRequest(network, r.url(QStringLiteral("/svix")), "POST", "{}", {{"svix-id", "msg_2"}});
            sendRequest(network, r.url(QStringLiteral("/plain")), "POST", "{}");
            QTRY_COMPARE(r.rows(), 5);

            // Attempts: every capture, each saying which attempt it is.
            QCOMPARE(r.cell(0, CaptureModel::AttemptColumn), QStringLiteral("1 of 3"));
            QVERIFY2(r.cell(1, CaptureModel::AttemptColumn).startsWith(QLatin1String("2 of 3  +")),
                     qPrintable(r.cell(1, CaptureModel::AttemptColumn)));
            QVERIFY(r.cell(2, CaptureModel::AttemptColumn).startsWith(QLatin1String("3 of 3  +")));
            QCOMPARE(r.cell(3, CaptureModel::AttemptColumn), QStringLiteral("1 of 1"));
            QCOMPARE(r.cell(4, CaptureModel::AttemptColumn), QString());

            // The inspector lists the attempts with what each was answered.
            r.table()->selectRow(1);
            QTRY_VERIFY(r.area->inspector()->hasCapture());
            auto *list = r.area->inspector()->attemptsView()->findChild<QTreeWidget *>(QStringLiteral("attemptsList"));
            QTRY_COMPARE(list->topLevelItemCount(), 3);
            QCOMPARE(list->topLevelItem(0)->text(3), QStringLiteral("500"));
            QCOMPARE(list->topLevelItem(1)->text(3), QStringLiteral("500"));
            QCOMPARE(list->topLevelItem(2)->text(3), QStringLiteral("200"));
            QCOMPARE(list->topLevelItem(0)->text(2), QStringLiteral("first"));
            QVERIFY(list->topLevelItem(1)->text(2).startsWith(QLatin1Char('+')));
            auto *tabs = r.area->inspector()->findChild<QTabWidget *>(QStringLiteral("inspectorTabs"));
            QCOMPARE(tabs->tabText(tabs->indexOf(r.area->inspector()->attemptsView())), QStringLiteral("Attempts (3)"));

            // Events: one row per delivery id, its first attempt, counting them.
            r.child<QAction>("eventsAction")->trigger();
            QTRY_COMPARE(r.rows(), 3);
            QCOMPARE(r.cell(0, CaptureModel::AttemptColumn), QStringLiteral("3 attempts, last answered 200"));
            QCOMPARE(r.cell(1, CaptureModel::PathColumn), QStringLiteral("/svix"));
            QCOMPARE(r.cell(2, CaptureModel::PathColumn), QStringLiteral("/plain"));

            // A later attempt chosen in the inspector shows among the attempts again.
            emit list->itemActivated(list->topLevelItem(2), 0);
            QTRY_COMPARE(r.rows(), 5);
            QVERIFY(!r.child<QAction>("eventsAction")->isChecked());
            QCOMPARE(r.table()->currentIndex().row(), 2);
            r.child<QAction>("eventsAction")->trigger();
            QTRY_COMPARE(r.rows(), 3);
        }
        // After a restart the ids come from the store and the view is remembered.
        Receive again(m_storeFile);
        QTRY_VERIFY(!again.area->isLoading());
        QTRY_COMPARE(again.rows(), 3);
        QVERIFY(again.child<QAction>("eventsAction")->isChecked());
        QCOMPARE(again.cell(0, CaptureModel::AttemptColumn), QStringLiteral("3 attempts, last answered 200"));

        // Deleting an event's first attempt shows its next one.
        again.table()->selectRow(0);
        QTRY_VERIFY(again.area->inspector()->hasCapture());
        again.area->deleteSelected();
        QTRY_COMPARE(again.cell(0, CaptureModel::AttemptColumn), QStringLiteral("2 attempts, last answered 200"));
        QCOMPARE(again.rows(), 3);
    }

    void storesFromBeforeGetTheirDeliveryIds()
    {
        {
            Receive r(m_storeFile);
            QVERIFY(r.startOnAnyPort());
            QNetworkAccessManager network;
            for (int i = 0; i < 2; ++i)
                sendRequest(network, r.url(QStringLiteral("/retry")), "POST", "{}", {{"webhook-id", "msg_7"}});
            QTRY_COMPARE(r.rows(), 2);
        }
        // As a store written before delivery ids were kept (schema 5) reads after its migration.
        QVERIFY(TestSupport::sqliteExecute(m_storeFile, QStringLiteral("UPDATE captures SET delivery_id = NULL")));
        Receive again(m_storeFile);
        QTRY_VERIFY(!again.area->isLoading());
        QTRY_COMPARE(again.rows(), 2);
        QCOMPARE(again.cell(1, CaptureModel::AttemptColumn).left(6), QStringLiteral("2 of 2"));
        QCOMPARE(TestSupport::sqliteScalar(m_storeFile,
                                           QStringLiteral("SELECT count(*) FROM captures WHERE delivery_id"
                                                          " = 'standard-webhooks:msg_7'"))
                     .toInt(),
                 2);
    }

    void compareTwoCaptures()
    {
        Receive r(m_storeFile);
        QVERIFY(r.startOnAnyPort());
        QNetworkAccessManager network;
        sendRequest(network, r.url(QStringLiteral("/orders?x=1")), "POST",
                    R"({"id": 1, "amount": 100, "items": ["a"]})", {{"Content-Type", "application/json"}});
        sendRequest(network, r.url(QStringLiteral("/orders?x=2")), "POST",
                    R"({"items": ["a"], "amount": 250, "id": 1, "note": "rush"})",
                    {{"Content-Type", "application/json"}, {"X-Trace", "t-2"}});
        QTRY_COMPARE(r.rows(), 2);

        auto *compare = r.child<QAction>("compareAction");
        r.table()->selectRow(0);
        QVERIFY(!compare->isEnabled()); // it takes two
        r.table()->selectionModel()->select(r.area->filterModel()->index(1, 0),
                                            QItemSelectionModel::Select | QItemSelectionModel::Rows);
        QTRY_VERIFY(compare->isEnabled());
        compare->trigger();
        CaptureDiffDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = r.area->findChild<CaptureDiffDialog *>()) != nullptr);
        QVERIFY(dialog->isVisible());
        QVERIFY(dialog->result().jsonBody);

        // Key order is no difference; the changed value, the added key, the query and the new header are.
        QTreeWidget *tree = dialog->tree();
        QCOMPARE(tree->topLevelItemCount(), 3);
        const auto rowsOf = [tree](int section) {
            QStringList rows;
            QTreeWidgetItem *parent = tree->topLevelItem(section);
            for (int i = 0; i < parent->childCount(); ++i) {
                const QTreeWidgetItem *item = parent->child(i);
                rows
                    << QStringLiteral("%1 %2: %3 | %4").arg(item->text(0), item->text(1), item->text(2), item->text(3));
            }
            return rows;
        };
        QCOMPARE(rowsOf(0), QStringList{QStringLiteral("~ x: 1 | 2")});
        QVERIFY2(rowsOf(1).contains(QStringLiteral("+ X-Trace:  | t-2")),
                 qPrintable(rowsOf(1).join(QLatin1Char('\n'))));
        QCOMPARE(rowsOf(2),
                 (QStringList{QStringLiteral("~ $.amount: 100 | 250"), QStringLiteral("+ $.note:  | \"rush\"")}));
        QVERIFY2(dialog->summaryText().contains(QLatin1String("2 in the JSON body")),
                 qPrintable(dialog->summaryText()));

        // Unchanged fields on request.
        dialog->setShowUnchanged(true);
        QVERIFY(rowsOf(2).size() > 2);
        QVERIFY(rowsOf(0).contains(QStringLiteral(" method: POST | POST")));
        dialog->close();
        QTRY_VERIFY(r.area->findChild<CaptureDiffDialog *>() == nullptr);
    }

private:
    QTemporaryDir m_dir;
    QString m_storeFile;
    int m_run = 0;
};

QTEST_MAIN(TestReceiveWorkflows)
#include "tst_receiveworkflows.moc"
