#include "clicommand.h"
#include "notyet.h"

CliCommand runCommand()
{
    CliCommand command;
    command.name = QStringLiteral("run");
    command.synopsis = QStringLiteral("run COLLECTION.json [--folder NAME] [--request NAME] [--env NAME] [--junit FILE]");
    command.description = QStringLiteral("Run a collection's requests in order and report the results.");
    command.declareOptions = [](QCommandLineParser &parser) {
        parser.addPositionalArgument(QStringLiteral("COLLECTION.json"), QStringLiteral("The collection to run."));
        parser.addOptions({
            {QStringLiteral("folder"), QStringLiteral("Run only this folder."), QStringLiteral("NAME")},
            {QStringLiteral("request"), QStringLiteral("Run only this request."), QStringLiteral("NAME")},
            {QStringLiteral("env"), QStringLiteral("Environment name, or a JSON file of variables."), QStringLiteral("NAME")},
            {QStringLiteral("junit"), QStringLiteral("Write JUnit XML to FILE."), QStringLiteral("FILE")},
        });
    };
    command.run = [](const QCommandLineParser &) { return notAvailableYet(QStringLiteral("run"), 5); };
    return command;
}
