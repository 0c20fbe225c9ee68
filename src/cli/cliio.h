#pragma once

#include <QByteArray>
#include <QString>

// stdout carries data (JSON Lines, headers) and stderr carries messages; both
// are written unbuffered-per-line so a script piping us sees each line at once.
namespace CliIo {
void out(const QByteArray &line);       // writes line + '\n' to stdout and flushes
void outLines(const QByteArray &lines); // complete lines, each ending in '\n': one write, then flush
void err(const QString &message);       // writes message + '\n' to stderr
// "hookbench <command>: <message>" on stderr; returns ExitUsage for brevity.
int usageError(const QString &command, const QString &message);
} // namespace CliIo
