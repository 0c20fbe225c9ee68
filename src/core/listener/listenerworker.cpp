#include "listenerworker.h"

#include "capture/capturestore.h"
#include "listenerconnection.h"
#include "logging.h"

#include <QTcpServer>
#include <QTcpSocket>

#include <atomic>

ListenerWorker::ListenerWorker(CaptureStore *store)
    : m_store(store)
{
    if (m_store)
        connect(m_store, &CaptureStore::committed, this, &ListenerWorker::storeCommitted);
}

ListenerWorker::~ListenerWorker() = default;

quint64 ListenerWorker::nextToken()
{
    static std::atomic<quint64> counter{0};
    return ++counter;
}

void ListenerWorker::start(const ListenerConfig &config)
{
    stop();
    m_config = config;
    m_server = new QTcpServer(this);
    m_server->setListenBacklogSize(1024);
    m_server->setMaxPendingConnections(1024);
    if (!m_server->listen(config.address, config.port)) {
        const QString address = config.address.toString();
        QString error;
        if (m_server->serverError() == QAbstractSocket::AddressInUseError)
            error = QStringLiteral("port %1 on %2 is already in use").arg(config.port).arg(address);
        else
            error = QStringLiteral("cannot listen on %1 port %2: %3").arg(address).arg(config.port).arg(m_server->errorString());
        delete m_server;
        m_server = nullptr;
        Q_EMIT startFailed(error);
        return;
    }
    connect(m_server, &QTcpServer::newConnection, this, &ListenerWorker::acceptConnections);
    qCDebug(lcListener) << "listening on" << m_server->serverAddress() << m_server->serverPort();
    Q_EMIT started(m_server->serverAddress().toString(), m_server->serverPort());
}

void ListenerWorker::stop()
{
    if (!m_server)
        return;
    m_server->close();
    delete m_server;
    m_server = nullptr;
    // Open connections finish what they are answering; no new ones are accepted.
    Q_EMIT stopped();
}

void ListenerWorker::setPolicy(const ResponsePolicy &policy)
{
    m_config.policy = policy;
}

void ListenerWorker::setVerifier(const SignatureVerifier &verifier)
{
    m_config.verifier = verifier;
}

ResponseSpec ListenerWorker::nextResponse(const QByteArray &method, const QByteArray &path)
{
    return m_config.policy.next(method, path);
}

CaptureSignature ListenerWorker::verify(const HeaderList &headers, const QByteArray &body) const
{
    return m_config.verifier(headers, body);
}

void ListenerWorker::acceptConnections()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        auto *connection = new ListenerConnection(socket, this);
        Q_UNUSED(connection);
        ++m_connections;
    }
    Q_EMIT connectionCountChanged(m_connections);
}

void ListenerWorker::connectionClosed(ListenerConnection *connection)
{
    Q_UNUSED(connection);
    --m_connections;
    Q_EMIT connectionCountChanged(m_connections);
}

void ListenerWorker::submit(Capture capture, ListenerConnection *connection)
{
    // Registered even without a connection to answer: the token marks the capture as ours.
    m_waiting.insert(capture.token, connection);
    if (m_store) {
        m_store->append(capture);
        return;
    }
    m_unstored.append(std::move(capture));
    if (!m_deliveryScheduled) {
        // Batched like the store's commits: everything framed before the loop comes back.
        m_deliveryScheduled = true;
        QMetaObject::invokeMethod(this, &ListenerWorker::deliverUnstored, Qt::QueuedConnection);
    }
}

void ListenerWorker::deliverUnstored()
{
    m_deliveryScheduled = false;
    const QList<Capture> batch = std::exchange(m_unstored, {});
    for (const Capture &capture : batch) {
        if (const QPointer<ListenerConnection> connection = m_waiting.take(capture.token))
            connection->markCommitted(capture.token, true);
    }
    if (!batch.isEmpty())
        Q_EMIT captured(batch);
}

void ListenerWorker::storeCommitted(const QList<Capture> &captures)
{
    // The store serves every listener; only this one's captures are ours to answer.
    QList<Capture> mine;
    for (const Capture &capture : captures) {
        auto it = m_waiting.find(capture.token);
        if (it == m_waiting.end()) {
            continue;
        }
        if (const QPointer<ListenerConnection> connection = *it)
            connection->markCommitted(capture.token, capture.seq > 0);
        m_waiting.erase(it);
        mine.append(capture);
    }
    if (!mine.isEmpty())
        Q_EMIT captured(mine);
}
