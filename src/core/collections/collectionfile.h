#pragma once

#include "collection.h"

#include <QByteArray>
#include <QString>

class SecretStore;

// Where a collection file could not be read, in words: "/x/api.json, line 4, column 7: missing comma".
struct CollectionFileError {
    QString path;
    int line = 0;   // 1-based; 0 when the problem is not at a place (unreadable file)
    int column = 0; // 1-based, characters
    QString message;

    bool isError() const { return !message.isEmpty(); }
    QString toString() const;
};

// A collection as one JSON file: schema version first, keys in a fixed order, two-space
// indentation and a final newline, so a diff in git shows exactly what changed. Writes are
// atomic (QSaveFile). A file that does not parse is never overwritten: write() refuses to
// replace it, and it stays untouched until the user asks for moveAside().
//
// Secrets (secret environment variables, auth tokens and passwords, API keys, signing
// secrets) are never written into the file: they go to the SecretStore, keyed by the
// collection's and request's ids, and come back from it on read. A value that is only a
// {{variable}} reference is not a secret and stays in the file.
namespace CollectionFile {

inline constexpr int kSchemaVersion = 1;
inline constexpr QLatin1StringView kSuffix(".hookbench.json");

QByteArray toJson(const Collection &collection, SecretStore *secrets);
bool fromJson(const QByteArray &json, Collection *collection, SecretStore *secrets, CollectionFileError *error);

bool read(const QString &path, Collection *collection, SecretStore *secrets, CollectionFileError *error);
// Gives the collection and its requests ids when they have none (hence non-const).
bool write(const QString &path, Collection &collection, SecretStore *secrets, QString *error);

// Renames a file that failed to parse to "<path>.broken-<UTC time>", so a fresh one can take
// its place; returns the new path, or an empty string with *error.
QString moveAside(const QString &path, QString *error);

// Whether a value is only a template reference ("{{token}}"), so may stay in the file.
bool isVariableReference(const QString &value);
} // namespace CollectionFile
