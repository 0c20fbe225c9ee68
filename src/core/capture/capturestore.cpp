#include "core/capture/capturestore.h"

#include "core/capture/capturebackend.h"

#include <QDateTime>

#include <algorithm>

namespace {
constexpr int kSummaryBatch = 5000;
// Retention runs after this many inserts, so a flood pays for it rarely.
constexpr int kRetentionEvery = 1000;
// After a flood the WAL file may be tens of MB; cut back once writes pause this long.
constexpr int kWalIdleMs = 2000;
// A shared store's connection is looked at (no round trip) and, when lost, reopened this often.
constexpr int kHealthCheckMs = 500;
// Notifications that arrive together are read in one query.
constexpr int kArrivalsDelayMs = 50;
} // namespace

CaptureStore::CaptureStore(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<Capture>();
    qRegisterMetaType<QList<Capture>>();
    qRegisterMetaType<CaptureSummary>();
    qRegisterMetaType<QList<CaptureSummary>>();
    qRegisterMetaType<QSet<qint64>>();
    qRegisterMetaType<QList<ForwardOutcome>>();
    qRegisterMetaType<ReplayDelivery>();
    qRegisterMetaType<QList<ReplayDelivery>>();
    auto *worker = new QObject;
    m_walIdle = new QTimer(worker); // made before the move, so that it goes along
    m_walIdle->setSingleShot(true);
    m_walIdle->setInterval(kWalIdleMs);
    connect(m_walIdle, &QTimer::timeout, worker, [this] {
        if (storeIsOpen())
            m_db->maintain(CaptureBackend::Maintenance::Paused);
    });
    m_health = new QTimer(worker);
    m_health->setInterval(kHealthCheckMs);
    connect(m_health, &QTimer::timeout, worker, [this] { checkConnection(); });
    m_arrivals = new QTimer(worker);
    m_arrivals->setSingleShot(true);
    m_arrivals->setInterval(kArrivalsDelayMs);
    connect(m_arrivals, &QTimer::timeout, worker, [this] { loadArrivals(); });
    m_thread = std::make_unique<WorkerThread<QObject>>(worker, QStringLiteral("capture-store"));
    m_thread->setFinisher([this](QObject *) {
        m_walIdle->stop(); // its timeout could otherwise still run, on a closed store
        m_health->stop();
        m_arrivals->stop();
        m_db.reset();
    });
}

CaptureStore::~CaptureStore()
{
    m_thread->stop(); // runs what is queued, closes the store on its thread
}

bool CaptureStore::openOnStoreThread(const QString &file, QString *error, QString *notice)
{
    m_health->stop();
    m_db = CaptureBackend::create(file);
    const bool ok = m_db->open(file, error, notice);
    {
        QMutexLocker lock(&m_mutex);
        m_fileName = ok ? file : QString();
        m_displayName = m_db->displayName();
    }
    if (ok && m_db->isShared()) {
        m_connected = true;
        m_health->start();
        if (m_watching)
            startWatching();
    }
    return ok;
}

void CaptureStore::watchArrivals()
{
    QMetaObject::invokeMethod(worker(), [this] {
        m_watching = true;
        if (storeIsOpen())
            startWatching();
    });
}

void CaptureStore::startWatching()
{
    m_db->watchArrivals([this](qint64 first, qint64 last) {
        m_arrivedFirst = m_arrivedFirst ? qMin(m_arrivedFirst, first) : first;
        m_arrivedLast = qMax(m_arrivedLast, last);
        if (!m_arrivals->isActive())
            m_arrivals->start();
    });
}

void CaptureStore::loadArrivals()
{
    qint64 after = std::exchange(m_arrivedFirst, 0) - 1;
    const qint64 last = std::exchange(m_arrivedLast, 0);
    while (storeIsOpen() && after < last) {
        const QList<CaptureSummary> batch = m_db->summaries(after, int(qMin<qint64>(last - after, kSummaryBatch)));
        if (batch.isEmpty())
            break;
        after = batch.constLast().seq;
        Q_EMIT arrived(batch);
    }
}

void CaptureStore::checkConnection()
{
    if (!m_db || m_db->isOpen())
        return;
    QString error;
    const bool ok = m_db->open(m_db->fileName(), &error);
    if (ok && m_watching)
        startWatching();
    // Said when lost (again if the reason changes) and every time it is back, since what
    // was committed in between was not announced.
    if (ok || m_connected || error != m_connectionError)
        Q_EMIT connectionChanged(ok, error);
    m_connected = ok;
    m_connectionError = error;
}

bool CaptureStore::storeIsOpen() const
{
    return m_db && m_db->isOpen();
}

bool CaptureStore::open(const QString &file, QString *error, QString *notice)
{
    bool ok = false;
    QMetaObject::invokeMethod(
        worker(), [&] { ok = openOnStoreThread(file, error, notice); }, Qt::BlockingQueuedConnection);
    return ok;
}

void CaptureStore::openAsync(const QString &file)
{
    QMetaObject::invokeMethod(worker(), [this, file] {
        QString error, notice;
        const bool ok = openOnStoreThread(file, &error, &notice);
        Q_EMIT opened(ok, error, notice);
    });
}

QString CaptureStore::fileName() const
{
    QMutexLocker lock(&m_mutex);
    return m_fileName;
}

QString CaptureStore::displayName() const
{
    QMutexLocker lock(&m_mutex);
    return m_displayName;
}

QString CaptureStore::openedFileName() const
{
    if (const QString file = fileName(); !file.isEmpty())
        return file;
    // An openAsync() may still be queued on the store thread: wait for it to run.
    QMetaObject::invokeMethod(
        worker(), [] {}, Qt::BlockingQueuedConnection);
    return fileName();
}

void CaptureStore::reportCommitFailed(const QString &error)
{
    Q_EMIT commitFailed(error);
}

void CaptureStore::requestCheckpoint()
{
    if (m_checkpointQueued.exchange(true))
        return;
    QMetaObject::invokeMethod(worker(), [this] {
        m_checkpointQueued = false;
        if (storeIsOpen())
            m_db->maintain(CaptureBackend::Maintenance::WhileWriting);
        m_walIdle->start();
    });
}

void CaptureStore::announceCommitted(const QList<Capture> &captures)
{
    Q_EMIT committed(captures);
    int retentionCount = 0, retentionDays = 0;
    {
        QMutexLocker lock(&m_mutex);
        m_writesSinceRetention += captures.size();
        if (m_writesSinceRetention < kRetentionEvery || (m_retentionCount == 0 && m_retentionDays == 0))
            return;
        m_writesSinceRetention = 0;
        retentionCount = m_retentionCount;
        retentionDays = m_retentionDays;
    }
    QMetaObject::invokeMethod(worker(),
                              [this, retentionCount, retentionDays] { applyRetention(retentionCount, retentionDays); });
}

void CaptureStore::applyRetention(int maxCount, int maxAgeDays)
{
    if (!storeIsOpen() || (maxCount == 0 && maxAgeDays == 0))
        return;
    if (const int removedCount = m_db->applyRetention(maxCount, maxAgeDays, QDateTime::currentMSecsSinceEpoch()))
        Q_EMIT retentionApplied(removedCount);
}

void CaptureStore::setRetention(int maxCount, int maxAgeDays)
{
    {
        QMutexLocker lock(&m_mutex);
        m_retentionCount = maxCount;
        m_retentionDays = maxAgeDays;
    }
    QMetaObject::invokeMethod(worker(), [this, maxCount, maxAgeDays] { applyRetention(maxCount, maxAgeDays); });
}

void CaptureStore::recordForwards(const QList<ForwardOutcome> &outcomes)
{
    QMetaObject::invokeMethod(worker(), [this, outcomes] {
        QString error;
        if (!storeIsOpen())
            return;
        if (!m_db->recordForwards(outcomes, &error)) {
            Q_EMIT commitFailed(QStringLiteral("forward outcomes: %1").arg(error));
            return;
        }
        Q_EMIT forwardsRecorded(outcomes);
    });
}

void CaptureStore::recordDelivery(const ReplayDelivery &delivery)
{
    QMetaObject::invokeMethod(worker(), [this, delivery] {
        ReplayDelivery stored = delivery;
        QString error = QStringLiteral("the capture store is not open");
        if (storeIsOpen() && m_db->recordDelivery(stored, &error))
            Q_EMIT deliveryRecorded(stored);
        else
            Q_EMIT deliveryNotRecorded(delivery, error);
    });
}

void CaptureStore::requestDeliveries(quint64 token, qint64 captureSeq)
{
    QMetaObject::invokeMethod(worker(), [this, token, captureSeq] {
        Q_EMIT deliveriesLoaded(token, captureSeq,
                                storeIsOpen() ? m_db->deliveries(captureSeq) : QList<ReplayDelivery>());
    });
}

void CaptureStore::requestSummaries()
{
    QMetaObject::invokeMethod(worker(), [this] {
        qint64 after = 0;
        if (storeIsOpen()) {
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
    QMetaObject::invokeMethod(worker(), [this, seq] {
        if (const auto capture = storeIsOpen() ? m_db->load(seq) : std::nullopt)
            Q_EMIT captureLoaded(*capture);
    });
}

void CaptureStore::requestCaptures(quint64 token, const QList<qint64> &seqs)
{
    QMetaObject::invokeMethod(worker(), [this, token, seqs] {
        QList<qint64> ordered = seqs;
        std::sort(ordered.begin(), ordered.end());
        QList<Capture> captures;
        for (const qint64 seq : std::as_const(ordered)) {
            if (auto capture = storeIsOpen() ? m_db->load(seq) : std::nullopt)
                captures.append(std::move(*capture));
        }
        Q_EMIT capturesLoaded(token, captures);
    });
}

void CaptureStore::requestSearch(quint64 token, const QString &text)
{
    QMetaObject::invokeMethod(worker(), [this, token, text] {
        Q_EMIT searchFinished(token, storeIsOpen() ? m_db->search(text) : QSet<qint64>());
    });
}

void CaptureStore::removeCaptures(const QList<qint64> &seqs)
{
    QMetaObject::invokeMethod(worker(), [this, seqs] {
        if (storeIsOpen() && m_db->remove(seqs))
            Q_EMIT removed(seqs);
    });
}

void CaptureStore::removeAll()
{
    QMetaObject::invokeMethod(worker(), [this] {
        if (storeIsOpen() && m_db->removeAll())
            Q_EMIT cleared();
    });
}
