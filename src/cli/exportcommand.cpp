#include "clicommand.h"
#include "notyet.h"

CliCommand exportCommand()
{
    CliCommand command;
    command.name = QStringLiteral("export");
    command.synopsis = QStringLiteral("export [--store FILE] [--format jsonl|har] [--output FILE]");
    command.description = QStringLiteral("Export stored captures as JSON Lines or HAR 1.2.");
    command.declareOptions = [](QCommandLineParser &parser) {
        parser.addOptions({
            {QStringLiteral("store"), QStringLiteral("Capture store file (default: the app's data folder)."), QStringLiteral("FILE")},
            {QStringLiteral("format"), QStringLiteral("jsonl (default) or har."), QStringLiteral("FORMAT")},
            {QStringLiteral("output"), QStringLiteral("Write to FILE instead of stdout."), QStringLiteral("FILE")},
        });
    };
    command.run = [](const QCommandLineParser &) { return notAvailableYet(QStringLiteral("export"), 3); };
    return command;
}
