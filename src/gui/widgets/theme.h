#pragma once

#include <QPalette>
#include <QString>

// Light and dark, on the Fusion style with a palette of ours, so both look the same on every
// desktop. System follows the desktop: Qt 6.4 has no QStyleHints::colorScheme (6.5), so the
// desktop's choice is read from the palette its platform theme gave the application (a dark
// window colour) or from GTK_THEME ("Adwaita:dark"), as GTK itself reads it. Colours drawn
// by our own widgets (StatusColours, JsonHighlighter) derive from the palette in use.
namespace Theme {

enum class Mode { System, Light, Dark };

QString name(Mode mode); // "system", "light", "dark": what AppSettings keeps
Mode fromName(const QString &name);
// Light or Dark: what `mode` means with a desktop whose palette is `system`.
Mode resolve(Mode mode, const QPalette &system);
// Fusion and the palette for `mode`; the first call remembers the desktop's palette.
void apply(Mode mode);
QPalette palette(Mode resolved); // Light or Dark
bool isDark(const QPalette &palette);
// WCAG 2 contrast ratio of two colours (1 to 21); text wants 4.5 at least.
double contrast(const QColor &a, const QColor &b);

} // namespace Theme
