#include "clicommand.h"
#include "notyet.h"

CliCommand replayCommand()
{
    CliCommand command;
    command.name = QStringLiteral("replay");
    command.synopsis = QStringLiteral("replay CAPTURE_ID --to URL [--store FILE] [--sign SCHEME --secret SECRET]");
    command.description = QStringLiteral("Send a stored capture again, byte for byte, to another URL.");
    command.declareOptions = [](QCommandLineParser &parser) {
        parser.addPositionalArgument(QStringLiteral("CAPTURE_ID"), QStringLiteral("The capture to replay."));
        parser.addOptions({
            {QStringLiteral("to"), QStringLiteral("Where to send it."), QStringLiteral("URL")},
            {QStringLiteral("store"), QStringLiteral("Capture store file (default: the app's data folder)."), QStringLiteral("FILE")},
            {QStringLiteral("sign"), QStringLiteral("Re-sign with SCHEME."), QStringLiteral("SCHEME")},
            {QStringLiteral("secret"), QStringLiteral("Secret for --sign."), QStringLiteral("SECRET")},
        });
    };
    command.run = [](const QCommandLineParser &) { return notAvailableYet(QStringLiteral("replay"), 3); };
    return command;
}
