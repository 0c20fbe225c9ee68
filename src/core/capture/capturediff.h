#pragma once

#include "core/capture/capture.h"

#include <QJsonValue>
#include <QList>
#include <QString>

// The differences between two captures, for the Receive area's diff of two selected ones:
// method, path, query parameters, headers (by name, case-insensitive), and the body — JSON
// structurally (key order ignored; values changed, keys added or removed, by JSON path),
// anything else as a line diff.
namespace CaptureDiff {

enum class Change { Same, Changed, Added, Removed };

struct Entry {
    Change change = Change::Same;
    QString name;  // "method", a query key, a header name, a JSON path ("$.data.id"); empty for text lines
    QString left;  // the first capture's value (empty when Added)
    QString right; // the second's (empty when Removed)
    friend bool operator==(const Entry &, const Entry &) = default;
};

struct Result {
    QList<Entry> request; // method, path, then query parameters
    QList<Entry> headers;
    bool jsonBody = false; // both bodies are JSON: `body` is structural
    QList<Entry> body;
    bool identical() const;
};

Result diff(const Capture &left, const Capture &right);
QList<Entry> json(const QJsonValue &left, const QJsonValue &right, const QString &path = QStringLiteral("$"));
// Line by line (longest common subsequence); Same lines are kept, so the whole text can be shown.
QList<Entry> text(const QString &left, const QString &right);

} // namespace CaptureDiff
