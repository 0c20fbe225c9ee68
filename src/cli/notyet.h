#pragma once

#include "clicommand.h"
#include "cliio.h"

// A subcommand whose issue has not landed says so plainly and exits 2: a script
// must never mistake "not built yet" for success.
inline int notAvailableYet(const QString &command, int issue)
{
    CliIo::err(QStringLiteral("hookbench %1: not available in this build yet (tracked in issue %2).")
                   .arg(command)
                   .arg(issue));
    return ExitUsage;
}
