#include "core/send/historystore.h"

#include "core/app/datapaths.h"
#include "core/send/historyworker.h"

HistoryStore::HistoryStore(QObject *parent)
    : HistoryStore(DataPaths::historyStoreFile(), parent)
{ }

HistoryStore::HistoryStore(const QString &fileName, QObject *parent)
    : QObject(parent)
    , m_fileName(fileName)
    , m_thread(std::make_unique<WorkerThread<HistoryWorker>>(new HistoryWorker(this, fileName),
                                                             QStringLiteral("history store")))
{
    m_thread->setFinisher([](HistoryWorker *worker) { worker->close(); }); // commits what is queued
    QMetaObject::invokeMethod(
        worker(), [worker = worker()] { worker->open(); }, Qt::QueuedConnection);
}

void HistoryStore::setLimit(int maxCount)
{
    worker()->setLimit(maxCount);
}

HistoryWorker *HistoryStore::worker() const
{
    return m_thread->worker();
}

HistoryStore::~HistoryStore()
{
    m_thread->stop();
}

void HistoryStore::record(const OutgoingRequest &request, const SendResult &result, int attempt)
{
    worker()->enqueue({request, result, attempt});
}

quint64 HistoryStore::list(const QString &search, int limit)
{
    const quint64 ticket = m_nextTicket++;
    QMetaObject::invokeMethod(
        worker(),
        [this, worker = worker(), ticket, search, limit] {
            worker->drain(); // what was recorded before the question is part of the answer
            const QList<HistorySummary> rows = worker->list(search, limit);
            QMetaObject::invokeMethod(
                this, [this, ticket, rows] { Q_EMIT listed(ticket, rows); }, Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
    return ticket;
}

quint64 HistoryStore::load(qint64 id)
{
    const quint64 ticket = m_nextTicket++;
    QMetaObject::invokeMethod(
        worker(),
        [this, worker = worker(), ticket, id] {
            worker->drain();
            const HistoryEntry entry = worker->load(id);
            QMetaObject::invokeMethod(
                this, [this, ticket, entry] { Q_EMIT loaded(ticket, entry); }, Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
    return ticket;
}

void HistoryStore::remove(qint64 id)
{
    QMetaObject::invokeMethod(
        worker(),
        [this, worker = worker(), id] {
            if (worker->execute(QStringLiteral("DELETE FROM sends WHERE id = ?"), id))
                QMetaObject::invokeMethod(
                    this, [this] { Q_EMIT changed(); }, Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

void HistoryStore::clear()
{
    QMetaObject::invokeMethod(
        worker(),
        [this, worker = worker()] {
            if (worker->execute(QStringLiteral("DELETE FROM sends")))
                QMetaObject::invokeMethod(
                    this, [this] { Q_EMIT changed(); }, Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

void HistoryStore::waitForCommitted()
{
    QMetaObject::invokeMethod(
        worker(), [worker = worker()] { worker->drain(); }, Qt::BlockingQueuedConnection);
}

QList<HistorySummary> HistoryStore::listNow(const QString &search, int limit)
{
    QList<HistorySummary> rows;
    QMetaObject::invokeMethod(
        worker(),
        [&rows, worker = worker(), search, limit] {
            worker->drain();
            rows = worker->list(search, limit);
        },
        Qt::BlockingQueuedConnection);
    return rows;
}

HistoryEntry HistoryStore::loadNow(qint64 id)
{
    HistoryEntry entry;
    QMetaObject::invokeMethod(
        worker(),
        [&entry, worker = worker(), id] {
            worker->drain();
            entry = worker->load(id);
        },
        Qt::BlockingQueuedConnection);
    return entry;
}

bool HistoryStore::isWritable()
{
    bool writable = false;
    QMetaObject::invokeMethod(
        worker(), [&writable, worker = worker()] { writable = worker->isWritable(); }, Qt::BlockingQueuedConnection);
    return writable;
}
