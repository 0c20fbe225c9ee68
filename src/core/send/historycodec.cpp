#include "core/send/historycodec.h"

#include "core/json/jsonwriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {

bool isAscii(const QByteArray &bytes)
{
    for (const char c : bytes) {
        if (uchar(c) >= 0x80)
            return false;
    }
    return true;
}

void latin1Value(JsonWriter &json, const QByteArray &bytes)
{
    // Header bytes are not necessarily UTF-8: each byte is kept as the code point of the
    // same value, so reading back with toLatin1() gives the bytes exactly.
    if (isAscii(bytes))
        json.value(QByteArrayView(bytes));
    else
        json.value(QString::fromLatin1(bytes));
}

} // namespace

QByteArray HistoryCodec::headersToJson(const HeaderList &headers)
{
    // Written by hand rather than through QJsonDocument: this runs for three lists per
    // recorded send, and building a document per list cost more than the insert.
    JsonWriter json;
    json.beginArray();
    for (const auto &[name, value] : headers) {
        json.beginArray();
        latin1Value(json, name);
        latin1Value(json, value);
        json.endArray();
    }
    json.endArray();
    return json.take();
}

HeaderList HistoryCodec::headersFromJson(const QString &json)
{
    HeaderList headers;
    const QJsonArray array = QJsonDocument::fromJson(json.toUtf8()).array();
    for (const QJsonValue &pair : array) {
        const QJsonArray p = pair.toArray();
        headers.append({p.at(0).toString().toLatin1(), p.at(1).toString().toLatin1()});
    }
    return headers;
}

QByteArray HistoryCodec::optionsToJson(const SendOptions &o)
{
    JsonWriter json;
    json.beginObject();
    json.field(QLatin1StringView("timeoutMs"), qint64(o.timeoutMs));
    json.field(QLatin1StringView("followRedirects"), o.followRedirects);
    json.field(QLatin1StringView("maxRedirects"), qint64(o.maxRedirects));
    json.field(QLatin1StringView("ignoreTlsErrors"), o.ignoreTlsErrors);
    json.field(QLatin1StringView("allowHttp2"), o.allowHttp2);
    json.field(QLatin1StringView("proxyMode"), enumName(kProxyModeNames, o.proxyMode));
    json.field(QLatin1StringView("proxyUrl"), o.proxyUrl);
    json.endObject();
    return json.take();
}

SendOptions HistoryCodec::optionsFromJson(const QString &json)
{
    const QJsonObject object = QJsonDocument::fromJson(json.toUtf8()).object();
    SendOptions o;
    o.timeoutMs = object.value(QStringLiteral("timeoutMs")).toInt(o.timeoutMs);
    o.followRedirects = object.value(QStringLiteral("followRedirects")).toBool(o.followRedirects);
    o.maxRedirects = object.value(QStringLiteral("maxRedirects")).toInt(o.maxRedirects);
    o.ignoreTlsErrors = object.value(QStringLiteral("ignoreTlsErrors")).toBool(o.ignoreTlsErrors);
    o.allowHttp2 = object.value(QStringLiteral("allowHttp2")).toBool(o.allowHttp2);
    o.proxyMode = enumFromName(kProxyModeNames, object.value(QStringLiteral("proxyMode")).toString());
    o.proxyUrl = object.value(QStringLiteral("proxyUrl")).toString();
    return o;
}

QString HistoryCodec::likePattern(const QString &search)
{
    QString escaped = search;
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    escaped.replace(QLatin1Char('%'), QLatin1String("\\%"));
    escaped.replace(QLatin1Char('_'), QLatin1String("\\_"));
    return QLatin1Char('%') + escaped + QLatin1Char('%');
}
