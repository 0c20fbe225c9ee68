#pragma once

#include "core/capture/capture.h"

#include <QByteArray>

class CaptureBackend;
class QIODevice;

// Exports captures as JSON Lines (the capture JSON of DESIGN.md, one per line)
// or as HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/), streaming so
// a large store never has to fit in memory.
namespace CaptureExport {
enum class Format { JsonLines, Har };

bool parseFormat(const QString &name, Format *format);
bool write(CaptureBackend &database, Format format, QIODevice *out, QString *error, qint64 *written = nullptr);
bool write(const QList<Capture> &captures, Format format, QIODevice *out, QString *error);

QByteArray harEntry(const Capture &capture);
} // namespace CaptureExport
