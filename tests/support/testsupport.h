#pragma once

#include "core/app/appinfo.h"
#include "core/app/appservices.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDir>
#include <QProcess>
#include <QSettings>
#include <QStandardPaths>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

// Shared by every test: never touch a real user's data, and run the built binary
// the way a user or script would.
namespace TestSupport {

namespace Detail {
inline void enterTestMode()
{
    QStandardPaths::setTestModeEnabled(true);
    // No session bus, so no system keychain: secrets go to the 0600 file in the test data
    // folder, here and in every hookbench a test starts. A keychain test brings its own bus.
    qputenv("DBUS_SESSION_BUS_ADDRESS", "disabled:");
    // The names QSettings and QStandardPaths derive their paths from, as main() sets them.
    QCoreApplication::setOrganizationName(QLatin1String(AppInfo::kOrganization));
    QCoreApplication::setApplicationName(QLatin1String(AppInfo::kApplication));
    // Deleted collections go to the trash under it: Qt 6.4 makes "files" and "info" in the
    // working directory instead when the folder is missing.
    QDir().mkpath(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation));
}
} // namespace Detail

// Test mode keeps the data folder and the settings under $HOME/.qttest. Every test process
// gets a home of its own (removed when it exits), and so do the hookbench processes it starts:
// tests run side by side (ctest -j), and one test's QSettings().clear() in a shared home wiped
// the listener answers another had just set. Call it before anything reads a path or a setting.
inline void isolateUserData()
{
    static QTemporaryDir home(QDir::tempPath() + QStringLiteral("/hookbench-test-home-XXXXXX"));
    qputenv("HOME", home.path().toLocal8Bit());
    Detail::enterTestMode();
}

// For a test that needs its home at a known place (to look inside it, or to share it with a
// process it starts): `home` instead of a temporary one. False when the settings did not
// follow (something read them earlier).
inline bool isolateUserDataIn(const QString &home)
{
    qputenv("HOME", home.toLocal8Bit());
    Detail::enterTestMode();
    return !home.isEmpty() && QSettings().fileName().startsWith(home);
}

// The application's services with every file in `dir` (a QTemporaryDir): what main() builds,
// for a test that puts a window or an area on them.
inline AppServices::Options servicesIn(const QString &dir)
{
    AppServices::Options options;
    options.captureStoreFile = QDir(dir).filePath(QStringLiteral("captures.sqlite"));
    options.historyFile = QDir(dir).filePath(QStringLiteral("history.sqlite"));
    options.draftsFile = QDir(dir).filePath(QStringLiteral("drafts.json"));
    return options;
}

struct ProcessResult {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// Runs a program to its end; exitCode -1 when it did not start, crashed or outlived timeoutMs.
inline ProcessResult runProgram(const QString &program, const QStringList &arguments, const QByteArray &stdinData = {},
                                int timeoutMs = 30000)
{
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForStarted(timeoutMs))
        return {};
    if (!stdinData.isEmpty())
        process.write(stdinData);
    process.closeWriteChannel();
    const bool finished = process.waitForFinished(timeoutMs);
    return {finished && process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            process.readAllStandardOutput(), process.readAllStandardError()};
}

inline ProcessResult runHookbench(const QStringList &arguments, const QByteArray &stdinData = {}, int timeoutMs = 30000)
{
    return runProgram(QStringLiteral(HOOKBENCH_BINARY), arguments, stdinData, timeoutMs);
}

} // namespace TestSupport
