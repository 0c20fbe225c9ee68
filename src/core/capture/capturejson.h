#pragma once

#include "core/capture/capture.h"

#include <QByteArray>

// The capture JSON of DESIGN.md (the `listen` output, `export --format jsonl` and
// the GUI's export): a contract with users' scripts. Keys keep the documented order;
// fields added later go after the documented ones.
namespace CaptureJson {
QByteArray toJsonLine(const Capture &capture); // one line, no trailing newline
// The same line and its newline, added to the end of out: a caller writing many
// keeps one buffer (and its capacity) instead of allocating and copying each line.
void appendJsonLine(QByteArray &out, const Capture &capture);
// Header bytes as JSON text: UTF-8 when valid, else each byte as its Latin-1 code
// point (obs-text, RFC 9110 §5.5), so nothing is replaced or dropped.
QString headerText(const QByteArray &bytes);
QString isoTime(qint64 msSinceEpoch); // 2026-11-27T03:38:00.123Z
} // namespace CaptureJson
