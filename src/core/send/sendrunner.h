#pragma once

#include "core/send/outgoingrequest.h"
#include "core/send/requesttemplate.h"
#include "core/send/retrypolicy.h"
#include "core/send/sendresult.h"
#include "core/send/templateengine.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QMap>
#include <QObject>
#include <QPointer>

#include <atomic>
#include <deque>
#include <memory>
#include <optional>
#include <vector>

class HistoryStore;
class QTimer;
class Sender;
class SendLane;
struct SendLaneBatch;
template <typename Worker> class WorkerThread;

// One request of a run, after its last attempt.
struct SendRecord {
    int index = 0;           // 0-based position in the run
    int attempts = 0;        // 1 + retries
    OutgoingRequest request; // the last attempt, as sent
    SendResult result;       // the last attempt's result
};

// What a run did, for the summary line and the GUI's summary panel.
struct SendSummary {
    int total = 0;              // requests planned
    int succeeded = 0;          // 2xx
    int failed = 0;             // a response that was not 2xx
    int errors = 0;             // no response (refused, timeout, TLS ...)
    int cancelled = 0;          // cancelled in flight or never started
    int retries = 0;            // attempts beyond each request's first
    QMap<int, int> byStatus;    // status -> requests
    QMap<QString, int> byError; // error text -> requests
    // Latency of each request's last attempt that got a response, in ms (nearest rank).
    double minMs = 0, p50Ms = 0, p95Ms = 0, p99Ms = 0, maxMs = 0, meanMs = 0;
    double elapsedMs = 0;
    double requestsPerSecond = 0; // finished requests (not cancelled) / elapsed

    int finished() const { return succeeded + failed + errors; }
    // Several lines for people: counts by status, errors, latency, rate.
    QString toText() const;
    // Nearest-rank percentile of sorted values (p in 0..100); 0 for none.
    static double percentile(const QList<double> &sorted, double p);
};

// Sends one RequestTemplate N times with at most C in flight and, optionally, at most
// R attempts per second, retrying by a RetryPolicy. Every attempt is prepared afresh
// (templates, timestamp, signature; a request without any is prepared once) and, when a HistoryStore is set, recorded
// there. A request waiting out its backoff does not count against the concurrency.
//
// A run of several requests with several in flight and no rate limit goes out through
// SendLanes (one per core, at most one per request in flight): each its own thread with its
// own Sender, the concurrency shared out among them; the shared Sender is not used then.
// Their results come back here in batches, and the signals below fire on this object's
// thread as before, in the order the lanes delivered them (not by index).
class SendRunner final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SendRunner)

public:
    // sender is the application's (shared); it must outlive the runner. Lanes bring their own.
    explicit SendRunner(Sender *sender, QObject *parent = nullptr);
    ~SendRunner() override;

    void setRequest(const RequestTemplate &request) { m_request = request; }
    void setEngine(const TemplateEngine &engine) { m_engine = engine; } // variables
    void setCount(int count) { m_count = qMax(1, count); }
    void setConcurrency(int concurrency) { m_concurrency = qMax(1, concurrency); }
    void setRateLimit(double attemptsPerSecond) { m_rate = qMax(0.0, attemptsPerSecond); } // 0: none
    void setRetryPolicy(const RetryPolicy &policy) { m_retry = policy; }
    void setHistoryStore(HistoryStore *store) { m_history = store; } // nullptr: record nothing
    // Lanes: 0 (the default) picks them as said above, 1 sends through the shared Sender only.
    void setLanes(int lanes) { m_laneSetting = qMax(0, lanes); }
    // A SendLane's runner: request numbers come from this counter, shared with the other lanes
    // (each number below count is sent once among them).
    void setIndexSource(std::shared_ptr<std::atomic<int>> source) { m_indexSource = std::move(source); }

    // Prepares the request once to find mistakes (unknown variable, invalid JSON, bad URL):
    // on one, returns false with *error and sends nothing. Otherwise starts and returns true.
    bool start(QString *error = nullptr);
    // In-flight requests are aborted, waiting ones dropped; finished() follows.
    void cancel();
    bool isRunning() const { return m_running; }
    SendSummary summary() const; // so far, while running

Q_SIGNALS:
    void attemptFinished(int index, int attempt, const OutgoingRequest &request, const SendResult &result);
    void requestFinished(const SendRecord &record);
    void progressed(int done, int total);
    void finished(const SendSummary &summary);

private:
    struct Attempt {
        int index = 0;
        int attempt = 1;
    };
    int laneCount() const;
    void startLanes();
    void absorb(const SendLaneBatch &batch);
    int takeIndex(); // -1: none left
    void pump();
    void launch(const Attempt &attempt);
    void onSent(quint64 id, const SendResult &result);
    void settle(const SendRecord &record);
    void finishIfDone();

    QPointer<Sender> m_sender;
    QPointer<HistoryStore> m_history;
    RequestTemplate m_request;
    TemplateEngine m_engine;
    std::optional<OutgoingRequest> m_prepared; // when m_request.preparesAlike()
    RetryPolicy m_retry;
    int m_count = 1;
    int m_concurrency = 1;
    double m_rate = 0;

    bool m_running = false;
    bool m_cancelling = false;
    int m_nextIndex = 0;         // next never-started request
    qint64 m_launched = 0;       // attempts started, for the rate limit
    int m_waitingRetries = 0;    // in backoff
    std::deque<Attempt> m_ready; // retries whose backoff is over
    QHash<quint64, std::pair<Attempt, OutgoingRequest>> m_inFlight;
    QList<QTimer *> m_backoffTimers;
    QTimer *m_rateTimer = nullptr;
    QElapsedTimer m_clock;
    int m_laneSetting = 0;
    std::shared_ptr<std::atomic<int>> m_indexSource; // set: this runs one lane
    std::shared_ptr<std::atomic<int>> m_laneIndex;   // the counter this run's lanes share
    quint64 m_generation = 0;                        // runs started
    std::vector<std::unique_ptr<WorkerThread<SendLane>>> m_lanes;
    int m_lanesDone = 0;
    SendSummary m_summary;
    QList<double> m_latencies;
};

Q_DECLARE_METATYPE(SendRecord)
Q_DECLARE_METATYPE(SendSummary)
