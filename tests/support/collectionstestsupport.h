#pragma once

#include "core/app/datapaths.h"
#include "core/collections/collectionfile.h"
#include "core/collections/collectionsworkspace.h"
#include "core/secrets/secretstore.h"

#include <QFile>
#include <QString>

// For tests that drive the Collections sidebar in a window. They prepare collection files
// before the window opens and wait (QTRY_*) for what the sidebar shows and writes, so they
// hold whether the sidebar reads and writes files at once or on a thread of its own.
namespace TestSupport {

// Writes `collection` into the data folder, its secrets into the secret store's file, as
// the window finds them when it opens; returns the file's path.
inline QString writeCollection(Collection collection)
{
    SecretStore secrets(SecretStore::defaultPath());
    const QString path = DataPaths::collectionsDir() + QLatin1Char('/') + collection.name.toLower()
        + QStringLiteral(".json");
    QString error;
    if (!CollectionFile::write(path, collection, &secrets, &error))
        qFatal("cannot write %s: %s", qPrintable(path), qPrintable(error));
    return path;
}

// The row of the collection called `name`, or -1 while the sidebar does not show it.
inline int collectionRow(const CollectionsWorkspace *workspace, const QString &name)
{
    for (int row = 0; row < workspace->collectionCount(); ++row) {
        if (workspace->collection(row).name == name)
            return row;
    }
    return -1;
}

inline QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// What the secret store's file holds for `key` now (a fresh store reads it again).
inline QString storedSecret(const QString &key)
{
    return SecretStore(SecretStore::defaultPath()).value(key);
}

} // namespace TestSupport
