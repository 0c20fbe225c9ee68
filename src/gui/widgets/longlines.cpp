#include "gui/widgets/longlines.h"

#include <algorithm>

namespace LongLines {

bool isLineEnd(QChar c)
{
    const char16_t u = c.unicode();
    return u == u'\n' || u == u'\r' || u == QChar::ParagraphSeparator || u == 0xfdd0 || u == 0xfdd1;
}

namespace {

bool splitsPair(QStringView text, qsizetype at)
{
    return at > 0 && at < text.size() && text.at(at - 1).isHighSurrogate() && text.at(at).isLowSurrogate();
}

// Where to cut the row [rowStart, hardCut + ...): after a ',' or before a '{' or '[' close to the
// limit reads best; else at the limit. After rowStart, so that every row has something in it, unless
// the row had text before `text` (rowColumn > 0) and a surrogate pair starts `text`.
qsizetype cutBefore(QStringView text, qsizetype rowStart, qsizetype rowColumn, qsizetype hardCut)
{
    const qsizetype lowest = std::max(rowStart + 1, hardCut - kLookBack);
    for (qsizetype at = hardCut; at >= lowest; --at) {
        const QChar before = text.at(at - 1);
        const QChar after = text.at(at);
        if (before == QLatin1Char(',') || after == QLatin1Char('{') || after == QLatin1Char('['))
            return at;
    }
    qsizetype at = hardCut;
    if (splitsPair(text, at))
        at = at - 1 > rowStart || rowColumn > 0 ? at - 1 : at + 1;
    return at;
}

} // namespace

QList<qsizetype> softBreaks(QStringView text, qsizetype column, bool wrapped, qsizetype limit, qsizetype row)
{
    QList<qsizetype> breaks;
    const qsizetype size = text.size();
    qsizetype lineStart = 0;
    qsizetype lineColumn = column; // characters the first row already has
    while (lineStart <= size) {
        qsizetype lineEnd = lineStart;
        while (lineEnd < size && !isLineEnd(text.at(lineEnd)))
            ++lineEnd;
        qsizetype rowStart = lineStart;
        qsizetype rowColumn = lineColumn;
        const bool cut = (wrapped && lineStart == 0) || lineEnd - lineStart + lineColumn > limit;
        while (cut && lineEnd - rowStart + rowColumn > row) {
            qsizetype at;
            if (rowColumn >= row) {
                at = rowStart; // the row is full already: what comes goes on a new one
            } else {
                at = cutBefore(text, rowStart, rowColumn, rowStart + (row - rowColumn));
            }
            if (at >= lineEnd)
                break;
            breaks.append(at);
            rowStart = at;
            rowColumn = 0;
        }
        if (lineEnd >= size)
            break;
        lineStart = lineEnd + 1;
        lineColumn = 0;
    }
    return breaks;
}

qsizetype toReal(qsizetype documentPosition, const QList<int> &breaks)
{
    const auto before = std::upper_bound(breaks.cbegin(), breaks.cend(), documentPosition);
    return documentPosition - (before - breaks.cbegin());
}

qsizetype toDocument(qsizetype realOffset, const QList<int> &breaks)
{
    // The i-th break (from 0) starts a row at real offset breaks[i] - (i + 1), which never
    // decreases with i: a binary search finds how many start at or before realOffset.
    qsizetype low = 0;
    qsizetype high = breaks.size();
    while (low < high) {
        const qsizetype middle = (low + high) / 2;
        if (breaks.at(middle) - (middle + 1) <= realOffset)
            low = middle + 1;
        else
            high = middle;
    }
    return realOffset + low;
}

std::pair<qsizetype, qsizetype> breaksBetween(const QList<int> &breaks, qsizetype from, qsizetype to)
{
    const auto first = std::lower_bound(breaks.cbegin(), breaks.cend(), from);
    const auto last = std::upper_bound(first, breaks.cend(), to);
    return {first - breaks.cbegin(), last - breaks.cbegin()};
}

QString join(QStringView documentText, const QList<int> &breaks, qsizetype offset)
{
    // A break at b removes the separator at b - 1.
    const auto [first, last] = breaksBetween(breaks, offset + 1, offset + documentText.size());
    if (first == last)
        return documentText.toString();
    QString real;
    real.reserve(documentText.size() - (last - first));
    qsizetype from = 0;
    for (qsizetype i = first; i < last; ++i) {
        const qsizetype separator = breaks.at(i) - 1 - offset;
        real.append(documentText.sliced(from, separator - from));
        from = separator + 1;
    }
    real.append(documentText.sliced(from));
    return real;
}

} // namespace LongLines
