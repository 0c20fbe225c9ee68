#pragma once

#include <QCommandLineParser>
#include <QString>

#include <functional>

// Exit codes are part of the command-line contract (DESIGN.md): scripts rely on them.
enum ExitCode : int {
    ExitOk = 0,          // everything succeeded (for send: every response was 2xx)
    ExitFailure = 1,     // ran, but something failed (a non-2xx response, a failed run step)
    ExitUsage = 2,       // bad usage or bad input: nothing was done
    ExitUnreachable = 3, // a request could not complete: refused, DNS, timeout, TLS
};

// One subcommand: its options are declared in one place so that `--help` and
// parsing can never disagree.
struct CliCommand {
    QString name;
    QString synopsis;    // the usage line after "hookbench"
    QString description; // one sentence for the global --help
    std::function<void(QCommandLineParser &)> declareOptions;
    // Runs after parsing succeeded; returns an ExitCode. A QCoreApplication exists.
    std::function<int(const QCommandLineParser &)> run;
};

// Each subcommand lives in its own file and provides one of these.
CliCommand listenCommand();
CliCommand sendCommand();
CliCommand signCommand();
CliCommand exportCommand();
CliCommand importCommand();
CliCommand runCommand();
CliCommand replayCommand();
