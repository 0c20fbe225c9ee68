#pragma once

#include <QColor>

class QWidget;

// The colours that say how something went, the same in every view: an HTTP status by
// its class (the Send area's answer, History, the Receive table and inspector), and
// good or bad for verdicts, signatures and the listener's state.
namespace StatusColours {
QColor good();
QColor bad();
QColor forStatus(int status); // 2xx good, 3xx blue, 4xx orange, anything else (5xx, none) bad
// Sets a label's text colour; an invalid colour restores the application's.
void setTextColour(QWidget *widget, const QColor &colour);
// After the application's palette changed (a theme switch): every widget coloured above with
// one of these colours gets that colour's member for the new palette.
void followPalette();
} // namespace StatusColours
