#include "support/testsupport.h"

#include <QTest>

using TestSupport::runHookbench;

// Runs the built binary exactly as a script would: exit codes and streams are the contract.
class TestCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { TestSupport::isolateUserData(); }

    void version()
    {
        const auto result = runHookbench({QStringLiteral("--version")});
        QCOMPARE(result.exitCode, 0);
        QVERIFY2(result.out.startsWith("hookbench " HOOKBENCH_VERSION), result.out.constData());
    }

    void globalHelpListsEveryCommand()
    {
        const auto result = runHookbench({QStringLiteral("--help")});
        QCOMPARE(result.exitCode, 0);
        for (const char *command : {"listen", "send", "sign", "export", "import", "run", "replay"})
            QVERIFY2(result.out.contains(QByteArray(QByteArray("  ") + command)), command);
    }

    void commandHelp_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QByteArray>("expectedOption");
        QTest::newRow("listen") << QStringLiteral("listen") << QByteArray("--port <N>");
        QTest::newRow("send") << QStringLiteral("send") << QByteArray("--concurrency <C>");
        QTest::newRow("sign") << QStringLiteral("sign") << QByteArray("--scheme <SCHEME>");
        QTest::newRow("export") << QStringLiteral("export") << QByteArray("--format <FORMAT>");
        QTest::newRow("import") << QStringLiteral("import") << QByteArray("--output <COLLECTION.json>");
        QTest::newRow("run") << QStringLiteral("run") << QByteArray("--junit <FILE>");
        QTest::newRow("replay") << QStringLiteral("replay") << QByteArray("--to <URL>");
    }

    void commandHelp()
    {
        QFETCH(QString, command);
        QFETCH(QByteArray, expectedOption);
        const auto result = runHookbench({command, QStringLiteral("--help")});
        QCOMPARE(result.exitCode, 0);
        QVERIFY2(result.out.startsWith(QByteArray("Usage: hookbench " + command.toUtf8())), result.out.constData());
        QVERIFY2(result.out.contains(expectedOption), result.out.constData());
    }

    void badUsageExitsTwo_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QByteArray>("message");
        QTest::newRow("unknown flag") << QStringList{QStringLiteral("--bogus")}
                                      << QByteArray("unknown option '--bogus'");
        QTest::newRow("unknown command") << QStringList{QStringLiteral("frobnicate")}
                                         << QByteArray("unknown command 'frobnicate'");
        QTest::newRow("unknown subcommand flag")
            << QStringList{QStringLiteral("listen"), QStringLiteral("--bogus")} << QByteArray("Unknown option 'bogus'");
        QTest::newRow("missing value") << QStringList{QStringLiteral("listen"), QStringLiteral("--port")}
                                       << QByteArray("Missing value after '--port'");
    }

    void badUsageExitsTwo()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QByteArray, message);
        const auto result = runHookbench(arguments);
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains(message), result.err.constData());
        QVERIFY(result.out.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
