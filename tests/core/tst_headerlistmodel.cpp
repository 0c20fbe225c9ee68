#include "core/http/headerlistmodel.h"
#include "support/testsupport.h"

#include <QAbstractItemModelTester>
#include <QTest>

// Response headers as a table: wire order, names as sent, duplicates kept.
class TestHeaderListModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { TestSupport::isolateUserData(); }

    void showsHeadersAsSent()
    {
        HeaderListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        model.setHeaders({{"content-TYPE", "application/json"},
                          {"Set-Cookie", "a=1"},
                          {"Set-Cookie", "b=2"},
                          {"X-Utf8", "Zo\xC3\xAB"}});
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.index(0, HeaderListModel::NameColumn).data().toString(), QStringLiteral("content-TYPE"));
        QCOMPARE(model.index(2, HeaderListModel::ValueColumn).data().toString(), QStringLiteral("b=2"));
        QCOMPARE(model.index(3, HeaderListModel::ValueColumn).data().toString(), QStringLiteral("Zoë"));
        QCOMPARE(model.headerData(0, Qt::Horizontal).toString(), QStringLiteral("Name"));
        QVERIFY(!(model.flags(model.index(0, 0)) & Qt::ItemIsEditable));
    }
};

QTEST_GUILESS_MAIN(TestHeaderListModel)
#include "tst_headerlistmodel.moc"
