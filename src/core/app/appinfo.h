#pragma once

#include <QString>

class QCoreApplication;

// Names that QSettings and QStandardPaths derive their locations from; set once
// in main() and in every test so both agree on where things live.
namespace AppInfo {
inline constexpr char kOrganization[] = "Hookbench";
inline constexpr char kApplication[] = "hookbench";
inline constexpr char kDisplayName[] = "Hookbench";

QString version();
// Called first in main(), before any thread exists: process-wide settings read when
// Qt creates threads.
void prepareProcess();
void applyTo(QCoreApplication &app);
// Third-party components and their licences, for About and --version.
QString dependencyLicences();
} // namespace AppInfo
