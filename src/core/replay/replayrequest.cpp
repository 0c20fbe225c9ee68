#include "core/replay/replayrequest.h"

#include "core/capture/capturerequest.h"

#include <QDateTime>

#include <cmath>

QString ReplayRequest::optionsError(const Options &options)
{
    const QUrl &url = options.target;
    if (!url.isValid() || url.host().isEmpty()
        || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
        return QStringLiteral("the target needs an http:// or https:// URL");
    if (options.scheme.isEmpty())
        return {};
    const std::unique_ptr<SigningScheme> scheme = SigningSchemes::create(options.scheme);
    if (!scheme)
        return QStringLiteral("unknown signing scheme '%1'").arg(options.scheme);
    return scheme->optionsError(options.signing);
}

QString ReplayRequest::captureError(const Capture &capture)
{
    if (capture.isAccepted())
        return {};
    return QStringLiteral("rejected (%1): only accepted requests can be replayed").arg(capture.error);
}

OutgoingRequest ReplayRequest::build(const Capture &capture, const Options &options)
{
    HeaderList signature;
    if (const std::unique_ptr<SigningScheme> scheme = SigningSchemes::create(options.scheme)) {
        SigningOptions signing = options.signing;
        // A replay is a new delivery: a provider's verifier refuses an old timestamp or a seen id.
        signing.timestamp = -1;
        signing.messageId.clear();
        // Schemes that also name the event (GitHub, Shopify) would otherwise replace the
        // captured one with their default.
        if (signing.event.isEmpty()) {
            for (const char *name : {"X-GitHub-Event", "X-Shopify-Topic"}) {
                if (const QByteArray event = Headers::value(capture.headers, name); !event.isEmpty())
                    signing.event = event;
            }
        }
        signature = scheme->sign(capture.body, signing);
    }
    return CaptureRequest::to(capture, options.target, signature);
}

ReplayDelivery ReplayRequest::delivery(const Capture &capture, const Options &options, const SendResult &result)
{
    ReplayDelivery d;
    d.captureSeq = capture.seq;
    d.sentAtMs = result.startedAt.isValid() ? result.startedAt.toMSecsSinceEpoch()
                                            : QDateTime::currentMSecsSinceEpoch();
    d.url = options.target.toString();
    d.signedWith = options.scheme;
    d.ms = std::llround(result.totalMs);
    if (result.hasResponse()) {
        d.status = result.status;
        d.responseHeaders = result.headers;
        d.responseBody = result.body.left(ReplayDelivery::kMaxBody);
        d.responseSize = result.body.size();
    } else {
        d.error = result.errorText;
    }
    return d;
}
