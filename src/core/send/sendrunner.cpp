#include "core/send/sendrunner.h"

#include "core/app/logging.h"
#include "core/app/workerthread.h"
#include "core/send/historystore.h"
#include "core/send/sender.h"
#include "core/send/sendlane.h"

#include <QMetaMethod>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cmath>

double SendSummary::percentile(const QList<double> &sorted, double p)
{
    if (sorted.isEmpty())
        return 0;
    // Nearest rank: the smallest value with at least p% of the values at or below it.
    const auto rank = qsizetype(std::ceil(p / 100.0 * double(sorted.size())));
    return sorted.at(qBound<qsizetype>(0, rank - 1, sorted.size() - 1));
}

QString SendSummary::toText() const
{
    QStringList lines;
    lines << QStringLiteral("%1 requests: %2 succeeded (2xx), %3 failed, %4 could not complete%5")
                 .arg(total)
                 .arg(succeeded)
                 .arg(failed)
                 .arg(errors)
                 .arg(cancelled ? QStringLiteral(", %1 cancelled").arg(cancelled) : QString());
    if (!byStatus.isEmpty()) {
        QStringList parts;
        for (auto it = byStatus.begin(); it != byStatus.end(); ++it)
            parts << QStringLiteral("%1 x%2").arg(it.key()).arg(it.value());
        lines << QStringLiteral("status: %1").arg(parts.join(QStringLiteral(", ")));
    }
    for (auto it = byError.begin(); it != byError.end(); ++it)
        lines << QStringLiteral("error: %1 x%2").arg(it.key()).arg(it.value());
    if (retries > 0)
        lines << QStringLiteral("retries: %1").arg(retries);
    if (succeeded + failed > 0) {
        lines << QStringLiteral("latency ms: min %1, p50 %2, p95 %3, p99 %4, max %5, mean %6")
                     .arg(minMs, 0, 'f', 2)
                     .arg(p50Ms, 0, 'f', 2)
                     .arg(p95Ms, 0, 'f', 2)
                     .arg(p99Ms, 0, 'f', 2)
                     .arg(maxMs, 0, 'f', 2)
                     .arg(meanMs, 0, 'f', 2);
    }
    lines << QStringLiteral("elapsed %1 s, %2 requests/s")
                 .arg(elapsedMs / 1000.0, 0, 'f', 3)
                 .arg(requestsPerSecond, 0, 'f', 1);
    return lines.join(QLatin1Char('\n'));
}

SendRunner::SendRunner(Sender *sender, QObject *parent)
    : QObject(parent)
    , m_sender(sender)
{
    connect(sender, &Sender::finished, this, &SendRunner::onSent);
}

SendRunner::~SendRunner()
{
    m_lanes.clear(); // each lane aborts what it has in flight, on its own thread
    if (m_sender) {
        for (auto it = m_inFlight.cbegin(); it != m_inFlight.cend(); ++it)
            m_sender->cancel(it.key());
    }
}

bool SendRunner::start(QString *error)
{
    if (m_running) {
        if (error)
            *error = QStringLiteral("already running");
        return false;
    }
    OutgoingRequest probe;
    if (!m_request.prepare(m_engine, &probe, error))
        return false;
    m_prepared.reset();
    if (m_request.preparesAlike())
        m_prepared = probe;

    m_running = true;
    m_cancelling = false;
    m_nextIndex = 0;
    m_launched = 0;
    m_waitingRetries = 0;
    m_ready.clear();
    m_inFlight.clear();
    m_summary = SendSummary();
    m_summary.total = m_count;
    m_latencies.clear();
    m_latencies.reserve(m_count);
    m_clock.start();
    m_lanes.clear();
    m_lanesDone = 0;
    ++m_generation;
    if (laneCount() > 1) {
        startLanes();
        return true;
    }
    // Start from the event loop, so a caller connecting after start() misses nothing.
    QMetaObject::invokeMethod(this, &SendRunner::pump, Qt::QueuedConnection);
    return true;
}

int SendRunner::laneCount() const
{
    // A rate is kept by one clock, and a lane's own runner is one lane.
    if (m_indexSource || m_rate > 0 || m_count < 2 || m_concurrency < 2)
        return 1;
    const int wanted = m_laneSetting > 0 ? m_laneSetting : QThread::idealThreadCount();
    return qBound(1, wanted, qMin(m_concurrency, m_count));
}

void SendRunner::startLanes()
{
    const int lanes = laneCount();
    m_laneIndex = std::make_shared<std::atomic<int>>(0);
    // Attempts cross threads only when someone listens for them (the CLI and the repeat dialog do not).
    const bool reportAttempts = isSignalConnected(QMetaMethod::fromSignal(&SendRunner::attemptFinished));
    for (int i = 0; i < lanes; ++i) {
        SendLane::Config config;
        config.request = m_request;
        config.engine = m_engine;
        config.retry = m_retry;
        config.count = m_count;
        config.concurrency = m_concurrency / lanes + (i < m_concurrency % lanes ? 1 : 0);
        config.reportAttempts = reportAttempts;
        config.history = m_history;
        config.nextIndex = m_laneIndex;
        // Runs on the lane's thread; the lanes are stopped before this object goes.
        auto deliver = [this](SendLaneBatch batch) {
            QMetaObject::invokeMethod(
                this, [this, batch = std::move(batch)] { absorb(batch); }, Qt::QueuedConnection);
        };
        auto thread = std::make_unique<WorkerThread<SendLane>>(new SendLane(std::move(config), std::move(deliver)),
                                                               QStringLiteral("send lane %1").arg(i + 1));
        thread->setFinisher([](SendLane *lane) { lane->stop(); });
        QMetaObject::invokeMethod(
            thread->worker(), [lane = thread->worker()] { lane->start(); }, Qt::QueuedConnection);
        m_lanes.push_back(std::move(thread));
    }
    qCDebug(lcSender) << "run of" << m_count << "through" << lanes << "lanes";
}

void SendRunner::absorb(const SendLaneBatch &batch)
{
    if (!m_running)
        return;
    for (const SendRecord &a : batch.attempts)
        Q_EMIT attemptFinished(a.index, a.attempts, a.request, a.result);
    for (const SendRecord &record : batch.records) {
        m_summary.retries += record.attempts - 1;
        settle(record);
    }
    if (batch.done)
        ++m_lanesDone;
    finishIfDone();
}

int SendRunner::takeIndex()
{
    if (!m_indexSource)
        return m_nextIndex < m_count ? m_nextIndex++ : -1;
    const int index = m_indexSource->fetch_add(1, std::memory_order_relaxed);
    if (index < m_count)
        return index;
    m_nextIndex = m_count; // the other lanes took the rest
    return -1;
}

void SendRunner::cancel()
{
    if (!m_running || m_cancelling)
        return;
    m_cancelling = true;
    if (!m_lanes.empty()) {
        // No lane takes another number; each cancels its own, and finished() follows once all are done.
        m_laneIndex->store(m_count);
        for (const auto &lane : m_lanes)
            QMetaObject::invokeMethod(
                lane->worker(), [worker = lane->worker()] { worker->cancel(); }, Qt::QueuedConnection);
        return;
    }
    for (QTimer *timer : std::as_const(m_backoffTimers))
        timer->deleteLater();
    m_backoffTimers.clear();
    if (m_rateTimer)
        m_rateTimer->stop();
    // Never-started requests and those waiting to retry are cancelled now; in-flight ones
    // when the Sender reports them.
    m_summary.cancelled += (m_count - m_nextIndex) + m_waitingRetries + int(m_ready.size());
    m_nextIndex = m_count;
    m_waitingRetries = 0;
    m_ready.clear();
    if (m_sender) {
        const auto ids = m_inFlight.keys();
        for (const quint64 id : ids)
            m_sender->cancel(id);
    }
    finishIfDone();
}

SendSummary SendRunner::summary() const
{
    SendSummary s = m_summary;
    QList<double> sorted = m_latencies;
    std::sort(sorted.begin(), sorted.end());
    if (!sorted.isEmpty()) {
        s.minMs = sorted.first();
        s.maxMs = sorted.last();
        s.p50Ms = SendSummary::percentile(sorted, 50);
        s.p95Ms = SendSummary::percentile(sorted, 95);
        s.p99Ms = SendSummary::percentile(sorted, 99);
        double sum = 0;
        for (const double v : std::as_const(sorted))
            sum += v;
        s.meanMs = sum / double(sorted.size());
    }
    s.elapsedMs = m_clock.isValid() ? double(m_clock.nsecsElapsed()) / 1e6 : 0;
    s.requestsPerSecond = s.elapsedMs > 0 ? double(s.finished()) * 1000.0 / s.elapsedMs : 0;
    return s;
}

void SendRunner::pump()
{
    if (!m_running || m_cancelling)
        return;
    while (m_inFlight.size() < m_concurrency && (!m_ready.empty() || m_nextIndex < m_count)) {
        if (m_rate > 0) {
            // The k-th attempt may start k/rate seconds after the run began: no bursts
            // beyond the rate, and no drift from timer lateness.
            const double dueMs = double(m_launched) * 1000.0 / m_rate;
            const double nowMs = double(m_clock.nsecsElapsed()) / 1e6;
            if (dueMs > nowMs) {
                if (!m_rateTimer) {
                    m_rateTimer = new QTimer(this);
                    m_rateTimer->setSingleShot(true);
                    m_rateTimer->setTimerType(Qt::PreciseTimer);
                    connect(m_rateTimer, &QTimer::timeout, this, &SendRunner::pump);
                }
                if (!m_rateTimer->isActive())
                    m_rateTimer->start(int(std::ceil(dueMs - nowMs)));
                return;
            }
        }
        Attempt next;
        if (!m_ready.empty()) {
            next = m_ready.front();
            m_ready.pop_front();
        } else {
            next.index = takeIndex();
            if (next.index < 0)
                break;
        }
        launch(next);
    }
    finishIfDone(); // a lane learns only here that the others took the last numbers
}

void SendRunner::launch(const Attempt &attempt)
{
    ++m_launched;
    OutgoingRequest request;
    QString error;
    if (m_prepared) {
        request = *m_prepared;
    } else if (!m_request.prepare(m_engine, &request, &error)) {
        // The probe in start() passed, so this is rare (a variable changed meanwhile); it is
        // this request's failure, not the run's.
        SendResult result;
        result.startedAt = QDateTime::currentDateTimeUtc();
        result.error = SendError::InvalidRequest;
        result.errorText = error;
        Q_EMIT attemptFinished(attempt.index, attempt.attempt, request, result);
        settle({attempt.index, attempt.attempt, request, result});
        return;
    }
    const quint64 id = m_sender->send(request);
    m_inFlight.insert(id, {attempt, request});
}

void SendRunner::onSent(quint64 id, const SendResult &result)
{
    const auto it = m_inFlight.find(id);
    if (it == m_inFlight.end())
        return; // someone else's request on the shared Sender
    const auto [attempt, request] = it.value();
    m_inFlight.erase(it);

    if (m_history && result.error != SendError::Cancelled)
        m_history->record(request, result, attempt.attempt);
    Q_EMIT attemptFinished(attempt.index, attempt.attempt, request, result);

    if (result.error == SendError::Cancelled) {
        ++m_summary.cancelled;
        finishIfDone();
        return;
    }

    if (!m_cancelling && attempt.attempt <= m_retry.maxRetries && m_retry.shouldRetry(result)) {
        const int delay = m_retry.delayMs(attempt.attempt, result);
        qCDebug(lcSender) << "retrying request" << attempt.index << "in" << delay << "ms";
        ++m_summary.retries;
        ++m_waitingRetries;
        auto *timer = new QTimer(this);
        timer->setSingleShot(true);
        timer->setTimerType(Qt::PreciseTimer); // a coarse timer may fire early: Retry-After is a minimum
        m_backoffTimers << timer;
        const Attempt next{attempt.index, attempt.attempt + 1};
        connect(timer, &QTimer::timeout, this, [this, timer, next] {
            m_backoffTimers.removeOne(timer);
            timer->deleteLater();
            --m_waitingRetries;
            m_ready.push_back(next);
            pump();
        });
        timer->start(delay);
        pump();
        return;
    }

    settle({attempt.index, attempt.attempt, request, result});
    pump();
}

void SendRunner::settle(const SendRecord &record)
{
    const SendResult &result = record.result;
    if (result.hasResponse()) {
        ++m_summary.byStatus[result.status];
        if (result.isSuccess())
            ++m_summary.succeeded;
        else
            ++m_summary.failed;
        m_latencies << result.totalMs;
    } else {
        ++m_summary.errors;
        ++m_summary.byError[result.errorText];
    }
    Q_EMIT requestFinished(record);
    Q_EMIT progressed(m_summary.finished(), m_count);
    finishIfDone();
}

void SendRunner::finishIfDone()
{
    if (!m_running)
        return;
    const bool nothingLeft = m_lanes.empty()
        ? m_inFlight.isEmpty() && m_waitingRetries == 0 && m_ready.empty() && m_nextIndex >= m_count
        : m_lanesDone == int(m_lanes.size());
    if (!nothingLeft)
        return;
    m_running = false;
    if (!m_lanes.empty()) {
        // What no lane settled was cancelled (in flight, waiting to retry, or never started).
        m_summary.cancelled = m_summary.total - m_summary.finished();
        // Idle lanes would keep their threads and kept-alive connections: they go, once
        // this call has returned (joining them takes a moment: they have nothing left to do).
        QMetaObject::invokeMethod(
            this,
            [this, generation = m_generation] {
                if (generation == m_generation && !m_running)
                    m_lanes.clear();
            },
            Qt::QueuedConnection);
    }
    const SendSummary done = summary();
    qCDebug(lcSender) << "run finished" << done.finished() << "of" << done.total;
    Q_EMIT finished(done);
}
