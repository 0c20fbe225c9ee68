#pragma once

#include "core/http/headerlist.h"
#include "core/send/sendresult.h"

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QUrl>

#include <llhttp.h>

class QTcpSocket;

// One request for the HTTP/1.1 engine, its header list already complete (see wireHeaders()).
struct HttpClientRequest {
    QByteArray method;
    QUrl url;           // http:// only
    HeaderList headers; // written exactly so: in order, names as typed, duplicates as separate fields
    QByteArray body;
};

// What one exchange gave: a response (error None) or why there was none.
struct HttpClientResult {
    int status = 0;
    QByteArray reason;
    HeaderList headers; // wire order, duplicates kept
    QByteArray body;    // de-chunked, never decoded
    SendError error = SendError::None;
    QString errorText;
};

// One keep-alive TCP connection to one host:port speaking HTTP/1.1, one exchange at a
// time (never pipelined). Reads are buffered (QNAM reads response heads a byte at a
// time) and llhttp frames the answer: Content-Length, chunked, read-until-close, and
// no body for HEAD, 1xx, 204 and 304. When a reused connection turns out closed before
// any response byte, the request goes once more on a fresh connection if it is
// idempotent or none of it was written yet.
class HttpClientConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpClientConnection)

public:
    HttpClientConnection(const QString &host, quint16 port, QObject *parent = nullptr);
    ~HttpClientConnection() override;

    // What the engine writes for `request`: its headers as given, then Host when absent,
    // Content-Length when absent and there is a body (or the method is POST/PUT/PATCH),
    // and Connection: keep-alive when absent.
    static HeaderList wireHeaders(const QByteArray &method, const QUrl &url, const HeaderList &headers,
                                  const QByteArray &body);
    // The exact bytes of the request head and body.
    static QByteArray serialize(const HttpClientRequest &request);

    QString host() const { return m_host; }
    quint16 port() const { return m_port; }
    bool isBusy() const { return m_id != 0; }
    // Idle and still open: a new exchange may start here.
    bool isReusable() const;
    int completedExchanges() const { return m_completed; }
    int connectCount() const { return m_connects; }

    // Starts an exchange; the connection must not be busy. exchangeFinished() follows,
    // always asynchronously, unless abort() comes first.
    void start(quint64 id, const HttpClientRequest &request);
    // Drops the exchange in flight (and the socket, whose framing is lost) without a signal.
    void abort();

Q_SIGNALS:
    void firstByteReceived(quint64 id);
    void exchangeFinished(quint64 id, const HttpClientResult &result);
    // The connection cannot be used again (closed by either side while idle or after an exchange).
    void closed();

private:
    void openSocket();
    void writeRequest();
    void onReadyRead();
    void onDisconnected();
    void onSocketError();
    void fail(SendError error, const QString &text);
    void finishExchange();
    void resetParser();
    bool retryIfPossible();

    static int onStatus(llhttp_t *parser, const char *at, size_t length);
    static int onHeaderField(llhttp_t *parser, const char *at, size_t length);
    static int onHeaderValue(llhttp_t *parser, const char *at, size_t length);
    static int onHeadersComplete(llhttp_t *parser);
    static int onBody(llhttp_t *parser, const char *at, size_t length);
    static int onMessageComplete(llhttp_t *parser);

    QString m_host;
    quint16 m_port = 0;
    QTcpSocket *m_socket = nullptr;
    llhttp_t m_parser;
    llhttp_settings_t m_settings;

    quint64 m_id = 0;
    HttpClientRequest m_request;
    QByteArray m_wire;
    HttpClientResult m_result;
    bool m_head = false;
    bool m_headerValueOpen = false;
    bool m_messageDone = false;
    bool m_sawResponseByte = false;
    bool m_reusedForThis = false;
    bool m_retried = false;
    bool m_keepAlive = false;
    bool m_connected = false;
    bool m_dead = false;
    qint64 m_written = 0;
    int m_completed = 0;
    int m_connects = 0;
};

Q_DECLARE_METATYPE(HttpClientResult)
