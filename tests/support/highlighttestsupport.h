#pragma once

#include <QColor>
#include <QTextBlock>
#include <QTextLayout>

// What the JSON highlighter drew: the editor tests ask it of one character.
namespace TestSupport {

// Whether the highlighter gave `column` of `block` the foreground `foreground`.
inline bool hasFormatAt(const QTextBlock &block, int column, const QColor &foreground)
{
    for (const QTextLayout::FormatRange &range : block.layout()->formats()) {
        if (column >= range.start && column < range.start + range.length
            && range.format.foreground().color() == foreground)
            return true;
    }
    return false;
}

} // namespace TestSupport
