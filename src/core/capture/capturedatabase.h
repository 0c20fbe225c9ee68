#pragma once

#include "core/capture/capture.h"
#include "core/capture/capturesummary.h"

#include <QList>
#include <QSet>
#include <QSqlDatabase>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

class CaptureInsert;

// The capture store's SQLite file: schema, migrations and every query. Used from
// one thread only (CaptureStore's worker, or the CLI's main thread).
class CaptureDatabase final
{
    Q_DISABLE_COPY_MOVE(CaptureDatabase)

public:
    static constexpr int kSchemaVersion = 2;

    CaptureDatabase();
    ~CaptureDatabase();

    // Opens or creates `file`. A file that is not a readable capture store is
    // renamed aside (`<file>.corrupt-<time>`), reported in *notice, and a new
    // store is created; a store from a newer Hookbench is refused untouched.
    bool open(const QString &file, QString *error, QString *notice = nullptr);
    // For second connections (a listener's writer, export, replay): an existing store
    // only, never created nor set aside (another connection may be using it); what is
    // wrong is said in *error.
    bool openExisting(const QString &file, QString *error);
    void close();
    bool isOpen() const;
    QString fileName() const { return m_file; }

    // Writes all captures in one transaction and assigns their seq.
    bool insert(QList<Capture> &captures, QString *error);
    // For a connection that only writes: its commits no longer checkpoint the WAL but
    // call `request`, so another connection can do it on another thread (checkpoint()).
    void deferCheckpoints(std::function<void()> request);
    enum class Checkpoint {
        Passive,  // copies what it can beside the writer, never waits for it
        Truncate, // for a pause in writing: copies everything and empties the WAL file
    };
    void checkpoint(Checkpoint mode);

    std::optional<Capture> load(qint64 seq);
    std::optional<Capture> loadById(const QString &id);
    QList<CaptureSummary> summaries(qint64 afterSeq, int limit);
    // seqs whose headers, body, target or method contain `text` (case-insensitive for ASCII).
    QSet<qint64> search(const QString &text);
    bool remove(const QList<qint64> &seqs);
    bool removeAll();
    // Keeps the newest `maxCount` (0: no limit) and those younger than `maxAgeDays` (0: no limit).
    int applyRetention(int maxCount, int maxAgeDays, qint64 nowMs);
    qint64 count();
    // Calls `visit` for every capture, oldest first, paging through the table.
    bool forEach(const std::function<bool(const Capture &)> &visit);

private:
    enum class Repair { SetAside, Never };
    bool openFile(const QString &file, QString *error, QString *notice, Repair repair);
    bool createOrMigrate(QString *error);
    bool prepareInsert(QString *error);
    Capture fromCurrentRow(const class QSqlQuery &query) const;

    QString m_connection;
    QString m_file;
    std::unique_ptr<CaptureInsert> m_insert;
};

// Header lists are stored as a compact length-prefixed blob: values may hold any
// byte (obs-text), which JSON or text columns could not keep exactly.
namespace HeaderBlob {
QByteArray encode(const HeaderList &headers);
HeaderList decode(const QByteArray &blob);
} // namespace HeaderBlob
