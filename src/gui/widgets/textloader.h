#pragma once

#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringView>

#include <functional>
#include <utility>

class QPlainTextEdit;
class QTextCursor;

// Puts a large text into a QPlainTextEdit a slice at a time, a few milliseconds of slices per
// pass of the event loop, so the window keeps painting and answering while megabytes go in
// (QTextDocument splits the text into blocks at about 1 µs a line; 10 MB of indented JSON is
// seconds of it in one go). Slices end at line breaks: appending to the line in view would make
// Qt lay that line out again for every slice. A line longer than a slice therefore goes in whole,
// unless an inserter that cuts long lines into rows (SoftBreakDocument) puts the text in: then a
// slice may end anywhere but inside a surrogate pair, and the row it ends in stays short.
// The editor is read-only while a load runs; text() is the whole text from the start, so a Send
// or a draft taken meanwhile has everything. The undo history starts afresh with each load.
class TextLoader final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TextLoader)

public:
    // Below this many characters a text goes in at once: quicker than a round of the event loop.
    static constexpr qsizetype kDirectLimit = 256 * 1024;
    static constexpr qsizetype kSliceChars = 16 * 1024;
    static constexpr int kBudgetMs = 12; // slicing time per pass of the event loop

    explicit TextLoader(QPlainTextEdit *editor);

    // Puts a slice in at the cursor (at the end of the document); by default QTextCursor::insertText.
    using Inserter = std::function<void(QTextCursor &cursor, QStringView slice)>;
    void setInserter(Inserter inserter) { m_inserter = std::move(inserter); }

    // Replaces the editor's text; the undo history starts afresh (as setPlainText).
    void load(const QString &text);
    bool isLoading() const { return m_loading; }
    // The text being loaded (all of it, also what is not in the document yet).
    const QString &text() const { return m_text; }
    // Inserts what is left now (the editor is being destroyed or its text replaced).
    void finishNow();
    // 0..100
    int percentDone() const;

Q_SIGNALS:
    void started();
    void progressed(int percent);
    // The whole text is in the document; `text` is what was loaded.
    void finished(const QString &text);

private:
    void insertSlices(qint64 budgetNs);
    void scheduleNext();
    void end();
    void insert(QTextCursor &cursor, QStringView slice);
    // Gives the editor back its read-only and undo settings.
    void release();

    QPointer<QPlainTextEdit> m_editor;
    QString m_text;
    qsizetype m_done = 0;
    bool m_loading = false;
    bool m_scheduled = false;
    bool m_holding = false; // the editor is read-only and without undo for the load
    bool m_wasReadOnly = false;
    bool m_wasUndoEnabled = true;
    Inserter m_inserter;
    quint64 m_run = 0; // a newer load() makes a pending pass of an older one return
};
