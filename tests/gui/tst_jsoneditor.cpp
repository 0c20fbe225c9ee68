#include "core/json/jsontools.h"
#include "gui/widgets/jsoneditor.h"
#include "gui/widgets/jsonhighlighter.h"
#include "gui/widgets/textloader.h"
#include "support/highlighttestsupport.h"
#include "support/testsupport.h"

#include <QAction>
#include <QApplication>
#include <QSignalSpy>
#include <QTest>
#include <QTextBlock>
#include <QTimer>

// The payload editor as a user meets it: the error is underlined where it is, the
// message says what is wrong, Format/Minify keep the payload's spelling, and a
// 10 MB document neither hangs the window nor loses its error marker.
class TestJsonEditor : public QObject
{
    Q_OBJECT

    // The extra selection that marks the validation error, if any.
    static std::optional<QTextEdit::ExtraSelection> errorMarker(const JsonEditor &editor)
    {
        for (const QTextEdit::ExtraSelection &selection : editor.extraSelections()) {
            if (selection.format.property(QTextFormat::UserProperty).toString() == QLatin1String("jsonError"))
                return selection;
        }
        return std::nullopt;
    }

private Q_SLOTS:
    void initTestCase() { TestSupport::isolateUserData(); }

    void errorMarkerAtTheRightPlace_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("message");
        QTest::addColumn<int>("markedLine");   // where the squiggle is (1-based)
        QTest::addColumn<int>("markedColumn"); // differs from column only at a line end

        QTest::newRow("missing comma") << QStringLiteral("{\n  \"a\": 1\n  \"b\": 2\n}") << 3 << 3
                                       << QStringLiteral("missing comma") << 3 << 3;
        QTest::newRow("trailing comma") << QStringLiteral("{\n  \"a\": [1, 2,]\n}") << 2 << 13
                                        << QStringLiteral("trailing comma") << 2 << 13;
        QTest::newRow("unquoted key") << QStringLiteral("{\n  \"ok\": true,\n  name: \"x\"\n}") << 3 << 3
                                      << QStringLiteral("object keys must be strings in double quotes") << 3 << 3;
        // The string runs into the line end: the squiggle sits on the last character of the line.
        QTest::newRow("unterminated string")
            << QStringLiteral("{\n  \"a\": \"abc\n}") << 2 << 12
            << QStringLiteral("unterminated string (missing closing quote)") << 2 << 11;
        QTest::newRow("non-ASCII before the error") << QStringLiteral("{\"naïve 😀\": tru}") << 1 << 13
                                                    << QStringLiteral("invalid literal 'tru' (expected true, false or "
                                                                      "null; strings need double quotes)")
                                                    << 1 << 13;
    }

    void errorMarkerAtTheRightPlace()
    {
        QFETCH(QString, text);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(QString, message);
        QFETCH(int, markedLine);
        QFETCH(int, markedColumn);

        JsonEditor editor;
        editor.resize(600, 400);
        editor.show();
        QSignalSpy validated(&editor, &JsonEditor::validated);
        editor.setPlainText(text);
        QTRY_VERIFY(!validated.isEmpty());
        QTRY_VERIFY(!editor.isValidationPending());

        const JsonError error = editor.currentError();
        QVERIFY(error.isError());
        QCOMPARE(error.message, message);
        QCOMPARE(error.line, line);
        QCOMPARE(error.column, column);
        QCOMPARE(validated.constLast().at(0).value<JsonError>().toString(), error.toString());

        const auto marker = errorMarker(editor);
        QVERIFY(marker.has_value());
        QCOMPARE(marker->format.underlineStyle(), QTextCharFormat::WaveUnderline);
        QCOMPARE(marker->format.toolTip(), error.toString());
        QTextCursor at = marker->cursor;
        at.setPosition(marker->cursor.selectionStart());
        QCOMPARE(at.blockNumber() + 1, markedLine);
        // A column counts characters; in the document '😀' is two UTF-16 units.
        const QString lineText = at.block().text().left(at.positionInBlock());
        QCOMPARE(int(lineText.toUcs4().size()) + 1, markedColumn);
        QVERIFY(marker->cursor.selectionEnd() > marker->cursor.selectionStart());
    }

    void fixingTheErrorRemovesTheMarker()
    {
        JsonEditor editor;
        editor.show();
        editor.setPlainText(QStringLiteral("[1 2]"));
        QTRY_VERIFY(editor.currentError().isError());
        QVERIFY(errorMarker(editor));

        // Type the missing comma where the user would.
        QTextCursor cursor(editor.document());
        cursor.setPosition(2);
        editor.setTextCursor(cursor);
        QTest::keyClick(&editor, Qt::Key_Comma);
        QCOMPARE(editor.toPlainText(), QStringLiteral("[1, 2]"));
        QTRY_VERIFY(!editor.isValidationPending());
        QVERIFY(!editor.currentError().isError());
        QVERIFY(!errorMarker(editor));
    }

    void placeholdersAreValidWhereAValueStands()
    {
        JsonEditor editor;
        editor.setPlainText(QStringLiteral("{\"n\": {{$randomInt}}, \"id\": \"{{$uuid}}\", \"u\": {{user}}}"));
        QTRY_VERIFY(!editor.isValidationPending());
        QVERIFY2(!editor.currentError().isError(), qPrintable(editor.currentError().toString()));
    }

    void emptyDocumentIsNotAnError()
    {
        JsonEditor editor;
        editor.setPlainText(QStringLiteral("{}"));
        QTRY_VERIFY(!editor.isValidationPending());
        editor.setPlainText(QStringLiteral("  \n"));
        editor.validateNow();
        QTRY_VERIFY(!editor.isValidationPending());
        QVERIFY(!editor.currentError().isError());
    }

    void textModeDoesNotValidate()
    {
        JsonEditor editor;
        editor.setPlainText(QStringLiteral("{oops"));
        QTRY_VERIFY(editor.currentError().isError());
        editor.setJsonMode(false);
        QVERIFY(!editor.currentError().isError());
        QVERIFY(!errorMarker(editor));
        QVERIFY(!editor.formatAction()->isEnabled());
        editor.setPlainText(QStringLiteral("<xml>not json</xml>"));
        QTest::qWait(JsonEditor::kValidationDelayMs * 2);
        QVERIFY(!editor.currentError().isError());
    }

    void formatAndMinifyKeepThePayloadsSpelling()
    {
        JsonEditor editor;
        const QString original = QStringLiteral("{\"z\":1.50,\"a\":[1e3,true],\"z\":\"dup\",\"t\":{{$timestamp}}}");
        editor.setPlainText(original);
        editor.formatAction()->trigger();
        QCOMPARE(editor.toPlainText(),
                 QStringLiteral("{\n  \"z\": 1.50,\n  \"a\": [\n    1e3,\n    true\n  ],\n"
                                "  \"z\": \"dup\",\n  \"t\": {{$timestamp}}\n}"));
        editor.minifyAction()->trigger();
        QCOMPARE(editor.toPlainText(), original);
        // Each action is one undo step.
        editor.undo();
        QVERIFY(editor.toPlainText().startsWith(QLatin1String("{\n  \"z\": 1.50")));
        editor.undo();
        QCOMPARE(editor.toPlainText(), original);
    }

    void formatRefusesBrokenJson()
    {
        JsonEditor editor;
        QSignalSpy failed(&editor, &JsonEditor::actionFailed);
        editor.setPlainText(QStringLiteral("{\"a\": 1,}"));
        editor.formatDocument();
        QCOMPARE(editor.toPlainText(), QStringLiteral("{\"a\": 1,}"));
        QCOMPARE(failed.size(), 1);
        QCOMPARE(failed.constFirst().constFirst().toString(),
                 QStringLiteral("Cannot format: line 1, column 8: trailing comma"));
    }

    void formatShortcut()
    {
        JsonEditor editor;
        editor.show();
        editor.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&editor));
        editor.setPlainText(QStringLiteral("[1,2]"));
        QTest::keyClick(&editor, Qt::Key_F, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(editor.toPlainText(), QStringLiteral("[\n  1,\n  2\n]"));
    }

    void enterKeepsIndentation()
    {
        JsonEditor editor;
        editor.show();
        editor.setPlainText(QStringLiteral("{}"));
        QTextCursor cursor(editor.document());
        cursor.setPosition(1);
        editor.setTextCursor(cursor);
        QTest::keyClick(&editor, Qt::Key_Return);
        QCOMPARE(editor.toPlainText(), QStringLiteral("{\n  \n}"));
        QTest::keyClicks(&editor, QStringLiteral("\"a\": 1"));
        QCOMPARE(editor.toPlainText(), QStringLiteral("{\n  \"a\": 1\n}"));
    }

    void bracketMatching_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("cursor");
        QTest::addColumn<int>("match"); // -1: no match marked
        QTest::newRow("after opening brace") << QStringLiteral("{\"a\": [1, 2]}") << 1 << 12;
        QTest::newRow("before closing bracket") << QStringLiteral("{\"a\": [1, 2]}") << 11 << 6;
        QTest::newRow("across lines") << QStringLiteral("[\n  {\n    \"x\": 1\n  }\n]") << 0 << 21;
        QTest::newRow("ignores brackets in strings") << QStringLiteral("[\"]\", \"[\"]") << 0 << 9;
        QTest::newRow("unbalanced") << QStringLiteral("[1, 2") << 0 << -1;
    }

    void bracketMatching()
    {
        QFETCH(QString, text);
        QFETCH(int, cursor);
        QFETCH(int, match);
        JsonEditor editor;
        editor.show();
        editor.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&editor));
        editor.setFocus();
        editor.setPlainText(text);
        QTextCursor c(editor.document());
        c.setPosition(cursor);
        editor.setTextCursor(c);
        QList<int> marked;
        for (const QTextEdit::ExtraSelection &selection : editor.extraSelections()) {
            if (selection.cursor.hasSelection()
                && selection.format.property(QTextFormat::UserProperty).toString().isEmpty())
                marked.append(selection.cursor.selectionStart());
        }
        if (match < 0) {
            QCOMPARE(marked.size(), 1); // the lone bracket, in the "no match" colour
        } else {
            QCOMPARE(marked.size(), 2);
            QVERIFY(marked.contains(match));
        }
    }

    void highlightsTokensAndPlaceholders()
    {
        JsonEditor editor;
        editor.show();
        editor.setPlainText(QStringLiteral("{\"key\": \"value {{$uuid}}\", \"n\": -1.5, \"ok\": true}"));
        auto *highlighter = editor.findChild<JsonHighlighter *>();
        QVERIFY(highlighter);
        QTRY_VERIFY(!editor.document()->firstBlock().layout()->formats().isEmpty());
        const QTextBlock block = editor.document()->firstBlock();
        QVERIFY(TestSupport::hasFormatAt(block, 1, highlighter->keyFormat().foreground().color()));
        QVERIFY(TestSupport::hasFormatAt(block, 9, highlighter->stringFormat().foreground().color()));
        QVERIFY(TestSupport::hasFormatAt(block, 16, highlighter->placeholderFormat().foreground().color()));
        QVERIFY(TestSupport::hasFormatAt(block, 33, highlighter->numberFormat().foreground().color()));
        QVERIFY(TestSupport::hasFormatAt(block, 45, highlighter->literalFormat().foreground().color()));
        QVERIFY(TestSupport::hasFormatAt(block, 0, highlighter->punctuationFormat().foreground().color()));
    }

    // 10 MB: highlighting switches off, the window keeps processing events while the
    // worker validates, and the error near the end is still found and marked.
    void largeDocumentStaysResponsive()
    {
        QString big = QStringLiteral("[\n");
        const QString item = QStringLiteral("  {\"id\": \"evt_000000\", \"amount\": 2000, \"tags\": [\"a\", \"b\"], "
                                            "\"note\": \"Zoë's order\", \"paid\": true},\n");
        const int items = int((10 * 1024 * 1024) / item.size()) + 1;
        big.reserve(items * item.size() + 16);
        for (int i = 0; i < items; ++i)
            big += item;
        big += QStringLiteral("  {\"last\": 1 \"oops\": 2}\n]");
        const int errorLine = items + 2;

        JsonEditor editor;
        editor.resize(800, 600);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        QSignalSpy highlighting(&editor, &JsonEditor::highlightingChanged);
        editor.setPlainText(big);
        QVERIFY(!editor.isHighlighting());
        QCOMPARE(highlighting.size(), 1);
        QCOMPARE(highlighting.constFirst().constFirst().toBool(), false);

        // The validation runs on the worker: timers on this thread keep firing meanwhile.
        int ticks = 0;
        QTimer ticker;
        connect(&ticker, &QTimer::timeout, this, [&ticks] { ++ticks; });
        ticker.start(0);
        editor.validateNow();
        QTRY_VERIFY_WITH_TIMEOUT(!editor.isValidationPending(), 60000);
        ticker.stop();
        QVERIFY(ticks > 0);
        QCOMPARE(editor.currentError().line, errorLine);
        QCOMPARE(editor.currentError().column, 14);
        QCOMPARE(editor.currentError().message, QStringLiteral("missing comma"));
        const auto marker = errorMarker(editor);
        QVERIFY(marker);
        QCOMPARE(marker->cursor.block().blockNumber() + 1, errorLine);

        // Still editable; a click next to a bracket does not scan the whole document.
        editor.moveCursor(QTextCursor::Start);
        QTest::keyClick(&editor, Qt::Key_Space);
        QVERIFY(editor.toPlainText().startsWith(QLatin1String(" [")));

        // Back under the limit, highlighting returns.
        editor.setPlainText(QStringLiteral("{\"small\": true}"));
        QVERIFY(editor.isHighlighting());
        QCOMPARE(highlighting.constLast().constFirst().toBool(), true);
    }

    // A large document (indented lines, non-ASCII, a 300 000-character line, a {{placeholder}})
    // goes in a slice at a time: text() is the whole of it from the first moment (what a Send
    // meanwhile would take), the editor is read-only until it is all in, and then the document
    // holds exactly what was loaded, with no Undo back into a half-loaded state.
    void largeTextLoadsCompletelyInSlices()
    {
        QString big = QStringLiteral("{\n  \"first\": \"{{$uuid}}\",\n  \"items\": [\n");
        for (int i = 0; big.size() < 3 * 1024 * 1024; ++i)
            big += QStringLiteral("    {\"id\": %1, \"name\": \"Zoë ✓ 日本 %1\", \"tags\": [\"a\", \"b\"]},\n").arg(i);
        big += QStringLiteral("    \"") + QString(300000, QLatin1Char('x')) + QStringLiteral("\"\n  ]\n}");
        QVERIFY(big.size() > JsonEditor::kHighlightLimit);

        JsonEditor editor;
        editor.resize(800, 600);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        editor.setPlainText(QStringLiteral("{\"before\": 1}"));
        QSignalSpy changes(&editor, &QPlainTextEdit::textChanged);
        editor.setText(big);
        QVERIFY(editor.isLoading());
        QVERIFY(editor.isReadOnly());
        QVERIFY(!editor.isHighlighting()); // off before the first slice, not after the last
        QVERIFY(editor.toPlainText().size() < big.size());
        QCOMPARE(editor.text(), big);
        QTRY_VERIFY_WITH_TIMEOUT(!editor.isLoading(), 60000);
        QVERIFY(changes.size() > 1);       // it went in over several passes of the event loop
        QVERIFY(editor.hasWrappedLines()); // the 300 000-character line is shown in rows
        QCOMPARE(editor.text(), big);
        QCOMPARE(editor.textCursor().position(), 0);
        QVERIFY(!editor.isReadOnly());
        QVERIFY(!editor.document()->isUndoAvailable());
        QTRY_VERIFY_WITH_TIMEOUT(!editor.isValidationPending(), 60000);
        QVERIFY(!editor.currentError().isError());

        // Typing works again and text() follows it.
        QTest::keyClick(&editor, Qt::Key_Space);
        QCOMPARE(editor.text(), QStringLiteral(" ") + big);

        // A new text while a load runs replaces it; small texts go in at once.
        editor.setText(big);
        QVERIFY(editor.isLoading());
        editor.setText(QStringLiteral("{\"small\": true}"));
        QVERIFY(!editor.isLoading());
        QVERIFY(!editor.isReadOnly());
        QCOMPARE(editor.toPlainText(), QStringLiteral("{\"small\": true}"));
        QVERIFY(editor.isHighlighting());
        QTest::qWait(50); // a pass of the old load, had one stayed queued, would add to it
        QCOMPARE(editor.toPlainText(), QStringLiteral("{\"small\": true}"));
    }

    // text() keeps a copy of the text that follows each edit: after typing, deleting, new
    // lines, a paste, Undo and Redo it is still exactly what the document holds.
    void textFollowsEveryEdit()
    {
        JsonEditor editor;
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        editor.setText(QStringLiteral("{\n  \"a\": [1, 2],\n  \"b\": \"Zoë\"\n}"));
        QCOMPARE(editor.text(), editor.toPlainText());
        editor.setFocus();
        editor.moveCursor(QTextCursor::End);
        editor.moveCursor(QTextCursor::PreviousBlock);
        editor.moveCursor(QTextCursor::EndOfBlock);
        QTest::keyClicks(&editor, QStringLiteral(",  x"));
        QCOMPARE(editor.text(), editor.toPlainText());
        QTest::keyClick(&editor, Qt::Key_Backspace);
        QTest::keyClick(&editor, Qt::Key_Return);
        QCOMPARE(editor.text(), editor.toPlainText());
        editor.insertPlainText(QStringLiteral("\"p\": \"pasted\u00a0text\nover\u2029lines\""));
        QCOMPARE(editor.text(), editor.toPlainText());
        editor.moveCursor(QTextCursor::Start);
        editor.moveCursor(QTextCursor::End, QTextCursor::KeepAnchor);
        QTest::keyClick(&editor, Qt::Key_Delete);
        QCOMPARE(editor.text(), QString());
        for (int i = 0; i < 4; ++i) {
            editor.undo();
            QCOMPARE(editor.text(), editor.toPlainText());
        }
        editor.redo();
        QCOMPARE(editor.text(), editor.toPlainText());
    }

    // Format and Minify of a large document run on the validator's thread; the result is the
    // same bytes as core's formatter, goes in a slice at a time, and one Undo brings the
    // original back. A document edited while it is being formatted is left alone.
    void largeFormatMatchesCoreAndUndoes()
    {
        QByteArray minified = "[";
        for (int i = 0; minified.size() < 2 * 1024 * 1024; ++i)
            minified += (i ? "," : "") + QByteArray("{\"id\":\"evt_") + QByteArray::number(i, 16)
                + "\",\"amount\":1.50,\"u\":{{user}},\"note\":\"Zoë\\n\"}";
        minified += ']';
        const QString original = QString::fromUtf8(minified);
        QVERIFY(original.size() > TextLoader::kDirectLimit);
        const QString expected = QString::fromUtf8(
            JsonTools::format(minified, 2, nullptr, JsonTools::Syntax::AllowPlaceholders));
        QVERIFY(!expected.isEmpty());

        JsonEditor editor;
        editor.resize(800, 600);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        editor.setText(original);
        QTRY_VERIFY_WITH_TIMEOUT(!editor.isLoading(), 60000);

        editor.formatDocument();
        QVERIFY(editor.isReformatting());
        QTRY_VERIFY_WITH_TIMEOUT(!editor.isReformatting() && !editor.isLoading(), 60000);
        QCOMPARE(editor.toPlainText(), expected);
        QCOMPARE(editor.text(), expected);
        QVERIFY(!editor.isReadOnly());

        // Undo and Redo load the other text a slice at a time too; the one-line original is
        // shown in rows, so the comparisons are of text().
        editor.undo();
        QTRY_VERIFY_WITH_TIMEOUT(!editor.isLoading(), 60000);
        QCOMPARE(editor.text(), original);
        editor.redo();
        QTRY_VERIFY_WITH_TIMEOUT(!editor.isLoading(), 60000);
        QCOMPARE(editor.toPlainText(), expected);

        editor.minifyDocument();
        QTRY_VERIFY_WITH_TIMEOUT(!editor.isReformatting() && !editor.isLoading(), 60000);
        QCOMPARE(editor.text().toUtf8(),
                 JsonTools::minify(expected.toUtf8(), nullptr, JsonTools::Syntax::AllowPlaceholders));

        // Typed into while formatting: the user's text wins and the reason is said.
        QSignalSpy failed(&editor, &JsonEditor::actionFailed);
        editor.formatDocument();
        QVERIFY(editor.isReformatting());
        editor.moveCursor(QTextCursor::Start);
        QTest::keyClick(&editor, Qt::Key_Space);
        QTRY_VERIFY_WITH_TIMEOUT(!editor.isReformatting(), 60000);
        QVERIFY(!editor.isLoading());
        QCOMPARE(failed.size(), 1);
        QVERIFY(editor.toPlainText().startsWith(QLatin1String(" [{")));
    }

    // A large response shown indented: formatted off the GUI thread, the raw text when it is
    // not JSON.
    void largeJsonShownIndented()
    {
        QByteArray json = "{\"list\":[";
        for (int i = 0; json.size() < 1024 * 1024; ++i)
            json += (i ? "," : "") + QByteArray::number(i);
        json += "]}";
        JsonEditor editor;
        editor.setReadOnly(true);
        editor.setJsonText(json);
        QTRY_VERIFY_WITH_TIMEOUT(!editor.isReformatting() && !editor.isLoading(), 60000);
        QCOMPARE(editor.toPlainText(), QString::fromUtf8(JsonTools::format(json)));
        QVERIFY(editor.isReadOnly());

        const QByteArray broken = json.chopped(1);
        editor.setJsonText(broken);
        QTRY_VERIFY_WITH_TIMEOUT(!editor.isReformatting() && !editor.isLoading(), 60000);
        QCOMPARE(editor.text(), QString::fromUtf8(broken)); // one 1 MB line: shown in rows
    }

    // Many edits in a row: only the last text's result counts, never a stale one.
    void staleResultsAreDropped()
    {
        JsonEditor editor;
        QSignalSpy validated(&editor, &JsonEditor::validated);
        for (int i = 0; i < 20; ++i) {
            editor.setPlainText(i % 2 ? QStringLiteral("[1,]") : QStringLiteral("[%1]").arg(i));
            editor.validateNow();
        }
        editor.setPlainText(QStringLiteral("{\"final\": }"));
        editor.validateNow();
        QTRY_VERIFY(!editor.isValidationPending());
        QTest::qWait(50); // let any late answers arrive; they must be ignored
        QCOMPARE(editor.currentError().message, QStringLiteral("missing value"));
        QCOMPARE(validated.constLast().at(0).value<JsonError>().message, QStringLiteral("missing value"));
    }
};

QTEST_MAIN(TestJsonEditor)
#include "tst_jsoneditor.moc"
