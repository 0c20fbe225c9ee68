#pragma once

#include "core/capture/capture.h"
#include "core/send/retrypolicy.h"
#include "core/send/sendresult.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QUrl>

class CaptureStore;
class Listener;
class Sender;

// Forwards a listener's accepted captures live to a target URL through the one Sender,
// on the Sender's thread (never the listener's: its accept and commit path does not wait
// for a target). Each outcome (status, time, error) goes into the capture store with its
// capture and out through forwarded(). In proxy mode the listener holds each sender's
// answer until the target's arrives, then passes it back (502 when the target gave none).
// A target that is down costs no capture: the capture is committed before it is forwarded,
// and retry() sends the ones the user picks again, with backoff.
class Forwarder final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Forwarder)

public:
    enum class Mode { Rule, Proxy };

    // `store` and `listener` may be null (`listen --no-store`; tests).
    Forwarder(Sender *sender, Listener *listener, CaptureStore *store, QObject *parent = nullptr);
    ~Forwarder() override;

    // An empty URL turns forwarding off.
    void setTarget(const QUrl &url, Mode mode = Mode::Rule);
    QUrl target() const { return m_target; }
    Mode mode() const { return m_mode; }
    bool isForwarding() const { return m_target.isValid(); }

    // The listener's captured batches: every accepted capture goes to the target.
    void forward(const QList<Capture> &captures);
    // Sends these captures to the current target again, retrying failures with backoff.
    void retry(const QList<Capture> &captures, const RetryPolicy &policy = defaultRetryPolicy());
    void cancelAll();

    static RetryPolicy defaultRetryPolicy();
    static QString modeName(Mode mode);
    static bool modeFromName(const QString &name, Mode *mode);

Q_SIGNALS:
    void forwardStarted(qint64 seq);
    // Once per forward (per attempt's end when retrying: the last word is the last signal).
    // `capture` carries the outcome in capture.forward and, proxied, the answer given.
    void forwarded(const Capture &capture, const ForwardOutcome &outcome);

private:
    struct Job {
        Capture capture;
        QUrl url;
        bool proxied = false;
        RetryPolicy retry;
        int attempt = 0;
    };
    void start(Job job);
    void finish(quint64 id, const SendResult &result);
    void flushOutcomes();

    QPointer<Sender> m_sender;
    QPointer<Listener> m_listener;
    QPointer<CaptureStore> m_store;
    QUrl m_target;
    Mode m_mode = Mode::Rule;
    QHash<quint64, Job> m_jobs;       // sender id -> job
    QList<ForwardOutcome> m_outcomes; // written to the store together, once per event-loop pass
};
