#include "core/app/appinfo.h"

#include <QCoreApplication>

QString AppInfo::version()
{
    return QStringLiteral(HOOKBENCH_VERSION);
}

void AppInfo::prepareProcess()
{
    // Worker threads (listener, capture store) run Qt's plain poll() event loop instead
    // of glib's: glib wakes its own eventfd on every socket-notifier change, two extra
    // syscalls per request the listener answers. The GUI thread keeps glib.
    if (!qEnvironmentVariableIsSet("QT_NO_THREADED_GLIB"))
        qputenv("QT_NO_THREADED_GLIB", "1");
}

void AppInfo::applyTo(QCoreApplication &app)
{
    Q_UNUSED(app);
    QCoreApplication::setOrganizationName(QLatin1String(kOrganization));
    QCoreApplication::setApplicationName(QLatin1String(kApplication));
    QCoreApplication::setApplicationVersion(version());
}

QString AppInfo::dependencyLicences()
{
    return QStringLiteral("Qt %1 (LGPL-3.0): Core, Network, Sql, Widgets\n"
                          "llhttp (MIT): HTTP/1.1 framing of the listener\n"
                          "SQLite (public domain): capture and history stores\n"
                          "QtKeychain (BSD-2-Clause): secrets in the system keychain\n")
        .arg(QLatin1String(qVersion()));
}
