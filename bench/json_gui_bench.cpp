// json_gui_bench: how long the window's event loop stalls while the body editor loads and
// formats a large JSON document (issue 12's goal: no stall over 100 ms for 10 MB). A 2 ms
// timer on the GUI thread records how late each tick runs; a stall is a tick's lateness.
// Each phase is also timed in a bare QPlainTextEdit, the floor Qt itself sets.
//
//   json_gui_bench [SIZE_MB]   (default 10; prints one JSON object per phase on stdout)
#include "core/app/appinfo.h"
#include "core/json/jsontools.h"
#include "gui/widgets/jsoneditor.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QPlainTextEdit>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <vector>

namespace {

QByteArray generateDocument(qsizetype targetBytes)
{
    QByteArray doc = "[";
    for (int i = 0; doc.size() < targetBytes; ++i) {
        if (i)
            doc += ',';
        doc += R"({"id":"evt_)" + QByteArray::number(i, 16) + R"(","type":"invoice.paid","amount":)"
            + QByteArray::number(i * 7 % 100000) + R"(,"currency":"eur","customer":{"name":"Zoë )"
            + QByteArray::number(i) + R"(","tags":["a","b"],"vip":false},"note":"line\nbreak"})";
    }
    return doc + ']';
}

struct Stalls {
    double ms = 0; // the phase, start to end
    double p99 = 0;
    double max = 0;
};

// Runs `phase` (which may return before its work is done: `done` says when it is) while the
// probe ticks; returns the phase's time and the p99 and largest lateness of the ticks.
Stalls measure(const std::function<void()> &phase, const std::function<bool()> &done)
{
    constexpr int kTickMs = 2;
    std::vector<double> late;
    QElapsedTimer clock;
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(kTickMs);
    qint64 last = 0;
    QObject::connect(&probe, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        late.push_back(std::max(0.0, double(now - last) / 1e6 - kTickMs));
        last = now;
    });
    clock.start();
    probe.start();
    QTimer::singleShot(0, [&] { phase(); });
    while ((late.size() < 5 || !done()) && clock.elapsed() < 120000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    // Ticks until the editor is idle again: deferred layout and highlighting count too.
    const qint64 end = clock.nsecsElapsed();
    while (clock.nsecsElapsed() - end < 300'000'000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    probe.stop();
    std::sort(late.begin(), late.end());
    return {double(end) / 1e6, late.at(std::min(late.size() - 1, size_t(double(late.size()) * 0.99))), late.back()};
}

void print(const char *phase, const Stalls &editor, const Stalls &floor, qsizetype bytes)
{
    std::printf("{\"phase\": \"%s\", \"bytes\": %lld, \"editorMs\": %.0f, \"editorP99StallMs\": %.1f, "
                "\"editorMaxStallMs\": %.1f, \"qtFloorMs\": %.0f, \"qtFloorMaxStallMs\": %.1f}\n",
                phase, static_cast<long long>(bytes), editor.ms, editor.p99, editor.max, floor.ms, floor.max);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char *argv[])
{
    AppInfo::prepareProcess();
    QApplication app(argc, argv);
    AppInfo::applyTo(app);
    const qsizetype size = QCoreApplication::arguments().value(1, QStringLiteral("10")).toLongLong() * 1024 * 1024;
    const QByteArray minified = generateDocument(size);
    const QString pretty = QString::fromUtf8(JsonTools::format(minified));

    JsonEditor editor;
    editor.resize(1000, 700);
    editor.show();
    QPlainTextEdit plain;
    plain.resize(1000, 700);
    plain.show();

    // Load: what opening a tab with that body does (ComposerWidget::setDraft).
    const Stalls load = measure([&] { editor.setPlainText(pretty); }, [] { return true; });
    const Stalls loadFloor = measure([&] { plain.setPlainText(pretty); }, [] { return true; });
    print("load", load, loadFloor, pretty.toUtf8().size());

    // Format: the minified document re-indented in place (one undo step).
    editor.setPlainText(QString::fromUtf8(minified));
    plain.setPlainText(QString::fromUtf8(minified));
    const QString before = editor.toPlainText();
    const Stalls format = measure([&] { editor.formatDocument(); },
                                  [&] { return editor.document()->characterCount() > before.size() + 1; });
    const Stalls formatFloor = measure([&] { plain.setPlainText(pretty); }, [] { return true; });
    print("format", format, formatFloor, minified.size());
    return 0;
}
