#include "core/http/httprequestparser.h"

namespace {
HttpRequestParser *self(llhttp_t *parser)
{
    return static_cast<HttpRequestParser *>(parser->data);
}

bool equalsIgnoringCase(QByteArrayView a, QByteArrayView b)
{
    return a.size() == b.size() && qstrnicmp(a.data(), b.data(), a.size()) == 0;
}
} // namespace

HttpRequestParser::HttpRequestParser(const ListenerLimits &limits)
    : m_limits(limits)
{
    llhttp_settings_init(&m_settings);
    m_settings.on_message_begin = &HttpRequestParser::onMessageBegin;
    m_settings.on_method = &HttpRequestParser::onMethod;
    m_settings.on_url = &HttpRequestParser::onUrl;
    m_settings.on_version_complete = &HttpRequestParser::onVersionComplete;
    m_settings.on_header_field = &HttpRequestParser::onHeaderField;
    m_settings.on_header_value = &HttpRequestParser::onHeaderValue;
    m_settings.on_headers_complete = &HttpRequestParser::onHeadersComplete;
    m_settings.on_body = &HttpRequestParser::onBody;
    m_settings.on_chunk_header = &HttpRequestParser::onChunkHeader;
    m_settings.on_chunk_complete = &HttpRequestParser::onChunkComplete;
    m_settings.on_message_complete = &HttpRequestParser::onMessageComplete;
    llhttp_init(&m_parser, HTTP_REQUEST, &m_settings);
    m_parser.data = this;
}

void HttpRequestParser::feed(const char *data, qsizetype size)
{
    if (m_failed || size <= 0)
        return;
    m_feedBase = data;
    m_feedSize = size;
    m_messageStartInFeed = 0;
    const char *p = data;
    const char *end = data + size;
    while (p < end) {
        const llhttp_errno_t result = llhttp_execute(&m_parser, p, size_t(end - p));
        if (result == HPE_OK)
            break;
        const char *stop = llhttp_get_error_pos(&m_parser);
        if (result == HPE_PAUSED || result == HPE_PAUSED_UPGRADE) {
            // Paused at the end of a message (see onMessageComplete): its raw bytes
            // end here and the next pipelined request starts here.
            QByteArray raw = m_rawPrefix;
            raw.append(data + m_messageStartInFeed, stop - (data + m_messageStartInFeed));
            m_finished << finish(std::move(raw));
            m_rawPrefix.clear();
            m_messageStartInFeed = stop - data;
            // An Upgrade is not performed: the listener answers it as plain HTTP.
            if (result == HPE_PAUSED_UPGRADE)
                llhttp_resume_after_upgrade(&m_parser);
            else
                llhttp_resume(&m_parser);
            p = stop;
            continue;
        }
        // Framing error: everything from the message start on is this request's raw.
        ParsedRequest rejected = std::move(m_current);
        rejected.raw = m_rawPrefix;
        rejected.raw.append(data + m_messageStartInFeed, size - m_messageStartInFeed);
        rejected.rejected = true;
        if (m_rejectStatus != 0) {
            rejected.rejectStatus = m_rejectStatus;
            rejected.error = m_rejectReason;
            rejected.errorOffset = m_rejectOffset >= 0 ? m_rejectOffset : (stop ? messageOffset(stop) : -1);
        } else {
            rejected.rejectStatus = 400;
            rejected.error = QString::fromLatin1(llhttp_get_error_reason(&m_parser));
            rejected.errorOffset = stop ? messageOffset(stop) : rejected.raw.size();
        }
        m_rawPrefix.clear();
        m_finished << std::move(rejected);
        m_failed = true;
        m_inMessage = false;
        return;
    }
    // Whatever of the current message is in this feed waits for more bytes.
    m_rawPrefix.append(data + m_messageStartInFeed, size - m_messageStartInFeed);
    m_feedBase = nullptr;
}

QList<ParsedRequest> HttpRequestParser::takeFinished()
{
    return std::exchange(m_finished, {});
}

bool HttpRequestParser::takeContinueRequest()
{
    return std::exchange(m_continueRequested, false);
}

ParsedRequest HttpRequestParser::abandon(int status, const QString &reason)
{
    ParsedRequest request = std::move(m_current);
    request.raw = std::move(m_rawPrefix);
    request.rejected = true;
    request.rejectStatus = status;
    request.error = reason;
    request.errorOffset = request.raw.size();
    m_rawPrefix.clear();
    m_failed = true;
    m_inMessage = false;
    return request;
}

qint64 HttpRequestParser::messageOffset(const char *p) const
{
    return m_rawPrefix.size() + (p - (m_feedBase + m_messageStartInFeed));
}

char HttpRequestParser::byteAt(qint64 offset) const
{
    if (offset < m_rawPrefix.size())
        return m_rawPrefix.at(offset);
    const qsizetype inFeed = m_messageStartInFeed + (offset - m_rawPrefix.size());
    return inFeed < m_feedSize ? m_feedBase[inFeed] : '\0';
}

int HttpRequestParser::reject(int status, const QString &reason, const char *at)
{
    m_rejectStatus = status;
    m_rejectReason = reason;
    m_rejectOffset = at ? messageOffset(at) : -1;
    return HPE_USER;
}

void HttpRequestParser::startMessage()
{
    m_current = ParsedRequest();
    m_inMessage = true;
    m_headersComplete = false;
    m_lastWasValue = false;
    m_chunkDataEnd = -1;
    m_chunkSize = 0;
}

int HttpRequestParser::onMessageBegin(llhttp_t *parser)
{
    self(parser)->startMessage();
    return HPE_OK;
}

int HttpRequestParser::onMethod(llhttp_t *parser, const char *at, size_t length)
{
    self(parser)->m_current.method.append(at, qsizetype(length));
    return HPE_OK;
}

int HttpRequestParser::onUrl(llhttp_t *parser, const char *at, size_t length)
{
    HttpRequestParser *p = self(parser);
    p->m_current.target.append(at, qsizetype(length));
    if (p->m_current.target.size() > p->m_limits.maxTargetBytes)
        return p->reject(414, QStringLiteral("request-target longer than %1 bytes").arg(p->m_limits.maxTargetBytes),
                         at + length);
    return HPE_OK;
}

int HttpRequestParser::onVersionComplete(llhttp_t *parser)
{
    // Kept as soon as the request line is read: a request rejected for its headers still
    // shows the version it claimed.
    self(parser)->m_current.httpVersion = QByteArray::number(parser->http_major) + '.'
        + QByteArray::number(parser->http_minor);
    return HPE_OK;
}

int HttpRequestParser::checkHeaderSection(const char *end)
{
    if (messageOffset(end) > m_limits.maxHeaderBytes)
        return reject(431, QStringLiteral("header section larger than %1 bytes").arg(m_limits.maxHeaderBytes), end);
    return HPE_OK;
}

int HttpRequestParser::onHeaderField(llhttp_t *parser, const char *at, size_t length)
{
    HttpRequestParser *p = self(parser);
    if (p->m_lastWasValue || p->m_current.headers.isEmpty()) {
        if (p->m_current.headers.size() >= p->m_limits.maxHeaderCount)
            return p->reject(431, QStringLiteral("more than %1 header fields").arg(p->m_limits.maxHeaderCount), at);
        p->m_current.headers.append(QPair<QByteArray, QByteArray>());
    }
    p->m_lastWasValue = false;
    p->m_current.headers.last().first.append(at, qsizetype(length));
    return p->checkHeaderSection(at + length);
}

int HttpRequestParser::onHeaderValue(llhttp_t *parser, const char *at, size_t length)
{
    HttpRequestParser *p = self(parser);
    // llhttp continues a value over obs-fold (a next line starting with whitespace),
    // skipping the line break: a gap between two pieces of one value. RFC 9112 §5.2 lets
    // a server reject it, and joining the lines would show a value no sender wrote.
    if (p->m_lastWasValue && p->messageOffset(at) != p->m_valueEnd)
        return p->reject(400, QStringLiteral("obsolete line folding (obs-fold) in a header value"), at);
    p->m_lastWasValue = true;
    p->m_valueEnd = p->messageOffset(at + length);
    p->m_current.headers.last().second.append(at, qsizetype(length));
    return p->checkHeaderSection(at + length);
}

int HttpRequestParser::validateHeaders()
{
    const HeaderList &headers = m_current.headers;
    const int major = m_parser.http_major;
    const int minor = m_parser.http_minor;
    // Only HTTP/1.0 and 1.1 frame like this (RFC 9112 §2.3); HTTP/0.9 has no headers at all.
    if (major != 1 || minor > 1)
        return reject(400, QStringLiteral("unsupported HTTP version %1.%2").arg(major).arg(minor), nullptr);

    // RFC 9112 §3.2: exactly one Host in HTTP/1.1, at most one in 1.0.
    const int hosts = Headers::count(headers, "host");
    if (minor == 1 && hosts == 0)
        return reject(400, QStringLiteral("HTTP/1.1 request without a Host header"), nullptr);
    if (hosts > 1)
        return reject(400, QStringLiteral("%1 Host headers; exactly one is allowed").arg(hosts), nullptr);

    // We decode only chunked; anything else would leave the body's end unknown (RFC 9112 §6.1).
    if (m_parser.flags & F_TRANSFER_ENCODING) {
        const QList<QByteArray> codings = Headers::values(headers, "transfer-encoding");
        if (codings.size() != 1 || !equalsIgnoringCase(codings.first().trimmed(), "chunked"))
            return reject(400,
                          QStringLiteral("unsupported Transfer-Encoding '%1'; only 'chunked' is accepted")
                              .arg(QString::fromLatin1(codings.join(", "))),
                          nullptr);
    }

    if ((m_parser.flags & F_CONTENT_LENGTH) && qint64(m_parser.content_length) > m_limits.maxBodyBytes)
        return reject(413,
                      QStringLiteral("Content-Length %1 is over the %2-byte limit")
                          .arg(m_parser.content_length)
                          .arg(m_limits.maxBodyBytes),
                      nullptr);

    const QByteArray expect = Headers::value(headers, "expect");
    if (!expect.isNull()) {
        if (!equalsIgnoringCase(expect.trimmed(), "100-continue"))
            return reject(417, QStringLiteral("unsupported expectation '%1'").arg(QString::fromLatin1(expect)),
                          nullptr);
        m_current.expectsContinue = minor == 1;
    }
    return HPE_OK;
}

int HttpRequestParser::onHeadersComplete(llhttp_t *parser)
{
    HttpRequestParser *p = self(parser);
    p->m_headersComplete = true;
    if (p->validateHeaders() != HPE_OK) {
        // The offset of a header-level problem is the end of the header section.
        p->m_rejectOffset = -1;
        return -1;
    }
    const bool hasBody = (parser->flags & F_CHUNKED) || parser->content_length > 0;
    p->m_continueRequested = p->m_current.expectsContinue && hasBody;
    return HPE_OK;
}

int HttpRequestParser::onBody(llhttp_t *parser, const char *at, size_t length)
{
    HttpRequestParser *p = self(parser);
    if (p->m_current.body.size() + qint64(length) > p->m_limits.maxBodyBytes)
        return p->reject(413, QStringLiteral("chunked body over the %1-byte limit").arg(p->m_limits.maxBodyBytes), at);
    p->m_current.body.append(at, qsizetype(length));
    p->m_chunkDataEnd = p->messageOffset(at + length);
    return HPE_OK;
}

int HttpRequestParser::onChunkHeader(llhttp_t *parser)
{
    HttpRequestParser *p = self(parser);
    p->m_chunkSize = qint64(parser->content_length);
    p->m_chunkDataEnd = -1;
    return HPE_OK;
}

int HttpRequestParser::onChunkComplete(llhttp_t *parser)
{
    HttpRequestParser *p = self(parser);
    // llhttp 8.1 skips the byte after chunk data without looking at it; RFC 9112
    // §7.1 requires CRLF there, and accepting anything else lets a front end and
    // this listener disagree on where the body ends.
    if (p->m_chunkSize > 0 && p->m_chunkDataEnd >= 0) {
        if (p->byteAt(p->m_chunkDataEnd) != '\r' || p->byteAt(p->m_chunkDataEnd + 1) != '\n') {
            p->m_rejectStatus = 400;
            p->m_rejectReason = QStringLiteral("chunk data not followed by CRLF");
            p->m_rejectOffset = p->m_chunkDataEnd;
            return -1;
        }
    }
    return HPE_OK;
}

int HttpRequestParser::onMessageComplete(llhttp_t *parser)
{
    HttpRequestParser *p = self(parser);
    p->m_current.keepAlive = llhttp_should_keep_alive(parser);
    // Pause so feed() learns exactly where this message ends.
    return HPE_PAUSED;
}

ParsedRequest HttpRequestParser::finish(QByteArray raw)
{
    ParsedRequest request = std::move(m_current);
    request.raw = std::move(raw);
    m_current = ParsedRequest();
    m_inMessage = false;
    m_headersComplete = false;
    return request;
}
