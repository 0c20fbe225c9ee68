#pragma once

#include "core/capture/capture.h"
#include "core/http/httprequestparser.h"

#include <QObject>
#include <QTimer>

#include <deque>

class ListenerWorker;
class QSslSocket;
class QTcpSocket;

// One client connection on the listener's worker thread: frames requests, hands
// each one to the worker as a capture, and writes the answers back in request
// order (pipelining) once each capture is committed.
class ListenerConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ListenerConnection)

public:
    ListenerConnection(QTcpSocket *socket, ListenerWorker *worker);
    ~ListenerConnection() override;

    // The capture with this token is durable (or could not be stored: `stored` false).
    void markCommitted(quint64 token, bool stored);
    // Proxy mode: the forward target's answer (or the 502 that stands for it) for `token`.
    void answerForwarded(quint64 token, const CaptureResponse &response);

private:
    struct PendingAnswer {
        quint64 token = 0;
        bool ready = false;
        bool delayStarted = false;
        bool delayDone = false;
        int status = 0;
        QByteArray bytes;
        int delayMs = 0;
        bool closeAfter = false;
        bool abortInstead = false;
        bool awaitsForward = false;
        bool headRequest = false;
    };

    // Over TLS: the first bytes decide between a handshake and plain HTTP sent to the
    // HTTPS port; the handshake then runs under the header timeout.
    enum class TlsState { None, Sniffing, Handshaking, Encrypted, PlainOnTlsPort };

    void readIncoming();
    bool sniff();
    void encrypted();
    bool inHandshake() const;
    bool allWritten() const;
    void failHandshake(const QString &reason);
    void handle(ParsedRequest request);
    void answerInOrder();
    void armTimer();
    void timedOut();
    void peerClosed();
    void beginClose(bool abort);
    void lingerAndClose();

    QTcpSocket *m_socket;
    QSslSocket *m_sslSocket = nullptr; // m_socket, when the listener speaks TLS
    TlsState m_tlsState = TlsState::None;
    CaptureTls m_tls;
    ListenerWorker *m_worker;
    HttpRequestParser m_parser;
    QTimer m_timer;
    std::deque<PendingAnswer> m_answers;
    QString m_remoteAddress;
    quint16 m_remotePort = 0;
    quint16 m_localPort = 0;
    qint64 m_requestStartMs = 0;
    bool m_continueOwed = false;
    bool m_closing = false;
    bool m_lingering = false;
};
