#include "core/send/httpclientconnection.h"

#include "core/app/logging.h"

#include <QTcpSocket>

namespace {
HttpClientConnection *self(llhttp_t *parser)
{
    return static_cast<HttpClientConnection *>(parser->data);
}

// Methods that may safely go twice (RFC 9110 §9.2.2): the only ones retried after
// their bytes may have reached a server that then closed the connection.
bool isIdempotent(const QByteArray &method)
{
    return method == "GET" || method == "HEAD" || method == "PUT" || method == "DELETE" || method == "OPTIONS"
        || method == "TRACE";
}

QByteArray hostField(const QUrl &url)
{
    QByteArray host = url.host(QUrl::FullyEncoded).toLatin1();
    if (host.contains(':'))
        host = '[' + host + ']';
    const int port = url.port(80);
    if (port != 80)
        host += ':' + QByteArray::number(port);
    return host;
}
} // namespace

HttpClientConnection::HttpClientConnection(const QString &host, quint16 port, QObject *parent)
    : QObject(parent)
    , m_host(host)
    , m_port(port)
{
    llhttp_settings_init(&m_settings);
    m_settings.on_status = &HttpClientConnection::onStatus;
    m_settings.on_header_field = &HttpClientConnection::onHeaderField;
    m_settings.on_header_value = &HttpClientConnection::onHeaderValue;
    m_settings.on_header_field_complete = [](llhttp_t *parser) {
        self(parser)->m_headerValueOpen = true;
        return 0;
    };
    m_settings.on_headers_complete = &HttpClientConnection::onHeadersComplete;
    m_settings.on_body = &HttpClientConnection::onBody;
    m_settings.on_message_complete = &HttpClientConnection::onMessageComplete;
    resetParser();
}

HttpClientConnection::~HttpClientConnection()
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
}

HeaderList HttpClientConnection::wireHeaders(const QByteArray &method, const QUrl &url, const HeaderList &headers,
                                             const QByteArray &body)
{
    HeaderList wire = headers;
    if (!Headers::contains(wire, "Host"))
        wire.append({QByteArrayLiteral("Host"), hostField(url)});
    // Never chunked: the length is known, and an empty POST/PUT/PATCH says so (as Qt does).
    const bool bodyMethod = method == "POST" || method == "PUT" || method == "PATCH";
    if (!Headers::contains(wire, "Content-Length") && !Headers::contains(wire, "Transfer-Encoding")
        && (!body.isEmpty() || bodyMethod))
        wire.append({QByteArrayLiteral("Content-Length"), QByteArray::number(body.size())});
    if (!Headers::contains(wire, "Connection"))
        wire.append({QByteArrayLiteral("Connection"), QByteArrayLiteral("keep-alive")});
    return wire;
}

QByteArray HttpClientConnection::serialize(const HttpClientRequest &request)
{
    QByteArray target = request.url.path(QUrl::FullyEncoded).toLatin1();
    if (target.isEmpty())
        target = QByteArrayLiteral("/");
    if (request.url.hasQuery())
        target += '?' + request.url.query(QUrl::FullyEncoded).toLatin1();

    qsizetype size = request.method.size() + target.size() + 16 + request.body.size();
    for (const auto &[name, value] : request.headers)
        size += name.size() + value.size() + 4;
    QByteArray wire;
    wire.reserve(size);
    wire += request.method;
    wire += ' ';
    wire += target;
    wire += " HTTP/1.1\r\n";
    for (const auto &[name, value] : request.headers) {
        wire += name;
        wire += ": ";
        wire += value;
        wire += "\r\n";
    }
    wire += "\r\n";
    wire += request.body;
    return wire;
}

bool HttpClientConnection::isReusable() const
{
    return !m_dead && m_id == 0 && m_socket && m_connected && m_socket->state() == QAbstractSocket::ConnectedState;
}

void HttpClientConnection::start(quint64 id, const HttpClientRequest &request)
{
    Q_ASSERT(m_id == 0 && !m_dead);
    m_id = id;
    m_request = request;
    m_wire = serialize(request);
    m_head = request.method == "HEAD";
    m_retried = false;
    m_reusedForThis = m_completed > 0 && m_connected;
    resetParser();
    if (m_socket && m_connected)
        writeRequest();
    else if (!m_socket)
        openSocket();
    // else: still connecting; connected() writes it.
}

void HttpClientConnection::abort()
{
    m_id = 0;
    m_dead = true;
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
        m_socket = nullptr;
    }
}

void HttpClientConnection::openSocket()
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
    }
    m_connected = false;
    ++m_connects;
    m_socket = new QTcpSocket(this);
    connect(m_socket, &QTcpSocket::connected, this, [this] {
        m_connected = true;
        m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        if (m_id != 0)
            writeRequest();
    });
    connect(m_socket, &QTcpSocket::bytesWritten, this, [this](qint64 bytes) { m_written += bytes; });
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpClientConnection::onReadyRead);
    connect(m_socket, &QTcpSocket::errorOccurred, this, &HttpClientConnection::onSocketError);
    connect(m_socket, &QTcpSocket::disconnected, this, &HttpClientConnection::onDisconnected);
    // A host name is resolved by the socket through QHostInfo.
    m_socket->connectToHost(m_host, m_port);
}

void HttpClientConnection::writeRequest()
{
    m_written = 0;
    m_sawResponseByte = false;
    m_socket->write(m_wire);
}

void HttpClientConnection::onReadyRead()
{
    if (!m_socket)
        return;
    const QByteArray data = m_socket->readAll();
    if (data.isEmpty())
        return;
    if (m_id == 0) {
        // Bytes nobody asked for: the framing of this connection can no longer be trusted.
        qCDebug(lcSender) << "unsolicited bytes on an idle connection to" << m_host << m_port;
        abort();
        Q_EMIT closed();
        return;
    }
    if (!m_sawResponseByte) {
        m_sawResponseByte = true;
        Q_EMIT firstByteReceived(m_id);
    }
    const llhttp_errno_t result = llhttp_execute(&m_parser, data.constData(), size_t(data.size()));
    if (result == HPE_PAUSED) {
        // Anything after the answer was not asked for (requests are never pipelined).
        if (llhttp_get_error_pos(&m_parser) != data.constData() + data.size())
            m_keepAlive = false;
        finishExchange();
    } else if (result != HPE_OK) {
        fail(SendError::Network,
             QStringLiteral("invalid HTTP response: %1").arg(QString::fromLatin1(llhttp_get_error_reason(&m_parser))));
    }
}

void HttpClientConnection::onSocketError()
{
    if (!m_socket)
        return;
    const QAbstractSocket::SocketError error = m_socket->error();
    if (m_id == 0) {
        abort();
        Q_EMIT closed();
        return;
    }
    if (m_socket->bytesAvailable() > 0) {
        onReadyRead(); // the answer may end in the same read as the close
        if (m_id == 0 || !m_socket)
            return;
    }
    if (error == QAbstractSocket::RemoteHostClosedError) {
        onDisconnected();
        return;
    }
    if (!m_sawResponseByte && retryIfPossible())
        return;
    switch (error) {
    case QAbstractSocket::ConnectionRefusedError:
        fail(SendError::ConnectionRefused, QStringLiteral("connection refused"));
        break;
    case QAbstractSocket::HostNotFoundError:
        fail(SendError::HostNotFound, QStringLiteral("host not found: %1").arg(m_request.url.host()));
        break;
    default:
        fail(SendError::Network, m_socket->errorString());
        break;
    }
}

void HttpClientConnection::onDisconnected()
{
    if (!m_socket)
        return;
    if (m_id == 0) {
        abort();
        Q_EMIT closed();
        return;
    }
    if (m_socket->bytesAvailable() > 0) {
        onReadyRead();
        if (m_id == 0 || !m_socket)
            return;
    }
    if (m_sawResponseByte && llhttp_message_needs_eof(&m_parser)) {
        // Read-until-close: the end of the connection is the end of the body.
        if (llhttp_finish(&m_parser) == HPE_OK || m_messageDone) {
            m_keepAlive = false;
            finishExchange();
            return;
        }
    }
    if (!m_sawResponseByte && retryIfPossible())
        return;
    fail(SendError::ConnectionClosed, QStringLiteral("connection closed by the server before it answered"));
}

bool HttpClientConnection::retryIfPossible()
{
    if (!m_reusedForThis || m_retried || !(isIdempotent(m_request.method) || m_written == 0))
        return false;
    // A kept-alive connection the server had already given up on: once more on a fresh one.
    qCDebug(lcSender) << "reused connection to" << m_host << m_port << "was closed; retrying once";
    m_retried = true;
    m_reusedForThis = false;
    resetParser();
    openSocket();
    return true;
}

void HttpClientConnection::fail(SendError error, const QString &text)
{
    const quint64 id = m_id;
    HttpClientResult result;
    result.error = error;
    result.errorText = text;
    abort();
    Q_EMIT exchangeFinished(id, result);
    Q_EMIT closed();
}

void HttpClientConnection::finishExchange()
{
    const quint64 id = std::exchange(m_id, 0);
    HttpClientResult result = std::exchange(m_result, {});
    m_request = {};
    m_wire.clear();
    ++m_completed;
    const bool keep = m_keepAlive && m_socket && m_socket->state() == QAbstractSocket::ConnectedState;
    if (!keep)
        abort();
    Q_EMIT exchangeFinished(id, result);
    if (!keep)
        Q_EMIT closed();
}

void HttpClientConnection::resetParser()
{
    llhttp_init(&m_parser, HTTP_RESPONSE, &m_settings);
    m_parser.data = this;
    m_result = {};
    m_headerValueOpen = true;
    m_messageDone = false;
    m_keepAlive = false;
    m_sawResponseByte = false;
}

int HttpClientConnection::onStatus(llhttp_t *parser, const char *at, size_t length)
{
    self(parser)->m_result.reason.append(at, qsizetype(length));
    return 0;
}

int HttpClientConnection::onHeaderField(llhttp_t *parser, const char *at, size_t length)
{
    HttpClientConnection *c = self(parser);
    if (c->m_headerValueOpen) { // the previous field (if any) is complete: a new one starts
        c->m_result.headers.append(QPair<QByteArray, QByteArray>());
        c->m_headerValueOpen = false;
    }
    c->m_result.headers.last().first.append(at, qsizetype(length));
    return 0;
}

int HttpClientConnection::onHeaderValue(llhttp_t *parser, const char *at, size_t length)
{
    HttpClientConnection *c = self(parser);
    if (!c->m_result.headers.isEmpty())
        c->m_result.headers.last().second.append(at, qsizetype(length));
    return 0;
}

int HttpClientConnection::onHeadersComplete(llhttp_t *parser)
{
    HttpClientConnection *c = self(parser);
    const int status = parser->status_code;
    c->m_result.status = status;
    // 1 tells llhttp that no body follows whatever the length fields say (RFC 9112 §6.3):
    // an answer to HEAD, and 204 and 304, which llhttp would otherwise read by their length.
    return (c->m_head || status == 204 || status == 304) ? 1 : 0;
}

int HttpClientConnection::onBody(llhttp_t *parser, const char *at, size_t length)
{
    self(parser)->m_result.body.append(at, qsizetype(length));
    return 0;
}

int HttpClientConnection::onMessageComplete(llhttp_t *parser)
{
    HttpClientConnection *c = self(parser);
    const int status = parser->status_code;
    if (status >= 100 && status < 200 && status != 101) {
        // An interim answer (100 Continue, 103 Early Hints): the real one follows.
        c->m_result = {};
        c->m_headerValueOpen = true;
        return 0;
    }
    c->m_keepAlive = llhttp_should_keep_alive(parser) != 0;
    c->m_messageDone = true;
    return HPE_PAUSED;
}
