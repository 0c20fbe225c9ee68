#include "clicommand.h"
#include "notyet.h"

CliCommand signCommand()
{
    CliCommand command;
    command.name = QStringLiteral("sign");
    command.synopsis = QStringLiteral("sign --scheme SCHEME --secret SECRET [--id ID] [--timestamp UNIX] < BODY");
    command.description = QStringLiteral("Print the headers a signing scheme adds for the body on stdin.");
    command.declareOptions = [](QCommandLineParser &parser) {
        parser.addOptions({
            {QStringLiteral("scheme"), QStringLiteral("github, stripe, standard-webhooks, svix, slack, shopify or hmac."), QStringLiteral("SCHEME")},
            {QStringLiteral("secret"), QStringLiteral("The signing secret."), QStringLiteral("SECRET")},
            {QStringLiteral("id"), QStringLiteral("Message id, for schemes that sign one."), QStringLiteral("ID")},
            {QStringLiteral("timestamp"), QStringLiteral("Unix time to sign with (default now)."), QStringLiteral("UNIX")},
        });
    };
    command.run = [](const QCommandLineParser &) { return notAvailableYet(QStringLiteral("sign"), 6); };
    return command;
}
