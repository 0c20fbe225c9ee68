#include "core/app/datapaths.h"
#include "support/testsupport.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

// The data folder is ~/.local/share/hookbench; one of the older .../Hookbench/hookbench
// layout is moved there whole, once, and a folder already there is never replaced.
class TestDataPaths : public QObject
{
    Q_OBJECT

    QTemporaryDir m_home;

    static QString share() { return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation); }
    static QString oldLayout() { return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation); }

    static void write(const QString &path, const QByteArray &bytes)
    {
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(bytes);
    }

    static QByteArray read(const QString &path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(TestSupport::isolateUserDataIn(m_home.path())); }

    void init()
    {
        QDir(share() + QStringLiteral("/hookbench")).removeRecursively();
        QDir(share() + QStringLiteral("/Hookbench")).removeRecursively();
    }

    void freshProfileGetsOneFolderNamedAfterTheApplication()
    {
        QCOMPARE(DataPaths::dataDir(), share() + QStringLiteral("/hookbench"));
        QVERIFY(QFileInfo(DataPaths::dataDir()).isDir());
        QCOMPARE(DataPaths::captureStoreFile(), share() + QStringLiteral("/hookbench/captures.sqlite"));
        QCOMPARE(DataPaths::collectionsLocation(), share() + QStringLiteral("/hookbench/collections"));
        QVERIFY(!QFileInfo::exists(share() + QStringLiteral("/Hookbench")));
    }

    void olderLayoutIsMovedWhole()
    {
        QVERIFY(oldLayout().endsWith(QLatin1String("/Hookbench/hookbench")));
        write(oldLayout() + QStringLiteral("/captures.sqlite"), "captures");
        write(oldLayout() + QStringLiteral("/collections/My Requests.json"), "{}");

        QCOMPARE(DataPaths::collectionsLocation(), share() + QStringLiteral("/hookbench/collections"));
        QCOMPARE(read(DataPaths::captureStoreFile()), QByteArray("captures"));
        QCOMPARE(read(DataPaths::collectionsLocation() + QStringLiteral("/My Requests.json")), QByteArray("{}"));
        QVERIFY(!QFileInfo::exists(oldLayout()));
        QVERIFY(!QFileInfo::exists(share() + QStringLiteral("/Hookbench"))); // left empty, so removed
    }

    void folderAlreadyThereIsNeverReplaced()
    {
        write(share() + QStringLiteral("/hookbench/captures.sqlite"), "new");
        write(oldLayout() + QStringLiteral("/captures.sqlite"), "old");

        QCOMPARE(read(DataPaths::captureStoreFile()), QByteArray("new"));
        QCOMPARE(read(oldLayout() + QStringLiteral("/captures.sqlite")), QByteArray("old")); // kept, not merged
    }
};

QTEST_GUILESS_MAIN(TestDataPaths)
#include "tst_datapaths.moc"
