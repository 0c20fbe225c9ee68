#pragma once

#include "core/capture/capture.h"
#include "core/send/outgoingrequest.h"
#include "core/send/requestdraft.h"

#include <QUrl>

// A capture sent on again (forward, replay): the same method, headers and exact body bytes,
// to another URL. The framing and connection fields (RFC 9110 §7.6.1: Connection and the
// fields it names, Keep-Alive, TE, Transfer-Encoding, Upgrade, Proxy-Connection; and Host,
// Content-Length, Expect) belong to the original hop: the new one gets its own.
namespace CaptureRequest {
// `replacing` (a fresh signature) replaces the capture's fields of the same names.
OutgoingRequest to(const Capture &capture, const QUrl &url, const HeaderList &replacing = {});
// The capture's headers that a new hop may carry, in wire order.
HeaderList endToEndHeaders(const Capture &capture);
// The capture's path and query on `target`: its scheme and authority, its path as a prefix
// ("http://localhost:3000/api" + "/hook?a=1" -> "http://localhost:3000/api/hook?a=1").
QUrl rebased(const Capture &capture, const QUrl &target);
// The capture as a composer draft (Open in composer): method, URL rebased on `target`,
// end-to-end headers, body. *exact is false when the body is not UTF-8 text, which a draft
// cannot hold byte for byte.
RequestDraft toDraft(const Capture &capture, const QUrl &target, bool *exact = nullptr);
} // namespace CaptureRequest
