#pragma once

#include <QList>
#include <QString>
#include <QStringView>

#include <utility>

// Where a long line is cut into rows, and how positions in a document holding those rows map to
// offsets in the real text. Qt lays out a whole block (line) at once, so one 10 MB line is seconds
// of layout on every paint and edit of it; the editor shows a line longer than kLimit as several
// blocks ("rows") instead, each after the first a *continuation* that is joined back, with no line break,
// wherever the text leaves the editor (SoftBreakDocument). Pure logic, no widgets, so it is
// tested on its own.
//
// A soft break is identified by the document position where its continuation row starts: the
// block separator before it (position - 1) is not part of the real text. `breaks` lists them in
// ascending order.
namespace LongLines {

// A line longer than kLimit (UTF-16 code units) is cut into rows of at most kRowLength: Qt shapes
// and draws a whole block on every paint, 4 096 characters took ~50 ms a paint on the CI machine,
// 1 024 ~5 ms.
inline constexpr qsizetype kLimit = 4096;
inline constexpr qsizetype kRowLength = 1024;
inline constexpr qsizetype kLookBack = 256; // how far back from a row's end a cut after ',' or before '{'/'[' is sought

// True for the characters QTextDocument turns into a block separator (QTextCursor::insertText).
bool isLineEnd(QChar c);

// Offsets in `text` before which a soft break goes: a line longer than `limit` is cut into rows of at
// most `row`; `column` is how many characters the row the text goes into already has before it, and
// `wrapped` says that row is one of a line already cut (its first line is then cut whatever its length).
// A cut prefers to follow a ',' or to precede a '{' or '[' within kLookBack of the row's end, and never
// splits a surrogate pair.
QList<qsizetype> softBreaks(QStringView text, qsizetype column = 0, bool wrapped = false, qsizetype limit = kLimit,
                            qsizetype row = kRowLength);

// The real-text offset of a document position.
qsizetype toReal(qsizetype documentPosition, const QList<int> &breaks);
// The document position of a real-text offset; at a soft break, the start of the continuation row.
qsizetype toDocument(qsizetype realOffset, const QList<int> &breaks);
// The soft breaks in [from, to] (document positions), as indexes into `breaks`: [first, last).
std::pair<qsizetype, qsizetype> breaksBetween(const QList<int> &breaks, qsizetype from, qsizetype to);

// `documentText` (document positions from `offset` on, a separator as one character) with the
// soft breaks' separators taken out: the real text.
QString join(QStringView documentText, const QList<int> &breaks, qsizetype offset = 0);

} // namespace LongLines
