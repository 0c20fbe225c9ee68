// json_gui_bench: how long the window's event loop stalls while the composer's body editor
// loads, formats and is typed into with a large JSON document (issue 12's goal: no stall over
// 100 ms for 10 MB). A 2 ms timer on the GUI thread records how late each tick runs; a stall
// is a tick's lateness. Each phase is also run in a bare QPlainTextEdit, what Qt alone does.
// Phases: load (indented, ~490k lines), typing (40 keys in it), format (minified -> indented),
// undoFormat, loadOneLine (the minified document: one 10 MB line), typingOneLine (40 keys in
// that line; 3 in the bare QPlainTextEdit), paste (the one-line document pasted into an empty
// editor).
//
//   json_gui_bench [SIZE_MB]   (default 10; prints one JSON object per phase on stdout)
#include "core/app/appinfo.h"
#include "core/drafts/draftsstore.h"
#include "core/json/jsontools.h"
#include "gui/send/composerwidget.h"
#include "gui/send/sendarea.h"
#include "gui/widgets/jsoneditor.h"

#include <QApplication>
#include <QClipboard>
#include <QElapsedTimer>
#include <QKeyEvent>
#include <QPlainTextEdit>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <utility>
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
                "\"editorMaxStallMs\": %.1f, \"qtFloorMs\": %.0f, \"qtFloorP99StallMs\": %.1f, "
                "\"qtFloorMaxStallMs\": %.1f}\n",
                phase, static_cast<long long>(bytes), editor.ms, editor.p99, editor.max, floor.ms, floor.p99,
                floor.max);
    std::fflush(stdout);
}

void typeKeys(QWidget *target, int count, int intervalMs, int *typed)
{
    *typed = 0;
    auto *timer = new QTimer(target);
    timer->setInterval(intervalMs);
    QObject::connect(timer, &QTimer::timeout, target, [target, timer, count, typed] {
        QKeyEvent press(QEvent::KeyPress, Qt::Key_A, Qt::NoModifier, QStringLiteral("a"));
        QKeyEvent release(QEvent::KeyRelease, Qt::Key_A, Qt::NoModifier, QStringLiteral("a"));
        QCoreApplication::sendEvent(target, &press);
        QCoreApplication::sendEvent(target, &release);
        if (++*typed == count) {
            timer->stop();
            timer->deleteLater();
        }
    });
    timer->start();
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
    const QString minifiedText = QString::fromUtf8(minified);

    // The composer as the Send area drives it: every change is followed, in a later pass of
    // the event loop, by the tab's draft being read, compared with its baseline and handed to
    // the drafts store (written on its thread), as SendArea::queueSync does (and as late).
    QTemporaryDir dataDir;
    DraftsStore drafts(dataDir.filePath(QStringLiteral("drafts.json")));
    drafts.load({});
    ComposerWidget composer;
    composer.resize(1000, 700);
    JsonEditor &editor = *composer.bodyEditor();
    RequestTabSet tabs;
    tabs.tabs.append(RequestTab::open(composer.draft(), QStringLiteral("bench")));
    tabs.current = 0;
    bool syncQueued = false;
    int dirtyChecks = 0;
    QObject::connect(&composer, &ComposerWidget::draftChanged, &composer, [&] {
        if (std::exchange(syncQueued, true))
            return;
        QTimer::singleShot(editor.isLargeDocument() ? SendArea::kLargeBodySyncMs : 0, &composer, [&] {
            syncQueued = false;
            tabs.tabs[0].draft = composer.draft();
            dirtyChecks += tabs.tabs[0].isDirty() ? 1 : 0;
            drafts.update(tabs);
        });
    });
    auto setBody = [&](const QString &text) {
        RequestDraft draft = composer.draft();
        draft.body = text;
        composer.setDraft(draft);
        tabs.tabs[0].draft = tabs.tabs[0].baseline = composer.draft();
    };
    auto idle = [&] { return !editor.isLoading() && !editor.isReformatting() && !editor.isValidationPending(); };

    QPlainTextEdit plain;
    plain.resize(1000, 700);
    plain.setLineWrapMode(QPlainTextEdit::NoWrap);
    // One window on screen at a time: the other's deferred painting must not land in a phase.
    auto settle = [] {
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < 300)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    };
    auto showOnly = [&](QWidget *shown) {
        for (QWidget *w : {static_cast<QWidget *>(&composer), static_cast<QWidget *>(&plain)})
            w->setVisible(w == shown);
        settle();
    };
    auto measureBoth = [&](const std::function<void()> &editorPhase, const std::function<bool()> &editorDone,
                           const std::function<void()> &floorPhase, const std::function<bool()> &floorDone) {
        showOnly(&composer);
        const Stalls editorStalls = measure(editorPhase, editorDone);
        showOnly(&plain);
        const Stalls floorStalls = measure(floorPhase, floorDone);
        return std::pair{editorStalls, floorStalls};
    };
    auto always = [] { return true; };

    // Load: what opening a tab with that body does (ComposerWidget::setDraft), until the
    // text is all in and validated.
    auto [load, loadFloor] = measureBoth([&] { setBody(pretty); }, idle, [&] { plain.setPlainText(pretty); }, always);
    print("load", load, loadFloor, pretty.toUtf8().size());
    if (editor.text() != pretty || editor.toPlainText() != pretty)
        std::fprintf(stderr, "load: the editor's text differs from what was loaded\n");

    // Typing in it: 40 keys, one every 30 ms, each followed by the tab's draft sync.
    int typed = 0;
    int typedPlain = 0;
    // 40 keys at the start of the editor's text, one every 30 ms; `floorKeys` into the bare editor.
    auto typeInBoth = [&](int floorKeys) {
        return measureBoth(
            [&] {
                editor.moveCursor(QTextCursor::Start);
                typeKeys(&editor, 40, 30, &typed);
            },
            [&] { return typed == 40; },
            [&, floorKeys] {
                plain.moveCursor(QTextCursor::Start);
                typeKeys(&plain, floorKeys, 30, &typedPlain);
            },
            [&, floorKeys] { return typedPlain == floorKeys; });
    };
    auto [typing, typingFloor] = typeInBoth(40);
    print("typing", typing, typingFloor, pretty.toUtf8().size());
    if (tabs.tabs[0].draft.body != QString(40, QLatin1Char('a')) + pretty)
        std::fprintf(stderr, "typing: the tab's draft is not the typed text\n");

    // Format: the minified document re-indented in place (one undo step).
    showOnly(&composer);
    setBody(minifiedText);
    while (!idle())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    plain.setPlainText(minifiedText);
    auto [format, formatFloor] = measureBoth(
        [&] { editor.formatDocument(); },
        [&] { return idle() && editor.document()->characterCount() > minifiedText.size() + 1; },
        [&] { plain.setPlainText(pretty); }, always);
    print("format", format, formatFloor, minified.size());
    if (editor.text() != pretty || editor.toPlainText() != pretty)
        std::fprintf(stderr, "format: the editor's text differs from JsonTools::format\n");

    // Undo of that format: the one-line document goes back in (the editor: through its loader).
    auto [undo, undoFloor] = measureBoth([&] { editor.undo(); }, idle, [&] { plain.setPlainText(minifiedText); },
                                         always);
    print("undoFormat", undo, undoFloor, minified.size());
    if (editor.text() != minifiedText)
        std::fprintf(stderr, "undo: the editor's text is not the minified document again\n");

    // Load of the minified document: one 10 MB line, which Qt lays out in one piece (the editor
    // shows it in rows, LongLines::kRowLength characters at most).
    setBody(QString());
    plain.clear();
    auto [loadLine, loadLineFloor] = measureBoth([&] { setBody(minifiedText); }, idle,
                                                 [&] { plain.setPlainText(minifiedText); }, always);
    print("loadOneLine", loadLine, loadLineFloor, minified.size());
    if (editor.text() != minifiedText)
        std::fprintf(stderr, "loadOneLine: the editor's text is not the minified document\n");

    // Typing in that line: 40 keys at its start, each followed by the tab's draft sync. The bare
    // QPlainTextEdit gets 3: each of its keys is a new layout of the whole 10 MB line.
    constexpr int kFloorKeys = 3;
    auto [typingLine, typingLineFloor] = typeInBoth(kFloorKeys);
    print("typingOneLine", typingLine, typingLineFloor, minified.size());
    if (tabs.tabs[0].draft.body != QString(40, QLatin1Char('a')) + minifiedText)
        std::fprintf(stderr, "typingOneLine: the tab's draft is not the typed text\n");

    // Paste of the one-line document into an empty editor (Ctrl+V).
    showOnly(&composer);
    setBody(QString());
    plain.clear();
    QApplication::clipboard()->setText(minifiedText);
    auto [paste, pasteFloor] = measureBoth(
        [&] {
            editor.setFocus();
            editor.paste();
        },
        [&] { return idle() && !editor.text().isEmpty(); }, [&] { plain.paste(); }, always);
    print("paste", paste, pasteFloor, minified.size());
    if (editor.text() != minifiedText || plain.toPlainText() != minifiedText)
        std::fprintf(stderr, "paste: the pasted text differs from the clipboard's\n");
    return 0;
}
