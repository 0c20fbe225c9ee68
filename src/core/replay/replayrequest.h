#pragma once

#include "core/capture/capture.h"
#include "core/capture/replaydelivery.h"
#include "core/send/outgoingrequest.h"
#include "core/send/sendresult.h"
#include "core/signing/signingscheme.h"

#include <QUrl>

// What a replay sends and what it records, shared by the window's Replayer and
// `hookbench replay`, so both replay a capture alike.
namespace ReplayRequest {
struct Options {
    QUrl target;    // used as given (as `replay --to` and forwarding do), not rebased
    QString scheme; // empty: the captured headers go as they are, old signature included
    SigningOptions signing;
};

// Why these options cannot replay ("" when they can): no http(s) URL, an unknown scheme,
// signing options the scheme refuses.
QString optionsError(const Options &options);
// Why this capture cannot be replayed ("" when it can): only accepted requests can.
QString captureError(const Capture &capture);
// The capture's method, end-to-end headers and exact body to options.target; with a scheme,
// signed afresh (new timestamp and id) over the body, its headers replacing the old ones.
OutgoingRequest build(const Capture &capture, const Options &options);
// The delivery to record for `result`, the response body cut to ReplayDelivery::kMaxBody.
ReplayDelivery delivery(const Capture &capture, const Options &options, const SendResult &result);
} // namespace ReplayRequest
