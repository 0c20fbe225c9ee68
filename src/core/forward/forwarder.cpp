#include "core/forward/forwarder.h"

#include "core/capture/capturerequest.h"
#include "core/capture/capturestore.h"
#include "core/listener/listener.h"
#include "core/send/sender.h"

#include <QDateTime>
#include <QTimer>

#include <cmath>

namespace {
// The answer passed back to the original sender in proxy mode: the target's status, fields
// and body; the listener adds its own framing (Content-Length), so the target's goes.
CaptureResponse proxiedAnswer(const Capture &capture, const SendResult &result)
{
    CaptureResponse response;
    if (!result.hasResponse()) {
        response.status = 502;
        response.headers = {{"Content-Type", "text/plain; charset=utf-8"}};
        response.body = "502 Bad Gateway: Hookbench could not forward this request: " + result.errorText.toUtf8()
            + '\n';
        return response;
    }
    // Without an Accept-Encoding of the sender's, Qt asked for compression itself and
    // decoded the body: its Content-Encoding no longer describes these bytes.
    const bool decoded = !Headers::contains(capture.headers, "accept-encoding");
    response.status = result.status;
    for (const auto &header : result.headers) {
        if (Headers::isHopByHop(header.first)
            || (decoded && header.first.compare("content-encoding", Qt::CaseInsensitive) == 0))
            continue;
        response.headers.append(header);
    }
    response.body = result.body;
    return response;
}
} // namespace

Forwarder::Forwarder(Sender *sender, Listener *listener, CaptureStore *store, QObject *parent)
    : QObject(parent)
    , m_sender(sender)
    , m_listener(listener)
    , m_store(store)
{
    qRegisterMetaType<ForwardOutcome>();
    connect(sender, &Sender::finished, this, &Forwarder::finish);
    if (listener)
        connect(listener, &Listener::captured, this, &Forwarder::forward);
}

Forwarder::~Forwarder()
{
    // Senders still waiting in proxy mode get their 502 from the listener.
    if (m_listener && m_mode == Mode::Proxy)
        m_listener->setProxying(false);
    flushOutcomes();
}

RetryPolicy Forwarder::defaultRetryPolicy()
{
    RetryPolicy policy;
    policy.maxRetries = 5;
    policy.baseDelayMs = 1000;
    policy.maxDelayMs = 30000;
    return policy;
}

QString Forwarder::modeName(Mode mode)
{
    return mode == Mode::Proxy ? QStringLiteral("proxy") : QStringLiteral("rule");
}

bool Forwarder::modeFromName(const QString &name, Mode *mode)
{
    if (name == QLatin1String("rule"))
        *mode = Mode::Rule;
    else if (name == QLatin1String("proxy"))
        *mode = Mode::Proxy;
    else
        return false;
    return true;
}

void Forwarder::setTarget(const QUrl &url, Mode mode)
{
    m_target = url.isValid() ? url : QUrl();
    m_mode = mode;
    if (m_listener)
        m_listener->setProxying(m_target.isValid() && mode == Mode::Proxy);
}

void Forwarder::forward(const QList<Capture> &captures)
{
    for (const Capture &capture : captures) {
        if (!capture.isAccepted())
            continue;
        if (!m_target.isValid() || !m_sender) {
            if (capture.awaitsForward && m_listener) {
                // Proxy mode ended while this one was on its way here.
                SendResult none;
                none.errorText = QStringLiteral("forwarding is off");
                m_listener->answerForwarded(capture.token, proxiedAnswer(capture, none));
            }
            continue;
        }
        Job job;
        job.capture = capture;
        job.url = m_target;
        job.proxied = capture.awaitsForward;
        start(std::move(job));
    }
}

void Forwarder::retry(const QList<Capture> &captures, const RetryPolicy &policy)
{
    if (!m_target.isValid() || !m_sender)
        return;
    for (const Capture &capture : captures) {
        if (!capture.isAccepted())
            continue;
        Job job;
        job.capture = capture;
        job.capture.awaitsForward = false; // its sender was answered long ago
        job.url = m_target;
        job.retry = policy;
        start(std::move(job));
    }
}

void Forwarder::cancelAll()
{
    const auto ids = m_jobs.keys();
    for (const quint64 id : ids)
        m_sender->cancel(id);
}

void Forwarder::start(Job job)
{
    OutgoingRequest request = CaptureRequest::to(job.capture, job.url);
    // The target's own redirects are its answer, passed on as they are.
    request.options.followRedirects = false;
    ++job.attempt;
    const qint64 seq = job.capture.seq;
    m_jobs.insert(m_sender->send(request), std::move(job));
    Q_EMIT forwardStarted(seq);
}

void Forwarder::finish(quint64 id, const SendResult &result)
{
    const auto it = m_jobs.find(id);
    if (it == m_jobs.end())
        return; // another user of the Sender
    Job job = std::move(*it);
    m_jobs.erase(it);

    ForwardOutcome outcome;
    outcome.seq = job.capture.seq;
    outcome.captureId = job.capture.id;
    outcome.forward.url = job.url.toString();
    outcome.forward.status = result.hasResponse() ? result.status : 0;
    outcome.forward.error = result.hasResponse() ? QString() : result.errorText;
    outcome.forward.ms = qint64(std::llround(result.totalMs));
    outcome.forward.atMs = QDateTime::currentMSecsSinceEpoch();
    if (job.proxied) {
        outcome.proxied = true;
        outcome.response = proxiedAnswer(job.capture, result);
        if (m_listener)
            m_listener->answerForwarded(job.capture.token, outcome.response);
        job.capture.response.status = outcome.response.status;
        job.capture.response.headers = outcome.response.headers;
        job.capture.response.body = outcome.response.body;
    }
    job.capture.forward = outcome.forward;

    if (m_store && outcome.seq > 0) {
        if (m_outcomes.isEmpty())
            QMetaObject::invokeMethod(this, &Forwarder::flushOutcomes, Qt::QueuedConnection);
        m_outcomes.append(outcome);
    }
    Q_EMIT forwarded(job.capture, outcome);

    if (job.attempt <= job.retry.maxRetries && job.retry.shouldRetry(result)) {
        const int delay = job.retry.delayMs(job.attempt, result);
        QTimer::singleShot(delay, this, [this, job = std::move(job)]() mutable {
            if (m_sender)
                start(std::move(job));
        });
    }
}

void Forwarder::flushOutcomes()
{
    if (m_outcomes.isEmpty() || !m_store)
        return;
    m_store->recordForwards(std::exchange(m_outcomes, {}));
}
