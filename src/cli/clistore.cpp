#include "clistore.h"

#include "capture/capturedatabase.h"
#include "datapaths.h"

#include <QFileInfo>

bool CliStore::openForReading(const QCommandLineParser &parser, CaptureDatabase *database, QString *file,
                              QString *error)
{
    *file = parser.isSet(QStringLiteral("store")) ? parser.value(QStringLiteral("store")) : DataPaths::captureStoreFile();
    if (!QFileInfo::exists(*file)) {
        *error = QStringLiteral("no capture store at %1").arg(*file);
        return false;
    }
    return database->open(*file, error, nullptr, CaptureDatabase::Repair::Never);
}
