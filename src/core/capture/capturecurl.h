#pragma once

#include "core/capture/capture.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

// A capture as a cURL command that sends the same request again: the same method,
// the same header fields in wire order (duplicates and case kept), the same body
// bytes. What curl would add on its own (User-Agent, Accept, a form Content-Type,
// Expect) is switched off when the capture did not have it, so the request on the
// wire matches. Host (when it is the URL's authority) and Content-Length (when it is
// the body's size) are left for curl to write, so the command follows an edited URL
// or body; curl writes Host first and Content-Length after the other fields.
namespace CaptureCurl {

enum class Layout { SingleLine, MultiLine };

// For bash and zsh: '...' quoting when the bytes are plain text, $'...' with \xHH
// escapes otherwise, and a body holding NUL bytes (which no shell argument can
// carry) piped in with printf into --data-binary @-.
QString command(const Capture &capture, Layout layout = Layout::MultiLine);

// http://<Host header, else localhost:<local port>><target>, or an absolute-form target as is.
QByteArray url(const Capture &capture);

// One shell word for these bytes: '...' when they are valid UTF-8 without control
// characters other than newline and tab, else $'...' with escapes.
QByteArray shellQuote(QByteArrayView bytes);

} // namespace CaptureCurl
