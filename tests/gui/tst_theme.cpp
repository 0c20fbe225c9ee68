// Light and dark: the palette each mode gives, System read from the desktop's palette, and
// every colour we draw ourselves (status colours, JSON highlighting) readable on both.
#include "core/app/appsettings.h"
#include "gui/widgets/jsoneditor.h"
#include "gui/widgets/statuscolours.h"
#include "gui/widgets/theme.h"
#include "support/testsupport.h"

#include <QApplication>
#include <QLabel>
#include <QStyle>
#include <QTest>
#include <QTextBlock>
#include <QTextLayout>

class TestTheme : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { TestSupport::isolateUserData(); }

    void systemFollowsTheDesktopsPalette()
    {
        qunsetenv("GTK_THEME");
        QCOMPARE(Theme::resolve(Theme::Mode::System, Theme::palette(Theme::Mode::Dark)), Theme::Mode::Dark);
        QCOMPARE(Theme::resolve(Theme::Mode::System, Theme::palette(Theme::Mode::Light)), Theme::Mode::Light);
        // An explicit choice wins over the desktop.
        QCOMPARE(Theme::resolve(Theme::Mode::Light, Theme::palette(Theme::Mode::Dark)), Theme::Mode::Light);
        QCOMPARE(Theme::resolve(Theme::Mode::Dark, Theme::palette(Theme::Mode::Light)), Theme::Mode::Dark);
        // GTK's own way of asking for dark, where the platform theme gives a light palette.
        qputenv("GTK_THEME", "Adwaita:dark");
        QCOMPARE(Theme::resolve(Theme::Mode::System, Theme::palette(Theme::Mode::Light)), Theme::Mode::Dark);
        qunsetenv("GTK_THEME");
        for (const Theme::Mode mode : {Theme::Mode::System, Theme::Mode::Light, Theme::Mode::Dark})
            QCOMPARE(Theme::fromName(Theme::name(mode)), mode);
        QCOMPARE(Theme::fromName(QStringLiteral("nonsense")), Theme::Mode::System);
        QCOMPARE(AppSettings().theme(), QStringLiteral("system"));
    }

    void readableInBoth_data()
    {
        QTest::addColumn<Theme::Mode>("mode");
        QTest::newRow("light") << Theme::Mode::Light;
        QTest::newRow("dark") << Theme::Mode::Dark;
    }

    void readableInBoth()
    {
        QFETCH(Theme::Mode, mode);
        Theme::apply(mode);
        QCOMPARE(QApplication::style()->name(), QStringLiteral("fusion"));
        const QPalette palette = QApplication::palette();
        QCOMPARE(Theme::isDark(palette), mode == Theme::Mode::Dark);
        const QColor base = palette.color(QPalette::Base);
        const QColor window = palette.color(QPalette::Window);
        QVERIFY(Theme::contrast(palette.color(QPalette::Text), base) >= 7);
        QVERIFY(Theme::contrast(palette.color(QPalette::WindowText), window) >= 7);
        QVERIFY(Theme::contrast(palette.color(QPalette::HighlightedText), palette.color(QPalette::Highlight)) >= 4.5);

        // Status colours are text on tables (Base) and labels (Window).
        for (const int status : {200, 301, 404, 500, 0}) {
            const QColor colour = StatusColours::forStatus(status);
            QVERIFY2(Theme::contrast(colour, base) >= 4.5 && Theme::contrast(colour, window) >= 4.5,
                     qPrintable(QStringLiteral("%1: %2 on %3 is %4")
                                    .arg(status)
                                    .arg(colour.name(), base.name())
                                    .arg(Theme::contrast(colour, base))));
        }

        // Every token the highlighter colours, on the editor's base.
        JsonEditor editor;
        editor.setPlainText(QStringLiteral("{\"key\": \"text\", \"n\": 12.5, \"t\": true, \"v\": \"{{$uuid}}\"}"));
        QTest::qWait(0);
        const QTextBlock block = editor.document()->firstBlock();
        const QList<QTextLayout::FormatRange> formats = block.layout()->formats();
        QVERIFY(formats.size() >= 5);
        const QColor editorBase = editor.palette().color(QPalette::Base);
        for (const QTextLayout::FormatRange &range : formats) {
            const QColor colour = range.format.foreground().color();
            QVERIFY2(Theme::contrast(colour, editorBase) >= 4.5,
                     qPrintable(QStringLiteral("\"%1\": %2 on %3 is %4")
                                    .arg(block.text().mid(range.start, range.length), colour.name(), editorBase.name())
                                    .arg(Theme::contrast(colour, editorBase))));
        }
    }

    // Switching theme while the window is open: coloured labels take the new theme's member
    // of their colour, and a label set back to the default follows the new text colour.
    void aSwitchRecoloursLabels()
    {
        Theme::apply(Theme::Mode::Light);
        QWidget window;
        auto &verdict = *new QLabel(QStringLiteral("Rejected"), &window);
        auto &plain = *new QLabel(QStringLiteral("Listening"), &window);
        auto &untouched = *new QLabel(QStringLiteral("Port"), &window);
        StatusColours::setTextColour(&verdict, StatusColours::bad());
        StatusColours::setTextColour(&plain, StatusColours::good());
        StatusColours::setTextColour(&plain, QColor());
        const QColor lightBad = verdict.palette().color(QPalette::WindowText);

        Theme::apply(Theme::Mode::Dark);
        QCoreApplication::processEvents(); // Qt hands the palette down to child widgets in posted events
        QCOMPARE(verdict.palette().color(QPalette::WindowText), StatusColours::bad());
        QVERIFY(verdict.palette().color(QPalette::WindowText) != lightBad);
        QCOMPARE(plain.palette().color(QPalette::WindowText), QApplication::palette().color(QPalette::WindowText));
        QCOMPARE(untouched.palette().color(QPalette::WindowText), QApplication::palette().color(QPalette::WindowText));

        Theme::apply(Theme::Mode::Light);
        QCoreApplication::processEvents();
        QCOMPARE(verdict.palette().color(QPalette::WindowText), lightBad);
        QCOMPARE(plain.palette().color(QPalette::WindowText), QApplication::palette().color(QPalette::WindowText));
    }
};

QTEST_MAIN(TestTheme)
#include "tst_theme.moc"
