#include "core/app/datapaths.h"

#include "core/app/appinfo.h"
#include "core/app/logging.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace {

QString location()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QLatin1Char('/')
        + QLatin1String(AppInfo::kApplication);
}

// Hookbench 0.1 kept its data in AppDataLocation (.../Hookbench/hookbench). Moved once, as a
// whole, by a rename on the same file system; when that fails the old folder is used as it
// is, so nothing is ever left behind or copied half-way.
QString migratedLocation()
{
    const QString current = location();
    const QString old = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (old == current || QFileInfo::exists(current) || !QFileInfo(old).isDir())
        return current;
    QDir().mkpath(QFileInfo(current).absolutePath());
    if (QDir().rename(old, current)) {
        qCInfo(lcStore) << "moved the data folder from" << old << "to" << current;
        QDir().rmdir(QFileInfo(old).absolutePath()); // the organisation folder, when now empty
        return current;
    }
    qCWarning(lcStore) << "could not move the data folder from" << old << "to" << current << "; using it where it is";
    return old;
}

} // namespace

QString DataPaths::dataDir()
{
    const QString dir = migratedLocation();
    QDir().mkpath(dir);
    return dir;
}

QString DataPaths::captureStoreFile()
{
    return dataDir() + QStringLiteral("/captures.sqlite");
}

QString DataPaths::historyStoreFile()
{
    return dataDir() + QStringLiteral("/history.sqlite");
}

QString DataPaths::draftsFile()
{
    return migratedLocation() + QStringLiteral("/drafts.json");
}

QString DataPaths::collectionsDir()
{
    const QString dir = collectionsLocation();
    QDir().mkpath(dir);
    return dir;
}

QString DataPaths::collectionsLocation()
{
    return migratedLocation() + QStringLiteral("/collections");
}
