#include "gui/widgets/flowlayout.h"

#include <QWidget>

namespace {
// A group of controls expands when its own size policy says so, not because a line
// edit inside it would like to: QWidgetItem would report the latter too.
bool expandsHorizontally(const QLayoutItem *item)
{
    if (const QWidget *widget = item->widget())
        return widget->sizePolicy().expandingDirections() & Qt::Horizontal;
    return item->expandingDirections() & Qt::Horizontal;
}
} // namespace

FlowLayout::FlowLayout(QWidget *parent, int horizontalSpacing, int verticalSpacing)
    : QLayout(parent)
    , m_horizontalSpacing(horizontalSpacing)
    , m_verticalSpacing(verticalSpacing)
{
    setContentsMargins(0, 0, 0, 0);
}

FlowLayout::~FlowLayout()
{
    qDeleteAll(m_items);
}

void FlowLayout::addItem(QLayoutItem *item)
{
    m_items.append(item);
    invalidate();
}

QLayoutItem *FlowLayout::takeAt(int index)
{
    if (index < 0 || index >= m_items.size())
        return nullptr;
    invalidate();
    return m_items.takeAt(index);
}

int FlowLayout::heightForWidth(int width) const
{
    return arrange(QRect(0, 0, width, 0), false);
}

QSize FlowLayout::minimumSize() const
{
    // As narrow as the widest item's minimum: everything else can wrap.
    QSize size;
    for (const QLayoutItem *item : m_items) {
        if (!item->isEmpty())
            size = size.expandedTo(item->minimumSize());
    }
    const QMargins margins = contentsMargins();
    return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom());
}

QSize FlowLayout::sizeHint() const
{
    // One line: what the layout would like when there is room.
    int width = 0;
    int height = 0;
    for (const QLayoutItem *item : m_items) {
        if (item->isEmpty())
            continue;
        const QSize hint = item->sizeHint();
        width += (width > 0 ? m_horizontalSpacing : 0) + hint.width();
        height = qMax(height, hint.height());
    }
    const QMargins margins = contentsMargins();
    return QSize(width + margins.left() + margins.right(), height + margins.top() + margins.bottom());
}

void FlowLayout::setGeometry(const QRect &rect)
{
    QLayout::setGeometry(rect);
    arrange(rect, true);
}

int FlowLayout::arrange(const QRect &rect, bool apply) const
{
    const QRect area = rect.marginsRemoved(contentsMargins());
    const QMargins margins = contentsMargins();

    // Lines first, then each line is placed: the line height must be known to centre items.
    struct Line {
        QList<QLayoutItem *> items;
        int height = 0;
    };
    QList<Line> lines(1);
    int x = 0;
    for (QLayoutItem *item : m_items) {
        if (item->isEmpty())
            continue;
        const int width = qMin(item->sizeHint().width(), area.width());
        if (!lines.last().items.isEmpty() && x + m_horizontalSpacing + width > area.width()) {
            lines.append(Line());
            x = 0;
        }
        x += (lines.last().items.isEmpty() ? 0 : m_horizontalSpacing) + width;
        lines.last().items.append(item);
        lines.last().height = qMax(lines.last().height, item->sizeHint().height());
    }

    if (lines.constFirst().items.isEmpty())
        return margins.top() + margins.bottom();
    int y = area.y();
    for (const Line &line : std::as_const(lines)) {
        if (line.items.isEmpty())
            continue;
        if (apply) {
            // What is left of the line goes to the items that expand horizontally.
            int used = 0;
            int expanding = 0;
            for (QLayoutItem *item : line.items) {
                used += (used > 0 ? m_horizontalSpacing : 0) + qMin(item->sizeHint().width(), area.width());
                if (expandsHorizontally(item))
                    ++expanding;
            }
            int extra = qMax(0, area.width() - used);
            int left = area.x();
            for (QLayoutItem *item : line.items) {
                const QSize hint = item->sizeHint();
                int width = qMin(hint.width(), area.right() + 1 - left);
                if (expanding > 0 && expandsHorizontally(item)) {
                    const int share = extra / expanding;
                    width += share;
                    extra -= share;
                    --expanding;
                }
                const int height = qMin(hint.height(), line.height);
                item->setGeometry(QRect(left, y + (line.height - height) / 2, qMax(0, width), height));
                left += width + m_horizontalSpacing;
            }
        }
        y += line.height + m_verticalSpacing;
    }
    return y - m_verticalSpacing - area.y() + margins.top() + margins.bottom();
}
