#include "capturejson.h"

#include "jsonwriter.h"
#include "utf8.h"

#include <QDateTime>

namespace {
void writeHeaders(JsonWriter &json, const HeaderList &headers)
{
    json.beginArray();
    for (const auto &[name, value] : headers) {
        json.beginArray();
        json.value(CaptureJson::headerText(name));
        json.value(CaptureJson::headerText(value));
        json.endArray();
    }
    json.endArray();
}
} // namespace

QString CaptureJson::headerText(const QByteArray &bytes)
{
    return Utf8::isValid(bytes) ? QString::fromUtf8(bytes) : QString::fromLatin1(bytes);
}

QString CaptureJson::isoTime(qint64 msSinceEpoch)
{
    return QDateTime::fromMSecsSinceEpoch(msSinceEpoch, Qt::UTC).toString(Qt::ISODateWithMs);
}

QByteArray CaptureJson::toJsonLine(const Capture &c)
{
    JsonWriter json;
    json.beginObject();
    json.field(QLatin1StringView("id"), c.id);
    json.field(QLatin1StringView("receivedAt"), isoTime(c.receivedAtMs));
    json.field(QLatin1StringView("remoteAddress"), c.remoteAddress);
    json.field(QLatin1StringView("remotePort"), qint64(c.remotePort));
    json.field(QLatin1StringView("method"), headerText(c.method));
    json.field(QLatin1StringView("target"), headerText(c.target));
    json.field(QLatin1StringView("path"), headerText(c.path()));
    json.field(QLatin1StringView("query"), headerText(c.query()));
    json.field(QLatin1StringView("httpVersion"), headerText(c.httpVersion));
    json.key(QLatin1StringView("headers"));
    writeHeaders(json, c.headers);
    json.field(QLatin1StringView("bodySize"), qint64(c.body.size()));
    json.field(QLatin1StringView("bodyBase64"), QByteArrayView(c.body.toBase64()));
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

    // Additions to the documented shape, after it.
    json.field(QLatin1StringView("localPort"), qint64(c.localPort));
    json.field(QLatin1StringView("rawSize"), qint64(c.raw.size()));
    if (c.errorOffset >= 0)
        json.field(QLatin1StringView("errorOffset"), c.errorOffset);
    json.endObject();
    return json.take();
}
