#include "cli/clicommand.h"
#include "cli/cliio.h"
#include "cli/cliparse.h"
#include "core/capture/capturebackend.h"
#include "core/capture/captureexport.h"

#include <QFile>
#include <QSaveFile>

namespace {
const QString kName = QStringLiteral("export");

int runExport(const QCommandLineParser &parser)
{
    CaptureExport::Format format = CaptureExport::Format::JsonLines;
    if (parser.isSet(QStringLiteral("format"))
        && !CaptureExport::parseFormat(parser.value(QStringLiteral("format")), &format))
        return CliIo::usageError(
            kName, QStringLiteral("--format is jsonl or har, not '%1'").arg(parser.value(QStringLiteral("format"))));
    const QString storeFile = CliParse::storeFile(parser);
    const std::unique_ptr<CaptureBackend> store = CaptureBackend::create(storeFile);
    CaptureBackend &database = *store;
    QString error;
    if (!database.openExisting(storeFile, &error)) {
        CliIo::err(QStringLiteral("hookbench export: %1").arg(error));
        return ExitUsage;
    }

    qint64 written = 0;
    if (parser.isSet(QStringLiteral("output"))) {
        // Atomic: an interrupted export never leaves a half file where a good one was.
        QSaveFile file(parser.value(QStringLiteral("output")));
        if (!file.open(QIODevice::WriteOnly)) {
            CliIo::err(
                QStringLiteral("hookbench export: cannot write %1: %2").arg(file.fileName(), file.errorString()));
            return ExitUsage;
        }
        if (!CaptureExport::write(database, format, &file, &error, &written) || !file.commit()) {
            CliIo::err(QStringLiteral("hookbench export: %1").arg(error.isEmpty() ? file.errorString() : error));
            return ExitFailure;
        }
        CliIo::err(QStringLiteral("Exported %1 captures to %2").arg(written).arg(file.fileName()));
        return ExitOk;
    }
    QFile out;
    if (!out.open(stdout, QIODevice::WriteOnly) || !CaptureExport::write(database, format, &out, &error, &written)) {
        CliIo::err(QStringLiteral("hookbench export: %1").arg(error));
        return ExitFailure;
    }
    return ExitOk;
}
} // namespace

CliCommand exportCommand()
{
    CliCommand command;
    command.name = kName;
    command.synopsis = QStringLiteral("export [--store FILE|URL] [--format jsonl|har] [--output FILE]");
    command.description = QStringLiteral("Export stored captures as JSON Lines or HAR 1.2.");
    command.declareOptions = [](QCommandLineParser &parser) {
        parser.addOptions({
            CliParse::storeOption(),
            {QStringLiteral("format"), QStringLiteral("jsonl (default) or har."), QStringLiteral("FORMAT")},
            {QStringLiteral("output"), QStringLiteral("Write to FILE instead of stdout."), QStringLiteral("FILE")},
        });
    };
    command.run = runExport;
    return command;
}
