#include "gui/widgets/textloader.h"

#include <QElapsedTimer>
#include <QPlainTextEdit>
#include <QTextCursor>
#include <QTextDocument>
#include <QTimer>

#include <limits>
#include <utility>

TextLoader::TextLoader(QPlainTextEdit *editor)
    : QObject(editor)
    , m_editor(editor)
{ }

void TextLoader::load(const QString &text)
{
    ++m_run;
    release(); // a load still running is replaced
    QTextDocument *document = m_editor->document();
    m_text = text;
    m_done = 0;
    m_loading = true;
    Q_EMIT started();

    if (text.size() <= kDirectLimit) {
        if (!m_inserter) {
            m_editor->setPlainText(text);
        } else {
            // As setPlainText(): a fresh document, no undo step for what goes in.
            m_editor->clear();
            const bool undo = document->isUndoRedoEnabled();
            document->setUndoRedoEnabled(false);
            QTextCursor cursor(document);
            insert(cursor, text);
            document->setUndoRedoEnabled(undo);
            m_editor->moveCursor(QTextCursor::Start);
        }
        m_done = text.size();
        end();
        return;
    }

    // Typing into a half-loaded document would put the user's keys in the middle of it.
    m_wasReadOnly = m_editor->isReadOnly();
    m_wasUndoEnabled = document->isUndoRedoEnabled();
    m_holding = true;
    if (!m_wasReadOnly) // setReadOnly(true) would reset a viewer's own interaction flags
        m_editor->setReadOnly(true);
    m_editor->clear();
    document->setUndoRedoEnabled(false); // also empties the stacks, as setPlainText does
    insertSlices(qint64(kBudgetMs) * 1000000);
}

void TextLoader::finishNow()
{
    if (m_loading)
        insertSlices(std::numeric_limits<qint64>::max());
}

int TextLoader::percentDone() const
{
    return m_text.isEmpty() ? 100 : int(m_done * 100 / m_text.size());
}

void TextLoader::insertSlices(qint64 budgetNs)
{
    m_scheduled = false;
    if (!m_editor) {
        m_loading = false;
        return;
    }
    QTextDocument *document = m_editor->document();
    QElapsedTimer clock;
    clock.start();
    const qsizetype size = m_text.size();
    while (m_done < size && clock.nsecsElapsed() < budgetNs) {
        qsizetype end = m_done + kSliceChars;
        if (end >= size) {
            end = size;
        } else if (const qsizetype back
                   = QStringView(m_text).sliced(m_done, end - m_done).lastIndexOf(QLatin1Char('\n'));
                   back >= 0) {
            // Within the slice only: QString::lastIndexOf would scan a one-line text back to its start.
            end = m_done + back + 1;
        } else if (m_inserter) {
            const QChar last = m_text.at(end - 1);
            if ((last.isHighSurrogate() && m_text.at(end).isLowSurrogate())
                || (last == QLatin1Char('\r') && m_text.at(end) == QLatin1Char('\n')))
                ++end;
        } else {
            const qsizetype forward = m_text.indexOf(QLatin1Char('\n'), end);
            end = forward < 0 ? size : forward + 1;
        }
        QTextCursor cursor(document);
        cursor.movePosition(QTextCursor::End);
        insert(cursor, QStringView(m_text).sliced(m_done, end - m_done));
        if (m_done == 0)
            m_editor->moveCursor(QTextCursor::Start); // the view stays at the top while the rest arrives
        m_done = end;
    }
    if (m_done >= size) {
        end();
        return;
    }
    Q_EMIT progressed(percentDone());
    scheduleNext();
}

void TextLoader::scheduleNext()
{
    if (m_scheduled)
        return;
    m_scheduled = true;
    // A zero timer runs after the input and paint events already waiting: the window answers
    // between two passes.
    QTimer::singleShot(0, this, [this, run = m_run] {
        if (run == m_run && m_loading)
            insertSlices(qint64(kBudgetMs) * 1000000);
    });
}

void TextLoader::end()
{
    m_loading = false;
    m_scheduled = false;
    release();
    // Held only while loading: the document has it now.
    Q_EMIT finished(std::exchange(m_text, {}));
}

void TextLoader::insert(QTextCursor &cursor, QStringView slice)
{
    if (m_inserter)
        m_inserter(cursor, slice);
    else
        cursor.insertText(slice.toString());
}

void TextLoader::release()
{
    if (!std::exchange(m_holding, false) || !m_editor)
        return;
    m_editor->document()->setUndoRedoEnabled(m_wasUndoEnabled);
    if (!m_wasReadOnly)
        m_editor->setReadOnly(false);
}
