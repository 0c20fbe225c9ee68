#include "core/replay/replayer.h"

#include "core/capture/capturestore.h"
#include "core/send/sender.h"

#include <algorithm>

Replayer::Replayer(Sender *sender, CaptureStore *store, QObject *parent)
    : QObject(parent)
    , m_sender(sender)
    , m_store(store)
{
    connect(m_store, &CaptureStore::capturesLoaded, this, &Replayer::onLoaded);
    connect(m_sender, &Sender::finished, this, &Replayer::onSent);
}

Replayer::~Replayer()
{
    if (m_sender) {
        for (auto it = m_sends.cbegin(); it != m_sends.cend(); ++it)
            m_sender->cancel(it.key());
    }
}

quint64 Replayer::replay(const QList<qint64> &seqs, const ReplayRequest::Options &options)
{
    const quint64 run = m_store->nextToken();
    Run &state = m_runs[run];
    state.options = options;
    state.seqs = seqs;
    std::sort(state.seqs.begin(), state.seqs.end());
    m_store->requestCaptures(run, state.seqs);
    return run;
}

void Replayer::cancel(quint64 run)
{
    const auto it = m_runs.find(run);
    if (it == m_runs.end())
        return;
    it->cancelled = true;
    for (const Capture &capture : std::as_const(it->queue))
        skip(run, *it, capture.seq, QStringLiteral("cancelled"));
    it->queue.clear();
    if (it->sendId != 0 && m_sender)
        m_sender->cancel(it->sendId); // onSent finishes the run
}

void Replayer::skip(quint64 run, Run &state, qint64 seq, const QString &reason)
{
    ++state.skipped;
    Q_EMIT skipped(run, seq, reason);
}

void Replayer::onLoaded(quint64 run, const QList<Capture> &captures)
{
    const auto it = m_runs.find(run);
    if (it == m_runs.end())
        return;
    Run &state = *it;
    const QString optionsError = ReplayRequest::optionsError(state.options);
    auto loaded = captures.cbegin();
    for (const qint64 seq : std::as_const(state.seqs)) {
        // Both lists are in seq order; a seq the store no longer has was deleted meanwhile.
        if (loaded == captures.cend() || loaded->seq != seq) {
            skip(run, state, seq, QStringLiteral("no longer stored"));
            continue;
        }
        const Capture &capture = *loaded++;
        QString why = state.cancelled ? QStringLiteral("cancelled") : optionsError;
        if (why.isEmpty())
            why = ReplayRequest::captureError(capture);
        if (why.isEmpty())
            state.queue.append(capture);
        else
            skip(run, state, seq, why);
    }
    sendNext(run);
}

void Replayer::sendNext(quint64 run)
{
    const auto it = m_runs.find(run);
    if (it == m_runs.end())
        return;
    if (it->queue.isEmpty() || !m_sender) {
        const int delivered = it->delivered, skipped = it->skipped;
        m_runs.erase(it);
        Q_EMIT finished(run, delivered, skipped);
        return;
    }
    it->current = it->queue.takeFirst();
    it->sendId = m_sender->send(ReplayRequest::build(it->current, it->options));
    m_sends.insert(it->sendId, run);
    Q_EMIT sending(run, it->current.seq);
}

void Replayer::onSent(quint64 sendId, const SendResult &result)
{
    const auto send = m_sends.find(sendId);
    if (send == m_sends.end())
        return; // another service's request
    const quint64 run = send.value();
    m_sends.erase(send);
    const auto it = m_runs.find(run);
    if (it == m_runs.end())
        return;
    it->sendId = 0;
    if (result.error == SendError::Cancelled) {
        skip(run, *it, it->current.seq, QStringLiteral("cancelled"));
    } else {
        const ReplayDelivery delivery = ReplayRequest::delivery(it->current, it->options, result);
        ++it->delivered;
        if (m_store)
            m_store->recordDelivery(delivery);
        Q_EMIT delivered(run, delivery);
    }
    it->current = {};
    sendNext(run);
}
