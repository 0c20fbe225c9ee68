#include "core/send/sendlane.h"

#include "core/send/sender.h"

SendLane::SendLane(Config config, Deliver deliver)
    : m_config(std::move(config))
    , m_deliver(std::move(deliver))
{ }

void SendLane::start()
{
    // Made here, on the lane's thread: a QNetworkAccessManager belongs to the thread it was made on.
    m_sender = new Sender(this);
    m_runner = new SendRunner(m_sender, this);
    m_runner->setRequest(m_config.request);
    m_runner->setEngine(m_config.engine);
    m_runner->setCount(m_config.count);
    m_runner->setConcurrency(m_config.concurrency);
    m_runner->setRetryPolicy(m_config.retry);
    m_runner->setHistoryStore(m_config.history);
    m_runner->setIndexSource(m_config.nextIndex);
    if (m_config.reportAttempts) {
        connect(m_runner, &SendRunner::attemptFinished, this,
                [this](int index, int attempt, const OutgoingRequest &request, const SendResult &result) {
                    add(true, {index, attempt, request, result});
                });
    }
    connect(m_runner, &SendRunner::requestFinished, this, [this](const SendRecord &record) { add(false, record); });
    connect(m_runner, &SendRunner::finished, this, [this] {
        m_batch.done = true;
        flush();
    });
    QString error;
    if (!m_runner->start(&error)) {
        // The owner prepared the same request before starting its lanes, so only a change
        // between the two (a file of a multipart body gone) lands here: nothing sent.
        m_batch.done = true;
        flush();
    }
}

void SendLane::cancel()
{
    if (m_runner)
        m_runner->cancel();
}

void SendLane::stop()
{
    m_stopped = true;
    delete m_runner; // cancels what is in flight on the Sender
    m_runner = nullptr;
}

void SendLane::add(bool attempt, SendRecord record)
{
    (attempt ? m_batch.attempts : m_batch.records).append(std::move(record));
    if (m_flushQueued)
        return;
    m_flushQueued = true;
    // Whatever else finishes in this pass of the event loop goes along.
    QMetaObject::invokeMethod(this, &SendLane::flush, Qt::QueuedConnection);
}

void SendLane::flush()
{
    m_flushQueued = false;
    if (m_stopped || (m_batch.records.isEmpty() && m_batch.attempts.isEmpty() && !m_batch.done))
        return;
    m_deliver(std::exchange(m_batch, {}));
}
