#pragma once

#include "core/drafts/requesttab.h"

#include <QString>

// The drafts file on disk, for the DraftsStore's thread: read (a broken file moved aside, never
// overwritten) and written atomically (QSaveFile: a crash mid-write leaves the previous file).
namespace DraftsFile {

struct ReadResult {
    RequestTabSet set;       // empty when there was no file, or it was broken
    QString notice;          // what happened to a broken file, in words; empty when all went well
    bool leaveAlone = false; // a file that exists but could not be read: never written over
};

ReadResult read(const QString &path);
// False with *error when the file could not be written; the previous one is then untouched.
bool write(const QString &path, const RequestTabSet &set, QString *error);

} // namespace DraftsFile
