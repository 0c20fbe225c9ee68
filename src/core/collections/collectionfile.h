#pragma once

#include "core/collections/collection.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

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
//
// The SecretStore belongs to one thread, so read() and write() come in halves as well: the
// file's part, which may run on another thread (CollectionIo's), and the store's part.
namespace CollectionFile {

inline constexpr int kSchemaVersion = 1;
inline constexpr QLatin1StringView kSuffix(".hookbench.json");

// What writing a collection does to the SecretStore, in order: a value to keep, or nullopt
// to forget one (the field is empty now, or only a {{variable}} reference).
struct SecretChange {
    QString key;
    std::optional<QString> value;
};
using SecretChanges = QList<SecretChange>;

QByteArray toJson(const Collection &collection, SecretStore *secrets);
// The same file, its secrets listed in *secrets instead of handed to a store.
QByteArray toJsonAndSecrets(const Collection &collection, SecretChanges *secrets);
void applySecrets(const SecretChanges &changes, SecretStore *secrets);
bool fromJson(const QByteArray &json, Collection *collection, SecretStore *secrets, CollectionFileError *error);

bool read(const QString &path, Collection *collection, SecretStore *secrets, CollectionFileError *error);
// Gives the collection and its requests ids when they have none (hence non-const).
bool write(const QString &path, Collection &collection, SecretStore *secrets, QString *error);

// read() without the store: the file's JSON object once its syntax (line and column) and
// schema version are known to be good.
bool readDocument(const QString &path, QJsonObject *document, CollectionFileError *error);
// The collection in such a document, its secrets from the store (nullptr: none), which is
// reloaded first: another process may have changed it.
Collection fromDocument(const QJsonObject &document, SecretStore *secrets);
// write() without the store: *secrets gets what applySecrets() should do next. It gets
// nothing when the file was refused (a file that does not parse keeps its secrets) or could
// not be opened, and the changes when only the commit failed: write() has stored them by then.
bool writeDocument(const QString &path, Collection &collection, SecretChanges *secrets, QString *error);

// Renames a file that failed to parse to "<path>.broken-<UTC time>", so a fresh one can take
// its place; returns the new path, or an empty string with *error.
QString moveAside(const QString &path, QString *error);

// Whether a value is only a template reference ("{{token}}"), so may stay in the file.
bool isVariableReference(const QString &value);
} // namespace CollectionFile
