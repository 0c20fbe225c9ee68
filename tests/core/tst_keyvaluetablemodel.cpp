#include "core/send/keyvaluetablemodel.h"
#include "support/testsupport.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

static KeyValueRow kv(const char *name, const char *value, bool enabled = true)
{
    return {enabled, QString::fromUtf8(name), QString::fromUtf8(value)};
}

// The name/value table behind Headers, Query and form fields: an empty row to type
// into, per-row enable, names as typed, duplicates kept, one signal per edit.
class TestKeyValueTableModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { TestSupport::isolateUserData(); }

    void typingIntoTheEmptyRowAddsRows()
    {
        KeyValueTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy edited(&model, &KeyValueTableModel::rowsEdited);
        QCOMPARE(model.rowCount(), 1); // the empty row to type into
        QVERIFY(model.isPlaceholderRow(0));
        QVERIFY(!(model.flags(model.index(0, 0)) & Qt::ItemIsUserCheckable));
        const QPersistentModelIndex typing(model.index(0, KeyValueTableModel::NameColumn));
        QVERIFY(model.setData(typing, QStringLiteral("X-Dup")));
        QCOMPARE(model.rowCount(), 2);
        // The cell typed into stays on its row, now a real one, so Tab reaches that row's value.
        QCOMPARE(typing.row(), 0);
        QVERIFY(model.flags(typing) & Qt::ItemIsUserCheckable);
        QVERIFY(model.isPlaceholderRow(1));
        QVERIFY(model.setData(model.index(1, KeyValueTableModel::ValueColumn), QStringLiteral("2")));
        QVERIFY(model.setData(model.index(1, KeyValueTableModel::NameColumn), QStringLiteral("X-Dup")));
        QCOMPARE(model.rows(), (KeyValueRows{kv("X-Dup", ""), kv("X-Dup", "2")}));
        QVERIFY(!model.setData(model.index(2, 0), QString())); // nothing typed: no row
        QCOMPARE(edited.size(), 3);
    }

    void enableAndRemove()
    {
        KeyValueTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRows({kv("a", "1"), kv("b", "2"), kv("c", "3")});
        QCOMPARE(model.data(model.index(0, 0), Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Checked);
        QVERIFY(model.setData(model.index(0, 0), Qt::Unchecked, Qt::CheckStateRole));
        QCOMPARE(model.enabledRows(), (KeyValueRows{kv("b", "2"), kv("c", "3")}));
        QVERIFY(model.removeRows(1, 1));
        QCOMPARE(model.rows(), (KeyValueRows{kv("a", "1", false), kv("c", "3")}));
        QVERIFY(!model.removeRows(2, 1)); // the empty row stays
        QVERIFY(model.removeRows(0, 5));  // clipped to the real rows
        QCOMPARE(model.rowCount(), 1);
    }

    void setValueReplacesOrAppends()
    {
        KeyValueTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRows({kv("Authorization", "old", false), kv("X-A", "1")});
        model.setValue(QStringLiteral("authorization"), QStringLiteral("new"));
        QCOMPARE(model.rows(), (KeyValueRows{kv("Authorization", "new"), kv("X-A", "1")}));
        model.setValue(QStringLiteral("X-B"), QStringLiteral("2"));
        QCOMPARE(model.rows().constLast(), kv("X-B", "2"));
    }

    void setRowsSignalsOnlyOnChange()
    {
        KeyValueTableModel model;
        QSignalSpy edited(&model, &KeyValueTableModel::rowsEdited);
        model.setRows({kv("a", "1")});
        model.setRows({kv("a", "1")});
        QCOMPARE(edited.size(), 1);
        model.setHeaderTitles(QStringLiteral("Header"), QStringLiteral("Value"));
        QCOMPARE(model.headerData(0, Qt::Horizontal).toString(), QStringLiteral("Header"));
    }
};

QTEST_GUILESS_MAIN(TestKeyValueTableModel)
#include "tst_keyvaluetablemodel.moc"
