#include "cli/clicommand.h"
#include "cli/cliio.h"
#include "core/collections/collectionfile.h"
#include "core/collections/formats/curlimporter.h"
#include "core/collections/formats/postmanimporter.h"
#include "core/secrets/secretstore.h"

#include <QFile>
#include <QFileInfo>
#include <QUrl>

namespace {

const QString kCommand = QStringLiteral("import");

// A file may hold several cURL commands: each starts on a line beginning with "curl"
// that does not continue the previous one.
QStringList splitCurlCommands(const QString &text)
{
    QStringList commands;
    QString current;
    bool continues = false;
    for (const QString &line : text.split(QLatin1Char('\n'))) {
        const QString trimmed = line.trimmed();
        if (!continues && CurlImporter::looksLikeCurl(trimmed + QLatin1Char(' ')) && !current.trimmed().isEmpty()) {
            commands.append(current);
            current.clear();
        }
        current += line + QLatin1Char('\n');
        continues = trimmed.endsWith(QLatin1Char('\\'));
    }
    if (!current.trimmed().isEmpty())
        commands.append(current);
    return commands;
}

QString requestName(const RequestDraft &draft)
{
    const QUrl url(draft.url);
    QString path = url.isValid() && !url.host().isEmpty() ? url.host() + url.path() : draft.url;
    if (path.size() > 60)
        path = path.left(57) + QStringLiteral("...");
    return draft.method + QLatin1Char(' ') + path;
}

// Literal credentials the collection file will not hold (a {{variable}} is not one).
int literalSecrets(const Collection &collection)
{
    int count = 0;
    for (const Collection::Entry &entry : collection.allRequests()) {
        const RequestDraft &d = entry.request->draft;
        const QString values[] = {d.authMode == RequestDraft::AuthMode::Bearer ? d.bearerToken : QString(),
                                  d.authMode == RequestDraft::AuthMode::Basic ? d.basicPassword : QString(),
                                  d.authMode == RequestDraft::AuthMode::ApiKeyHeader
                                          || d.authMode == RequestDraft::AuthMode::ApiKeyQuery
                                      ? d.apiKeyValue
                                      : QString(),
                                  d.signingScheme.isEmpty() ? QString() : d.signingSecret};
        for (const QString &value : values)
            count += !value.isEmpty() && !CollectionFile::isVariableReference(value);
    }
    return count;
}

void append(Collection *into, const Collection &from)
{
    into->root.requests += from.root.requests;
    into->root.folders += from.root.folders;
    for (const KeyValueRow &variable : from.variables) {
        const bool known = std::any_of(into->variables.cbegin(), into->variables.cend(),
                                       [&variable](const KeyValueRow &row) { return row.name == variable.name; });
        if (!known)
            into->variables.append(variable);
    }
}

int importFile(const QCommandLineParser &parser)
{
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1)
        return CliIo::usageError(kCommand,
                                 positional.isEmpty() ? QStringLiteral("a FILE to import is required")
                                                      : QStringLiteral("give exactly one FILE"));
    if (!parser.isSet(QStringLiteral("output")) || parser.value(QStringLiteral("output")).isEmpty())
        return CliIo::usageError(kCommand, QStringLiteral("--output COLLECTION.json is required"));
    const QString input = positional.first();
    const QString output = parser.value(QStringLiteral("output"));

    QFile file;
    const bool opened = input == QLatin1String("-") ? file.open(stdin, QIODevice::ReadOnly)
                                                    : (file.setFileName(input), file.open(QIODevice::ReadOnly));
    if (!opened)
        return CliIo::usageError(kCommand, QStringLiteral("cannot read %1: %2").arg(input, file.errorString()));
    const QByteArray data = file.readAll();

    QString format = parser.value(QStringLiteral("format"));
    if (format.isEmpty()) {
        if (PostmanImporter::looksLikePostman(data) || data.trimmed().startsWith('{'))
            format = QStringLiteral("postman");
        else if (CurlImporter::looksLikeCurl(QString::fromUtf8(data)))
            format = QStringLiteral("curl");
        else
            return CliIo::usageError(kCommand,
                                     QStringLiteral("%1 is neither a Postman collection nor a cURL command; "
                                                    "say which with --format postman|curl")
                                         .arg(input));
    }

    Collection imported;
    QStringList warnings;
    if (format == QLatin1String("postman")) {
        PostmanImporter::Result result = PostmanImporter::import(data);
        if (!result.ok)
            return CliIo::usageError(kCommand, QStringLiteral("%1: %2").arg(input, result.error));
        imported = result.collection;
        warnings = result.warnings;
    } else if (format == QLatin1String("curl")) {
        const QStringList commands = splitCurlCommands(QString::fromUtf8(data));
        if (commands.isEmpty())
            return CliIo::usageError(kCommand, QStringLiteral("%1 holds no cURL command").arg(input));
        for (qsizetype i = 0; i < commands.size(); ++i) {
            const CurlImporter::Result result = CurlImporter::parse(commands.at(i));
            const QString where = commands.size() > 1 ? QStringLiteral("command %1").arg(i + 1)
                                                      : QStringLiteral("command");
            if (!result.ok) {
                if (commands.size() == 1)
                    return CliIo::usageError(kCommand, QStringLiteral("%1: %2").arg(input, result.error));
                warnings.append(QStringLiteral("%1: %2; not imported").arg(where, result.error));
                continue;
            }
            for (const QString &warning : result.warnings)
                warnings.append(QStringLiteral("%1: %2").arg(where, warning));
            CollectionRequest request;
            request.name = requestName(result.draft);
            request.draft = result.draft;
            imported.root.requests.append(request);
        }
        imported.name = QFileInfo(input).completeBaseName();
    } else {
        return CliIo::usageError(kCommand, QStringLiteral("--format must be postman or curl, not '%1'").arg(format));
    }

    // Importing into an existing collection adds to it: nothing the user had is replaced.
    SecretStore secrets;
    secrets.waitForReady();
    Collection collection = imported;
    const bool existing = QFileInfo::exists(output);
    if (existing) {
        CollectionFileError error;
        if (!CollectionFile::read(output, &collection, &secrets, &error))
            return CliIo::usageError(kCommand, QStringLiteral("%1 (not overwritten)").arg(error.toString()));
        append(&collection, imported);
    }
    if (collection.name.isEmpty())
        collection.name = QFileInfo(output).completeBaseName();

    QString error;
    if (!CollectionFile::write(output, collection, &secrets, &error)) {
        CliIo::err(QStringLiteral("hookbench import: %1").arg(error));
        return ExitUsage;
    }
    // The keychain takes secrets in the background: they must be there (or in the fallback
    // file, which the store says) before the process ends.
    if (!secrets.waitForWrites() || !secrets.errorString().isEmpty())
        CliIo::err(QStringLiteral("hookbench import: secrets: %1").arg(secrets.errorString()));
    // Each warning says what was left out or changed, so nothing goes missing silently.
    for (const QString &warning : warnings)
        CliIo::err(QStringLiteral("hookbench import: %1").arg(warning));
    if (const int count = literalSecrets(imported); count > 0)
        CliIo::err(QStringLiteral("hookbench import: %1 secret value%2 (tokens, passwords, keys) kept in %3, "
                                  "not in the collection file")
                       .arg(count)
                       .arg(count == 1 ? QString() : QStringLiteral("s"))
                       .arg(secrets.backend() == SecretStore::Backend::Keychain ? QStringLiteral("the system keychain")
                                                                                : secrets.path()));
    CliIo::err(QStringLiteral("hookbench import: %1 request%2 %3 %4")
                   .arg(imported.allRequests().size())
                   .arg(imported.allRequests().size() == 1 ? QString() : QStringLiteral("s"))
                   .arg(existing ? QStringLiteral("added to") : QStringLiteral("written to"), output));
    return ExitOk;
}

} // namespace

CliCommand importCommand()
{
    CliCommand command;
    command.name = QStringLiteral("import");
    command.synopsis = QStringLiteral("import FILE [--format postman|curl] --output COLLECTION.json");
    command.description = QStringLiteral(
        "Turn a Postman v2.1 collection or a cURL command into a Hookbench collection.");
    command.declareOptions = [](QCommandLineParser &parser) {
        parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The file to import (- reads stdin)."));
        parser.addOptions({
            {QStringLiteral("format"), QStringLiteral("postman or curl (default: guessed)."), QStringLiteral("FORMAT")},
            {QStringLiteral("output"), QStringLiteral("The collection file to write; an existing one is added to."),
             QStringLiteral("COLLECTION.json")},
        });
    };
    command.run = importFile;
    return command;
}
