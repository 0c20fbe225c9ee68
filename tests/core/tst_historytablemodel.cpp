#include "core/send/historystore.h"
#include "core/send/historytablemodel.h"
#include "support/testsupport.h"

#include <QAbstractItemModelTester>
#include <QTemporaryDir>
#include <QTest>

// The History tab's model over what HistoryStore lists: newest first, a status or
// the failure in a word, method and URL without the scheme, and the id to reopen.
class TestHistoryTableModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { TestSupport::isolateUserData(); }

    void rowsFromARealStore()
    {
        QTemporaryDir dir;
        HistoryStore store(dir.filePath(QStringLiteral("history.sqlite")));
        OutgoingRequest request;
        request.url = QUrl(QStringLiteral("http://127.0.0.1:8765/hook?a=1"));
        request.body = "{}";
        SendResult ok;
        ok.status = 202;
        ok.totalMs = 12.5;
        store.record(request, ok);
        request.method = "PUT";
        request.url = QUrl(QStringLiteral("https://example.invalid/x"));
        SendResult refused;
        refused.error = SendError::HostNotFound;
        refused.errorText = QStringLiteral("host not found: example.invalid");
        store.record(request, refused);
        store.waitForCommitted();

        HistoryTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRows(store.listNow());
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), int(HistoryTableModel::ColumnCount));
        // Newest first
        QCOMPARE(model.index(0, HistoryTableModel::RequestColumn).data().toString(),
                 QStringLiteral("PUT /x  ·  example.invalid"));
        QCOMPARE(model.index(0, HistoryTableModel::StatusColumn).data().toString(), QStringLiteral("no host"));
        QCOMPARE(model.index(0, HistoryTableModel::StatusColumn).data(HistoryTableModel::StatusRole).toInt(), 0);
        QVERIFY(model.index(0, 0).data(Qt::ToolTipRole).toString().contains(QLatin1String("host not found")));
        QCOMPARE(model.index(1, HistoryTableModel::RequestColumn).data().toString(),
                 QStringLiteral("POST /hook?a=1  ·  127.0.0.1:8765"));
        QCOMPARE(model.index(1, HistoryTableModel::StatusColumn).data().toString(), QStringLiteral("202"));
        QCOMPARE(model.index(1, HistoryTableModel::StatusColumn).data(HistoryTableModel::StatusRole).toInt(), 202);
        QCOMPARE(model.index(1, HistoryTableModel::DurationColumn).data().toString(), QStringLiteral("13 ms"));
        QVERIFY(!model.index(1, HistoryTableModel::TimeColumn).data().toString().isEmpty());

        const qint64 id = model.idAt(1);
        QVERIFY(id > 0);
        QCOMPARE(model.index(1, 0).data(HistoryTableModel::IdRole).toLongLong(), id);
        QCOMPARE(store.loadNow(id).request.url, QUrl(QStringLiteral("http://127.0.0.1:8765/hook?a=1")));
        QCOMPARE(model.idAt(5), qint64(0));

        model.setRows({});
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestHistoryTableModel)
#include "tst_historytablemodel.moc"
