#include "cli/clicommand.h"
#include "cli/cliio.h"
#include "cli/signingcli.h"

#include <QFile>

namespace {

int sign(const QCommandLineParser &parser)
{
    const QString command = QStringLiteral("sign");
    const QString known = SigningSchemes::names().join(QStringLiteral(", "));
    if (!parser.isSet(QStringLiteral("scheme")))
        return CliIo::usageError(command, QStringLiteral("--scheme is required (%1)").arg(known));
    const QString schemeName = parser.value(QStringLiteral("scheme"));
    const auto scheme = SigningSchemes::create(schemeName);
    if (!scheme)
        return CliIo::usageError(command, QStringLiteral("unknown scheme '%1' (use %2)").arg(schemeName, known));
    if (!parser.isSet(QStringLiteral("secret")) || parser.value(QStringLiteral("secret")).isEmpty())
        return CliIo::usageError(command, QStringLiteral("--secret is required"));

    SigningOptions options;
    options.secret = parser.value(QStringLiteral("secret")).toUtf8();
    options.messageId = parser.value(QStringLiteral("id")).toUtf8();
    options.event = parser.value(QStringLiteral("event")).toUtf8();
    if (parser.isSet(QStringLiteral("timestamp"))) {
        bool ok = false;
        options.timestamp = parser.value(QStringLiteral("timestamp")).toLongLong(&ok);
        if (!ok || options.timestamp < 0) {
            return CliIo::usageError(command,
                                     QStringLiteral("--timestamp must be Unix seconds, not '%1'")
                                         .arg(parser.value(QStringLiteral("timestamp"))));
        }
    }
    QString error;
    if (!signingOptionsFrom(parser, &options, &error))
        return CliIo::usageError(command, error);
    if (const QString problem = scheme->optionsError(options); !problem.isEmpty())
        return CliIo::usageError(command, problem);

    QFile input;
    if (!input.open(stdin, QIODevice::ReadOnly)) {
        CliIo::err(QStringLiteral("hookbench sign: cannot read stdin: %1").arg(input.errorString()));
        return ExitUsage;
    }
    // The exact bytes: no newline trimming, since a receiver's MAC covers every byte.
    const QByteArray body = input.readAll();
    for (const auto &[name, value] : scheme->sign(body, options))
        CliIo::out(name + ": " + value);
    return ExitOk;
}

} // namespace

CliCommand signCommand()
{
    CliCommand command;
    command.name = QStringLiteral("sign");
    command.synopsis = QStringLiteral("sign --scheme SCHEME --secret SECRET [--id ID] [--timestamp UNIX] < BODY");
    command.description = QStringLiteral("Print the headers a signing scheme adds for the body on stdin.");
    command.declareOptions = [](QCommandLineParser &parser) {
        parser.addOptions({
            {QStringLiteral("scheme"),
             QStringLiteral("github, stripe, standard-webhooks, svix, slack, shopify or hmac."),
             QStringLiteral("SCHEME")},
            {QStringLiteral("secret"), QStringLiteral("The signing secret."), QStringLiteral("SECRET")},
            {QStringLiteral("id"), QStringLiteral("Message id, for schemes that sign one."), QStringLiteral("ID")},
            {QStringLiteral("timestamp"), QStringLiteral("Unix time to sign with (default now)."),
             QStringLiteral("UNIX")},
            {QStringLiteral("event"), QStringLiteral("Event name: X-GitHub-Event (default ping), X-Shopify-Topic."),
             QStringLiteral("EVENT")},
        });
        addSigningOptions(parser);
    };
    command.run = sign;
    return command;
}
