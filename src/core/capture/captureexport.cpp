#include "core/capture/captureexport.h"

#include "core/app/appinfo.h"
#include "core/capture/capturebackend.h"
#include "core/capture/capturejson.h"
#include "core/http/formbody.h"
#include "core/http/reasonphrase.h"
#include "core/json/jsonwriter.h"
#include "core/json/utf8.h"

#include <QIODevice>
#include <QUrlQuery>

namespace {
const QByteArray kHarClosing = QByteArrayLiteral("\n]}}\n");

void writeHarHeaders(JsonWriter &json, const HeaderList &headers)
{
    json.beginArray();
    for (const auto &[name, value] : headers) {
        json.beginObject();
        json.field(QLatin1StringView("name"), CaptureJson::headerText(name));
        json.field(QLatin1StringView("value"), CaptureJson::headerText(value));
        json.endObject();
    }
    json.endArray();
}

// HAR has no field for bytes; text that is not UTF-8 goes as base64 with
// "encoding": "base64", as HAR's content object allows.
void writeText(JsonWriter &json, const QByteArray &body)
{
    if (Utf8::isValid(body)) {
        json.field(QLatin1StringView("text"), QByteArrayView(body));
    } else {
        json.field(QLatin1StringView("text"), QByteArrayView(body.toBase64()));
        json.field(QLatin1StringView("encoding"), QByteArrayView("base64"));
    }
}

bool put(QIODevice *out, const QByteArray &bytes, QString *error)
{
    if (out->write(bytes) != bytes.size()) {
        *error = out->errorString();
        return false;
    }
    return true;
}

QByteArray harOpening()
{
    JsonWriter json;
    json.beginObject();
    json.key(QLatin1StringView("log"));
    json.beginObject();
    json.field(QLatin1StringView("version"), QByteArrayView("1.2"));
    json.key(QLatin1StringView("creator"));
    json.beginObject();
    json.field(QLatin1StringView("name"), QByteArrayView("Hookbench"));
    json.field(QLatin1StringView("version"), AppInfo::version());
    json.endObject();
    json.key(QLatin1StringView("entries"));
    QByteArray text = json.take();
    text += "[\n";
    return text;
}
} // namespace

bool CaptureExport::parseFormat(const QString &name, Format *format)
{
    if (name == QLatin1String("jsonl") || name == QLatin1String("jsonlines")) {
        *format = Format::JsonLines;
        return true;
    }
    if (name == QLatin1String("har")) {
        *format = Format::Har;
        return true;
    }
    return false;
}

QByteArray CaptureExport::harEntry(const Capture &c)
{
    const QByteArray host = Headers::value(c.headers, "host");
    const QByteArray url = c.target.startsWith("http://") || c.target.startsWith("https://")
        ? c.target
        : QByteArray("http://" + (host.isEmpty() ? QByteArray("localhost") : host) + c.target);
    JsonWriter json;
    json.beginObject();
    json.field(QLatin1StringView("startedDateTime"), CaptureJson::isoTime(c.receivedAtMs));
    json.field(QLatin1StringView("time"), qMax<qint64>(0, c.completedAtMs - c.receivedAtMs));

    json.key(QLatin1StringView("request"));
    json.beginObject();
    json.field(QLatin1StringView("method"), CaptureJson::headerText(c.method));
    json.field(QLatin1StringView("url"), CaptureJson::headerText(url));
    json.field(QLatin1StringView("httpVersion"),
               QString(QStringLiteral("HTTP/") + CaptureJson::headerText(c.httpVersion)));
    json.key(QLatin1StringView("cookies"));
    json.beginArray();
    json.endArray();
    json.key(QLatin1StringView("headers"));
    writeHarHeaders(json, c.headers);
    json.key(QLatin1StringView("queryString"));
    json.beginArray();
    const QUrlQuery query(QString::fromUtf8(c.query()));
    for (const auto &[name, value] : query.queryItems(QUrl::FullyDecoded)) {
        json.beginObject();
        json.field(QLatin1StringView("name"), name);
        json.field(QLatin1StringView("value"), value);
        json.endObject();
    }
    json.endArray();
    if (!c.body.isEmpty()) {
        json.key(QLatin1StringView("postData"));
        json.beginObject();
        json.field(QLatin1StringView("mimeType"), CaptureJson::headerText(c.contentType()));
        json.key(QLatin1StringView("params"));
        json.beginArray();
        for (const FormBody::Field &field : FormBody::decode(c.contentType(), c.body).fields) {
            json.beginObject();
            json.field(QLatin1StringView("name"), field.name);
            // HAR 1.2: "value of a posted parameter or content of a posted file"; bytes that
            // are not text are left to postData.text's base64.
            if (Utf8::isValid(field.data))
                json.field(QLatin1StringView("value"), QByteArrayView(field.data));
            if (field.isFile)
                json.field(QLatin1StringView("fileName"), field.fileName);
            if (!field.contentType.isEmpty())
                json.field(QLatin1StringView("contentType"), CaptureJson::headerText(field.contentType));
            json.endObject();
        }
        json.endArray();
        writeText(json, c.body);
        json.endObject();
    }
    const qsizetype headerBytes = c.raw.size() - c.body.size();
    json.field(QLatin1StringView("headersSize"), qint64(c.isAccepted() ? headerBytes : -1));
    json.field(QLatin1StringView("bodySize"), qint64(c.body.size()));
    json.endObject();

    json.key(QLatin1StringView("response"));
    json.beginObject();
    json.field(QLatin1StringView("status"), qint64(c.response.status));
    json.field(QLatin1StringView("statusText"),
               QByteArrayView(c.response.closedWithoutAnswer ? QByteArray("closed without answering")
                                                             : httpReasonPhrase(c.response.status)));
    json.field(QLatin1StringView("httpVersion"), QByteArrayView("HTTP/1.1"));
    json.key(QLatin1StringView("cookies"));
    json.beginArray();
    json.endArray();
    json.key(QLatin1StringView("headers"));
    writeHarHeaders(json, c.response.headers);
    json.key(QLatin1StringView("content"));
    json.beginObject();
    json.field(QLatin1StringView("size"), qint64(c.response.body.size()));
    json.field(QLatin1StringView("mimeType"),
               CaptureJson::headerText(Headers::value(c.response.headers, "content-type")));
    writeText(json, c.response.body);
    json.endObject();
    json.field(QLatin1StringView("redirectURL"), QByteArrayView(""));
    json.field(QLatin1StringView("headersSize"), qint64(-1));
    json.field(QLatin1StringView("bodySize"), qint64(c.response.body.size()));
    json.endObject();

    json.key(QLatin1StringView("cache"));
    json.beginObject();
    json.endObject();
    json.key(QLatin1StringView("timings"));
    json.beginObject();
    json.field(QLatin1StringView("send"), qint64(0));
    json.field(QLatin1StringView("wait"), qint64(c.response.delayMs));
    json.field(QLatin1StringView("receive"), qMax<qint64>(0, c.completedAtMs - c.receivedAtMs));
    json.endObject();
    // Custom fields start with an underscore (HAR 1.2).
    json.field(QLatin1StringView("_id"), c.id);
    json.field(QLatin1StringView("_status"), QByteArrayView(c.isAccepted() ? "accepted" : "rejected"));
    if (!c.error.isEmpty())
        json.field(QLatin1StringView("_error"), c.error);
    json.endObject();
    return json.take();
}

namespace {
// One capture as it follows the others: a JSON line, or a HAR entry after a comma.
void appendEntry(QByteArray &out, CaptureExport::Format format, const Capture &capture, bool first)
{
    if (format == CaptureExport::Format::JsonLines) {
        CaptureJson::appendJsonLine(out, capture);
        return;
    }
    if (!first)
        out += ",\n";
    out += CaptureExport::harEntry(capture);
}
} // namespace

bool CaptureExport::write(CaptureBackend &database, Format format, QIODevice *out, QString *error, qint64 *written)
{
    qint64 count = 0;
    bool ok = true;
    if (format == Format::Har && !put(out, harOpening(), error))
        return false;
    QByteArray line; // reused: its capacity outlives each capture
    const bool visited = database.forEach([&](const Capture &capture) {
        line.resize(0);
        appendEntry(line, format, capture, count == 0);
        ++count;
        ok = put(out, line, error);
        return ok;
    });
    if (!visited) {
        *error = QStringLiteral("reading the capture store failed");
        return false;
    }
    if (ok && format == Format::Har)
        ok = put(out, kHarClosing, error);
    if (written)
        *written = count;
    return ok;
}

bool CaptureExport::write(const QList<Capture> &captures, Format format, QIODevice *out, QString *error)
{
    if (format == Format::Har && !put(out, harOpening(), error))
        return false;
    for (qsizetype i = 0; i < captures.size(); ++i) {
        QByteArray line;
        appendEntry(line, format, captures.at(i), i == 0);
        if (!put(out, line, error))
            return false;
    }
    return format == Format::Har ? put(out, kHarClosing, error) : true;
}
