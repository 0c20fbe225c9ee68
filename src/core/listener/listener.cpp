#include "core/listener/listener.h"

#include "core/listener/listenerworker.h"

Listener::Listener(CaptureStore *store, QObject *parent)
    : QObject(parent)
    , m_thread(new ListenerWorker(store), QStringLiteral("listener"))
    , m_worker(m_thread.worker())
{
    qRegisterMetaType<QList<Capture>>();
    connect(m_worker, &ListenerWorker::started, this,
            [this](const QString &address, quint16 port, bool tls, const QString &caCertificateFile) {
                m_address = address;
                m_port = port;
                m_tls = tls;
                m_caCertificateFile = caCertificateFile;
                Q_EMIT started(address, port);
            });
    connect(m_worker, &ListenerWorker::startFailed, this, &Listener::startFailed);
    connect(m_worker, &ListenerWorker::stopped, this, [this] {
        m_port = 0;
        Q_EMIT stopped();
    });
    connect(m_worker, &ListenerWorker::captured, this, &Listener::captured);
    connect(m_worker, &ListenerWorker::connectionCountChanged, this, &Listener::connectionCountChanged);
    // Connections and the server are children of the worker and die with it, on its thread.
    m_thread.setFinisher([](ListenerWorker *worker) { worker->stop(); });
}

Listener::~Listener()
{
    m_thread.stop();
}

void Listener::start(const ListenerConfig &config)
{
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, config] { worker->start(config); });
}

void Listener::stop()
{
    QMetaObject::invokeMethod(m_worker, [worker = m_worker] { worker->stop(); });
}

void Listener::setPolicy(const ResponsePolicy &policy)
{
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, policy] { worker->setPolicy(policy); });
}

void Listener::setVerifier(const SignatureVerifier &verifier)
{
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, verifier] { worker->setVerifier(verifier); });
}

void Listener::setProxying(bool proxying)
{
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, proxying] { worker->setProxying(proxying); });
}

void Listener::answerForwarded(quint64 token, const CaptureResponse &response)
{
    QMetaObject::invokeMethod(m_worker,
                              [worker = m_worker, token, response] { worker->answerForwarded(token, response); });
}

QUrl Listener::url() const
{
    QUrl url;
    url.setScheme(m_tls ? QStringLiteral("https") : QStringLiteral("http"));
    url.setHost(m_address);
    url.setPort(m_port);
    url.setPath(QStringLiteral("/"));
    return url;
}

bool Listener::isExposed(const QHostAddress &address)
{
    return !address.isLoopback();
}
