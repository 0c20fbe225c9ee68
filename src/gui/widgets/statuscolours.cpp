#include "gui/widgets/statuscolours.h"

#include <QApplication>
#include <QPalette>
#include <QWidget>

namespace {

// Readable on the palette in use: the light set on a light base, the pale set on a dark one
// (each at least 4.5:1 against Base, as tst_theme checks).
bool darkBase()
{
    return QApplication::palette().color(QPalette::Base).lightness() < 128;
}

QColor pick(QRgb light, QRgb dark)
{
    return QColor::fromRgb(darkBase() ? dark : light);
}

} // namespace

QColor StatusColours::good()
{
    return pick(0x1b5e20, 0x81c784);
}

QColor StatusColours::bad()
{
    return pick(0xc62828, 0xff7b72);
}

QColor StatusColours::forStatus(int status)
{
    if (status >= 200 && status < 300)
        return good();
    if (status >= 300 && status < 400)
        return pick(0x1565c0, 0x6cb6ff);
    if (status >= 400 && status < 500)
        return pick(0xa04000, 0xffb74d);
    return bad();
}

void StatusColours::setTextColour(QWidget *widget, const QColor &colour)
{
    QPalette palette = widget->palette();
    palette.setColor(QPalette::WindowText,
                     colour.isValid() ? colour : QApplication::palette().color(QPalette::WindowText));
    widget->setPalette(palette);
}
