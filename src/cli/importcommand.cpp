#include "clicommand.h"
#include "notyet.h"

CliCommand importCommand()
{
    CliCommand command;
    command.name = QStringLiteral("import");
    command.synopsis = QStringLiteral("import FILE [--format postman|curl] --output COLLECTION.json");
    command.description = QStringLiteral("Turn a Postman v2.1 collection or a cURL command into a Hookbench collection.");
    command.declareOptions = [](QCommandLineParser &parser) {
        parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The file to import."));
        parser.addOptions({
            {QStringLiteral("format"), QStringLiteral("postman or curl (default: guessed)."), QStringLiteral("FORMAT")},
            {QStringLiteral("output"), QStringLiteral("The collection file to write."), QStringLiteral("COLLECTION.json")},
        });
    };
    command.run = [](const QCommandLineParser &) { return notAvailableYet(QStringLiteral("import"), 5); };
    return command;
}
