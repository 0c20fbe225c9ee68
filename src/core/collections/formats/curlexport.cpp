#include "core/capture/capturecurl.h"
#include "core/collections/formats/collectionexport.h"
#include "core/send/requesttemplate.h"

namespace {

// -F reads ';' as the start of type= or filename=, and '@' or '<' at the start of a value
// as a file: a text value holding any of them goes with --form-string, which reads nothing.
void appendFormOptions(QByteArrayList *parts, const FormFields &fields, QStringList *warnings)
{
    for (const FormField &field : fields) {
        if (!field.enabled)
            continue;
        if (field.isFile) {
            QByteArray spec = field.name.toUtf8() + "=@";
            const QByteArray path = field.value.toUtf8();
            spec += path.contains(';') || path.contains(',') ? '"' + path + '"' : path;
            if (!field.contentType.isEmpty())
                spec += ";type=" + field.contentType.toUtf8();
            if (!field.fileName.isEmpty())
                spec += ";filename=" + field.fileName.toUtf8();
            parts->append(QByteArray("-F " + CaptureCurl::shellQuote(spec)));
            continue;
        }
        const QString &value = field.value;
        const bool plain = !value.startsWith(QLatin1Char('@')) && !value.startsWith(QLatin1Char('<'))
            && !value.contains(QLatin1Char(';')) && !value.contains(QLatin1Char('"'));
        const QByteArray spec = field.name.toUtf8() + '=' + value.toUtf8();
        if (plain) {
            const QByteArray type = field.contentType.isEmpty() ? QByteArray() : ";type=" + field.contentType.toUtf8();
            parts->append(QByteArray("-F " + CaptureCurl::shellQuote(QByteArray(spec + type))));
            continue;
        }
        parts->append(QByteArray("--form-string " + CaptureCurl::shellQuote(spec)));
        if (!field.contentType.isEmpty() && warnings)
            warnings->append(
                QStringLiteral("form field '%1': curl cannot give this value a Content-Type; the command sends none")
                    .arg(field.name));
    }
}

} // namespace

QString CollectionExport::toCurl(const RequestDraft &draft, QStringList *warnings)
{
    RequestDraft unsigned_ = draft;
    if (!draft.signingScheme.isEmpty()) {
        unsigned_.signingScheme.clear();
        if (warnings)
            warnings->append(QStringLiteral("the %1 signature is computed per send and is not in the command")
                                 .arg(draft.signingScheme));
    }
    RequestTemplate request;
    QString error;
    if (!unsigned_.toTemplate(&request, &error)) {
        if (warnings)
            warnings->append(error);
        return {};
    }
    QByteArrayList parts;
    parts.append(QByteArrayLiteral("curl"));
    const bool multipart = request.bodyKind == BodyKind::Multipart;
    if (request.method != "GET" || !request.body.isEmpty() || multipart)
        parts.append(QByteArray("-X " + CaptureCurl::shellQuote(request.method)));
    parts.append(CaptureCurl::shellQuote(request.url.toUtf8()));
    bool hasContentType = false;
    for (const auto &[name, value] : request.headers) {
        hasContentType = hasContentType || name.compare("Content-Type", Qt::CaseInsensitive) == 0;
        parts.append(QByteArray("-H " + CaptureCurl::shellQuote(QByteArray(name + ": " + value))));
    }
    if (!request.body.isEmpty()) {
        if (!hasContentType) {
            const QByteArray type = !request.contentType.isEmpty() ? request.contentType
                : request.bodyKind == BodyKind::Json               ? QByteArrayLiteral("application/json")
                                                                   : QByteArrayLiteral("text/plain; charset=utf-8");
            parts.append(QByteArray("-H " + CaptureCurl::shellQuote(QByteArray("Content-Type: " + type))));
        }
        parts.append(QByteArray("--data-raw " + CaptureCurl::shellQuote(request.body)));
    }
    if (multipart)
        appendFormOptions(&parts, request.parts, warnings);
    if (request.options.ignoreTlsErrors)
        parts.append(QByteArrayLiteral("--insecure"));
    if (request.options.followRedirects)
        parts.append(QByteArrayLiteral("--location"));
    return QString::fromUtf8(parts.join(" \\\n  "));
}
