#pragma once

#include <QCommandLineParser>
#include <QString>

class CaptureDatabase;

// The capture store that `export` and `replay` read: --store FILE, else the app's own.
// A reader never creates a store, nor sets a damaged one aside (a listener may be
// writing it): it says why it cannot read and leaves the file as it is.
namespace CliStore {
bool openForReading(const QCommandLineParser &parser, CaptureDatabase *database, QString *file, QString *error);
} // namespace CliStore
