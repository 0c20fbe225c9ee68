#include "cli/cli.h"
#include "core/app/appinfo.h"
#include "core/app/appservices.h"
#include "core/app/appsettings.h"
#include "core/app/terminationsignal.h"
#include "gui/widgets/theme.h"
#include "gui/window/mainwindow.h"

#include <QApplication>
#include <QCoreApplication>

int main(int argc, char *argv[])
{
    AppInfo::prepareProcess();
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);

    // Subcommands, --help, --version and unknown flags are decided before any
    // QApplication exists, so they work with no display.
    if (Cli::isHeadless(arguments)) {
        QCoreApplication app(argc, argv);
        AppInfo::applyTo(app);
        return Cli::run(arguments);
    }

    QApplication app(argc, argv);
    AppInfo::applyTo(app);
    QApplication::setApplicationDisplayName(QLatin1String(AppInfo::kDisplayName));
    // Lets the desktop match the window to io.hookbench.Hookbench.desktop (its icon, its name).
    QGuiApplication::setDesktopFileName(QStringLiteral("io.hookbench.Hookbench"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/hookbench-256.png")));
    Theme::apply(Theme::fromName(AppSettings().theme()));
    // Declared before the window, so it outlives every widget that uses a service.
    AppServices services;
    // Queued first: the Receive area's first read of the captures runs after the open.
    services.openCaptureStoreAsync();
    MainWindow window(&services);
    // Terminated (logout, kill): the tabs are written as drafts and come back next time.
    TerminationSignal termination;
    QObject::connect(&termination, &TerminationSignal::received, &window, &MainWindow::closeKeepingDrafts);
    window.show();
    return app.exec();
}
