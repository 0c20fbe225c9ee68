#include "core/http/httprequestparser.h"

namespace {
HttpRequestParser *self(llhttp_t *parser)
{
    return static_cast<HttpRequestParser *>(parser->data);
}

const QString kRequestLineShape = QStringLiteral("request line is not method SP request-target SP HTTP-version CRLF");

bool equalsIgnoringCase(QByteArrayView a, QByteArrayView b)
{
    return a.size() == b.size() && qstrnicmp(a.data(), b.data(), a.size()) == 0;
}

// The elements of a comma-separated field value, trimmed of OWS; empty elements are
// dropped, as RFC 9110 §5.6.1 tells a recipient to ignore them (`, chunked` is `chunked`).
QList<QByteArrayView> listElements(QByteArrayView value)
{
    QList<QByteArrayView> elements;
    qsizetype from = 0;
    while (from <= value.size()) {
        qsizetype comma = value.indexOf(',', from);
        if (comma < 0)
            comma = value.size();
        const QByteArrayView element = value.sliced(from, comma - from);
        from = comma + 1;
        qsizetype begin = 0;
        qsizetype end = element.size();
        while (begin < end && (element.at(begin) == ' ' || element.at(begin) == '\t'))
            ++begin;
        while (end > begin && (element.at(end - 1) == ' ' || element.at(end - 1) == '\t'))
            --end;
        if (end > begin)
            elements << element.sliced(begin, end - begin);
    }
    return elements;
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
    m_settings.on_header_field_complete = &HttpRequestParser::onHeaderFieldComplete;
    m_settings.on_header_value = &HttpRequestParser::onHeaderValue;
    m_settings.on_headers_complete = &HttpRequestParser::onHeadersComplete;
    m_settings.on_body = &HttpRequestParser::onBody;
    m_settings.on_message_complete = &HttpRequestParser::onMessageComplete;
    // Every llhttp_set_lenient_* flag stays off (headers, chunked_length, keep_alive,
    // transfer_encoding in 8.1): each one lets through a framing that a front end may
    // read differently. The CR/LF rules need llhttp built with LLHTTP_STRICT_MODE
    // (cmake/Llhttp.cmake); tst_httprequestparser fails on a loose build.
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
    if (m_afterConnect) {
        rejectRest(data, QStringLiteral("bytes after a CONNECT request: no tunnel is opened here"));
        return;
    }
    const char *p = data;
    const char *end = data + size;
    // Also run with no bytes left after a pause: the end of a bodiless message (and
    // llhttp's Upgrade pause) comes without consuming any.
    for (;;) {
        const llhttp_errno_t result = llhttp_execute(&m_parser, p, size_t(end - p));
        if (result == HPE_OK)
            break;
        const char *stop = llhttp_get_error_pos(&m_parser);
        const Pause pause = std::exchange(m_pause, Pause::None);
        if (result == HPE_PAUSED_UPGRADE && !m_inMessage) {
            // llhttp pauses for an Upgrade only after on_message_complete, where our own
            // pause already ended the message: finishing it again here would invent an
            // empty second request. An Upgrade is not performed: the listener answers it
            // as plain HTTP and goes on framing HTTP (RFC 9110 §7.8 lets a server ignore it).
            llhttp_resume_after_upgrade(&m_parser);
            p = stop;
            continue;
        }
        if (result == HPE_PAUSED && pause == Pause::HeadersComplete) {
            // llhttp takes a bare LF as the empty line that ends the header section, although
            // it refuses one everywhere else in the head: one reading for the whole head.
            const qint64 headEnd = messageOffset(stop);
            if (m_current.headers.isEmpty() && !requestLineEndsAt(headEnd - 4)) {
                m_rejectStatus = 400;
                m_rejectReason = kRequestLineShape;
                m_rejectOffset = m_urlEnd;
                failWith(result, stop);
                return;
            }
            if (!endsWithCrLf(headEnd)) {
                m_rejectStatus = 400;
                m_rejectReason = QStringLiteral("header section ended by a bare LF, not CRLF");
                m_rejectOffset = messageOffset(stop) - 1;
                failWith(result, stop);
                return;
            }
            llhttp_resume(&m_parser);
            p = stop;
            continue;
        }
        if (result == HPE_PAUSED || result == HPE_PAUSED_UPGRADE) {
            // Paused at the end of a message (see onMessageComplete): its raw bytes
            // end here and the next pipelined request starts here.
            if (m_chunked && !endsWithCrLf(messageOffset(stop))) {
                m_rejectStatus = 400;
                m_rejectReason = QStringLiteral("trailer section ended by a bare LF, not CRLF");
                m_rejectOffset = messageOffset(stop) - 1;
                failWith(result, stop);
                return;
            }
            QByteArray raw = m_rawPrefix;
            raw.append(data + m_messageStartInFeed, stop - (data + m_messageStartInFeed));
            ParsedRequest request = finish(std::move(raw));
            // A 2xx to CONNECT would switch the connection to a tunnel (RFC 9110 §9.3.6);
            // none is opened, so the connection ends after the answer and what follows
            // is not framed as HTTP.
            const bool connect = request.method == "CONNECT";
            if (connect)
                request.keepAlive = false;
            m_finished << std::move(request);
            m_rawPrefix.clear();
            m_messageStartInFeed = stop - data;
            if (connect) {
                m_afterConnect = true;
                if (stop < end)
                    rejectRest(stop, QStringLiteral("bytes after a CONNECT request: no tunnel is opened here"));
                m_feedBase = nullptr;
                return;
            }
            if (result == HPE_PAUSED_UPGRADE)
                llhttp_resume_after_upgrade(&m_parser);
            else
                llhttp_resume(&m_parser);
            p = stop;
            continue;
        }
        failWith(result, stop);
        return;
    }
    // Whatever of the current message is in this feed waits for more bytes.
    m_rawPrefix.append(data + m_messageStartInFeed, size - m_messageStartInFeed);
    m_feedBase = nullptr;
}

void HttpRequestParser::failWith(llhttp_errno_t result, const char *stop)
{
    // Framing error: everything from the message start on is this request's raw.
    ParsedRequest rejected = std::move(m_current);
    rejected.raw = m_rawPrefix;
    rejected.raw.append(m_feedBase + m_messageStartInFeed, m_feedSize - m_messageStartInFeed);
    rejected.rejected = true;
    completeLastField(&rejected);
    if (m_rejectStatus != 0) {
        rejected.rejectStatus = m_rejectStatus;
        rejected.error = m_rejectReason;
        rejected.errorOffset = m_rejectOffset >= 0 ? m_rejectOffset : (stop ? messageOffset(stop) : -1);
    } else {
        rejected.rejectStatus = 400;
        rejected.error = QString::fromLatin1(llhttp_get_error_reason(&m_parser));
        // llhttp refuses any Transfer-Encoding element after `chunked`, even an empty
        // one that RFC 9110 §5.6.1 would ignore: say which rule this is.
        if (result == HPE_INVALID_TRANSFER_ENCODING && (m_parser.flags & F_CHUNKED) == 0
            && rejected.error.startsWith(QLatin1String("Invalid `Transfer-Encoding` header value")))
            rejected.error = QStringLiteral("Transfer-Encoding with an element after 'chunked' (not even an "
                                            "empty one is accepted here); only 'chunked' is accepted");
        rejected.errorOffset = stop ? messageOffset(stop) : rejected.raw.size();
    }
    m_rawPrefix.clear();
    m_finished << std::move(rejected);
    m_failed = true;
    m_inMessage = false;
    m_feedBase = nullptr;
}

void HttpRequestParser::completeLastField(ParsedRequest *rejected) const
{
    // llhttp reports a value's bytes when the value ends, so an error inside it (a second
    // Content-Length, a bad byte) leaves the field with the part seen so far, or none: the
    // inspector and HAR showed "Content-Length:" empty beside a raw view that had "12".
    // For the record only — nothing is framed by this — the field's line is read back
    // from the raw bytes, up to its end or to what arrived.
    if (m_headersComplete || rejected->headers.isEmpty() || m_fieldBytes != 0 || m_fieldEnd <= 0
        || m_fieldEnd >= rejected->raw.size() || rejected->raw.at(m_fieldEnd) != ':')
        return;
    const QByteArray &raw = rejected->raw;
    qsizetype start = m_fieldEnd + 1;
    while (start < raw.size() && (raw.at(start) == ' ' || raw.at(start) == '\t'))
        ++start;
    qsizetype end = start;
    while (end < raw.size() && raw.at(end) != '\r' && raw.at(end) != '\n')
        ++end;
    while (end > start && (raw.at(end - 1) == ' ' || raw.at(end - 1) == '\t'))
        --end;
    rejected->headers.last().second = raw.mid(start, end - start);
}

void HttpRequestParser::rejectRest(const char *from, const QString &reason)
{
    ParsedRequest rejected;
    rejected.raw = QByteArray(from, m_feedSize - (from - m_feedBase));
    rejected.rejected = true;
    rejected.rejectStatus = 400;
    rejected.error = reason;
    rejected.errorOffset = 0;
    m_finished << std::move(rejected);
    m_failed = true;
    m_inMessage = false;
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
    if (offset < 0)
        return '\0';
    if (offset < m_rawPrefix.size())
        return m_rawPrefix.at(offset);
    const qint64 inFeed = m_messageStartInFeed + (offset - m_rawPrefix.size());
    return inFeed < m_feedSize ? m_feedBase[inFeed] : '\0';
}

bool HttpRequestParser::requestLineEndsAt(qint64 cr) const
{
    // The version is HTTP/d.d after exactly one SP (llhttp checks the digits).
    return cr == m_urlEnd + 9 && byteAt(cr) == '\r' && byteAt(cr + 1) == '\n';
}

bool HttpRequestParser::endsWithCrLf(qint64 offset) const
{
    return byteAt(offset - 2) == '\r' && byteAt(offset - 1) == '\n';
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
    m_fieldBytes = 0;
    m_chunked = false;
}

int HttpRequestParser::onMessageBegin(llhttp_t *parser)
{
    self(parser)->startMessage();
    return HPE_OK;
}

int HttpRequestParser::onMethod(llhttp_t *parser, const char *at, size_t length)
{
    HttpRequestParser *p = self(parser);
    if (p->m_current.method.isEmpty()) {
        // llhttp skips any CR and LF before a request line; RFC 9112 §2.2 lets a server
        // ignore empty lines (CRLF) there, and nothing else: a stray CR or LF between two
        // pipelined requests is a framing disagreement waiting to happen.
        const qint64 start = p->messageOffset(at);
        qint64 bad = -1;
        for (qint64 i = 0; i < start && bad < 0; ++i) {
            if (p->byteAt(i) != (i % 2 == 0 ? '\r' : '\n'))
                bad = i;
        }
        if (bad < 0 && start % 2 != 0)
            bad = start - 1;
        p->m_methodStart = start;
        if (bad >= 0) {
            p->reject(400, QStringLiteral("a bare CR or LF before the request line"), nullptr);
            p->m_rejectOffset = bad; // may lie in an earlier feed: no pointer to it
            return HPE_USER;
        }
    }
    p->m_current.method.append(at, qsizetype(length));
    return HPE_OK;
}

int HttpRequestParser::onUrl(llhttp_t *parser, const char *at, size_t length)
{
    HttpRequestParser *p = self(parser);
    // llhttp skips any run of spaces after the method (RFC 9112 §3 only lets a recipient do so).
    if (p->m_current.target.isEmpty() && p->messageOffset(at) != p->m_methodStart + p->m_current.method.size() + 1)
        return p->reject(400, kRequestLineShape, at);
    p->m_current.target.append(at, qsizetype(length));
    p->m_urlEnd = p->messageOffset(at + length);
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
        const bool first = p->m_current.headers.isEmpty();
        p->m_current.headers.append(QPair<QByteArray, QByteArray>());
        // llhttp (strict) requires CRLF after a field value but takes a bare LF after the
        // request line: the line before every field line must end in CRLF.
        if (first && !p->requestLineEndsAt(p->messageOffset(at) - 2)) {
            p->reject(400, kRequestLineShape, nullptr);
            p->m_rejectOffset = p->m_urlEnd; // the line is wrong from there on
            return HPE_USER;
        }
        if (!p->endsWithCrLf(p->messageOffset(at)))
            return p->reject(400, QStringLiteral("a line of the head ended by a bare LF, not CRLF"), at - 1);
    }
    p->m_lastWasValue = false;
    p->m_fieldBytes += qint64(length);
    p->m_fieldEnd = p->messageOffset(at + length);
    p->m_current.headers.last().first.append(at, qsizetype(length));
    return p->checkHeaderSection(at + length);
}

int HttpRequestParser::onHeaderFieldComplete(llhttp_t *parser)
{
    HttpRequestParser *p = self(parser);
    // llhttp 8.1 takes ": value" as a field with an empty name (and, split at the colon,
    // may not call on_header_field at all). A field name is a token, one character or
    // more (RFC 9110 §5.1). Counted per field, so a name split over feeds still counts.
    const qint64 fieldBytes = std::exchange(p->m_fieldBytes, 0);
    if (fieldBytes == 0)
        return p->reject(400, QStringLiteral("header field with an empty name"), nullptr);
    return HPE_OK;
}

int HttpRequestParser::onHeaderValue(llhttp_t *parser, const char *at, size_t length)
{
    HttpRequestParser *p = self(parser);
    // llhttp continues a value over obs-fold (a next line starting with whitespace),
    // skipping the line break: a gap between two pieces of one value. RFC 9112 §5.2 lets
    // a server reject it, and joining the lines would show a value no sender wrote.
    // The first piece of a value must be on the field name's line too: after an empty
    // value, "Content-Length:" CRLF SP "2" is a fold that llhttp reads as 2.
    bool folded = p->m_lastWasValue && p->messageOffset(at) != p->m_valueEnd;
    // (An empty value comes as an empty piece at the start of the next line.)
    if (!p->m_lastWasValue && length > 0) {
        for (qint64 i = p->m_fieldEnd; i < p->messageOffset(at) && !folded; ++i)
            folded = p->byteAt(i) == '\r' || p->byteAt(i) == '\n';
    }
    if (folded)
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
    // Empty list elements do not count (RFC 9110 §5.6.1), and our reading must agree with
    // llhttp's, which is what frames the body.
    // By the field, not llhttp's flag: llhttp sets no flag for an empty value, and a
    // Transfer-Encoding without chunked last leaves the length unknown (RFC 9112 §6.3).
    if ((m_parser.flags & F_TRANSFER_ENCODING) || Headers::contains(headers, "transfer-encoding")) {
        // RFC 9112 §6.1: Transfer-Encoding in an HTTP/1.0 message is faulty framing.
        if (minor == 0)
            return reject(400, QStringLiteral("Transfer-Encoding in an HTTP/1.0 request"), nullptr);
        const QList<QByteArray> codings = Headers::values(headers, "transfer-encoding");
        const QList<QByteArrayView> elements = codings.size() == 1 ? listElements(codings.first())
                                                                   : QList<QByteArrayView>();
        if (elements.size() != 1 || !equalsIgnoringCase(elements.first(), "chunked")
            || (m_parser.flags & F_CHUNKED) == 0)
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

    // Every Expect field, not only the first: a second one must not be ignored unseen.
    const QList<QByteArray> expectations = Headers::values(headers, "expect");
    for (const QByteArray &expect : expectations) {
        if (!equalsIgnoringCase(expect.trimmed(), "100-continue"))
            return reject(417, QStringLiteral("unsupported expectation '%1'").arg(QString::fromLatin1(expect)),
                          nullptr);
    }
    if (!expectations.isEmpty())
        m_current.expectsContinue = minor == 1;
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
    p->m_chunked = (parser->flags & F_CHUNKED) != 0;
    const bool hasBody = p->m_chunked || parser->content_length > 0;
    p->m_continueRequested = p->m_current.expectsContinue && hasBody;
    // Paused so feed() can look at how the header section ended (see there); resuming
    // goes on exactly as returning 0 would.
    p->m_pause = Pause::HeadersComplete;
    return HPE_PAUSED;
}

int HttpRequestParser::onBody(llhttp_t *parser, const char *at, size_t length)
{
    HttpRequestParser *p = self(parser);
    if (p->m_current.body.size() + qint64(length) > p->m_limits.maxBodyBytes)
        return p->reject(413, QStringLiteral("chunked body over the %1-byte limit").arg(p->m_limits.maxBodyBytes), at);
    p->m_current.body.append(at, qsizetype(length));
    return HPE_OK;
}

int HttpRequestParser::onMessageComplete(llhttp_t *parser)
{
    HttpRequestParser *p = self(parser);
    p->m_current.keepAlive = llhttp_should_keep_alive(parser);
    // Pause so feed() learns exactly where this message ends.
    p->m_pause = Pause::MessageComplete;
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
