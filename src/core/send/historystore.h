#pragma once

#include "core/app/workerthread.h"
#include "core/send/outgoingrequest.h"
#include "core/send/sendresult.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>

#include <memory>

class HistoryWorker;

// One line of the history list: cheap to load by the hundred.
struct HistorySummary {
    qint64 id = 0;
    QDateTime sentAt; // UTC
    QByteArray method;
    QString url;
    int status = 0;
    SendError error = SendError::None;
    QString errorText;
    double totalMs = 0;
    qint64 responseSize = 0;
    int attempt = 1;
};

// One send, as recorded: the request exactly as sent (after expansion and signing)
// and what came back.
struct HistoryEntry {
    qint64 id = 0; // 0: not found
    QDateTime sentAt;
    int attempt = 1;
    OutgoingRequest request;
    SendResult result;
    qint64 requestBodySize = 0;  // as sent; the stored body is cut at kMaxStoredRequestBody
    qint64 responseBodySize = 0; // as received; the stored body is cut at kMaxStoredResponseBody

    bool isValid() const { return id > 0; }
};

// The send history: SQLite (WAL) at DataPaths::historyStoreFile() or a given file, opened
// through SqliteDatabase (schema in PRAGMA user_version). All SQL runs on the store's own
// thread (HistoryWorker): record() only queues, and the queued sends are committed in groups
// (one transaction each, at most HistoryWorker::kGroupMs later); queries answer through
// signals, and see everything recorded before them, so the GUI thread never waits on the disk.
// A file SQLite calls damaged is set aside (SqliteDatabase::setAside), reported through
// errorOccurred(), and a new one is started; a file from a newer Hookbench is read but
// nothing is written to it.
class HistoryStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryStore)

public:
    static constexpr qint64 kMaxStoredRequestBody = 16 * 1024 * 1024;
    static constexpr qint64 kMaxStoredResponseBody = 1024 * 1024;

    explicit HistoryStore(QObject *parent = nullptr); // DataPaths::historyStoreFile()
    explicit HistoryStore(const QString &fileName, QObject *parent = nullptr);
    ~HistoryStore() override; // commits what is queued, then stops its thread

    QString fileName() const { return m_fileName; }

    // Queues one send; returns at once. committed() follows with its id. Any thread may call
    // it (a SendLane records from its own); a crash loses at most the group not yet committed.
    void record(const OutgoingRequest &request, const SendResult &result, int attempt = 1);
    // Newest first; search matches method, URL, status, error text, request headers and
    // body (case-insensitive for ASCII). listed() answers with the returned ticket.
    quint64 list(const QString &search = {}, int limit = 200);
    // loaded() answers with the returned ticket; an invalid entry when there is no such id.
    quint64 load(qint64 id);
    void remove(qint64 id);
    void clear();
    // Keeps only the newest `maxCount` sends (0: all of them), from the next write on; any thread.
    void setLimit(int maxCount);

    // Blocking conveniences for the CLI and tests; never call them on the GUI thread.
    void waitForCommitted(); // everything record()ed so far is on disk
    QList<HistorySummary> listNow(const QString &search = {}, int limit = 200);
    HistoryEntry loadNow(qint64 id);
    bool isWritable(); // opened and not read-only

Q_SIGNALS:
    void committed(const QList<qint64> &ids);
    void listed(quint64 ticket, const QList<HistorySummary> &rows);
    void loaded(quint64 ticket, const HistoryEntry &entry);
    void changed(); // removed or cleared
    void errorOccurred(const QString &message);

private:
    HistoryWorker *worker() const;

    QString m_fileName;
    std::unique_ptr<WorkerThread<HistoryWorker>> m_thread;
    quint64 m_nextTicket = 1;
};

Q_DECLARE_METATYPE(HistorySummary)
Q_DECLARE_METATYPE(HistoryEntry)
