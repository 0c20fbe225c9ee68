#include "clicommand.h"
#include "notyet.h"

CliCommand listenCommand()
{
    CliCommand command;
    command.name = QStringLiteral("listen");
    command.synopsis = QStringLiteral(
        "listen [--bind ADDR] [--port N] [--status CODE] [--response-header \"Name: value\"]... "
        "[--response-body TEXT | --response-body-file FILE] [--delay-ms N] [--max-body-bytes N] "
        "[--verify SCHEME --secret SECRET [--tolerance-s N]] [--forward-to URL] "
        "[--store FILE | --no-store] [--output FILE] [--count N]");
    command.description = QStringLiteral("Run a local listener and print every request it captures as JSON Lines.");
    command.declareOptions = [](QCommandLineParser &parser) {
        parser.addOptions({
            {QStringLiteral("bind"), QStringLiteral("Address to bind (default 127.0.0.1)."), QStringLiteral("ADDR")},
            {QStringLiteral("port"), QStringLiteral("Port to bind (default 8765; 0 picks a free one)."), QStringLiteral("N")},
            {QStringLiteral("status"), QStringLiteral("Status code of every answer (default 200)."), QStringLiteral("CODE")},
            {QStringLiteral("response-header"), QStringLiteral("Header added to every answer; repeatable."), QStringLiteral("Name: value")},
            {QStringLiteral("response-body"), QStringLiteral("Body of every answer."), QStringLiteral("TEXT")},
            {QStringLiteral("response-body-file"), QStringLiteral("Body of every answer, read from FILE."), QStringLiteral("FILE")},
            {QStringLiteral("delay-ms"), QStringLiteral("Wait N ms before answering."), QStringLiteral("N")},
            {QStringLiteral("max-body-bytes"), QStringLiteral("Largest body accepted; larger is answered 413."), QStringLiteral("N")},
            {QStringLiteral("verify"), QStringLiteral("Verify signatures with SCHEME."), QStringLiteral("SCHEME")},
            {QStringLiteral("secret"), QStringLiteral("Secret for --verify."), QStringLiteral("SECRET")},
            {QStringLiteral("tolerance-s"), QStringLiteral("Timestamp tolerance for --verify (default 300)."), QStringLiteral("N")},
            {QStringLiteral("forward-to"), QStringLiteral("Also forward each request to URL."), QStringLiteral("URL")},
            {QStringLiteral("store"), QStringLiteral("Capture store file (default: the app's data folder)."), QStringLiteral("FILE")},
            {QStringLiteral("no-store"), QStringLiteral("Keep nothing on disk.")},
            {QStringLiteral("output"), QStringLiteral("Write JSON Lines to FILE instead of stdout."), QStringLiteral("FILE")},
            {QStringLiteral("count"), QStringLiteral("Exit 0 after N captures."), QStringLiteral("N")},
        });
    };
    command.run = [](const QCommandLineParser &) { return notAvailableYet(QStringLiteral("listen"), 3); };
    return command;
}
