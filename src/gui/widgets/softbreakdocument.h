#pragma once

#include <QList>
#include <QObject>
#include <QString>
#include <QStringView>
#include <QTextFormat>

class QTextBlock;
class QTextCursor;
class QTextDocument;

// Keeps a QTextDocument's long lines as rows (LongLines): a block that continues the line of the
// block before it carries the block property kContinuation. Text goes in through insert(), which
// cuts long lines; whatever else edits the document (typing, a cursor) is fixed up when the change
// is reported, inside the same undo step, so that a continuation mark never lands on a real line: a
// deletion from a block's start into a later block leaves the merged block with the *later* block's
// format, and a line break typed into a continuation row would inherit its mark. realText() is the
// text with the soft breaks joined back; changed() reports every edit in real offsets.
class SoftBreakDocument final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SoftBreakDocument)

public:
    static constexpr int kContinuation = QTextFormat::UserProperty + 1;

    // Connects to the document's contentsChange: create it before anything else that listens
    // there and needs real offsets.
    explicit SoftBreakDocument(QTextDocument *document);

    static bool isContinuation(const QTextBlock &block);

    enum class Step { New, JoinPrevious };
    // Inserts `text` (real text: each line end is a line of its own) at the cursor, in place of its
    // selection, cutting lines that grow past LongLines::kLimit. One undo step (joined to the
    // previous with JoinPrevious). Not to be called inside an edit block the caller opened,
    // except through Qt's drop, whose edit block holds nothing else that inserts.
    void insert(QTextCursor &cursor, QStringView text, Step step = Step::New);

    // Undo and redo put back what was recorded, soft breaks included: nothing to fix meanwhile.
    void setReplaying(bool replaying) { m_replaying = replaying; }

    QString realText() const;
    // The real text between two document positions.
    QString realText(int from, int to) const;
    qsizetype toReal(int position) const;
    int toDocument(qsizetype offset) const;
    // Positions where continuation rows start, ascending.
    const QList<int> &breaks() const { return m_breaks; }
    bool hasSoftBreaks() const { return !m_breaks.isEmpty(); }
    qsizetype realLineCount() const;
    // 1-based real line number of the line `block` is a row of.
    int realLineNumber(const QTextBlock &block) const;
    // The first row of the real line that `block` is a row of.
    QTextBlock lineStart(const QTextBlock &block) const;
    // Characters of the longest line that is shown in rows; 0 when there is none.
    qsizetype longestWrappedLine() const;

Q_SIGNALS:
    // After each change, once the rows are right: where (real offset) and how much real text was
    // removed and added, and where the added text is in the document.
    void changed(qsizetype position, qsizetype removed, qsizetype added, int documentPosition, int documentAdded);
    // Whether any line is shown in rows changed.
    void wrappingChanged(bool wrapped);

private:
    void onContentsChange(int position, int removed, int added);
    void insertLines(QTextCursor &cursor, QStringView text);

    QTextDocument *m_document;
    QList<int> m_breaks;
    bool m_replaying = false;
    bool m_inserting = false; // insert() made the change being reported next
    int m_blockCount = 0;     // when the last change was reported
    mutable qsizetype m_longest = -1;
};
