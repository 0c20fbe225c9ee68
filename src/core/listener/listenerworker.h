#pragma once

#include "core/capture/capture.h"
#include "core/listener/listenerconfig.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslConfiguration>

#include <memory>
#include <optional>

class CaptureStore;
class CaptureWriter;
class ListenerConnection;
class ListenerServer;

// Lives on the listener's thread: accepts connections, commits the captures of
// each event-loop pass in one transaction (CaptureWriter), tells their connections
// they may answer, and hands the batch to the rest of the application.
class ListenerWorker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ListenerWorker)

public:
    explicit ListenerWorker(CaptureStore *store);
    ~ListenerWorker() override;

    void start(const ListenerConfig &config);
    void stop();
    void setPolicy(const ResponsePolicy &policy);
    void setVerifier(const SignatureVerifier &verifier);
    // Proxy mode: accepted requests are answered with what answerForwarded() brings.
    void setProxying(bool proxying);
    void answerForwarded(quint64 token, const CaptureResponse &response);

    // For connections.
    const ListenerLimits &limits() const { return m_config.limits; }
    ResponseSpec nextResponse(const QByteArray &method, const QByteArray &path);
    static quint64 nextToken();
    CaptureSignature verify(const HeaderList &headers, const QByteArray &body) const;
    bool isVerifying() const { return bool(m_config.verifier); }
    bool isProxying() const { return m_proxying; }
    // Hands a capture on; `connection` (may be null) is told when it is committed.
    void submit(Capture capture, ListenerConnection *connection);
    void connectionClosed(ListenerConnection *connection);

Q_SIGNALS:
    void started(const QString &address, quint16 port, bool tls, const QString &caCertificateFile);
    void startFailed(const QString &error);
    void stopped();
    void captured(const QList<Capture> &captures);
    void connectionCountChanged(int connections);

private:
    void acceptConnections();
    void commitPending();
    bool prepareTls(std::optional<QSslConfiguration> *configuration, QString *caCertificateFile, QString *error);

    std::unique_ptr<CaptureWriter> m_writer; // null without a store
    ListenerConfig m_config;
    ListenerServer *m_server = nullptr;
    QString m_hostName; // this machine's, recorded with each capture as the port is
    quint16 m_port = 0;
    int m_connections = 0;
    QHash<quint64, QPointer<ListenerConnection>> m_waiting; // token → connection
    QList<Capture> m_pending; // framed in this pass of the event loop, committed at its end
    bool m_commitScheduled = false;
    bool m_proxying = false;
    QHash<quint64, QPointer<ListenerConnection>> m_awaitingForward; // committed, answer still owed
};
