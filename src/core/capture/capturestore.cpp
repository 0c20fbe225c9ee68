#include "capturestore.h"

#include "capturedatabase.h"
#include "logging.h"

#include <QDateTime>

namespace {
constexpr int kSummaryBatch = 5000;
// Retention runs after this many inserts, so a flood pays for it rarely.
constexpr int kRetentionEvery = 1000;
} // namespace

CaptureStore::CaptureStore(QObject *parent)
    : QObject(parent)
    , m_worker(new QObject)
    , m_db(new CaptureDatabase)
{
    qRegisterMetaType<Capture>();
    qRegisterMetaType<QList<Capture>>();
    qRegisterMetaType<CaptureSummary>();
    qRegisterMetaType<QList<CaptureSummary>>();
    qRegisterMetaType<QSet<qint64>>();
    m_thread.setObjectName(QStringLiteral("capture-store"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

CaptureStore::~CaptureStore()
{
    flush();
    QMetaObject::invokeMethod(
        m_worker, [db = m_db] { delete db; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

bool CaptureStore::open(const QString &file, QString *error, QString *notice)
{
    bool ok = false;
    QMetaObject::invokeMethod(
        m_worker, [&] { ok = m_db->open(file, error, notice); }, Qt::BlockingQueuedConnection);
    if (ok) {
        QMutexLocker lock(&m_mutex);
        m_fileName = file;
    }
    return ok;
}

void CaptureStore::openAsync(const QString &file)
{
    QMetaObject::invokeMethod(m_worker, [this, file] {
        QString error, notice;
        const bool ok = m_db->open(file, &error, &notice);
        if (ok) {
            QMutexLocker lock(&m_mutex);
            m_fileName = file;
        }
        Q_EMIT opened(ok, error, notice);
    });
}

QString CaptureStore::fileName() const
{
    QMutexLocker lock(&const_cast<CaptureStore *>(this)->m_mutex);
    return m_fileName;
}

void CaptureStore::append(const Capture &capture)
{
    QMutexLocker lock(&m_mutex);
    m_pending.append(capture);
    if (m_writeScheduled)
        return;
    m_writeScheduled = true;
    lock.unlock();
    // Everything appended until the store thread gets to this goes into one transaction.
    QMetaObject::invokeMethod(m_worker, [this] { writePending(); });
}

void CaptureStore::writePending()
{
    QList<Capture> batch;
    {
        QMutexLocker lock(&m_mutex);
        batch.swap(m_pending);
        m_writeScheduled = false;
    }
    if (batch.isEmpty())
        return;
    QString error;
    if (!m_db->isOpen() || !m_db->insert(batch, &error)) {
        if (error.isEmpty())
            error = QStringLiteral("the capture store is not open");
        qCWarning(lcStore).noquote() << "commit failed:" << error;
        Q_EMIT commitFailed(error);
        // Still hand the captures on: the listener must answer (it answers 500, see
        // Listener), and the user must see them even though they were not kept.
        for (Capture &c : batch)
            c.seq = 0;
    }
    qCDebug(lcStore) << "committed a batch of" << batch.size();
    Q_EMIT committed(batch);

    int retentionCount = 0, retentionDays = 0;
    {
        QMutexLocker lock(&m_mutex);
        m_writesSinceRetention += batch.size();
        if (m_writesSinceRetention < kRetentionEvery || (m_retentionCount == 0 && m_retentionDays == 0))
            return;
        m_writesSinceRetention = 0;
        retentionCount = m_retentionCount;
        retentionDays = m_retentionDays;
    }
    if (const int removedCount =
            m_db->applyRetention(retentionCount, retentionDays, QDateTime::currentMSecsSinceEpoch()))
        Q_EMIT retentionApplied(removedCount);
}

void CaptureStore::flush()
{
    if (QThread::currentThread() == &m_thread) {
        writePending();
        return;
    }
    QMetaObject::invokeMethod(
        m_worker, [this] { writePending(); }, Qt::BlockingQueuedConnection);
}

void CaptureStore::setRetention(int maxCount, int maxAgeDays)
{
    {
        QMutexLocker lock(&m_mutex);
        m_retentionCount = maxCount;
        m_retentionDays = maxAgeDays;
    }
    QMetaObject::invokeMethod(m_worker, [this, maxCount, maxAgeDays] {
        if (!m_db->isOpen() || (maxCount == 0 && maxAgeDays == 0))
            return;
        Q_EMIT retentionApplied(m_db->applyRetention(maxCount, maxAgeDays, QDateTime::currentMSecsSinceEpoch()));
    });
}

void CaptureStore::requestSummaries()
{
    QMetaObject::invokeMethod(m_worker, [this] {
        qint64 after = 0;
        if (m_db->isOpen()) {
            for (;;) {
                const QList<CaptureSummary> batch = m_db->summaries(after, kSummaryBatch);
                if (batch.isEmpty())
                    break;
                after = batch.constLast().seq;
                Q_EMIT summariesLoaded(batch);
                if (batch.size() < kSummaryBatch)
                    break;
            }
        }
        Q_EMIT summariesDone();
    });
}

void CaptureStore::requestCapture(qint64 seq)
{
    QMetaObject::invokeMethod(m_worker, [this, seq] {
        if (const auto capture = m_db->isOpen() ? m_db->load(seq) : std::nullopt)
            Q_EMIT captureLoaded(*capture);
    });
}

void CaptureStore::requestSearch(quint64 token, const QString &text)
{
    QMetaObject::invokeMethod(m_worker, [this, token, text] {
        Q_EMIT searchFinished(token, m_db->isOpen() ? m_db->search(text) : QSet<qint64>());
    });
}

void CaptureStore::removeCaptures(const QList<qint64> &seqs)
{
    QMetaObject::invokeMethod(m_worker, [this, seqs] {
        if (m_db->isOpen() && m_db->remove(seqs))
            Q_EMIT removed(seqs);
    });
}

void CaptureStore::removeAll()
{
    QMetaObject::invokeMethod(m_worker, [this] {
        if (m_db->isOpen() && m_db->removeAll())
            Q_EMIT cleared();
    });
}
