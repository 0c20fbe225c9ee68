#pragma once

#include <QDir>
#include <QProcess>
#include <QSqlDatabase>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>

#include <unistd.h>

// A throw-away PostgreSQL server for one test: initdb in a temporary folder, started on a
// free port of 127.0.0.1 (and a socket in that folder), trust authentication, stopped and
// removed at the end. initdb and postgres refuse to run as root, so under root (CI
// containers) they run as the `postgres` user that Debian's postgresql package creates,
// through runuser, in a folder handed to that user.
namespace TestSupport {

class PostgresServer
{
    Q_DISABLE_COPY_MOVE(PostgresServer)

public:
    static constexpr const char *kUser = "hookbench";

    PostgresServer() = default;
    ~PostgresServer() { stop(QStringLiteral("immediate")); }

    // Why this machine cannot run one ("" when it can): a test skips with it.
    static QString unavailable()
    {
        if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL")))
            return QStringLiteral("Qt's PostgreSQL driver is missing (libqt6sql6-psql)");
        if (binary(QStringLiteral("initdb")).isEmpty())
            return QStringLiteral("PostgreSQL's server is missing (postgresql)");
        if (geteuid() == 0 && QStandardPaths::findExecutable(QStringLiteral("runuser")).isEmpty())
            return QStringLiteral("running as root without runuser");
        return {};
    }

    bool start(QString *error)
    {
        if (!m_dir.isValid()) {
            *error = QStringLiteral("no temporary folder");
            return false;
        }
        if (geteuid() == 0 && !run(QStringLiteral("chown"), {QStringLiteral("postgres:"), m_dir.path()}, error, false))
            return false;
        m_port = freePort();
        return run(binary(QStringLiteral("initdb")),
                   {QStringLiteral("-D"), dataDir(), QStringLiteral("-U"), QLatin1String(kUser),
                    QStringLiteral("--auth=trust"), QStringLiteral("-E"), QStringLiteral("UTF8"),
                    QStringLiteral("--no-sync")},
                   error)
            && resume(error);
    }

    // Starts it again after stop(), on the same port.
    bool resume(QString *error)
    {
        // fsync off: a test's server never outlives a power cut, and the suite shares two cores.
        const QString options
            = QStringLiteral("-p %1 -k %2 -c listen_addresses=127.0.0.1 -c fsync=off").arg(m_port).arg(m_dir.path());
        return run(binary(QStringLiteral("pg_ctl")),
                   {QStringLiteral("-D"), dataDir(), QStringLiteral("-l"), m_dir.filePath(QStringLiteral("log")),
                    QStringLiteral("-w"), QStringLiteral("-o"), options, QStringLiteral("start")},
                   error);
    }

    // mode: fast (clients are disconnected, a clean shutdown) or immediate.
    bool stop(const QString &mode = QStringLiteral("fast"), QString *error = nullptr)
    {
        if (m_port == 0 || !QFile::exists(dataDir() + QStringLiteral("/postmaster.pid")))
            return true;
        QString why;
        return run(
            binary(QStringLiteral("pg_ctl")),
            {QStringLiteral("-D"), dataDir(), QStringLiteral("-m"), mode, QStringLiteral("-w"), QStringLiteral("stop")},
            error ? error : &why);
    }

    quint16 port() const { return m_port; }
    QString uri(const QString &database = QStringLiteral("postgres")) const
    {
        return QStringLiteral("postgresql://%1@127.0.0.1:%2/%3").arg(QLatin1String(kUser)).arg(m_port).arg(database);
    }
    QString log() const
    {
        QFile file(m_dir.filePath(QStringLiteral("log")));
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
    }

    // Runs SQL through psql as the superuser; false (with psql's words) when it fails.
    bool psql(const QString &sql, QString *output = nullptr, const QString &database = QStringLiteral("postgres")) const
    {
        QProcess process;
        process.start(QStringLiteral("psql"),
                      {QStringLiteral("-X"), QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("-A"),
                       QStringLiteral("-v"), QStringLiteral("ON_ERROR_STOP=1"), uri(database), QStringLiteral("-c"),
                       sql});
        const bool ok = process.waitForFinished(30000) && process.exitCode() == 0;
        if (output)
            *output
                = QString::fromUtf8(ok ? process.readAllStandardOutput() : process.readAllStandardError()).trimmed();
        return ok;
    }

private:
    static QString binary(const QString &name)
    {
        // Debian keeps the server's programs per major version, off PATH.
        QStringList versions = QDir(QStringLiteral("/usr/lib/postgresql")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        std::sort(versions.begin(), versions.end(),
                  [](const QString &a, const QString &b) { return a.toDouble() < b.toDouble(); });
        for (auto it = versions.crbegin(); it != versions.crend(); ++it) {
            const QString path = QStringLiteral("/usr/lib/postgresql/%1/bin/%2").arg(*it, name);
            if (QFile::exists(path))
                return path;
        }
        return QStandardPaths::findExecutable(name);
    }

    static quint16 freePort()
    {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        return probe.serverPort();
    }

    QString dataDir() const { return m_dir.filePath(QStringLiteral("data")); }

    bool run(const QString &program, const QStringList &arguments, QString *error, bool unprivileged = true) const
    {
        QProcess process;
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.setWorkingDirectory(m_dir.path());
        if (unprivileged && geteuid() == 0)
            process.start(QStringLiteral("runuser"),
                          QStringList{QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--"), program}
                              + arguments);
        else
            process.start(program, arguments);
        if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit
            || process.exitCode() != 0) {
            *error = QStringLiteral("%1 failed: %2").arg(program, QString::fromLocal8Bit(process.readAll()));
            return false;
        }
        return true;
    }

    QTemporaryDir m_dir;
    quint16 m_port = 0;
};

} // namespace TestSupport
