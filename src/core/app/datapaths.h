#pragma once

#include <QString>

// Where user data lives: GenericDataLocation/hookbench (~/.local/share/hookbench), created on
// demand. Qt's AppDataLocation would be .../Hookbench/hookbench (organisation, then
// application); a folder of that older layout is moved to the new place the first time.
// Tests enable QStandardPaths test mode, so these never point at real data there.
namespace DataPaths {
QString dataDir();
QString captureStoreFile();
QString historyStoreFile();
// The Send area's open tabs, unsaved typing included (DraftsStore).
QString draftsFile();
QString collectionsDir();
// collectionsDir() without creating it: a path for the GUI thread, which leaves the disk to
// CollectionIo.
QString collectionsLocation();
} // namespace DataPaths
