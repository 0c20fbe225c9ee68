#pragma once

#include "core/app/workerthread.h"
#include "core/capture/capture.h"
#include "core/capture/capturesummary.h"
#include "core/capture/replaydelivery.h"

#include <QList>
#include <QMutex>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <atomic>
#include <memory>

class CaptureBackend;

// The capture store: its file, the reads and edits the window needs, and retention,
// on its own thread. Captures are written by CaptureWriter on the listener's thread,
// which announces each durable batch here (`committed`); the listener answers 2xx
// only after that commit.
class CaptureStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CaptureStore)

public:
    explicit CaptureStore(QObject *parent = nullptr);
    ~CaptureStore() override; // flushes what is queued, then stops the thread

    // Blocking open, for the CLI and tests. The GUI uses openAsync().
    bool open(const QString &file, QString *error, QString *notice = nullptr);
    void openAsync(const QString &file);
    QString fileName() const;
    // The store as the user should see it: the file, or a server URI without its password.
    QString displayName() const;
    // The file once an open queued before this call has finished, "" if it failed.
    // Any thread but the store's own.
    QString openedFileName() const;

    // For CaptureWriter, from any thread.
    void announceCommitted(const QList<Capture> &captures);
    void reportCommitFailed(const QString &error);
    void requestCheckpoint(); // copies the WAL into the database file on the store thread

    void setRetention(int maxCount, int maxAgeDays);

    // Stores forwards' outcomes (one transaction), then forwardsRecorded; any thread.
    void recordForwards(const QList<ForwardOutcome> &outcomes);
    // Stores a replay's outcome with its capture, then deliveryRecorded (with its id) or
    // deliveryNotRecorded (the capture was deleted meanwhile, or the store failed); any thread.
    void recordDelivery(const ReplayDelivery &delivery);
    // A fresh token for requestCaptures() and requestDeliveries(): the results are signalled
    // to every listener, so each caller must be able to tell its own.
    quint64 nextToken() { return ++m_nextToken; }
    // For windows: also announce captures that other connections commit into a shared
    // store (other listeners, other machines), as the database pushes them (arrived).
    void watchArrivals();

    // Asynchronous reads and edits; results arrive as signals on the caller's thread.
    void requestSummaries(); // all of them, in batches through summariesLoaded, then summariesDone
    void requestCapture(qint64 seq);
    void requestCaptures(quint64 token, const QList<qint64> &seqs); // those still stored, in seq order
    void requestSearch(quint64 token, const QString &text);
    void requestDeliveries(quint64 token, qint64 captureSeq); // oldest first, through deliveriesLoaded
    void removeCaptures(const QList<qint64> &seqs);
    void removeAll();

Q_SIGNALS:
    void opened(bool ok, const QString &error, const QString &notice);
    void committed(const QList<Capture> &captures);
    void commitFailed(const QString &error);
    void forwardsRecorded(const QList<ForwardOutcome> &outcomes);
    void deliveryRecorded(const ReplayDelivery &delivery);
    void deliveryNotRecorded(const ReplayDelivery &delivery, const QString &error);
    void deliveriesLoaded(quint64 token, qint64 captureSeq, const QList<ReplayDelivery> &deliveries);
    void summariesLoaded(const QList<CaptureSummary> &summaries);
    void summariesDone();
    void captureLoaded(const Capture &capture);
    void capturesLoaded(quint64 token, const QList<Capture> &captures);
    void searchFinished(quint64 token, const QSet<qint64> &seqs);
    void removed(const QList<qint64> &seqs);
    void retentionApplied(int removedCount);
    void cleared();
    // Captures committed by any writer of a shared store, seen through watchArrivals();
    // may repeat ones announced by committed() (the model skips those).
    void arrived(const QList<CaptureSummary> &summaries);
    // A shared store's connection was lost (with why) or is back; once back, captures
    // committed meanwhile were not announced: read the summaries again.
    void connectionChanged(bool connected, const QString &error);

private:
    void applyRetention(int maxCount, int maxAgeDays); // store thread
    bool openOnStoreThread(const QString &file, QString *error, QString *notice);
    QObject *worker() const { return m_thread->worker(); }
    bool storeIsOpen() const; // store thread
    void startWatching();     // store thread
    void checkConnection();   // store thread
    void loadArrivals();      // store thread

    std::unique_ptr<CaptureBackend> m_db;            // store thread only; made by open()
    QTimer *m_walIdle = nullptr;                     // store thread: tidies the store once writes pause
    QTimer *m_health = nullptr;                      // store thread: a shared store's connection check
    QTimer *m_arrivals = nullptr;                    // store thread: groups notifications into one read
    bool m_watching = false;                         // store thread
    bool m_connected = true;                         // store thread
    QString m_connectionError;                       // store thread
    qint64 m_arrivedFirst = 0, m_arrivedLast = 0;    // store thread: the seqs notified, not read yet
    std::unique_ptr<WorkerThread<QObject>> m_thread; // stopped first thing in the destructor

    mutable QMutex m_mutex;
    QString m_fileName;
    QString m_displayName;
    int m_retentionCount = 0;
    int m_retentionDays = 0;
    qint64 m_writesSinceRetention = 0;
    std::atomic_bool m_checkpointQueued = false;
    std::atomic<quint64> m_nextToken = 0;
};
