#pragma once

#include "core/send/historyinsert.h"
#include "core/send/historystore.h"
#include "core/storage/sqlitedatabase.h"

#include <QList>
#include <QMutex>
#include <QObject>

#include <atomic>
#include <memory>

class QTimer;

// The history's connection and every statement it runs, on the store's thread only
// (HistoryStore owns the thread). Recorded sends wait in a queue and are written in
// groups: one transaction per group, at most kGroupMs after the first of them.
class HistoryWorker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryWorker)

public:
    // How long recorded sends may wait to share a transaction. A commit costs about as much
    // as a few dozen rows; a send under a flood finishes every few dozen microseconds.
    static constexpr int kGroupMs = 100;

    static const SqliteDatabase::Schema &schema();

    HistoryWorker(HistoryStore *store, const QString &fileName); // on the owner's thread, before the move
    ~HistoryWorker() override;

    // Any thread: queues one send. Only the first of a group wakes the store's thread.
    void enqueue(HistoryInsert::Row row);

    // The store's thread.
    void open();
    void close(); // writes what is queued, then closes
    void drain(); // writes what is queued now
    QList<HistorySummary> list(const QString &search, int limit);
    HistoryEntry load(qint64 id);
    bool execute(const QString &sql, qint64 id = -1); // a write, after what is queued
    bool isWritable() const { return m_insert != nullptr; }
    // Any thread: keep only the newest `maxCount` sends (0: all), applied after each group.
    void setLimit(int maxCount) { m_limit = qMax(0, maxCount); }

private:
    enum class Logged { Not, Already };
    void report(const QString &message, Logged logged = Logged::Not);

    HistoryStore *const m_store;
    const QString m_fileName;
    SqliteDatabase m_db;
    std::unique_ptr<HistoryInsert> m_insert; // only while the file is writable
    QTimer *m_group;                         // lives with this object: ends the grouping wait

    QMutex m_mutex;
    QList<HistoryInsert::Row> m_pending;
    bool m_drainScheduled = false;
    std::atomic_int m_limit = 0;
    void applyLimit();
};
