#include "gui/widgets/statuscolours.h"

#include <QApplication>
#include <QPalette>
#include <QWidget>

QColor StatusColours::good()
{
    return QColor(0x2e, 0x7d, 0x32);
}

QColor StatusColours::bad()
{
    return QColor(0xc6, 0x28, 0x28);
}

QColor StatusColours::forStatus(int status)
{
    if (status >= 200 && status < 300)
        return good();
    if (status >= 300 && status < 400)
        return QColor(0x15, 0x65, 0xc0);
    if (status >= 400 && status < 500)
        return QColor(0xe6, 0x51, 0x00);
    return bad();
}

void StatusColours::setTextColour(QWidget *widget, const QColor &colour)
{
    QPalette palette = widget->palette();
    palette.setColor(QPalette::WindowText,
                     colour.isValid() ? colour : QApplication::palette().color(QPalette::WindowText));
    widget->setPalette(palette);
}
