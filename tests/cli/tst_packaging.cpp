#include "support/testsupport.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using TestSupport::runProgram;

// What a user or a distribution gets: `cmake --install` into a fresh prefix, the files the
// desktop reads validated by freedesktop's own tools, the installed binary run, and the
// Debian package CPack builds from the same install, inspected with dpkg-deb.
class TestPackaging : public QObject
{
    Q_OBJECT

    QTemporaryDir m_prefix;

    static QString tool(const char *name)
    {
        const QString path = QStandardPaths::findExecutable(QLatin1String(name));
        if (path.isEmpty())
            qFatal("%s is missing: scripts/setup.sh installs it", name);
        return path;
    }

private Q_SLOTS:
    void initTestCase()
    {
        TestSupport::isolateUserData();
        QVERIFY(m_prefix.isValid());
        const auto install = runProgram(tool("cmake"),
                                        {QStringLiteral("--install"), QStringLiteral(HOOKBENCH_BUILD_DIR),
                                         QStringLiteral("--prefix"), m_prefix.path()},
                                        {}, 120000);
        QVERIFY2(install.exitCode == 0, install.err.constData());
    }

    void installsTheFreedesktopLayout_data()
    {
        QTest::addColumn<QString>("path");
        for (const char *path :
             {"bin/hookbench", "share/applications/io.hookbench.Hookbench.desktop",
              "share/metainfo/io.hookbench.Hookbench.metainfo.xml",
              "share/icons/hicolor/32x32/apps/io.hookbench.Hookbench.png",
              "share/icons/hicolor/64x64/apps/io.hookbench.Hookbench.png",
              "share/icons/hicolor/128x128/apps/io.hookbench.Hookbench.png",
              "share/icons/hicolor/256x256/apps/io.hookbench.Hookbench.png",
              "share/icons/hicolor/scalable/apps/io.hookbench.Hookbench.svg", "share/man/man1/hookbench.1.gz"})
            QTest::newRow(path) << QString::fromLatin1(path);
    }

    void installsTheFreedesktopLayout()
    {
        QFETCH(QString, path);
        QVERIFY2(QFile::exists(m_prefix.filePath(path)), qPrintable(path));
    }

    void desktopEntryValidates()
    {
        const auto result = runProgram(
            tool("desktop-file-validate"),
            {m_prefix.filePath(QStringLiteral("share/applications/io.hookbench.Hookbench.desktop"))});
        QVERIFY2(result.exitCode == 0, result.out.constData());
        QVERIFY2(!result.out.contains("error"), result.out.constData());
    }

    void metainfoValidates()
    {
        const auto result = runProgram(
            tool("appstreamcli"),
            {QStringLiteral("validate"), QStringLiteral("--no-net"),
             m_prefix.filePath(QStringLiteral("share/metainfo/io.hookbench.Hookbench.metainfo.xml"))});
        QVERIFY2(result.exitCode == 0, result.out.constData());
    }

    void installedBinaryRuns()
    {
        const QString binary = m_prefix.filePath(QStringLiteral("bin/hookbench"));
        const auto version = runProgram(binary, {QStringLiteral("--version")});
        QCOMPARE(version.exitCode, 0);
        QVERIFY2(version.out.startsWith("hookbench " HOOKBENCH_VERSION), version.out.constData());
        // A command that does real work: sign a body and print the headers.
        const auto sign = runProgram(binary,
                                     {QStringLiteral("sign"), QStringLiteral("--scheme"), QStringLiteral("github"),
                                      QStringLiteral("--secret"), QStringLiteral("It's a Secret to Everybody")},
                                     "Hello, World!");
        QVERIFY2(sign.exitCode == 0, sign.err.constData());
        // GitHub's documented example for this secret and body.
        QVERIFY2(sign.out.contains("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"),
                 sign.out.constData());
    }

    void manPageComesFromEveryCommandsHelp()
    {
        // Installed gzip-compressed, as Debian's policy wants; `man` reads it so.
        const auto page = runProgram(
            QStringLiteral("gzip"),
            {QStringLiteral("-dc"), m_prefix.filePath(QStringLiteral("share/man/man1/hookbench.1.gz"))});
        QCOMPARE(page.exitCode, 0);
        const QByteArray text = page.out;
        QVERIFY(text.startsWith(".\\\" DO NOT MODIFY THIS FILE!") || text.contains(".TH HOOKBENCH \"1\""));
        for (const char *command : {"listen", "send", "sign", "export", "import", "run", "replay"})
            QVERIFY2(text.contains(QByteArray(QByteArray(".SS hookbench ") + command)), command);
        QVERIFY(text.contains("\\-\\-forward\\-to") || text.contains("--forward-to"));
    }

    void debianPackageDeclaresItsDependencies()
    {
        QTemporaryDir out;
        QVERIFY(out.isValid());
        const auto cpack = runProgram(tool("cpack"),
                                      {QStringLiteral("-G"), QStringLiteral("DEB"), QStringLiteral("--config"),
                                       QStringLiteral(HOOKBENCH_BUILD_DIR "/CPackConfig.cmake"), QStringLiteral("-B"),
                                       out.path()},
                                      {}, 240000);
        QVERIFY2(cpack.exitCode == 0, QByteArray(cpack.out + cpack.err).constData());
        const QStringList debs = QDir(out.path()).entryList({QStringLiteral("*.deb")}, QDir::Files);
        QCOMPARE(debs.size(), 1);
        const QString deb = out.filePath(debs.first());
        QVERIFY2(debs.first().startsWith(QLatin1String("hookbench_" HOOKBENCH_VERSION)), qPrintable(debs.first()));

        const auto depends = runProgram(tool("dpkg-deb"), {QStringLiteral("-f"), deb, QStringLiteral("Depends")});
        QCOMPARE(depends.exitCode, 0);
        // Found by dpkg-shlibdeps from what the binary links, and named for what Qt loads at run time.
        for (const char *package : {"libqt6core6", "libqt6network6", "libqt6widgets6", "libqt6sql6",
                                    "libqt6sql6-sqlite", "libsecret-1-0", "libsqlite3-0", "libc6"})
            QVERIFY2(depends.out.contains(package), depends.out.constData());

        const auto contents = runProgram(tool("dpkg-deb"), {QStringLiteral("-c"), deb});
        QCOMPARE(contents.exitCode, 0);
        for (const char *path : {"./usr/bin/hookbench", "./usr/share/applications/io.hookbench.Hookbench.desktop",
                                 "./usr/share/metainfo/io.hookbench.Hookbench.metainfo.xml",
                                 "./usr/share/icons/hicolor/scalable/apps/io.hookbench.Hookbench.svg",
                                 "./usr/share/man/man1/hookbench.1.gz"})
            QVERIFY2(contents.out.contains(path), path);

        // The packaged binary is the installed one, stripped, and it runs.
        QTemporaryDir root;
        QCOMPARE(runProgram(tool("dpkg-deb"), {QStringLiteral("-x"), deb, root.path()}).exitCode, 0);
        const auto version = runProgram(root.filePath(QStringLiteral("usr/bin/hookbench")),
                                        {QStringLiteral("--version")});
        QCOMPARE(version.exitCode, 0);
    }
};

QTEST_GUILESS_MAIN(TestPackaging)
#include "tst_packaging.moc"
