#pragma once

#include "core/http/headerlist.h"
#include "core/listener/listenerlimits.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <llhttp.h>

// One request framed off a connection, accepted or rejected.
struct ParsedRequest {
    QByteArray method;
    QByteArray target;
    QByteArray httpVersion; // "1.1"
    HeaderList headers;
    QByteArray body; // de-chunked
    QByteArray raw;  // the exact bytes of this request on the wire
    bool keepAlive = false;
    bool expectsContinue = false;

    bool rejected = false;
    int rejectStatus = 0;    // 400, 408, 413, 414, 417, 431
    QString error;           // the reason, in words
    qint64 errorOffset = -1; // into raw
};

// Strict HTTP/1.1 request framing (RFC 9112) for one connection: llhttp (built in its
// strict mode, which checks every CRLF) does the tokenising, and the rules it leaves to
// its caller (limits, Host, transfer codings, versions, empty field names) are checked here. Pipelined requests come
// out in order; after a rejection the connection's framing is lost, so the parser
// stops and the caller answers and closes.
class HttpRequestParser final
{
    Q_DISABLE_COPY_MOVE(HttpRequestParser)

public:
    explicit HttpRequestParser(const ListenerLimits &limits);

    // Frames as much as `data` allows; finished requests go to takeFinished().
    void feed(const char *data, qsizetype size);
    QList<ParsedRequest> takeFinished();

    // True once the current request's header section is complete and it asked for
    // `Expect: 100-continue`; cleared by the call.
    bool takeContinueRequest();

    bool failed() const { return m_failed; }
    bool hasPartialRequest() const { return !m_failed && (m_inMessage || !m_rawPrefix.isEmpty()); }
    bool headersComplete() const { return m_headersComplete; }

    // The connection ended or timed out mid-request: turn what arrived into a
    // rejected request (408 for timeouts; status 0 when the peer went away).
    ParsedRequest abandon(int status, const QString &reason);

private:
    static int onMessageBegin(llhttp_t *parser);
    static int onUrl(llhttp_t *parser, const char *at, size_t length);
    static int onVersionComplete(llhttp_t *parser);
    static int onMethod(llhttp_t *parser, const char *at, size_t length);
    static int onHeaderField(llhttp_t *parser, const char *at, size_t length);
    static int onHeaderFieldComplete(llhttp_t *parser);
    static int onHeaderValue(llhttp_t *parser, const char *at, size_t length);
    static int onHeadersComplete(llhttp_t *parser);
    static int onBody(llhttp_t *parser, const char *at, size_t length);
    static int onMessageComplete(llhttp_t *parser);

    int reject(int status, const QString &reason, const char *at);
    int checkHeaderSection(const char *end);
    int validateHeaders();
    qint64 messageOffset(const char *p) const;
    char byteAt(qint64 offset) const; // of the current message, from its raw start
    bool endsWithCrLf(qint64 offset) const;
    bool requestLineEndsAt(qint64 cr) const;
    void completeLastField(ParsedRequest *rejected) const;
    void failWith(llhttp_errno_t result, const char *stop);
    void rejectRest(const char *from, const QString &reason);
    void startMessage();
    ParsedRequest finish(QByteArray raw);

    ListenerLimits m_limits;
    llhttp_t m_parser;
    llhttp_settings_t m_settings;

    // Raw bytes of the current message from earlier feeds, and where it starts in this feed.
    QByteArray m_rawPrefix;
    const char *m_feedBase = nullptr;
    qsizetype m_feedSize = 0;
    qsizetype m_messageStartInFeed = 0;

    ParsedRequest m_current;
    bool m_inMessage = false;
    bool m_headersComplete = false;
    bool m_lastWasValue = false;
    qint64 m_valueEnd = -1;
    bool m_continueRequested = false;
    qint64 m_fieldBytes = 0; // of the field name being read
    qint64 m_fieldEnd = 0;   // offset just past the last field name
    qint64 m_methodStart = 0;
    qint64 m_urlEnd = 0;
    bool m_chunked = false;
    bool m_afterConnect = false;
    // Why llhttp paused: our callbacks pause it at the end of a header section and of a message.
    enum class Pause { None, HeadersComplete, MessageComplete };
    Pause m_pause = Pause::None;

    // Our own rejection, set by a callback before it stops llhttp.
    int m_rejectStatus = 0;
    QString m_rejectReason;
    qint64 m_rejectOffset = -1;

    bool m_failed = false;
    QList<ParsedRequest> m_finished;
};
