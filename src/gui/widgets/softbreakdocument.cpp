#include "gui/widgets/softbreakdocument.h"

#include "gui/widgets/longlines.h"

#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>

#include <algorithm>
#include <utility>

namespace {

QTextBlockFormat withContinuation(QTextBlockFormat format, bool continuation)
{
    if (continuation)
        format.setProperty(SoftBreakDocument::kContinuation, true);
    else
        format.clearProperty(SoftBreakDocument::kContinuation);
    return format;
}

// As QTextDocument::toPlainText() gives them.
void asPlainText(QString &text)
{
    for (QChar &c : text) {
        const char16_t u = c.unicode();
        if (u == QChar::ParagraphSeparator || u == QChar::LineSeparator || u == 0xfdd0 || u == 0xfdd1)
            c = QLatin1Char('\n');
        else if (u == QChar::Nbsp)
            c = QLatin1Char(' ');
    }
}

} // namespace

SoftBreakDocument::SoftBreakDocument(QTextDocument *document)
    : QObject(document)
    , m_document(document)
{
    for (QTextBlock block = document->begin(); block.isValid(); block = block.next()) {
        if (isContinuation(block))
            m_breaks.append(block.position());
    }
    m_blockCount = document->blockCount();
    connect(document, &QTextDocument::contentsChange, this, &SoftBreakDocument::onContentsChange);
}

bool SoftBreakDocument::isContinuation(const QTextBlock &block)
{
    return block.blockFormat().boolProperty(kContinuation);
}

void SoftBreakDocument::insert(QTextCursor &cursor, QStringView text, Step step)
{
    if (text.isEmpty() && !cursor.hasSelection())
        return;
    // Reset by onContentsChange when the change is reported: at endEditBlock() below, or at the end
    // of an edit block around this one (a drop).
    m_inserting = true;
    if (step == Step::JoinPrevious)
        cursor.joinPreviousEditBlock();
    else
        cursor.beginEditBlock();
    if (cursor.hasSelection())
        cursor.removeSelectedText();
    // Text going into a row of a line already cut (the loader's next slice) is cut into rows too.
    const bool wrapped = isContinuation(cursor.block()) || isContinuation(cursor.block().next());
    const QList<qsizetype> cuts = LongLines::softBreaks(text, cursor.positionInBlock(), wrapped);
    qsizetype from = 0;
    for (const qsizetype cut : cuts) {
        insertLines(cursor, text.sliced(from, cut - from));
        cursor.insertBlock(withContinuation(cursor.blockFormat(), true));
        from = cut;
    }
    insertLines(cursor, text.sliced(from));
    cursor.endEditBlock();
}

void SoftBreakDocument::insertLines(QTextCursor &cursor, QStringView text)
{
    if (text.isEmpty())
        return;
    // QTextCursor::insertText gives each new block the format of the block the cursor is in: from a
    // continuation row, the first line end is made a plain one first, and the rest follow it.
    if (isContinuation(cursor.block())) {
        const auto end = std::find_if(text.cbegin(), text.cend(), LongLines::isLineEnd);
        if (end != text.cend()) {
            qsizetype at = end - text.cbegin();
            cursor.insertText(text.first(at).toString());
            if (text.at(at) == QLatin1Char('\r') && at + 1 < text.size() && text.at(at + 1) == QLatin1Char('\n'))
                ++at;
            cursor.insertBlock(withContinuation(cursor.blockFormat(), false));
            text = text.sliced(at + 1);
            if (text.isEmpty())
                return;
        }
    }
    cursor.insertText(text.toString());
}

void SoftBreakDocument::onContentsChange(int position, int removed, int added)
{
    const bool inserted = std::exchange(m_inserting, false);
    const bool wasWrapped = !m_breaks.isEmpty();
    m_longest = -1;
    const qsizetype realPosition = LongLines::toReal(position, m_breaks);
    const auto [removedFirst, removedLast] = LongLines::breaksBetween(m_breaks, position + 1, position + removed);
    const qsizetype softRemoved = removedLast - removedFirst;

    QTextBlock first = m_document->findBlock(position);
    if (!first.isValid())
        first = m_document->lastBlock();
    const int firstPosition = first.position();

    if (!m_replaying) {
        // The row the change starts in keeps what it was: the separator before it was not touched.
        // Rows the change made start plain, unless insert() made them.
        const bool firstWas = firstPosition > 0
            && std::binary_search(m_breaks.cbegin(), m_breaks.cend(), firstPosition);
        QList<QTextBlock> wrong;
        if (isContinuation(first) != firstWas)
            wrong.append(first);
        // A format change is reported as text replaced by itself: no rows were made then.
        const bool madeRows = added != removed || m_document->blockCount() != m_blockCount;
        if (!inserted && madeRows) {
            for (QTextBlock block = first.next(); block.isValid() && block.position() <= position + added;
                 block = block.next()) {
                if (isContinuation(block))
                    wrong.append(block);
            }
        }
        if (!wrong.isEmpty()) {
            // Inside the change's undo step; Qt reports no change made while it reports one.
            QTextCursor cursor(m_document);
            cursor.joinPreviousEditBlock();
            for (const QTextBlock &block : std::as_const(wrong)) {
                cursor.setPosition(block.position());
                cursor.setBlockFormat(withContinuation(block.blockFormat(), !isContinuation(block)));
            }
            cursor.endEditBlock();
        }
    }

    // Rows from the one the change starts in to the end of what was added: read again.
    const auto [eraseFirst, eraseLast] = LongLines::breaksBetween(m_breaks, firstPosition, position + removed);
    const int delta = added - removed;
    for (qsizetype i = eraseLast; i < m_breaks.size(); ++i)
        m_breaks[i] += delta;
    QList<int> found;
    qsizetype softAdded = 0;
    for (QTextBlock block = first; block.isValid() && block.position() <= position + added; block = block.next()) {
        if (block.position() > 0 && isContinuation(block)) {
            found.append(block.position());
            if (block.position() > position)
                ++softAdded;
        }
    }
    m_breaks.remove(eraseFirst, eraseLast - eraseFirst);
    m_breaks.insert(eraseFirst, found.size(), 0);
    std::copy(found.cbegin(), found.cend(), m_breaks.begin() + eraseFirst);

    m_blockCount = m_document->blockCount();
    Q_EMIT changed(realPosition, removed - softRemoved, added - softAdded, position, added);
    if (wasWrapped != !m_breaks.isEmpty())
        Q_EMIT wrappingChanged(!m_breaks.isEmpty());
}

QString SoftBreakDocument::realText() const
{
    const QString plain = m_document->toPlainText();
    return m_breaks.isEmpty() ? plain : LongLines::join(plain, m_breaks);
}

QString SoftBreakDocument::realText(int from, int to) const
{
    QTextCursor cursor(m_document);
    cursor.setPosition(from);
    cursor.setPosition(to, QTextCursor::KeepAnchor);
    QString text = cursor.selectedText();
    asPlainText(text);
    return LongLines::join(text, m_breaks, from);
}

qsizetype SoftBreakDocument::toReal(int position) const
{
    return LongLines::toReal(position, m_breaks);
}

int SoftBreakDocument::toDocument(qsizetype offset) const
{
    return int(LongLines::toDocument(offset, m_breaks));
}

qsizetype SoftBreakDocument::realLineCount() const
{
    return m_document->blockCount() - m_breaks.size();
}

int SoftBreakDocument::realLineNumber(const QTextBlock &block) const
{
    const auto upTo = std::upper_bound(m_breaks.cbegin(), m_breaks.cend(), block.position());
    return block.blockNumber() + 1 - int(upTo - m_breaks.cbegin());
}

QTextBlock SoftBreakDocument::lineStart(const QTextBlock &block) const
{
    QTextBlock start = block;
    while (start.isValid() && start.position() > 0 && isContinuation(start))
        start = start.previous();
    return start;
}

qsizetype SoftBreakDocument::longestWrappedLine() const
{
    if (m_longest >= 0)
        return m_longest;
    qsizetype longest = 0;
    qsizetype i = 0;
    while (i < m_breaks.size()) {
        // A line: the row before its first break, and the rows of the breaks that follow on.
        const int start = m_document->findBlock(m_breaks.at(i) - 1).position();
        QTextBlock row = m_document->findBlock(m_breaks.at(i));
        qsizetype rows = 1;
        while (i + rows < m_breaks.size() && row.next().position() == m_breaks.at(i + rows)) {
            row = row.next();
            ++rows;
        }
        const qsizetype end = row.position() + row.length() - 1;
        longest = std::max(longest, end - start - rows);
        i += rows;
    }
    m_longest = longest;
    return longest;
}
