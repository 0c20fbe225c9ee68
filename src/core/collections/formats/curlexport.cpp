#include "core/capture/capturecurl.h"
#include "core/collections/formats/collectionexport.h"
#include "core/send/requesttemplate.h"

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
    if (request.method != "GET" || !request.body.isEmpty())
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
    if (request.options.ignoreTlsErrors)
        parts.append(QByteArrayLiteral("--insecure"));
    if (request.options.followRedirects)
        parts.append(QByteArrayLiteral("--location"));
    return QString::fromUtf8(parts.join(" \\\n  "));
}
