#include "core/app/datapaths.h"

#include <QDir>
#include <QStandardPaths>

QString DataPaths::dataDir()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
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
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/drafts.json");
}

QString DataPaths::collectionsDir()
{
    const QString dir = collectionsLocation();
    QDir().mkpath(dir);
    return dir;
}

QString DataPaths::collectionsLocation()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/collections");
}
