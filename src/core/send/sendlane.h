#pragma once

#include "core/send/historystore.h"
#include "core/send/requesttemplate.h"
#include "core/send/retrypolicy.h"
#include "core/send/sendrunner.h"
#include "core/send/templateengine.h"

#include <QList>
#include <QObject>
#include <QPointer>

#include <atomic>
#include <memory>

class Sender;

// What a lane hands back to the SendRunner that owns it, once per pass of the lane's event
// loop (never once per request: a run sends thousands, and every hop between threads costs).
struct SendLaneBatch {
    QList<SendRecord> attempts; // every attempt (SendRecord::attempts: its number), when asked for
    QList<SendRecord> records;  // settled requests
    bool done = false;          // the lane's last batch
};

// One lane of a repeated send (SendRunner with several in flight): a Sender of its own, so a
// QNetworkAccessManager of its own, and a SendRunner of its own, on a worker thread. Lanes take
// request numbers from one shared counter, so together they send each number once, and each
// keeps its share of the concurrency in flight. Why: through one QNAM every request costs its
// owner thread and Qt's HTTP thread about equally (most of it Qt's own per-reply signal
// wiring), so one QNAM keeps one core busy at best; lanes spread that over the cores.
// Each lane prepares, signs, retries and records history itself (HistoryStore::record may be
// called from any thread).
class SendLane final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SendLane)

public:
    struct Config {
        RequestTemplate request;
        TemplateEngine engine;
        RetryPolicy retry;
        int count = 0;       // the whole run's
        int concurrency = 1; // this lane's share
        bool reportAttempts = false;
        QPointer<HistoryStore> history;
        std::shared_ptr<std::atomic<int>> nextIndex;
    };

    // deliver runs on the lane's thread; it must post to the owner's thread itself.
    using Deliver = std::function<void(SendLaneBatch batch)>;
    SendLane(Config config, Deliver deliver); // on the owner's thread, before the move

    // The lane's thread.
    void start();
    void cancel();
    void stop(); // in-flight requests aborted, nothing more delivered

private:
    void add(bool attempt, SendRecord record);
    void flush();

    Config m_config;
    Deliver m_deliver;
    Sender *m_sender = nullptr;
    SendRunner *m_runner = nullptr;
    SendLaneBatch m_batch;
    bool m_flushQueued = false;
    bool m_stopped = false;
};
