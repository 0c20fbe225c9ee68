#include "cli/cliio.h"

#include "cli/clicommand.h"

#include <cstdio>

void CliIo::out(const QByteArray &line)
{
    std::fwrite(line.constData(), 1, static_cast<size_t>(line.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

void CliIo::outLines(const QByteArray &lines)
{
    std::fwrite(lines.constData(), 1, static_cast<size_t>(lines.size()), stdout);
    std::fflush(stdout);
}

void CliIo::err(const QString &message)
{
    const QByteArray bytes = message.toLocal8Bit();
    std::fwrite(bytes.constData(), 1, static_cast<size_t>(bytes.size()), stderr);
    std::fputc('\n', stderr);
    std::fflush(stderr);
}

int CliIo::usageError(const QString &command, const QString &message)
{
    err(QStringLiteral("hookbench %1: %2").arg(command, message));
    err(QStringLiteral("Try 'hookbench %1 --help'.").arg(command));
    return ExitUsage;
}
