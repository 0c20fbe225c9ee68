#pragma once

#include "core/app/workerthread.h"
#include "core/collections/collection.h"
#include "core/collections/collectionfile.h"
#include "core/collections/formats/postmanimporter.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>

class SecretStore;

// Reads and writes collection files on a thread of its own, so the window never waits on a
// slow disk, a network home folder or a file that blocks when read (a FIFO). Jobs run one at
// a time in the order they were asked for: two saves of one file land in that order, and a
// read sees every write asked for before it. Each job's callback runs afterwards on the
// thread that owns this object, in the same order.
//
// The SecretStore belongs to the owner's thread and is only touched there, as each result
// comes back: a read's collection gets its secrets then, and a write's secret changes
// (CollectionFile::writeDocument) are applied then, in step with the files. So a secret
// removed after a save (removeSecrets) is not brought back by that save's late result.
class CollectionIo final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CollectionIo)

public:
    struct Read {
        QString path;
        Collection collection; // with its secrets, when read
        CollectionFileError error;
        bool missing = false; // the file is not there (any more)

        bool ok() const { return !error.isError(); }
    };
    struct Written {
        QString path;
        QString error; // empty: written

        bool ok() const { return error.isEmpty(); }
    };

    // folder: where create() puts new collection files (made when first needed).
    CollectionIo(SecretStore *secrets, const QString &folder, QObject *parent = nullptr);
    // Waits for every job asked for (a save is never cut short; a read that blocks holds this
    // up too) and applies their secret changes; callbacks not yet run are dropped.
    ~CollectionIo() override;

    QString folder() const { return m_folder; }
    // A job is queued or running, or its callback has not run yet (a callback that asks for
    // another job keeps this true in between).
    bool isBusy() const { return m_pending > 0; }

    // The folder's *.json files by name, then those of `others` (files opened from elsewhere)
    // not among them.
    void list(const QStringList &others, std::function<void(const QStringList &paths)> done);
    void read(const QString &path, std::function<void(const Read &)> done);
    // CollectionFile::write: atomic, and never over a file that does not parse.
    void write(const QString &path, const Collection &collection, std::function<void(const Written &)> done = {});
    // A new file in the folder named after the collection ("Orders API" → orders-api.json,
    // orders-api-2.json when that is taken). Give the collection its ids first.
    void create(const Collection &collection, std::function<void(const Written &)> done);
    // To the trash, or renamed *.deleted where there is none.
    void moveToTrash(const QString &path);
    // SecretStore::removePrefix, in order with the writes asked for before it.
    void removeSecrets(const QString &prefix);
    // A Postman v2.1 file as a collection; a file that cannot be read says why in `error`.
    void importPostman(const QString &path, std::function<void(const PostmanImporter::Result &)> done);
    // The collection as Postman v2.1 JSON (secrets included: Postman needs them), atomically.
    void exportPostman(const QString &path, const Collection &collection,
                       std::function<void(const QString &error)> done);

private:
    template <typename Result>
    void post(std::function<Result()> work, std::function<void(Result &)> settle,
              std::function<void(const Result &)> done);

    SecretStore *m_secrets;
    QString m_folder;
    WorkerThread<QObject> m_thread;
    QObject *m_worker; // lives on m_thread: the context its jobs are queued to
    int m_pending = 0;
    bool m_closing = false;
};
