#include "core/send/requesttemplate.h"

#include "core/http/multipartbody.h"
#include "core/json/jsontools.h"

#include <QFile>
#include <QFileInfo>

namespace {

bool hasLineBreakOrNul(QByteArrayView text)
{
    return text.contains('\r') || text.contains('\n') || text.contains('\0');
}

void removeAll(HeaderList &headers, QByteArrayView name)
{
    headers.removeIf([name](const QPair<QByteArray, QByteArray> &header) {
        return header.first.compare(name, Qt::CaseInsensitive) == 0;
    });
}

} // namespace

// RFC 9110 §5.6.2 tchar: what a method and a field name may be made of.
bool RequestTemplate::isToken(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (const char c : text) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
        if (!ok)
            return false;
    }
    return true;
}

bool RequestTemplate::prepare(const TemplateEngine &engineIn, OutgoingRequest *out, QString *error) const
{
    auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };

    TemplateEngine engine = engineIn;
    if (!engine.now().isValid())
        engine.setNow(QDateTime::currentDateTimeUtc());

    if (!isToken(method))
        return fail(QStringLiteral("method '%1' is not valid: use letters such as POST or PURGE")
                        .arg(QString::fromUtf8(method)));

    TemplateError templateError;
    QString urlText = engine.expand(url.trimmed(), &templateError);
    if (templateError.isError())
        return fail(QStringLiteral("URL, column %1: %2").arg(templateError.column).arg(templateError.message));
    if (urlText.isEmpty())
        return fail(QStringLiteral("no URL given"));
    if (!urlText.contains(QLatin1String("://")))
        urlText.prepend(QLatin1String("http://"));
    const QUrl parsed(urlText, QUrl::TolerantMode);
    if (!parsed.isValid())
        return fail(QStringLiteral("URL '%1' is not valid: %2").arg(urlText, parsed.errorString()));
    const QString scheme = parsed.scheme().toLower();
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https"))
        return fail(QStringLiteral("URL scheme '%1' is not supported: use http or https").arg(parsed.scheme()));
    if (parsed.host().isEmpty())
        return fail(QStringLiteral("URL '%1' has no host").arg(urlText));

    HeaderList expandedHeaders;
    expandedHeaders.reserve(headers.size() + 2);
    for (const auto &[rawName, rawValue] : headers) {
        const QByteArray name = engine.expand(rawName, &templateError).trimmed();
        if (templateError.isError())
            return fail(QStringLiteral("header name '%1': %2").arg(QString::fromUtf8(rawName), templateError.message));
        const QByteArray value = engine.expand(rawValue, &templateError);
        if (templateError.isError())
            return fail(QStringLiteral("header '%1', column %2: %3")
                            .arg(QString::fromUtf8(name))
                            .arg(templateError.column)
                            .arg(templateError.message));
        if (!isToken(name))
            return fail(QStringLiteral("header name '%1' is not valid").arg(QString::fromUtf8(name)));
        if (hasLineBreakOrNul(value))
            return fail(QStringLiteral("header '%1' holds a line break").arg(QString::fromUtf8(name)));
        expandedHeaders.append({name, value.trimmed()});
    }

    QByteArray expandedBody;
    if (bodyKind == BodyKind::Multipart) {
        MultipartParts wireParts;
        for (const FormField &field : parts) {
            if (!field.enabled)
                continue;
            auto expand = [&](const QString &text, const char *what, QString *expanded) {
                *expanded = engine.expand(text, &templateError);
                if (templateError.isError()) {
                    fail(QStringLiteral("form field '%1', %2: %3")
                             .arg(field.name, QLatin1String(what), templateError.message));
                    return false;
                }
                return true;
            };
            QString name, value, type, fileName;
            if (!expand(field.name, "name", &name) || !expand(field.value, field.isFile ? "path" : "value", &value)
                || !expand(field.contentType, "content type", &type) || !expand(field.fileName, "file name", &fileName))
                return false;
            MultipartPart part;
            part.name = name.toUtf8();
            part.contentType = type.trimmed().toUtf8();
            if (field.isFile) {
                QFile file(value);
                if (!file.open(QIODevice::ReadOnly))
                    return fail(QStringLiteral("form field '%1': cannot read file '%2': %3")
                                    .arg(name, value, file.errorString()));
                part.data = file.readAll();
                part.hasFileName = true;
                part.fileName = (fileName.isEmpty() ? QFileInfo(value).fileName() : fileName).toUtf8();
                if (part.contentType.isEmpty())
                    part.contentType = FormField::fileContentType(value).toUtf8();
            } else {
                part.data = value.toUtf8();
            }
            wireParts.append(part);
        }
        // A fresh boundary per attempt, as curl draws one per run.
        const QByteArray boundary = MultipartBody::newBoundary();
        expandedBody = MultipartBody::encode(wireParts, boundary);
        for (auto &[name, value] : expandedHeaders) {
            // curl completes a multipart Content-Type given without its boundary.
            if (name.compare("Content-Type", Qt::CaseInsensitive) == 0 && value.toLower().startsWith("multipart/")
                && MultipartBody::boundary(value).isEmpty())
                value += "; boundary=" + boundary;
        }
        if (!Headers::contains(expandedHeaders, "Content-Type"))
            expandedHeaders.append({QByteArrayLiteral("Content-Type"), MultipartBody::contentType(boundary)});
    } else {
        expandedBody = engine.expand(body, &templateError);
        if (templateError.isError())
            return fail(QStringLiteral("body, %1").arg(templateError.toString()));
    }

    if (bodyKind == BodyKind::Json && !expandedBody.trimmed().isEmpty()) {
        const JsonError jsonError = JsonTools::validate(expandedBody);
        if (jsonError.isError())
            return fail(QStringLiteral("body is not valid JSON: %1").arg(jsonError.toString()));
    }

    if (!expandedBody.isEmpty() && !Headers::contains(expandedHeaders, "Content-Type")) {
        QByteArray type = contentType;
        if (type.isEmpty()) {
            type = bodyKind == BodyKind::Json ? QByteArrayLiteral("application/json")
                                              : QByteArrayLiteral("text/plain; charset=utf-8");
        }
        expandedHeaders.append({QByteArrayLiteral("Content-Type"), type});
    }

    if (signer) {
        const HeaderList signature = signer(expandedBody);
        for (const auto &header : signature)
            removeAll(expandedHeaders, header.first);
        expandedHeaders.append(signature);
    }

    out->method = method;
    out->url = parsed;
    out->headers = expandedHeaders;
    out->body = expandedBody;
    out->options = options;
    return true;
}

bool RequestTemplate::preparesAlike() const
{
    if (signer || bodyKind == BodyKind::Multipart || url.contains(QLatin1String("{{")) || body.contains("{{"))
        return false;
    for (const auto &[name, value] : headers) {
        if (name.contains("{{") || value.contains("{{"))
            return false;
    }
    return true;
}

bool RequestTemplate::isJsonContentType(QByteArrayView contentType)
{
    QByteArray type = contentType.toByteArray();
    const qsizetype semicolon = type.indexOf(';');
    if (semicolon >= 0)
        type.truncate(semicolon);
    type = type.trimmed().toLower();
    return type == "application/json" || type.endsWith("+json");
}

BodyKind RequestTemplate::bodyKindFor(const HeaderList &headers)
{
    const QByteArray type = Headers::value(headers, "Content-Type");
    if (type.isNull() || isJsonContentType(type))
        return BodyKind::Json;
    return BodyKind::Text;
}
