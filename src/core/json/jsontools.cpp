#include "core/json/jsontools.h"

#include <QVarLengthArray>

#include <array>
#include <cstring>

QString JsonError::toString() const
{
    if (!isError())
        return {};
    return QStringLiteral("line %1, column %2: %3").arg(line).arg(column).arg(message);
}

namespace {

// Bytes a string body can contain without a closer look: printable ASCII except '"' and '\'.
constexpr std::array<bool, 256> makePlainStringTable()
{
    std::array<bool, 256> table{};
    for (int c = 0x20; c < 0x80; ++c)
        table[c] = c != '"' && c != '\\';
    return table;
}
constexpr std::array<bool, 256> kPlainString = makePlainStringTable();

constexpr bool isWhitespace(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

constexpr bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

constexpr bool isHexDigit(char c)
{
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

constexpr bool isIdentifierChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || c == '_' || c == '$';
}

constexpr bool isContinuation(uchar c)
{
    return (c & 0xC0) == 0x80;
}

// Length of the well-formed UTF-8 sequence at p (RFC 3629: no overlongs, no
// surrogates, nothing above U+10FFFF), or 0 when it is malformed.
int utf8SequenceLength(const char *p, const char *end)
{
    const auto b0 = static_cast<uchar>(p[0]);
    const qsizetype avail = end - p;
    auto at = [p](int i) { return static_cast<uchar>(p[i]); };
    if (b0 < 0x80)
        return 1;
    if (b0 >= 0xC2 && b0 <= 0xDF)
        return avail >= 2 && isContinuation(at(1)) ? 2 : 0;
    if (b0 >= 0xE0 && b0 <= 0xEF) {
        if (avail < 3 || !isContinuation(at(1)) || !isContinuation(at(2)))
            return 0;
        if (b0 == 0xE0 && at(1) < 0xA0)
            return 0; // overlong
        if (b0 == 0xED && at(1) > 0x9F)
            return 0; // UTF-16 surrogate
        return 3;
    }
    if (b0 >= 0xF0 && b0 <= 0xF4) {
        if (avail < 4 || !isContinuation(at(1)) || !isContinuation(at(2)) || !isContinuation(at(3)))
            return 0;
        if (b0 == 0xF0 && at(1) < 0x90)
            return 0; // overlong
        if (b0 == 0xF4 && at(1) > 0x8F)
            return 0; // above U+10FFFF
        return 4;
    }
    return 0;
}

// Typographic quotes arrive when a payload is pasted from a chat or a document.
bool isCurlyQuote(const char *p, const char *end)
{
    if (end - p < 3 || static_cast<uchar>(p[0]) != 0xE2 || static_cast<uchar>(p[1]) != 0x80)
        return false;
    const auto b2 = static_cast<uchar>(p[2]);
    return b2 == 0x98 || b2 == 0x99 || b2 == 0x9C || b2 == 0x9D;
}

struct Failure {
    qsizetype offset;
    QString message;
};

// One pass over the document. Validation and re-indenting share it, so a
// document is never scanned twice. Nesting lives in an explicit stack rather
// than recursion, so a 10 MB run of '[' cannot overflow the call stack.
template <bool Emit, bool Pretty> class Scanner
{
public:
    Scanner(QByteArrayView in, int indent, JsonTools::Syntax syntax, QByteArray *out)
        : m_begin(in.data())
        , m_p(in.data())
        , m_end(in.data() + in.size())
        , m_indent(qMax(0, indent))
        , m_placeholders(syntax == JsonTools::Syntax::AllowPlaceholders)
        , m_out(out)
    {
        if (m_out) {
            m_outPos = m_out->data();
            m_outEnd = m_out->data() + m_out->size();
        }
    }

    bool run();
    const Failure &failure() const { return m_failure; }

private:
    struct Open {
        char bracket; // '{' or '['
        qsizetype offset;
    };

    bool fail(const char *at, const QString &message)
    {
        m_failure = {at - m_begin, message};
        return false;
    }

    void skipWhitespace()
    {
        while (m_p < m_end && isWhitespace(*m_p))
            ++m_p;
    }

    // Output goes through a raw cursor into a pre-sized buffer: a pretty-printed
    // document is millions of one- and two-byte pieces, and QByteArray::append's
    // per-call bookkeeping would dominate the time.
    void reserve(qsizetype n)
    {
        if (m_outEnd - m_outPos >= n)
            return;
        const qsizetype used = m_outPos - m_out->data();
        m_out->resize(qMax<qsizetype>(m_out->size() * 2, used + n + 4096));
        m_outPos = m_out->data() + used;
        m_outEnd = m_out->data() + m_out->size();
    }
    void put(char c)
    {
        if constexpr (Emit) {
            reserve(1);
            *m_outPos++ = c;
        }
    }
    void put(const char *from, const char *to)
    {
        if constexpr (Emit) {
            reserve(to - from);
            std::memcpy(m_outPos, from, to - from);
            m_outPos += to - from;
        }
    }
    void emitNewline(qsizetype depth)
    {
        if constexpr (Emit && Pretty) {
            const qsizetype n = depth * m_indent;
            reserve(n + 1);
            *m_outPos++ = '\n';
            std::memset(m_outPos, ' ', n);
            m_outPos += n;
        } else {
            Q_UNUSED(depth);
        }
    }

public:
    // Cuts the output buffer to what was written.
    void finishOutput()
    {
        if constexpr (Emit) {
            m_out->truncate(m_outPos - m_out->data());
            if (m_out->capacity() > m_out->size() + m_out->size() / 4 + 4096)
                m_out->squeeze();
        }
    }

private:
    bool parseValue();
    bool parseString();
    bool parseNumber();
    bool parseLiteral();
    bool parseKey();
    bool atPlaceholder() const;
    bool parsePlaceholder();
    bool failUnexpected(const char *at, bool wantValue);
    QString describeOpen(const Open &open) const;

    const char *const m_begin;
    const char *m_p;
    const char *const m_end;
    const int m_indent;
    const bool m_placeholders;
    QByteArray *m_out;
    char *m_outPos = nullptr;
    char *m_outEnd = nullptr;
    QVarLengthArray<Open, 64> m_stack;
    Failure m_failure{-1, {}};
};

template <bool Emit, bool Pretty> QString Scanner<Emit, Pretty>::describeOpen(const Open &open) const
{
    const JsonError at = JsonTools::errorAt(QByteArrayView(m_begin, m_end - m_begin), open.offset, {});
    return QStringLiteral("'%1' opened at line %2, column %3 is not closed")
        .arg(QLatin1Char(open.bracket))
        .arg(at.line)
        .arg(at.column);
}

// Says what is wrong with the byte at `at` where a value (or, when !wantValue,
// a separator) was expected: the common slips get their own words.
template <bool Emit, bool Pretty> bool Scanner<Emit, Pretty>::failUnexpected(const char *at, bool wantValue)
{
    const char c = *at;
    if (c == '\'')
        return fail(at, QStringLiteral("single quotes are not allowed; use double quotes"));
    if (isCurlyQuote(at, m_end))
        return fail(at, QStringLiteral("curly quotes are not allowed; use straight double quotes"));
    if (c == '/' && at + 1 < m_end && (at[1] == '/' || at[1] == '*'))
        return fail(at, QStringLiteral("comments are not allowed in JSON"));
    if (wantValue) {
        if (c == ',' || c == '}' || c == ']')
            return fail(at, QStringLiteral("missing value"));
        if (c == '+' || c == '.')
            return fail(at, QStringLiteral("invalid number: a number starts with a digit or '-'"));
        if (isIdentifierChar(c)) {
            const char *e = at;
            while (e < m_end && isIdentifierChar(*e) && e - at < 32)
                ++e;
            return fail(at,
                        QStringLiteral("invalid literal '%1' (expected true, false or null; "
                                       "strings need double quotes)")
                            .arg(QString::fromLatin1(at, e - at)));
        }
    }
    if (static_cast<uchar>(c) >= 0x80) {
        const int n = utf8SequenceLength(at, m_end);
        if (n == 0)
            return fail(at, QStringLiteral("invalid UTF-8"));
        return fail(at, QStringLiteral("unexpected character '%1'").arg(QString::fromUtf8(at, n)));
    }
    if (static_cast<uchar>(c) < 0x20)
        return fail(
            at,
            QStringLiteral("unexpected control character U+%1").arg(static_cast<uchar>(c), 4, 16, QLatin1Char('0')));
    return fail(at, QStringLiteral("unexpected character '%1'").arg(QLatin1Char(c)));
}

template <bool Emit, bool Pretty> bool Scanner<Emit, Pretty>::parseString()
{
    const char *start = m_p;
    ++m_p; // opening quote
    for (;;) {
        while (m_p < m_end && kPlainString[static_cast<uchar>(*m_p)])
            ++m_p;
        if (m_p >= m_end)
            return fail(m_p, QStringLiteral("unterminated string (missing closing quote)"));
        const auto c = static_cast<uchar>(*m_p);
        if (c == '"') {
            ++m_p;
            put(start, m_p);
            return true;
        }
        if (c == '\\') {
            if (m_p + 1 >= m_end)
                return fail(m_end, QStringLiteral("unterminated string (missing closing quote)"));
            const char e = m_p[1];
            switch (e) {
            case '"':
            case '\\':
            case '/':
            case 'b':
            case 'f':
            case 'n':
            case 'r':
            case 't':
                m_p += 2;
                break;
            case 'u':
                for (int i = 2; i < 6; ++i) {
                    if (m_p + i >= m_end || !isHexDigit(m_p[i]))
                        return fail(m_p,
                                    QStringLiteral("invalid unicode escape: four hex digits expected after '\\u'"));
                }
                m_p += 6;
                break;
            default:
                if (static_cast<uchar>(e) < 0x20 || static_cast<uchar>(e) >= 0x80)
                    return fail(m_p, QStringLiteral("invalid escape sequence"));
                return fail(m_p, QStringLiteral("invalid escape sequence '\\%1'").arg(QLatin1Char(e)));
            }
            continue;
        }
        if (c == '\n' || c == '\r')
            return fail(m_p, QStringLiteral("unterminated string (missing closing quote)"));
        if (c < 0x20)
            return fail(m_p,
                        QStringLiteral("unescaped control character U+%1 in string").arg(c, 4, 16, QLatin1Char('0')));
        const int n = utf8SequenceLength(m_p, m_end);
        if (n == 0)
            return fail(m_p, QStringLiteral("invalid UTF-8"));
        m_p += n;
    }
}

template <bool Emit, bool Pretty> bool Scanner<Emit, Pretty>::parseNumber()
{
    const char *start = m_p;
    if (*m_p == '-') {
        ++m_p;
        if (m_p >= m_end || !isDigit(*m_p))
            return fail(m_p, QStringLiteral("invalid number: digit expected after '-'"));
    }
    if (*m_p == '0') {
        ++m_p;
        if (m_p < m_end && isDigit(*m_p))
            return fail(start, QStringLiteral("invalid number: leading zeros are not allowed"));
    } else {
        while (m_p < m_end && isDigit(*m_p))
            ++m_p;
    }
    if (m_p < m_end && *m_p == '.') {
        ++m_p;
        if (m_p >= m_end || !isDigit(*m_p))
            return fail(m_p, QStringLiteral("invalid number: digit expected after the decimal point"));
        while (m_p < m_end && isDigit(*m_p))
            ++m_p;
    }
    if (m_p < m_end && (*m_p == 'e' || *m_p == 'E')) {
        ++m_p;
        if (m_p < m_end && (*m_p == '+' || *m_p == '-'))
            ++m_p;
        if (m_p >= m_end || !isDigit(*m_p))
            return fail(m_p, QStringLiteral("invalid number: digit expected in the exponent"));
        while (m_p < m_end && isDigit(*m_p))
            ++m_p;
    }
    put(start, m_p);
    return true;
}

template <bool Emit, bool Pretty> bool Scanner<Emit, Pretty>::parseLiteral()
{
    static constexpr std::array<const char *, 3> kLiterals = {"true", "false", "null"};
    for (const char *literal : kLiterals) {
        const auto n = static_cast<qsizetype>(std::strlen(literal));
        if (m_end - m_p >= n && std::memcmp(m_p, literal, n) == 0 && (m_end - m_p == n || !isIdentifierChar(m_p[n]))) {
            put(m_p, m_p + n);
            m_p += n;
            return true;
        }
    }
    return failUnexpected(m_p, true);
}

template <bool Emit, bool Pretty> bool Scanner<Emit, Pretty>::atPlaceholder() const
{
    if (!m_placeholders || m_end - m_p < 5 || m_p[0] != '{' || m_p[1] != '{')
        return false;
    const char *q = m_p + 2;
    while (q < m_end && *q == ' ')
        ++q;
    if (q >= m_end || !(isIdentifierChar(*q) && !isDigit(*q)))
        return false;
    while (q < m_end && (isIdentifierChar(*q) || *q == '.' || *q == '-'))
        ++q;
    while (q < m_end && *q == ' ')
        ++q;
    return m_end - q >= 2 && q[0] == '}' && q[1] == '}';
}

template <bool Emit, bool Pretty> bool Scanner<Emit, Pretty>::parsePlaceholder()
{
    const char *start = m_p;
    const char *close = static_cast<const char *>(std::memchr(m_p + 2, '}', m_end - m_p - 2));
    m_p = close + 2;
    put(start, m_p);
    return true;
}

template <bool Emit, bool Pretty> bool Scanner<Emit, Pretty>::parseKey()
{
    if (m_p >= m_end)
        return fail(m_p, QStringLiteral("unexpected end of document: %1").arg(describeOpen(m_stack.last())));
    const char c = *m_p;
    if (c == '"') {
        if (!parseString())
            return false;
    } else if (c == ']') {
        return fail(m_p, QStringLiteral("mismatched bracket: expected '}' but found ']'"));
    } else if (c == '\'' || isCurlyQuote(m_p, m_end) || c == '/') {
        return failUnexpected(m_p, false);
    } else if (isIdentifierChar(c) || c == '{' || c == '[' || c == '-') {
        return fail(m_p, QStringLiteral("object keys must be strings in double quotes"));
    } else {
        return failUnexpected(m_p, false);
    }
    skipWhitespace();
    if (m_p >= m_end)
        return fail(m_p, QStringLiteral("unexpected end of document: %1").arg(describeOpen(m_stack.last())));
    if (*m_p != ':') {
        if (*m_p == '=')
            return fail(m_p, QStringLiteral("missing colon after key ('=' is not JSON)"));
        return fail(m_p, QStringLiteral("missing colon after key"));
    }
    ++m_p;
    put(':');
    if constexpr (Pretty)
        put(' ');
    skipWhitespace();
    return true;
}

template <bool Emit, bool Pretty> bool Scanner<Emit, Pretty>::parseValue()
{
    if (m_p >= m_end)
        return fail(m_p, QStringLiteral("unexpected end of document: a value is missing"));
    switch (*m_p) {
    case '"':
        return parseString();
    case '-':
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7':
    case '8':
    case '9':
        return parseNumber();
    case 't':
    case 'f':
    case 'n':
        return parseLiteral();
    default:
        return failUnexpected(m_p, true);
    }
}

template <bool Emit, bool Pretty> bool Scanner<Emit, Pretty>::run()
{
    if (m_end - m_p >= 3 && std::memcmp(m_p, "\xEF\xBB\xBF", 3) == 0)
        return fail(m_p, QStringLiteral("a byte order mark (BOM) is not allowed at the start of JSON"));
    skipWhitespace();
    if (m_p >= m_end)
        return fail(m_p, QStringLiteral("empty document"));

    // Each turn of the loop reads one value, then the separators and closers after it.
    for (;;) {
        // A value, possibly opening containers (each opener's first member is the next value).
        for (;;) {
            if (m_p < m_end && (*m_p == '{' || *m_p == '[') && !atPlaceholder()) {
                const char bracket = *m_p;
                m_stack.append({bracket, m_p - m_begin});
                put(bracket);
                ++m_p;
                skipWhitespace();
                const char closer = bracket == '{' ? '}' : ']';
                if (m_p < m_end && *m_p == closer) {
                    put(closer);
                    ++m_p;
                    m_stack.removeLast();
                    break;
                }
                if (m_p >= m_end)
                    return fail(m_p,
                                QStringLiteral("unexpected end of document: %1").arg(describeOpen(m_stack.last())));
                emitNewline(m_stack.size());
                if (bracket == '{' && !parseKey())
                    return false;
                continue;
            }
            if (m_p < m_end && atPlaceholder()) {
                parsePlaceholder();
                break;
            }
            if (!parseValue())
                return false;
            break;
        }

        // After a value: a comma (next member), a closer, or the end.
        for (;;) {
            skipWhitespace();
            if (m_stack.isEmpty()) {
                if (m_p < m_end)
                    return fail(m_p, QStringLiteral("unexpected content after the end of the document"));
                return true;
            }
            if (m_p >= m_end)
                return fail(m_p, QStringLiteral("unexpected end of document: %1").arg(describeOpen(m_stack.last())));
            const Open &top = m_stack.last();
            const char c = *m_p;
            if (c == ',') {
                const char *comma = m_p;
                ++m_p;
                put(',');
                skipWhitespace();
                if (m_p < m_end && (*m_p == '}' || *m_p == ']'))
                    return fail(comma, QStringLiteral("trailing comma"));
                emitNewline(m_stack.size());
                if (top.bracket == '{' && !parseKey())
                    return false;
                break; // next value
            }
            if (c == '}' || c == ']') {
                const char expected = top.bracket == '{' ? '}' : ']';
                if (c != expected)
                    return fail(m_p,
                                QStringLiteral("mismatched bracket: expected '%1' but found '%2'")
                                    .arg(QChar::fromLatin1(expected))
                                    .arg(QChar::fromLatin1(c)));
                m_stack.removeLast();
                emitNewline(m_stack.size());
                put(c);
                ++m_p;
                continue; // the closed container is itself a value
            }
            if (c == ':' && top.bracket == '[')
                return fail(m_p, QStringLiteral("unexpected ':' in an array"));
            if (c == '"' || c == '{' || c == '[' || c == '-' || isDigit(c) || c == 't' || c == 'f' || c == 'n')
                return fail(m_p, QStringLiteral("missing comma"));
            return failUnexpected(m_p, false);
        }
    }
}

template <bool Emit, bool Pretty>
JsonError scan(QByteArrayView utf8, int indent, JsonTools::Syntax syntax, QByteArray *out)
{
    Scanner<Emit, Pretty> scanner(utf8, indent, syntax, out);
    const bool ok = scanner.run();
    scanner.finishOutput();
    if (ok)
        return {};
    return JsonTools::errorAt(utf8, scanner.failure().offset, scanner.failure().message);
}

} // namespace

JsonError JsonTools::errorAt(QByteArrayView utf8, qsizetype offset, const QString &message)
{
    JsonError error;
    error.offset = qBound<qsizetype>(0, offset, utf8.size());
    error.message = message;
    const char *begin = utf8.data();
    const char *at = begin + error.offset;
    int line = 1;
    const char *lineStart = begin;
    for (const char *p = begin; p < at;) {
        const void *nl = std::memchr(p, '\n', at - p);
        if (!nl)
            break;
        ++line;
        p = static_cast<const char *>(nl) + 1;
        lineStart = p;
    }
    int column = 1;
    for (const char *p = lineStart; p < at; ++p)
        column += isContinuation(static_cast<uchar>(*p)) ? 0 : 1;
    error.line = line;
    error.column = column;
    return error;
}

JsonError JsonTools::validate(QByteArrayView utf8)
{
    return validate(utf8, Syntax::Strict);
}

JsonError JsonTools::validate(QByteArrayView utf8, Syntax syntax)
{
    return scan<false, false>(utf8, 0, syntax, nullptr);
}

QByteArray JsonTools::format(QByteArrayView utf8, int indent, JsonError *error, Syntax syntax)
{
    QByteArray out;
    out.resize(utf8.size() + utf8.size() / 2 + 16);
    const JsonError result = scan<true, true>(utf8, indent, syntax, &out);
    if (error)
        *error = result;
    if (result.isError())
        return {};
    return out;
}

QByteArray JsonTools::minify(QByteArrayView utf8, JsonError *error, Syntax syntax)
{
    QByteArray out;
    out.resize(utf8.size() + 16);
    const JsonError result = scan<true, false>(utf8, 0, syntax, &out);
    if (error)
        *error = result;
    if (result.isError())
        return {};
    return out;
}

QByteArray JsonTools::stripComments(QByteArrayView utf8, CommentStrip how)
{
    QByteArray out;
    out.reserve(utf8.size());
    auto drop = [&out, how](char c) {
        if (how == CommentStrip::Blank)
            out += c == '\n' || c == '\r' ? c : ' ';
    };
    const qsizetype n = utf8.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char c = utf8.at(i);
        if (c == '"') {
            out += c;
            for (++i; i < n; ++i) {
                out += utf8.at(i);
                if (utf8.at(i) == '\\' && i + 1 < n)
                    out += utf8.at(++i);
                else if (utf8.at(i) == '"')
                    break;
            }
            continue;
        }
        if (c == '/' && i + 1 < n && utf8.at(i + 1) == '/') {
            for (; i < n && utf8.at(i) != '\n' && utf8.at(i) != '\r'; ++i)
                drop(utf8.at(i));
            --i; // the line break itself is kept
            continue;
        }
        if (c == '/' && i + 1 < n && utf8.at(i + 1) == '*') {
            const qsizetype end = QByteArrayView(utf8).indexOf("*/", i + 2);
            const qsizetype stop = end < 0 ? n : end + 2;
            for (; i < stop; ++i)
                drop(utf8.at(i));
            --i;
            continue;
        }
        out += c;
    }
    return out;
}

bool JsonTools::hasComments(QByteArrayView utf8)
{
    return stripComments(utf8, CommentStrip::Blank) != utf8;
}
