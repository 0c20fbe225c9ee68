#include "jsonwriter.h"

#include <array>

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

void JsonWriter::valueVerbatim(QByteArrayView text)
{
    separate();
    reserveAtLeast(m_out, m_out.size() + text.size() + 2);
    m_out += '"';
    m_out.append(text.data(), text.size());
    m_out += '"';
}

void JsonWriter::appendEscaped(QByteArray &out, QByteArrayView utf8)
{
    // Bodies of 64 KB pass through here for every capture the listener prints, so
    // plain runs are found with a table and appended in one piece.
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
        const unsigned char c = d[i];
        if (!needsEscape[c])
            continue;
        out.append(utf8.data() + runStart, i - runStart);
        runStart = i + 1;
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default:
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 0xF];
        }
    }
    out.append(utf8.data() + runStart, size - runStart);
    out += '"';
}
