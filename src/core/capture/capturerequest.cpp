#include "core/capture/capturerequest.h"

#include "core/json/utf8.h"

namespace {
// Connection may name further per-hop fields (RFC 9110 §7.6.1).
bool namedByConnection(const HeaderList &headers, const QByteArray &name)
{
    for (const QByteArray &value : Headers::values(headers, "connection")) {
        for (const QByteArray &token : value.split(',')) {
            if (token.trimmed().compare(name, Qt::CaseInsensitive) == 0)
                return true;
        }
    }
    return false;
}
} // namespace

HeaderList CaptureRequest::endToEndHeaders(const Capture &capture)
{
    HeaderList headers;
    for (const auto &header : capture.headers) {
        if (!Headers::isHopByHop(header.first) && !namedByConnection(capture.headers, header.first))
            headers.append(header);
    }
    return headers;
}

OutgoingRequest CaptureRequest::to(const Capture &capture, const QUrl &url, const HeaderList &replacing)
{
    OutgoingRequest request;
    request.method = capture.method;
    request.url = url;
    request.body = capture.body;
    for (const auto &header : endToEndHeaders(capture)) {
        if (!Headers::contains(replacing, header.first))
            request.headers.append(header);
    }
    request.headers += replacing;
    return request;
}

QUrl CaptureRequest::rebased(const Capture &capture, const QUrl &target)
{
    QString base = target.toString(QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::FullyEncoded);
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    QByteArray path = capture.path();
    if (!path.startsWith('/'))
        path.prepend('/');
    QString text = base + QString::fromLatin1(path);
    if (const QByteArray query = capture.query(); !query.isEmpty())
        text += QLatin1Char('?') + QString::fromLatin1(query);
    // TolerantMode: a captured target may hold bytes a strict URL would refuse; they are
    // percent-encoded rather than dropped.
    return QUrl(text, QUrl::TolerantMode);
}

RequestDraft CaptureRequest::toDraft(const Capture &capture, const QUrl &target, bool *exact)
{
    if (exact)
        *exact = Utf8::isValid(capture.body);
    return RequestDraft::fromRequest(to(capture, rebased(capture, target)));
}
