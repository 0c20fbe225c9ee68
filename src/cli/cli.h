#pragma once

#include <QStringList>

// Dispatches `hookbench <subcommand> ...` before any QApplication exists, so the
// headless commands run with no display.
namespace Cli {
// True when argv asks for something other than the window: a subcommand, an
// unknown word or flag, --help or --version.
bool isHeadless(const QStringList &arguments);
// Runs the headless invocation; a QCoreApplication must exist. Returns the exit code.
int run(const QStringList &arguments);
} // namespace Cli
