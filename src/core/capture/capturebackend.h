#pragma once

#include "core/capture/capture.h"
#include "core/capture/capturesummary.h"
#include "core/capture/replaydelivery.h"

#include <QList>
#include <QSet>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

// Where captures are kept, as the capture store's users see it: the store's thread, a
// listener's writer, export, replay and the CLI ask this, never SQLite itself.
// CaptureDatabase (an SQLite file, the embedded default) and CapturePostgres (a server
// database a team shares) implement it. A backend is used from one thread only.
class CaptureBackend
{
    Q_DISABLE_COPY_MOVE(CaptureBackend)

public:
    CaptureBackend() = default;
    virtual ~CaptureBackend() = default;

    // The backend for a store location: CapturePostgres for `postgresql://` URIs, else an
    // SQLite file.
    static std::unique_ptr<CaptureBackend> create(const QString &location);

    // The store's own connection: opens or creates the store. A damaged store that was set
    // aside (and replaced by a new one) is said in *notice; a newer schema is refused.
    virtual bool open(const QString &location, QString *error, QString *notice = nullptr) = 0;
    // For second connections (a listener's writer, export, replay): an existing store only,
    // never created nor set aside; what is wrong is said in *error.
    virtual bool openExisting(const QString &location, QString *error) = 0;
    virtual void close() = 0;
    virtual bool isOpen() const = 0;
    virtual QString fileName() const = 0; // the location as opened
    // The location for messages and the window (a server URI without its password).
    virtual QString displayName() const { return fileName(); }
    // A server that can go away and come back: the store thread watches the connection
    // (isOpen() turns false) and reopens it. Default: a local file.
    virtual bool isShared() const { return false; }

    // Writes all captures in one transaction and assigns their seq; on failure nothing is written.
    virtual bool insert(QList<Capture> &captures, QString *error) = 0;

    // Stores forwards' outcomes with their captures, in one transaction; a capture deleted
    // meanwhile is skipped.
    virtual bool recordForwards(const QList<ForwardOutcome> &outcomes, QString *error) = 0;

    // Stores a replay's outcome with its capture and sets delivery.id; false, with *error,
    // when the capture is no longer stored.
    virtual bool recordDelivery(ReplayDelivery &delivery, QString *error) = 0;
    // The capture's replays, oldest first.
    virtual QList<ReplayDelivery> deliveries(qint64 captureSeq) = 0;

    virtual std::optional<Capture> load(qint64 seq) = 0;
    virtual std::optional<Capture> loadById(const QString &id) = 0;
    virtual QList<CaptureSummary> summaries(qint64 afterSeq, int limit) = 0;
    // seqs whose headers, body, target or method contain `text` (case-insensitive for ASCII).
    virtual QSet<qint64> search(const QString &text) = 0;
    // Removing captures, by any of these, removes their deliveries too.
    virtual bool remove(const QList<qint64> &seqs) = 0;
    virtual bool removeAll() = 0;
    // Keeps the newest `maxCount` (0: no limit) and those younger than `maxAgeDays` (0: no limit).
    virtual int applyRetention(int maxCount, int maxAgeDays, qint64 nowMs) = 0;
    virtual qint64 count() = 0;
    // Calls `visit` for every capture, oldest first, until it returns false.
    virtual bool forEach(const std::function<bool(const Capture &)> &visit) = 0;

    // Housekeeping that a writer should not do itself (SQLite: copying the WAL back into the
    // file, with an fsync). A connection that only writes calls `request` when some is due,
    // so that another connection can run it on another thread (maintain()). Default: none.
    virtual void deferMaintenance(std::function<void()> request) { Q_UNUSED(request) }
    enum class Maintenance {
        WhileWriting, // what can be done beside the writers, never waiting for them
        Paused,       // writes have paused: tidy up fully (SQLite: empty the WAL file)
    };
    virtual void maintain(Maintenance kind) { Q_UNUSED(kind) }

    // Calls `arrived(firstSeq, lastSeq)` on this thread whenever any connection (another
    // listener, another machine) commits captures in that range, pushed by the database;
    // false when the backend cannot tell (a file: its own listeners announce their commits).
    virtual bool watchArrivals(std::function<void(qint64 firstSeq, qint64 lastSeq)> arrived)
    {
        Q_UNUSED(arrived)
        return false;
    }
};
