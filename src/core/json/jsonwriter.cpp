#include "core/json/jsonwriter.h"

#include <array>
#include <cstring>

void JsonWriter::reserveAtLeast(QByteArray &out, qsizetype size)
{
    // Geometric growth: reserving the exact size before every value would copy the
    // whole document again each time.
    if (out.capacity() < size)
        out.reserve(qMax(size, out.capacity() * 2));
}

void JsonWriter::separate()
{
    if (m_needComma)
        m_out += ',';
    m_needComma = true;
}

void JsonWriter::beginObject()
{
    separate();
    m_out += '{';
    m_needComma = false;
}

void JsonWriter::endObject()
{
    m_out += '}';
    m_needComma = true;
}

void JsonWriter::beginArray()
{
    separate();
    m_out += '[';
    m_needComma = false;
}

void JsonWriter::endArray()
{
    m_out += ']';
    m_needComma = true;
}

void JsonWriter::key(QLatin1StringView name)
{
    separate();
    m_out += '"';
    m_out.append(name.data(), name.size());
    m_out += "\":";
    m_needComma = false;
}

void JsonWriter::value(QByteArrayView utf8)
{
    separate();
    appendEscaped(m_out, utf8);
}

void JsonWriter::value(const QString &text)
{
    value(QByteArrayView(text.toUtf8()));
}

void JsonWriter::value(qint64 number)
{
    separate();
    m_out += QByteArray::number(number);
}

void JsonWriter::value(bool flag)
{
    separate();
    m_out += flag ? "true" : "false";
}

void JsonWriter::null()
{
    separate();
    m_out += "null";
}

void JsonWriter::valueBase64(QByteArrayView bytes)
{
    // Every captured body is printed as base64 by `hookbench listen`; QByteArray::toBase64
    // was half of the main thread's time at 64 KB. Twelve input bits at a time map to two
    // output characters through one table, with no branch inside the loop.
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    static const auto pairs = [] {
        std::array<char, 4096 * 2> table{};
        for (int i = 0; i < 4096; ++i) {
            table[2 * i] = alphabet[i >> 6];
            table[2 * i + 1] = alphabet[i & 63];
        }
        return table;
    }();
    separate();
    const qsizetype encoded = (bytes.size() + 2) / 3 * 4;
    const qsizetype start = m_out.size();
    reserveAtLeast(m_out, start + encoded + 2);
    m_out.resize(start + encoded + 2);
    char *out = m_out.data() + start;
    *out++ = '"';
    const auto *in = reinterpret_cast<const unsigned char *>(bytes.data());
    const qsizetype whole = bytes.size() / 3 * 3;
    for (qsizetype i = 0; i < whole; i += 3) {
        const quint32 n = quint32(in[i]) << 16 | quint32(in[i + 1]) << 8 | in[i + 2];
        std::memcpy(out, &pairs[2 * (n >> 12)], 2);
        std::memcpy(out + 2, &pairs[2 * (n & 0xFFF)], 2);
        out += 4;
    }
    if (const qsizetype rest = bytes.size() - whole) {
        const quint32 n = quint32(in[whole]) << 16 | (rest == 2 ? quint32(in[whole + 1]) << 8 : 0);
        *out++ = alphabet[n >> 18];
        *out++ = alphabet[(n >> 12) & 63];
        *out++ = rest == 2 ? alphabet[(n >> 6) & 63] : '=';
        *out++ = '=';
    }
    *out = '"';
}

namespace {
// True when any of the eight bytes in `word` is a control character, '"' or '\\':
// the classic "has a byte less than n / equal to n" bit tricks, exact as a yes/no.
bool wordNeedsEscape(quint64 word)
{
    constexpr quint64 ones = 0x0101010101010101ULL;
    constexpr quint64 highs = 0x8080808080808080ULL;
    const quint64 control = (word - ones * 0x20) & ~word & highs;
    const quint64 quote = word ^ (ones * '"');
    const quint64 backslash = word ^ (ones * '\\');
    return (control | ((quote - ones) & ~quote & highs) | ((backslash - ones) & ~backslash & highs)) != 0;
}
} // namespace

void JsonWriter::appendEscaped(QByteArray &out, QByteArrayView utf8)
{
    // Bodies of 64 KB pass through here for every capture the listener prints, so
    // plain runs are skipped eight bytes at a time and appended in one piece.
    static const auto needsEscape = [] {
        std::array<bool, 256> table{};
        for (int c = 0; c < 0x20; ++c)
            table[c] = true;
        table['"'] = table['\\'] = true;
        return table;
    }();
    static const char hex[] = "0123456789abcdef";
    reserveAtLeast(out, out.size() + utf8.size() + 2);
    out += '"';
    const auto *d = reinterpret_cast<const unsigned char *>(utf8.data());
    const qsizetype size = utf8.size();
    qsizetype runStart = 0;
    for (qsizetype i = 0; i < size; ++i) {
        if ((i & 7) == 0) {
            quint64 word;
            while (i + 8 <= size && (std::memcpy(&word, d + i, 8), !wordNeedsEscape(word)))
                i += 8;
            if (i == size)
                break;
        }
        const unsigned char c = d[i];
        if (!needsEscape[c])
            continue;
        out.append(utf8.data() + runStart, i - runStart);
        runStart = i + 1;
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        default:
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 0xF];
        }
    }
    out.append(utf8.data() + runStart, size - runStart);
    out += '"';
}
