#pragma once

#include "core/http/headerlist.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

// How to show a body a server sent back: pretty JSON, text, or a hex dump.
namespace ResponseBody {

enum class Kind { Empty, Json, Text, Binary };

// Json when the Content-Type says JSON or the bytes parse as JSON; Text when they are
// valid UTF-8 without control characters other than whitespace; Binary otherwise.
Kind classify(const QByteArray &body, const HeaderList &headers);

// Classic 16-bytes-per-line dump, offsets in hex and a printable-ASCII column; at most
// `limit` bytes, then a line saying how many were left out.
QString hexDump(QByteArrayView bytes, qsizetype limit = 64 * 1024);

// "0 B", "512 B", "1.5 KB", "12.3 MB" (1 KB = 1024 B).
QString formatSize(qint64 bytes);
// "850 ms", "1.25 s", "12 ms"; values below 10 ms with one decimal ("3.4 ms").
QString formatDuration(double ms);

} // namespace ResponseBody
