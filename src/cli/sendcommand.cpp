#include "clicommand.h"
#include "notyet.h"

CliCommand sendCommand()
{
    CliCommand command;
    command.name = QStringLiteral("send");
    command.synopsis = QStringLiteral(
        "send URL [-X METHOD] [-H \"Name: value\"]... [-d TEXT | -d @FILE] [--env FILE] "
        "[--sign SCHEME --secret SECRET] [--timeout-ms N] [--insecure] [--repeat N] "
        "[--concurrency C] [--retries R] [--output text|json]");
    command.description = QStringLiteral("Send a request (templates expanded, optionally signed) and print the answer.");
    command.declareOptions = [](QCommandLineParser &parser) {
        parser.addPositionalArgument(QStringLiteral("URL"), QStringLiteral("Where to send the request."));
        parser.addOptions({
            {{QStringLiteral("X"), QStringLiteral("request")}, QStringLiteral("Method (default POST)."), QStringLiteral("METHOD")},
            {{QStringLiteral("H"), QStringLiteral("header")}, QStringLiteral("Header; repeatable, order kept."), QStringLiteral("Name: value")},
            {{QStringLiteral("d"), QStringLiteral("data")}, QStringLiteral("Body text, or @FILE to read it."), QStringLiteral("TEXT")},
            {QStringLiteral("env"), QStringLiteral("JSON object of template variables."), QStringLiteral("FILE")},
            {QStringLiteral("sign"), QStringLiteral("Sign with SCHEME."), QStringLiteral("SCHEME")},
            {QStringLiteral("secret"), QStringLiteral("Secret for --sign."), QStringLiteral("SECRET")},
            {QStringLiteral("timeout-ms"), QStringLiteral("Give up after N ms (default 30000)."), QStringLiteral("N")},
            {QStringLiteral("insecure"), QStringLiteral("Ignore TLS certificate errors.")},
            {QStringLiteral("repeat"), QStringLiteral("Send N times (default 1)."), QStringLiteral("N")},
            {QStringLiteral("concurrency"), QStringLiteral("At most C requests in flight (default 1)."), QStringLiteral("C")},
            {QStringLiteral("retries"), QStringLiteral("Retry connection errors, 5xx and 429 up to R times."), QStringLiteral("R")},
            {QStringLiteral("output"), QStringLiteral("text (default) or json (JSON Lines)."), QStringLiteral("FORMAT")},
        });
    };
    command.run = [](const QCommandLineParser &) { return notAvailableYet(QStringLiteral("send"), 4); };
    return command;
}
