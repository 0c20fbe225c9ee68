#include "cli/clicommand.h"
#include "cli/cliio.h"
#include "core/app/appservices.h"
#include "core/collections/collectionfile.h"
#include "core/collections/collectionrunner.h"
#include "core/secrets/secretstore.h"

#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace {

const QString kCommand = QStringLiteral("run");

QString resultLine(const RunResult &r)
{
    const QString status = r.status > 0 ? QString::number(r.status) : QStringLiteral("---");
    QString line = QStringLiteral("%1  %2  %3  %4 %5")
                       .arg(r.passed ? QStringLiteral("PASS") : QStringLiteral("FAIL"), status, r.displayName(),
                            r.method, r.url);
    if (r.ms > 0)
        line += QStringLiteral("  (%1 ms)").arg(r.ms, 0, 'f', 0);
    if (!r.passed)
        line += QStringLiteral("  %1").arg(r.message);
    return line;
}

int run(const QCommandLineParser &parser)
{
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1)
        return CliIo::usageError(kCommand,
                                 positional.isEmpty() ? QStringLiteral("a COLLECTION.json is required")
                                                      : QStringLiteral("give exactly one COLLECTION.json"));
    const QString path = positional.first();
    SecretStore secrets;
    // Headless: waiting for the keychain's answer here blocks no window.
    secrets.waitForReady();
    if (!secrets.isUsable())
        CliIo::err(QStringLiteral("hookbench run: secret values may be missing: %1").arg(secrets.errorString()));
    Collection collection;
    CollectionFileError fileError;
    if (!CollectionFile::read(path, &collection, &secrets, &fileError))
        return CliIo::usageError(kCommand, fileError.toString());

    TemplateVariables environment;
    if (parser.isSet(QStringLiteral("env"))) {
        const QString name = parser.value(QStringLiteral("env"));
        if (const Environment *found = collection.findEnvironment(name)) {
            environment = found->toVariables();
        } else if (QFileInfo(name).isFile()) {
            QFile file(name);
            QString error;
            if (!file.open(QIODevice::ReadOnly))
                return CliIo::usageError(kCommand, QStringLiteral("--env %1: %2").arg(name, file.errorString()));
            if (!TemplateEngine::variablesFromJson(file.readAll(), &environment, &error))
                return CliIo::usageError(kCommand, QStringLiteral("--env %1: %2").arg(name, error));
        } else {
            QStringList names;
            for (const Environment &e : collection.environments)
                names.append(e.name);
            return CliIo::usageError(
                kCommand,
                QStringLiteral("--env %1: no such environment in the collection (%2) and no such file")
                    .arg(name,
                         names.isEmpty() ? QStringLiteral("it has none")
                                         : QStringLiteral("it has ") + names.join(QStringLiteral(", "))));
        }
    }

    AppServices::Options serviceOptions; // the sender only: a run records no history
    serviceOptions.captureStore = false;
    serviceOptions.listener = false;
    serviceOptions.history = false;
    serviceOptions.collections = false;
    AppServices services(serviceOptions);
    CollectionRunner runner(services.sender());
    runner.setCollection(collection);
    runner.setEnvironment(environment);
    QString error;
    if (!runner.select(parser.value(QStringLiteral("folder")), parser.value(QStringLiteral("request")), &error))
        return CliIo::usageError(kCommand, error);
    if (runner.plannedCount() == 0)
        return CliIo::usageError(kCommand, QStringLiteral("%1: nothing to run (no requests)").arg(path));

    QObject::connect(&runner, &CollectionRunner::requestFinished, &runner,
                     [](const RunResult &result) { CliIo::out(resultLine(result).toUtf8()); });
    QEventLoop loop;
    RunSummary summary;
    QObject::connect(&runner, &CollectionRunner::finished, &loop, [&](const RunSummary &done) {
        summary = done;
        loop.quit();
    });
    runner.start();
    loop.exec();
    CliIo::out(summary.toText().toUtf8());

    if (parser.isSet(QStringLiteral("junit"))) {
        const QString junitPath = parser.value(QStringLiteral("junit"));
        QSaveFile junit(junitPath);
        const QString suite = collection.name.isEmpty() ? QFileInfo(path).completeBaseName() : collection.name;
        if (!junit.open(QIODevice::WriteOnly)
            || junit.write(CollectionRunner::junitXml(suite, runner.results(), summary)) < 0 || !junit.commit()) {
            CliIo::err(
                QStringLiteral("hookbench run: cannot write --junit %1: %2").arg(junitPath, junit.errorString()));
            return ExitFailure;
        }
    }
    return summary.allPassed() ? ExitOk : ExitFailure;
}

} // namespace

CliCommand runCommand()
{
    CliCommand command;
    command.name = QStringLiteral("run");
    command.synopsis = QStringLiteral(
        "run COLLECTION.json [--folder NAME] [--request NAME] [--env NAME] [--junit FILE]");
    command.description = QStringLiteral("Run a collection's requests in order and report the results.");
    command.declareOptions = [](QCommandLineParser &parser) {
        parser.addPositionalArgument(QStringLiteral("COLLECTION.json"), QStringLiteral("The collection to run."));
        parser.addOptions({
            {QStringLiteral("folder"), QStringLiteral("Run only this folder."), QStringLiteral("NAME")},
            {QStringLiteral("request"), QStringLiteral("Run only this request."), QStringLiteral("NAME")},
            {QStringLiteral("env"), QStringLiteral("Environment name, or a JSON file of variables."),
             QStringLiteral("NAME")},
            {QStringLiteral("junit"), QStringLiteral("Write JUnit XML to FILE."), QStringLiteral("FILE")},
        });
    };
    command.run = run;
    return command;
}
