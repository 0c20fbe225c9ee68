#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <utility>

// A small streaming JSON writer that keeps keys in the order they are written.
// QJsonObject sorts keys, and the capture JSON in DESIGN.md is read by people as
// well as scripts, so its documented order is kept; it is also several times
// faster than building a QJsonDocument per capture on the listener's hot path.
class JsonWriter final
{
public:
    JsonWriter() = default;
    // Writes after what the buffer already holds (and keeps its capacity); take() gives it back.
    explicit JsonWriter(QByteArray &&buffer)
        : m_out(std::move(buffer))
    { }

    void beginObject();
    void endObject();
    void beginArray();
    void endArray();
    void key(QLatin1StringView name);

    void value(QByteArrayView utf8); // must be valid UTF-8; escaped as needed
    void value(const QString &text);
    void value(QLatin1StringView text) { value(QString(text)); }
    void value(qint64 number);
    void value(bool flag);
    void value(const char *) = delete; // would silently pick value(bool)
    // Bytes as a standard base64 string (RFC 4648 §4, padded), encoded in place.
    void valueBase64(QByteArrayView bytes);
    void null();

    // Shorthands for `key(name); value(...)`.
    template <typename T> void field(QLatin1StringView name, const T &v)
    {
        key(name);
        value(v);
    }
    void nullField(QLatin1StringView name)
    {
        key(name);
        null();
    }

    void reserve(qsizetype bytes) { m_out.reserve(bytes); }
    const QByteArray &data() const { return m_out; }
    QByteArray take() { return std::exchange(m_out, {}); }

    static void appendEscaped(QByteArray &out, QByteArrayView utf8);
    static void reserveAtLeast(QByteArray &out, qsizetype size);

private:
    void separate();

    QByteArray m_out;
    bool m_needComma = false;
};
