#pragma once

#include "core/app/workerthread.h"
#include "core/listener/listenerconfig.h"

#include <QObject>
#include <QUrl>

class CaptureStore;
class ListenerWorker;

// A local HTTP/1.1 listener on its own thread. Every request, accepted or
// rejected, becomes a Capture; with a store, a request is answered only after its
// capture is committed. Several listeners may share one store.
class Listener final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Listener)

public:
    explicit Listener(CaptureStore *store = nullptr, QObject *parent = nullptr);
    ~Listener() override;

    void start(const ListenerConfig &config); // then started() or startFailed()
    void stop();                              // then stopped()
    void setPolicy(const ResponsePolicy &policy);
    void setVerifier(const SignatureVerifier &verifier);
    // Proxy mode (forwarding): each accepted request is answered with answerForwarded()'s
    // response for its capture's token, not by the response rules. Turning it off answers
    // those still waiting with 502.
    void setProxying(bool proxying);
    void answerForwarded(quint64 token, const CaptureResponse &response);

    bool isListening() const { return m_port != 0; }
    QString address() const { return m_address; }
    quint16 port() const { return m_port; }
    QUrl url() const; // http://127.0.0.1:8765/, https:// with TLS
    bool isTls() const { return m_tls; }
    // The CA that signed the listener's certificate when it is Hookbench's own; else empty.
    QString caCertificateFile() const { return m_caCertificateFile; }

    // True when `address` makes the listener reachable from other machines.
    static bool isExposed(const QHostAddress &address);

Q_SIGNALS:
    void started(const QString &address, quint16 port);
    void startFailed(const QString &error);
    void stopped();
    void captured(const QList<Capture> &captures); // committed (or unstored) captures, in batches
    void connectionCountChanged(int connections);

private:
    WorkerThread<ListenerWorker> m_thread;
    ListenerWorker *m_worker; // lives on m_thread until the Listener is destroyed
    QString m_address;
    quint16 m_port = 0;
    bool m_tls = false;
    QString m_caCertificateFile;
};
