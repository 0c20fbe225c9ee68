#include "core/http/multipartbody.h"

#include <QRandomGenerator>

namespace {

QByteArray escapeQuoted(QByteArrayView text)
{
    QByteArray out;
    out.reserve(text.size());
    for (const char c : text) {
        if (c == '"')
            out += "%22";
        else if (c == '\r')
            out += "%0D";
        else if (c == '\n')
            out += "%0A";
        else
            out += c;
    }
    return out;
}

QByteArray mediaType(QByteArrayView contentType)
{
    QByteArray type = contentType.toByteArray();
    if (const qsizetype semicolon = type.indexOf(';'); semicolon >= 0)
        type.truncate(semicolon);
    return type.trimmed().toLower();
}

// The value of `name` among "; a=b; c="d"" parameters (RFC 9110 §5.6.6), unquoted.
QByteArray parameter(QByteArrayView header, QByteArrayView name)
{
    const QByteArray text = header.toByteArray();
    qsizetype i = text.indexOf(';');
    while (i >= 0 && i < text.size()) {
        ++i;
        while (i < text.size() && (text.at(i) == ' ' || text.at(i) == '\t'))
            ++i;
        const qsizetype equals = text.indexOf('=', i);
        if (equals < 0)
            return {};
        const QByteArray key = text.mid(i, equals - i).trimmed();
        qsizetype j = equals + 1;
        QByteArray value;
        if (j < text.size() && text.at(j) == '"') {
            for (++j; j < text.size() && text.at(j) != '"'; ++j) {
                if (text.at(j) == '\\' && j + 1 < text.size())
                    ++j;
                value += text.at(j);
            }
            ++j;
            i = text.indexOf(';', j);
        } else {
            const qsizetype end = text.indexOf(';', j);
            value = text.mid(j, end < 0 ? -1 : end - j).trimmed();
            i = end;
        }
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value.isNull() ? QByteArray("") : value;
    }
    return {};
}

bool hasParameter(QByteArrayView header, QByteArrayView name)
{
    return !parameter(header, name).isNull();
}

QByteArray unescapeQuoted(QByteArray text)
{
    text.replace("%22", "\"");
    text.replace("%0D", "\r");
    text.replace("%0A", "\n");
    return text;
}

} // namespace

QByteArray MultipartBody::newBoundary()
{
    QByteArray random(8, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(random.data()), 2);
    return QByteArray(24, '-') + random.toHex();
}

QByteArray MultipartBody::contentType(QByteArrayView boundary)
{
    return QByteArrayLiteral("multipart/form-data; boundary=") + boundary.toByteArray();
}

QByteArray MultipartBody::encode(const MultipartParts &parts, QByteArrayView boundary)
{
    QByteArray out;
    for (const MultipartPart &part : parts) {
        out += "--" + boundary.toByteArray() + "\r\n";
        out += "Content-Disposition: form-data; name=\"" + escapeQuoted(part.name) + '"';
        if (part.hasFileName)
            out += "; filename=\"" + escapeQuoted(part.fileName) + '"';
        out += "\r\n";
        if (!part.contentType.isEmpty())
            out += "Content-Type: " + part.contentType + "\r\n";
        out += "\r\n";
        out += part.data;
        out += "\r\n";
    }
    out += "--" + boundary.toByteArray() + "--\r\n";
    return out;
}

bool MultipartBody::isFormData(QByteArrayView contentType)
{
    return mediaType(contentType) == "multipart/form-data";
}

QByteArray MultipartBody::boundary(QByteArrayView contentType)
{
    const QByteArray value = parameter(contentType, "boundary");
    return value.isNull() ? QByteArray() : value;
}

bool MultipartBody::decode(QByteArrayView body, QByteArrayView boundary, MultipartParts *parts, QString *error)
{
    parts->clear();
    auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    if (boundary.isEmpty())
        return fail(QStringLiteral("no boundary in the Content-Type"));
    const QByteArray delimiter = "--" + boundary.toByteArray();
    const QByteArray lineDelimiter = "\r\n" + delimiter;
    const QByteArray data = body.toByteArray();
    // The first delimiter may open the body or follow a preamble ending in CRLF.
    qsizetype at = data.startsWith(delimiter) ? 0 : data.indexOf(lineDelimiter);
    if (at < 0)
        return fail(QStringLiteral("the body does not contain its boundary"));
    if (at > 0 || !data.startsWith(delimiter))
        at += 2;
    for (;;) {
        at += delimiter.size();
        if (data.mid(at, 2) == "--")
            return true; // the closing delimiter; an epilogue after it is ignored
        const qsizetype lineEnd = data.indexOf("\r\n", at);
        if (lineEnd < 0)
            return fail(QStringLiteral("part %1: the body ends after its boundary").arg(parts->size() + 1));
        const qsizetype headersEnd = data.indexOf("\r\n\r\n", lineEnd);
        const bool noHeaders = data.mid(lineEnd, 4) == "\r\n\r\n";
        if (!noHeaders && headersEnd < 0)
            return fail(QStringLiteral("part %1: its headers do not end").arg(parts->size() + 1));
        const qsizetype dataStart = noHeaders ? lineEnd + 4 : headersEnd + 4;
        MultipartPart part;
        if (!noHeaders) {
            for (const QByteArray &line : data.mid(lineEnd + 2, headersEnd - lineEnd - 2).split('\n')) {
                const QByteArray trimmed = line.trimmed();
                const qsizetype colon = trimmed.indexOf(':');
                if (colon <= 0)
                    continue;
                const QByteArray name = trimmed.left(colon).trimmed();
                const QByteArray value = trimmed.mid(colon + 1).trimmed();
                if (name.compare("Content-Disposition", Qt::CaseInsensitive) == 0) {
                    part.name = unescapeQuoted(parameter(value, "name"));
                    part.hasFileName = hasParameter(value, "filename");
                    part.fileName = unescapeQuoted(parameter(value, "filename"));
                } else if (name.compare("Content-Type", Qt::CaseInsensitive) == 0) {
                    part.contentType = value;
                }
            }
        }
        const qsizetype next = data.indexOf(lineDelimiter, dataStart);
        if (next < 0) {
            part.data = data.mid(dataStart);
            parts->append(part);
            return fail(QStringLiteral("part %1 ('%2'): the closing boundary is missing")
                            .arg(parts->size())
                            .arg(QString::fromUtf8(part.name)));
        }
        part.data = data.mid(dataStart, next - dataStart);
        parts->append(part);
        at = next + 2;
    }
}
