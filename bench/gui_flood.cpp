// The window under a flood: the real MainWindow with its listener started from the
// Receive panel, while bench/listen_bench.sh (or any load) floods the port. A timer
// on the GUI thread measures how late the event loop runs; RSS before and after
// gives the memory the app holds per capture beyond the store.
//   gui_flood PORT SECONDS   (prints one JSON object on stdout)
#include "core/app/appinfo.h"
#include "core/app/appservices.h"
#include "core/capture/capturemodel.h"
#include "gui/receive/listenerpanel.h"
#include "gui/window/mainwindow.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>

namespace {
qint64 residentBytes()
{
    QFile status(QStringLiteral("/proc/self/statm"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> fields = status.readAll().split(' ');
    return fields.value(1).toLongLong() * 4096;
}
} // namespace

int main(int argc, char *argv[])
{
    AppInfo::prepareProcess();
    QApplication app(argc, argv);
    AppInfo::applyTo(app);
    const quint16 port = quint16(QCoreApplication::arguments().value(1).toUInt());
    const int seconds = QCoreApplication::arguments().value(2, QStringLiteral("10")).toInt();

    // The app's services as main() builds them, with their files in a folder of their own.
    QTemporaryDir dir;
    if (!dir.isValid()) {
        std::fprintf(stderr, "gui_flood: no temporary folder: %s\n", qPrintable(dir.errorString()));
        return 2;
    }
    AppServices::Options options;
    options.captureStoreFile = dir.filePath(QStringLiteral("captures.sqlite"));
    options.historyFile = dir.filePath(QStringLiteral("history.sqlite"));
    AppServices services(options);
    services.openCaptureStoreAsync();
    MainWindow window(&services);
    window.show();
    auto *panel = window.findChild<ListenerPanel *>(QStringLiteral("listenerPanel"));
    auto *model = window.findChild<CaptureModel *>(QStringLiteral("captureModel"));
    if (!panel || !model) {
        std::fprintf(stderr, "gui_flood: the Receive area is not where it was expected\n");
        return 2;
    }
    panel->findChild<QSpinBox *>(QStringLiteral("portSpin"))->setValue(port);
    panel->start();

    qint64 baselineRss = 0;
    int baselineRows = 0;
    qint64 midRss = 0;
    int midRows = 0;
    QList<qint64> lateness;
    QElapsedTimer clock;
    constexpr int kTickMs = 10;
    QTimer ticker;
    ticker.setTimerType(Qt::PreciseTimer);
    ticker.setInterval(kTickMs);
    qint64 last = 0;
    QObject::connect(&ticker, &QTimer::timeout, &app, [&] {
        const qint64 now = clock.elapsed();
        lateness << qMax<qint64>(0, now - last - kTickMs);
        last = now;
    });
    // Measure once the window and the listener have settled.
    QTimer::singleShot(1000, &app, [&] {
        baselineRss = residentBytes();
        baselineRows = model->rowCount();
        clock.start();
        ticker.start();
        std::fprintf(stderr, "gui_flood: measuring for %d s\n", seconds);
    });
    // A second reading halfway: the growth from there on is per capture, free of the
    // one-off costs of the first captures (SQLite's page cache filling, Qt's first layouts).
    QTimer::singleShot(1000 + seconds * 500, &app, [&] {
        model->flushQueued();
        midRss = residentBytes();
        midRows = model->rowCount();
    });
    QTimer::singleShot(1000 + seconds * 1000, &app, [&] {
        ticker.stop();
        model->flushQueued();
        std::sort(lateness.begin(), lateness.end());
        const auto pct = [&](double p) {
            return lateness.isEmpty() ? 0 : lateness.at(qMin(lateness.size() - 1, qsizetype(p * lateness.size())));
        };
        const int rows = model->rowCount() - baselineRows;
        const qint64 rss = residentBytes();
        std::printf("{\"ticks\": %lld, \"latenessP50Ms\": %lld, \"latenessP99Ms\": %lld, \"latenessMaxMs\": %lld, "
                    "\"captures\": %d, \"rssGrowthBytes\": %lld, \"bytesPerCapture\": %.1f, "
                    "\"bytesPerCaptureSecondHalf\": %.1f}\n",
                    qint64(lateness.size()), pct(0.5), pct(0.99), lateness.isEmpty() ? 0 : lateness.last(), rows,
                    rss - baselineRss, rows > 0 ? double(rss - baselineRss) / rows : 0.0,
                    model->rowCount() > midRows ? double(rss - midRss) / (model->rowCount() - midRows) : 0.0);
        std::fflush(stdout);
        app.quit();
    });
    return app.exec();
}
