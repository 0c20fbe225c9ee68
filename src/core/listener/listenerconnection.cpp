#include "core/listener/listenerconnection.h"

#include "core/app/logging.h"
#include "core/http/reasonphrase.h"
#include "core/listener/listenerworker.h"
#include "core/listener/responsepolicy.h"
#include "core/tls/clienthello.h"
#include "core/tls/handshakefailure.h"

#include <QDateTime>
#include <QSslCertificate>
#include <QSslCipher>
#include <QSslSocket>
#include <QTcpSocket>

#include <sys/socket.h>

namespace {
// Draining after an answer that ends the connection: until the client has been quiet this
// long, and never longer than the cap in all (what nginx calls lingering_timeout and lingering_time).
constexpr int kLingerQuietMs = 2000;
constexpr int kLingerMaxMs = 30000;
constexpr qint64 kMaxClientHelloPeek = 5 + 16384 + 2048;

// "CN=client, O=Example": the subject as its attributes come, for the capture.
QString subjectText(const QSslCertificate &certificate)
{
    QStringList parts;
    const QList<QByteArray> attributes = certificate.subjectInfoAttributes();
    for (const QByteArray &attribute : attributes) {
        for (const QString &value : certificate.subjectInfo(attribute))
            parts << QString::fromLatin1(attribute) + QLatin1Char('=') + value;
    }
    return parts.join(QStringLiteral(", "));
}

QString protocolName(QSsl::SslProtocol protocol)
{
    switch (protocol) {
    case QSsl::TlsV1_3:
        return QStringLiteral("TLSv1.3");
    case QSsl::TlsV1_2:
        return QStringLiteral("TLSv1.2");
    default:
        return QStringLiteral("unknown");
    }
}

QByteArray serialize(const CaptureResponse &response, bool headRequest)
{
    QByteArray out;
    out.reserve(128 + response.body.size());
    out += "HTTP/1.1 ";
    out += QByteArray::number(response.status);
    out += ' ';
    out += httpReasonPhrase(response.status);
    out += "\r\n";
    for (const auto &[name, value] : response.headers) {
        out += name;
        out += ": ";
        out += value;
        out += "\r\n";
    }
    out += "\r\n";
    if (!headRequest)
        out += response.body;
    return out;
}

// Fills in what every answer carries unless the user's rule set it.
void completeHeaders(CaptureResponse &response, bool close)
{
    if (!Headers::contains(response.headers, "content-length"))
        response.headers.append(qMakePair(QByteArray("Content-Length"), QByteArray::number(response.body.size())));
    if (!Headers::contains(response.headers, "server"))
        response.headers.append(qMakePair(QByteArray("Server"), QByteArray("Hookbench")));
    if (close && !Headers::contains(response.headers, "connection"))
        response.headers.append(qMakePair(QByteArray("Connection"), QByteArray("close")));
}
} // namespace

ListenerConnection::ListenerConnection(QTcpSocket *socket, ListenerWorker *worker)
    : QObject(worker)
    , m_socket(socket)
    , m_worker(worker)
    , m_parser(worker->limits())
{
    m_socket->setParent(this);
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_remoteAddress = m_socket->peerAddress().toString();
    m_remotePort = m_socket->peerPort();
    m_localPort = m_socket->localPort();
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ListenerConnection::timedOut);
    m_sslSocket = qobject_cast<QSslSocket *>(m_socket);
    if (m_sslSocket) {
        m_tlsState = TlsState::Sniffing;
        connect(m_sslSocket, &QSslSocket::encrypted, this, &ListenerConnection::encrypted);
        connect(m_sslSocket, &QSslSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
            if (m_tlsState == TlsState::Handshaking)
                failHandshake(HandshakeFailure::describe(error, m_sslSocket->errorString()));
        });
    }
    connect(m_socket, &QTcpSocket::readyRead, this, &ListenerConnection::readIncoming);
    connect(m_socket, &QTcpSocket::disconnected, this, &ListenerConnection::peerClosed);
    auto lingerOnceWritten = [this] {
        if (m_closing && !m_lingering && allWritten())
            lingerAndClose();
    };
    connect(m_socket, &QTcpSocket::bytesWritten, this, [this, lingerOnceWritten] {
        // An encrypting QSslSocket emits this in the middle of encrypting, before the bytes
        // reach its plain socket; then only encryptedBytesWritten says they left.
        if (!m_sslSocket || m_sslSocket->mode() == QSslSocket::UnencryptedMode)
            lingerOnceWritten();
    });
    if (m_sslSocket)
        connect(m_sslSocket, &QSslSocket::encryptedBytesWritten, this, lingerOnceWritten);
    armTimer();
    // Bytes may have arrived before the signals were connected.
    if (m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &ListenerConnection::readIncoming, Qt::QueuedConnection);
}

ListenerConnection::~ListenerConnection()
{
    m_worker->connectionClosed(this);
}

void ListenerConnection::readIncoming()
{
    if (m_tlsState == TlsState::Sniffing && !sniff())
        return;
    if (m_tlsState == TlsState::Handshaking)
        return;
    const QByteArray data = m_socket->readAll();
    if (data.isEmpty() || m_closing || m_parser.failed())
        return; // after a rejection the rest is not ours to interpret: it is drained and dropped
    if (!m_parser.hasPartialRequest())
        m_requestStartMs = QDateTime::currentMSecsSinceEpoch();
    m_parser.feed(data.constData(), data.size());
    if (m_parser.takeContinueRequest()) {
        // An interim answer must not overtake the final answers still owed.
        if (m_answers.empty())
            m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
        else
            m_continueOwed = true;
    }
    const QList<ParsedRequest> finished = m_parser.takeFinished();
    for (const ParsedRequest &request : finished)
        handle(request);
    armTimer();
}

bool ListenerConnection::sniff()
{
    // Peeked, not read: in this mode the bytes stay in the plain socket for OpenSSL.
    const QByteArray head = m_socket->peek(kMaxClientHelloPeek);
    if (head.isEmpty())
        return false;
    if (!m_requestStartMs)
        m_requestStartMs = QDateTime::currentMSecsSinceEpoch();
    switch (ClientHello::classify(head)) {
    case ClientHello::Verdict::NeedMore:
        armTimer();
        return false;
    case ClientHello::Verdict::NotTls:
        // Framed as HTTP like any request, then refused in handle(), so the capture shows
        // what was sent and the client reads why.
        m_tlsState = TlsState::PlainOnTlsPort;
        m_requestStartMs = 0;
        return true;
    case ClientHello::Verdict::Tls:
        break;
    }
    m_tls.used = true;
    m_tls.sni = ClientHello::serverName(head);
    m_tlsState = TlsState::Handshaking;
    m_sslSocket->startServerEncryption();
    armTimer();
    return false;
}

void ListenerConnection::encrypted()
{
    m_tlsState = TlsState::Encrypted;
    m_tls.protocol = protocolName(m_sslSocket->sessionProtocol());
    m_tls.cipher = m_sslSocket->sessionCipher().name();
    m_tls.clientCertificate = subjectText(m_sslSocket->peerCertificate());
    m_requestStartMs = 0;
    armTimer();
    if (m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &ListenerConnection::readIncoming, Qt::QueuedConnection);
}

bool ListenerConnection::allWritten() const
{
    // A QSslSocket's own count ends once the answer is encrypted; the encrypted bytes may
    // still wait in its plain socket, and a half-close would drop them.
    return m_socket->bytesToWrite() == 0 && (!m_sslSocket || m_sslSocket->encryptedBytesToWrite() == 0);
}

bool ListenerConnection::inHandshake() const
{
    // A connection that has sent nothing yet is idle, not handshaking: it closes quietly.
    return m_tlsState == TlsState::Handshaking || (m_tlsState == TlsState::Sniffing && m_requestStartMs != 0);
}

void ListenerConnection::failHandshake(const QString &reason)
{
    if (m_closing)
        return;
    ParsedRequest failure;
    failure.rejected = true;
    failure.rejectStatus = 0; // nothing can be answered without TLS
    failure.error = reason;
    handle(std::move(failure));
    m_closing = true;
    m_timer.stop();
    m_socket->abort();
    deleteLater();
}

void ListenerConnection::handle(ParsedRequest request)
{
    if (m_tlsState == TlsState::PlainOnTlsPort) {
        if (!request.rejected) {
            request.rejected = true;
            request.rejectStatus = 400;
            request.error = HandshakeFailure::notTls();
        } else {
            request.error = HandshakeFailure::notTls() + QStringLiteral("; besides, ") + request.error;
        }
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    Capture capture;
    capture.id = Capture::newId();
    capture.receivedAtMs = m_requestStartMs ? m_requestStartMs : now;
    capture.completedAtMs = now;
    capture.remoteAddress = m_remoteAddress;
    capture.remotePort = m_remotePort;
    capture.localPort = m_localPort;
    capture.method = std::move(request.method);
    capture.target = std::move(request.target);
    capture.httpVersion = std::move(request.httpVersion);
    capture.headers = std::move(request.headers);
    capture.body = std::move(request.body);
    capture.raw = std::move(request.raw);
    capture.tls = m_tls;
    // The next pipelined request began arriving no later than now.
    m_requestStartMs = now;

    PendingAnswer answer;
    const bool peerGone = request.rejected && request.rejectStatus == 0;
    if (request.rejected) {
        capture.status = Capture::Status::Rejected;
        capture.error = request.error;
        capture.errorOffset = request.errorOffset;
        if (!peerGone) {
            capture.response.status = request.rejectStatus;
            capture.response.headers = {{"Content-Type", "text/plain; charset=utf-8"}};
            capture.response.body = QByteArray::number(request.rejectStatus) + ' '
                + httpReasonPhrase(request.rejectStatus) + ": " + request.error.toUtf8()
                + (request.errorOffset >= 0 ? QByteArray(" (at byte " + QByteArray::number(request.errorOffset) + ")")
                                            : QByteArray())
                + '\n';
            completeHeaders(capture.response, true);
        }
        answer.closeAfter = true;
    } else {
        const ResponseSpec spec = m_worker->nextResponse(capture.method, capture.path());
        if (m_worker->isVerifying())
            capture.signature = m_worker->verify(capture.headers, capture.body);
        answer.closeAfter = !request.keepAlive || spec.closeWithoutAnswer;
        answer.abortInstead = spec.closeWithoutAnswer;
        capture.response.delayMs = spec.delayMs;
        if (m_worker->isProxying()) {
            // The answer is the forward target's, known later; nothing is sent until then.
            answer.closeAfter = !request.keepAlive;
            answer.abortInstead = false;
            answer.awaitsForward = true;
            capture.awaitsForward = true;
            capture.response.delayMs = 0;
        } else if (spec.closeWithoutAnswer) {
            capture.response.closedWithoutAnswer = true;
        } else {
            capture.response.status = spec.status;
            capture.response.headers = spec.headers;
            capture.response.body = spec.body;
            completeHeaders(capture.response, answer.closeAfter);
        }
    }

    capture.token = m_worker->nextToken();
    if (!peerGone) {
        answer.token = capture.token;
        answer.status = capture.response.status;
        answer.delayMs = capture.response.delayMs;
        answer.headRequest = capture.method == "HEAD";
        if (!capture.response.closedWithoutAnswer && !answer.awaitsForward)
            answer.bytes = serialize(capture.response, capture.method == "HEAD");
        m_answers.push_back(std::move(answer));
    }
    m_worker->submit(std::move(capture), peerGone ? nullptr : this);
}

void ListenerConnection::markCommitted(quint64 token, bool stored)
{
    for (PendingAnswer &answer : m_answers) {
        if (answer.token != token)
            continue;
        if (answer.awaitsForward && stored)
            return; // answerForwarded() makes it ready
        answer.ready = true;
        if (!stored && (answer.awaitsForward || (answer.status >= 200 && answer.status < 300))) {
            // A 2xx promises the delivery was kept; it was not, so say so, in the answer that
            // makes senders deliver again later (the store is away or full, not the request wrong).
            CaptureResponse failure;
            failure.status = 503;
            failure.headers.append(qMakePair(QByteArray("Retry-After"), QByteArray("1")));
            failure.body = "503 Service Unavailable: Hookbench could not store this request\n";
            completeHeaders(failure, answer.closeAfter);
            answer.bytes = serialize(failure, false);
        }
        break;
    }
    answerInOrder();
}

void ListenerConnection::answerForwarded(quint64 token, const CaptureResponse &forwarded)
{
    for (PendingAnswer &answer : m_answers) {
        if (answer.token != token)
            continue;
        CaptureResponse response = forwarded;
        completeHeaders(response, answer.closeAfter);
        answer.status = response.status;
        answer.bytes = serialize(response, answer.headRequest);
        answer.ready = true;
        break;
    }
    answerInOrder();
}

void ListenerConnection::answerInOrder()
{
    while (!m_answers.empty() && m_answers.front().ready && !m_closing) {
        PendingAnswer &answer = m_answers.front();
        if (answer.delayMs > 0 && !answer.delayDone) {
            if (!answer.delayStarted) {
                answer.delayStarted = true;
                QTimer::singleShot(answer.delayMs, this, [this, token = answer.token] {
                    if (!m_answers.empty() && m_answers.front().token == token) {
                        m_answers.front().delayDone = true;
                        answerInOrder();
                    }
                });
            }
            return;
        }
        const bool close = answer.closeAfter;
        const bool abort = answer.abortInstead;
        if (!abort)
            m_socket->write(answer.bytes);
        m_answers.pop_front();
        if (close) {
            beginClose(abort);
            return;
        }
    }
    if (m_answers.empty() && m_continueOwed) {
        m_continueOwed = false;
        m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    }
    // Out now, in this pass: left to the write notifier, every answer would cost the
    // thread one more trip through the event loop.
    if (m_socket->bytesToWrite() > 0)
        m_socket->flush();
    armTimer();
}

void ListenerConnection::armTimer()
{
    if (m_closing)
        return;
    const ListenerLimits &limits = m_worker->limits();
    if (inHandshake()) {
        const qint64 elapsed = QDateTime::currentMSecsSinceEpoch() - m_requestStartMs;
        m_timer.start(int(qMax<qint64>(0, limits.headerTimeoutMs - elapsed)));
    } else if (m_parser.hasPartialRequest()) {
        if (!m_parser.headersComplete()) {
            // Measured from the request's first byte, not the last: a sender trickling
            // one header byte at a time must not hold the connection forever.
            const qint64 elapsed = QDateTime::currentMSecsSinceEpoch() - m_requestStartMs;
            m_timer.start(int(qMax<qint64>(0, limits.headerTimeoutMs - elapsed)));
        } else {
            m_timer.start(limits.bodyTimeoutMs);
        }
    } else if (m_answers.empty()) {
        m_timer.start(limits.idleTimeoutMs);
    } else {
        m_timer.stop(); // waiting for a commit or a delay, not for the client
    }
}

void ListenerConnection::timedOut()
{
    if (m_closing)
        return;
    if (inHandshake()) {
        failHandshake(HandshakeFailure::timedOut(m_worker->limits().headerTimeoutMs));
        return;
    }
    if (m_parser.hasPartialRequest()) {
        const ListenerLimits &limits = m_worker->limits();
        const QString reason = m_parser.headersComplete()
            ? QStringLiteral("no body bytes for %1 ms").arg(limits.bodyTimeoutMs)
            : QStringLiteral("header section not complete after %1 ms").arg(limits.headerTimeoutMs);
        handle(m_parser.abandon(408, reason));
        return;
    }
    beginClose(false); // idle keep-alive connection
}

void ListenerConnection::peerClosed()
{
    if (inHandshake()) {
        failHandshake(HandshakeFailure::describe(QAbstractSocket::RemoteHostClosedError, QString()));
        return;
    }
    if (!m_closing && m_parser.hasPartialRequest()) {
        ParsedRequest partial = m_parser.abandon(
            0, QStringLiteral("connection closed by the client before the request was complete"));
        if (!partial.raw.isEmpty())
            handle(std::move(partial));
    }
    m_closing = true;
    m_timer.stop();
    deleteLater();
}

void ListenerConnection::beginClose(bool abort)
{
    m_closing = true;
    m_timer.stop();
    if (abort) {
        m_socket->abort();
        deleteLater();
        return;
    }
    m_socket->flush();
    if (allWritten())
        lingerAndClose();
    // else: bytesWritten calls lingerAndClose once the answer is out.
}

void ListenerConnection::lingerAndClose()
{
    // Closing a socket with unread input makes the kernel send RST, which can destroy
    // the answer before the client reads it (a 413 sent while the body still flows).
    // So: half-close, drain what still comes for a moment, then close (RFC 9112 §9.6).
    // The drain goes on while the client keeps sending (a large body refused with 413 can take
    // seconds to arrive); a fixed short wait cut slow uploaders off before they read the answer.
    m_lingering = true;
    if (m_socket->socketDescriptor() >= 0)
        ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
    auto *quiet = new QTimer(this);
    quiet->setSingleShot(true);
    auto close = [this] {
        m_socket->abort();
        deleteLater();
    };
    connect(quiet, &QTimer::timeout, this, close);
    connect(m_socket, &QTcpSocket::readyRead, this, [this, quiet] {
        m_socket->readAll();
        quiet->start();
    });
    quiet->start(kLingerQuietMs);
    QTimer::singleShot(kLingerMaxMs, this, close);
}
