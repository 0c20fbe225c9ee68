#include "core/capture/capturejson.h"

#include "core/http/formbody.h"
#include "core/json/jsonwriter.h"
#include "core/json/utf8.h"

#include <QDateTime>

#include <cstdio>

namespace {
// Bytes as JSON text without a detour through QString when they are already UTF-8.
void writeBytes(JsonWriter &json, const QByteArray &bytes)
{
    if (Utf8::isValid(bytes))
        json.value(QByteArrayView(bytes));
    else
        json.value(QString::fromLatin1(bytes));
}

void writeHeaders(JsonWriter &json, const HeaderList &headers)
{
    json.beginArray();
    for (const auto &[name, value] : headers) {
        json.beginArray();
        writeBytes(json, name);
        writeBytes(json, value);
        json.endArray();
    }
    json.endArray();
}

template <typename T> void bytesField(JsonWriter &json, QLatin1StringView name, const T &bytes)
{
    json.key(name);
    writeBytes(json, bytes);
}
} // namespace

QString CaptureJson::headerText(const QByteArray &bytes)
{
    return Utf8::isValid(bytes) ? QString::fromUtf8(bytes) : QString::fromLatin1(bytes);
}

QString CaptureJson::isoTime(qint64 msSinceEpoch)
{
    // Formatted by hand: QDateTime::toString() showed in the listener's profile.
    const QDateTime time = QDateTime::fromMSecsSinceEpoch(msSinceEpoch, Qt::UTC);
    const QDate d = time.date();
    const QTime t = time.time();
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", d.year(), d.month(), d.day(), t.hour(),
                  t.minute(), t.second(), t.msec());
    return QString::fromLatin1(text);
}

QByteArray CaptureJson::toJsonLine(const Capture &c)
{
    QByteArray line;
    appendJsonLine(line, c);
    line.chop(1);
    return line;
}

void CaptureJson::appendJsonLine(QByteArray &out, const Capture &c)
{
    // The body appears twice (base64 and text) next to the headers: size the buffer once.
    JsonWriter::reserveAtLeast(out, out.size() + c.raw.size() + c.body.size() * 7 / 3 + 1024);
    JsonWriter json(std::move(out));
    json.beginObject();
    json.field(QLatin1StringView("id"), c.id);
    json.field(QLatin1StringView("receivedAt"), isoTime(c.receivedAtMs));
    json.field(QLatin1StringView("remoteAddress"), c.remoteAddress);
    json.field(QLatin1StringView("remotePort"), qint64(c.remotePort));
    bytesField(json, QLatin1StringView("method"), c.method);
    bytesField(json, QLatin1StringView("target"), c.target);
    bytesField(json, QLatin1StringView("path"), c.path());
    bytesField(json, QLatin1StringView("query"), c.query());
    bytesField(json, QLatin1StringView("httpVersion"), c.httpVersion);
    json.key(QLatin1StringView("headers"));
    writeHeaders(json, c.headers);
    json.field(QLatin1StringView("bodySize"), qint64(c.body.size()));
    json.key(QLatin1StringView("bodyBase64"));
    json.valueBase64(c.body);
    if (Utf8::isValid(c.body))
        json.field(QLatin1StringView("bodyText"), QByteArrayView(c.body));
    json.field(QLatin1StringView("status"), QByteArrayView(c.isAccepted() ? "accepted" : "rejected"));
    if (c.error.isEmpty())
        json.nullField(QLatin1StringView("error"));
    else
        json.field(QLatin1StringView("error"), c.error);

    json.key(QLatin1StringView("response"));
    json.beginObject();
    if (c.response.closedWithoutAnswer || c.response.status == 0)
        json.nullField(QLatin1StringView("status"));
    else
        json.field(QLatin1StringView("status"), qint64(c.response.status));
    json.key(QLatin1StringView("headers"));
    writeHeaders(json, c.response.headers);
    json.field(QLatin1StringView("bodySize"), qint64(c.response.body.size()));
    json.field(QLatin1StringView("delayMs"), qint64(c.response.delayMs));
    json.field(QLatin1StringView("closedWithoutAnswer"), c.response.closedWithoutAnswer);
    json.endObject();

    if (!c.signature.scheme.isEmpty()) {
        json.key(QLatin1StringView("signature"));
        json.beginObject();
        json.field(QLatin1StringView("scheme"), c.signature.scheme);
        json.field(QLatin1StringView("valid"), c.signature.valid);
        json.field(QLatin1StringView("reason"), c.signature.reason);
        if (!c.signature.expected.isEmpty())
            json.field(QLatin1StringView("expected"), headerText(c.signature.expected));
        json.endObject();
    }
    if (!c.listenerHost.isEmpty()) {
        json.key(QLatin1StringView("listener"));
        json.beginObject();
        json.field(QLatin1StringView("host"), c.listenerHost);
        json.field(QLatin1StringView("port"), qint64(c.listenerPort));
        json.endObject();
    }

    if (c.forward.isSet()) {
        json.key(QLatin1StringView("forward"));
        json.beginObject();
        json.field(QLatin1StringView("url"), c.forward.url);
        if (c.forward.answered())
            json.field(QLatin1StringView("status"), qint64(c.forward.status));
        else
            json.nullField(QLatin1StringView("status"));
        if (c.forward.error.isEmpty())
            json.nullField(QLatin1StringView("error"));
        else
            json.field(QLatin1StringView("error"), c.forward.error);
        if (c.forward.ms >= 0)
            json.field(QLatin1StringView("ms"), c.forward.ms);
        else
            json.nullField(QLatin1StringView("ms"));
        json.endObject();
    }

    if (c.tls.used) {
        auto optional = [&json](QLatin1StringView key, const QString &value) {
            if (value.isEmpty())
                json.nullField(key);
            else
                json.field(key, value);
        };
        json.key(QLatin1StringView("tls"));
        json.beginObject();
        optional(QLatin1StringView("protocol"), c.tls.protocol);
        optional(QLatin1StringView("cipher"), c.tls.cipher);
        optional(QLatin1StringView("sni"), c.tls.sni);
        optional(QLatin1StringView("clientCertificate"), c.tls.clientCertificate);
        json.endObject();
    }

    if (c.isAccepted()) {
        const FormBody::Decoded form = FormBody::decode(c.contentType(), c.body);
        if (form.kind != FormBody::Kind::None) {
            json.key(QLatin1StringView("form"));
            json.beginArray();
            for (const FormBody::Field &field : form.fields) {
                json.beginObject();
                json.field(QLatin1StringView("name"), field.name);
                if (field.isFile)
                    json.field(QLatin1StringView("fileName"), field.fileName);
                else
                    bytesField(json, QLatin1StringView("value"), field.data);
                if (!field.contentType.isEmpty())
                    bytesField(json, QLatin1StringView("contentType"), field.contentType);
                json.field(QLatin1StringView("size"), qint64(field.data.size()));
                json.endObject();
            }
            json.endArray();
        }
    }

    // Additions to the documented shape, after it.
    json.field(QLatin1StringView("localPort"), qint64(c.localPort));
    json.field(QLatin1StringView("rawSize"), qint64(c.raw.size()));
    if (c.errorOffset >= 0)
        json.field(QLatin1StringView("errorOffset"), c.errorOffset);
    json.endObject();
    out = json.take();
    out += '\n';
}
