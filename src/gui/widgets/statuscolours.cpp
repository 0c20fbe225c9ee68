#include "gui/widgets/statuscolours.h"

#include <QApplication>
#include <QPalette>
#include <QWidget>

#include <iterator>

namespace {

// Readable on the palette in use: the light set on a light base, the pale set on a dark one
// (each at least 4.5:1 against Base, as tst_theme checks).
bool darkBase()
{
    return QApplication::palette().color(QPalette::Base).lightness() < 128;
}

struct Pair {
    QRgb light;
    QRgb dark;
};
enum PairIndex { Good, Bad, Redirect, ClientError };
// In PairIndex order.
constexpr Pair kPairs[] = {{0x1b5e20, 0x81c784}, {0xc62828, 0xff7b72}, {0x1565c0, 0x6cb6ff}, {0xa04000, 0xffb74d}};

QColor pick(PairIndex index)
{
    return QColor::fromRgb(darkBase() ? kPairs[index].dark : kPairs[index].light);
}

// Which pair a widget's text colour came from, so a theme switch can pick the other member.
const char kPairProperty[] = "hookbenchStatusColourPair";

int pairOf(const QColor &colour)
{
    for (int i = 0; i < int(std::size(kPairs)); ++i) {
        if (colour.rgb() == QColor::fromRgb(kPairs[i].light).rgb()
            || colour.rgb() == QColor::fromRgb(kPairs[i].dark).rgb())
            return i;
    }
    return -1;
}

} // namespace

QColor StatusColours::good()
{
    return pick(Good);
}

QColor StatusColours::bad()
{
    return pick(Bad);
}

QColor StatusColours::forStatus(int status)
{
    if (status >= 200 && status < 300)
        return good();
    if (status >= 300 && status < 400)
        return pick(Redirect);
    if (status >= 400 && status < 500)
        return pick(ClientError);
    return bad();
}

void StatusColours::setTextColour(QWidget *widget, const QColor &colour)
{
    // Remembered on the widget (-1: the application's text colour), so followPalette() can
    // set it again for another theme. (Setting a palette without the role does not help: the
    // widget's palette resolves against an application palette that sets every role.)
    const int pair = colour.isValid() ? pairOf(colour) : -1;
    widget->setProperty(kPairProperty, colour.isValid() && pair < 0 ? QVariant() : QVariant(pair));
    QPalette palette = widget->palette();
    palette.setColor(QPalette::WindowText,
                     colour.isValid() ? colour : QApplication::palette().color(QPalette::WindowText));
    widget->setPalette(palette);
}

void StatusColours::followPalette()
{
    const QWidgetList widgets = QApplication::allWidgets();
    for (QWidget *widget : widgets) {
        const QVariant pair = widget->property(kPairProperty);
        if (pair.isValid())
            setTextColour(widget, pair.toInt() < 0 ? QColor() : pick(PairIndex(pair.toInt())));
    }
}
