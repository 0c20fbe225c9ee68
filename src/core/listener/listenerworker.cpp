#include "core/listener/listenerworker.h"

#include "core/app/logging.h"
#include "core/capture/capturewriter.h"
#include "core/listener/listenerconnection.h"
#include "core/listener/listenerserver.h"
#include "core/tls/localca.h"
#include "core/tls/tlsidentity.h"

#include <QHostInfo>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>

#include <atomic>

ListenerWorker::ListenerWorker(CaptureStore *store)
    : m_writer(store ? std::make_unique<CaptureWriter>(store) : nullptr)
{ }

ListenerWorker::~ListenerWorker()
{
    // Whatever was framed last is still kept, even though nobody is answered now.
    commitPending();
    // Connections report their end to the worker (connectionClosed): they go while it is
    // still a ListenerWorker, not later among QObject's children (UBSan caught that call).
    qDeleteAll(findChildren<ListenerConnection *>(Qt::FindDirectChildrenOnly));
}

quint64 ListenerWorker::nextToken()
{
    static std::atomic<quint64> counter{0};
    return ++counter;
}

void ListenerWorker::start(const ListenerConfig &config)
{
    stop();
    m_config = config;
    std::optional<QSslConfiguration> tls;
    QString caCertificateFile;
    if (QString error; !prepareTls(&tls, &caCertificateFile, &error)) {
        Q_EMIT startFailed(error);
        return;
    }
    m_server = new ListenerServer(std::move(tls), this);
    m_server->setListenBacklogSize(1024);
    m_server->setMaxPendingConnections(1024);
    if (!m_server->listen(config.address, config.port)) {
        const QString address = config.address.toString();
        QString error;
        if (m_server->serverError() == QAbstractSocket::AddressInUseError)
            error = QStringLiteral("port %1 on %2 is already in use").arg(config.port).arg(address);
        else
            error = QStringLiteral("cannot listen on %1 port %2: %3")
                        .arg(address)
                        .arg(config.port)
                        .arg(m_server->errorString());
        delete m_server;
        m_server = nullptr;
        Q_EMIT startFailed(error);
        return;
    }
    connect(m_server, &QTcpServer::newConnection, this, &ListenerWorker::acceptConnections);
    m_hostName = QHostInfo::localHostName();
    m_port = m_server->serverPort();
    qCDebug(lcListener) << "listening on" << m_server->serverAddress() << m_server->serverPort();
    Q_EMIT started(m_server->serverAddress().toString(), m_server->serverPort(), m_config.tls.enabled,
                   caCertificateFile);
}

bool ListenerWorker::prepareTls(std::optional<QSslConfiguration> *configuration, QString *caCertificateFile,
                                QString *error)
{
    const ListenerTls &options = m_config.tls;
    if (!options.enabled)
        return true;
    if (!QSslSocket::supportsSsl()) {
        *error = QStringLiteral("HTTPS is not available: Qt found no TLS library (%1)")
                     .arg(QSslSocket::sslLibraryBuildVersionString());
        return false;
    }
    // Here, on the listener's thread: making the CA's keys and files must not hold up the window.
    TlsIdentity identity;
    if (!options.certificateFile.isEmpty()) {
        if (!TlsIdentity::load(options.certificateFile, options.keyFile, &identity, error))
            return false;
    } else {
        const QString folder = options.folder.isEmpty() ? LocalCa::defaultFolder() : options.folder;
        if (!LocalCa::ensure(folder, options.extraNames, &identity, error)) {
            *error = QStringLiteral("cannot prepare the HTTPS certificate: ") + *error;
            return false;
        }
    }
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificateChain(identity.chain);
    tls.setPrivateKey(identity.key);
    tls.setProtocol(QSsl::TlsV1_2OrLater);
    // Asks for a client certificate without requiring or checking one, so a capture can
    // show who offered which; no CA list is needed (or loaded) for that.
    tls.setPeerVerifyMode(QSslSocket::QueryPeer);
    tls.setCaCertificates({});
    // The listener speaks HTTP/1.1 only; saying so keeps clients from trying h2.
    tls.setAllowedNextProtocols({QByteArrayLiteral("http/1.1")});
    *configuration = tls;
    *caCertificateFile = identity.caCertificateFile;
    return true;
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

void ListenerWorker::setProxying(bool proxying)
{
    m_proxying = proxying;
    if (proxying)
        return;
    // Nobody will bring these answers any more; their senders must not wait forever.
    CaptureResponse response;
    response.status = 502;
    response.headers = {{"Content-Type", "text/plain; charset=utf-8"}};
    response.body = "502 Bad Gateway: forwarding was turned off before the target answered\n";
    const auto waiting = std::exchange(m_awaitingForward, {});
    for (auto it = waiting.cbegin(); it != waiting.cend(); ++it) {
        if (it.value())
            it.value()->answerForwarded(it.key(), response);
    }
}

void ListenerWorker::answerForwarded(quint64 token, const CaptureResponse &response)
{
    if (const QPointer<ListenerConnection> connection = m_awaitingForward.take(token))
        connection->answerForwarded(token, response);
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
    capture.listenerHost = m_hostName;
    capture.listenerPort = m_port;
    m_pending.append(std::move(capture));
    if (!m_commitScheduled) {
        // Posted events run once the sockets that are ready now have been read: everything
        // framed in this pass goes into one transaction, so commits group under load.
        m_commitScheduled = true;
        QMetaObject::invokeMethod(this, &ListenerWorker::commitPending, Qt::QueuedConnection);
    }
}

void ListenerWorker::commitPending()
{
    m_commitScheduled = false;
    QList<Capture> batch = std::exchange(m_pending, {});
    if (batch.isEmpty())
        return;
    if (m_writer)
        m_writer->write(batch);
    // Handed on before anyone is answered: a client that has its answer may stop the
    // CLI at once (SIGTERM), and its capture must already be queued to be printed.
    Q_EMIT captured(batch);
    for (const Capture &capture : std::as_const(batch)) {
        if (const QPointer<ListenerConnection> connection = m_waiting.take(capture.token)) {
            const bool stored = !m_writer || capture.seq > 0;
            if (capture.awaitsForward && stored)
                m_awaitingForward.insert(capture.token, connection);
            connection->markCommitted(capture.token, stored);
        }
    }
}
