#include "core/tls/clienthello.h"

namespace {
constexpr int kRecordHeader = 5;
constexpr int kMaxRecord = 16384 + 2048; // TLSPlaintext may carry at most 2^14 bytes; be lenient

// A cursor over big-endian fields that refuses to read past its end.
class Reader
{
public:
    Reader(const QByteArray &bytes, qsizetype begin, qsizetype end)
        : m_bytes(&bytes)
        , m_pos(begin)
        , m_end(end)
    { }

    bool skip(qsizetype n)
    {
        if (n < 0 || m_pos + n > m_end)
            return false;
        m_pos += n;
        return true;
    }
    bool number(int width, quint32 *value)
    {
        if (m_pos + width > m_end)
            return false;
        *value = 0;
        for (int i = 0; i < width; ++i)
            *value = (*value << 8) | quint8(m_bytes->at(m_pos++));
        return true;
    }
    // A field with a length prefix of `width` bytes, as a reader of its own.
    bool vector(int width, Reader *inner)
    {
        quint32 length = 0;
        if (!number(width, &length) || m_pos + qsizetype(length) > m_end)
            return false;
        *inner = Reader(*m_bytes, m_pos, m_pos + length);
        m_pos += length;
        return true;
    }
    bool atEnd() const { return m_pos >= m_end; }
    QByteArray rest() const { return m_bytes->mid(m_pos, m_end - m_pos); }

private:
    const QByteArray *m_bytes;
    qsizetype m_pos;
    qsizetype m_end;
};

qsizetype recordLength(const QByteArray &bytes)
{
    return (qsizetype(quint8(bytes.at(3))) << 8) | quint8(bytes.at(4));
}
} // namespace

ClientHello::Verdict ClientHello::classify(const QByteArray &bytes)
{
    if (bytes.isEmpty())
        return Verdict::NeedMore;
    if (quint8(bytes.at(0)) != 22) // handshake
        return Verdict::NotTls;
    if (bytes.size() < 2)
        return Verdict::NeedMore;
    if (quint8(bytes.at(1)) != 3)
        return Verdict::NotTls;
    if (bytes.size() < kRecordHeader)
        return Verdict::NeedMore;
    const qsizetype length = recordLength(bytes);
    if (length == 0 || length > kMaxRecord)
        return Verdict::NotTls;
    return bytes.size() >= kRecordHeader + length ? Verdict::Tls : Verdict::NeedMore;
}

QString ClientHello::serverName(const QByteArray &record)
{
    if (record.size() < kRecordHeader)
        return {};
    Reader reader(record, kRecordHeader, qMin<qsizetype>(record.size(), kRecordHeader + recordLength(record)));
    quint32 type = 0;
    Reader hello(record, 0, 0);
    // client_hello: version, random, session id, cipher suites, compression methods, extensions.
    if (!reader.number(1, &type) || type != 1 || !reader.vector(3, &hello) || !hello.skip(2 + 32))
        return {};
    Reader skipped(record, 0, 0);
    Reader extensions(record, 0, 0);
    if (!hello.vector(1, &skipped) || !hello.vector(2, &skipped) || !hello.vector(1, &skipped)
        || !hello.vector(2, &extensions))
        return {};
    while (!extensions.atEnd()) {
        quint32 extensionType = 0;
        Reader body(record, 0, 0);
        if (!extensions.number(2, &extensionType) || !extensions.vector(2, &body))
            return {};
        if (extensionType != 0) // server_name
            continue;
        Reader list(record, 0, 0);
        if (!body.vector(2, &list))
            return {};
        while (!list.atEnd()) {
            quint32 nameType = 0;
            Reader name(record, 0, 0);
            if (!list.number(1, &nameType) || !list.vector(2, &name))
                return {};
            if (nameType == 0) // host_name
                return QString::fromLatin1(name.rest());
        }
        return {};
    }
    return {};
}
