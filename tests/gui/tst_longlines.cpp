#include "core/json/jsontools.h"
#include "gui/send/composerwidget.h"
#include "gui/widgets/jsoneditor.h"
#include "gui/widgets/jsonhighlighter.h"
#include "gui/widgets/longlines.h"
#include "gui/widgets/softbreakdocument.h"
#include "gui/widgets/textloader.h"
#include "support/highlighttestsupport.h"
#include "support/testsupport.h"

#include <QApplication>
#include <QClipboard>
#include <QLabel>
#include <QLocale>
#include <QTest>
#include <QTextBlock>

// A line longer than LongLines::kLimit is shown in rows (Qt lays out a whole line at once, so
// one 10 MB line froze the window): the text that leaves the editor is still exactly the real
// text, positions and line:column are real ones, editing across a row's edge does what it does
// in a wrapping editor, and Undo of a large Format puts the old text back a slice at a time.
class TestLongLines : public QObject
{
    Q_OBJECT

    // A one-line JSON document of about `size` characters, with é and an emoji in every item.
    static QString oneLine(qsizetype size)
    {
        QString text = QStringLiteral("[");
        for (int i = 0; text.size() < size; ++i)
            text += (i ? QStringLiteral(",") : QString())
                + QStringLiteral("{\"id\":%1,\"name\":\"Zoë 😀 %1\",\"tags\":[\"a\",\"b\"]}").arg(i);
        return text + QLatin1Char(']');
    }

    // Every row is a real line's first row or follows one; no row splits a surrogate pair; the
    // document's text with the soft breaks taken out is text().
    static void verifyRows(const JsonEditor &editor)
    {
        QList<int> breaks;
        for (QTextBlock block = editor.document()->begin(); block.isValid(); block = block.next()) {
            if (SoftBreakDocument::isContinuation(block)) {
                QVERIFY2(block.blockNumber() > 0, "the first block cannot continue a line");
                breaks.append(block.position());
                QVERIFY(!block.text().isEmpty() ? !block.text().front().isLowSurrogate() : true);
            }
        }
        QCOMPARE(LongLines::join(editor.document()->toPlainText(), breaks), editor.text());
    }

    static void waitIdle(const JsonEditor &editor)
    {
        QTRY_VERIFY_WITH_TIMEOUT(!editor.isLoading() && !editor.isReformatting(), 60000);
    }

private Q_SLOTS:
    void initTestCase() { TestSupport::isolateUserData(); }

    // Where rows are cut.
    void cuts_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qsizetype>("column");
        QTest::addColumn<qsizetype>("row");
        QTest::addColumn<QList<qsizetype>>("expected");
        const QString xs(10000, QLatin1Char('x'));
        QTest::newRow("short") << QStringLiteral("[1, 2]") << qsizetype(0) << qsizetype(4096) << QList<qsizetype>{};
        QTest::newRow("exactly the limit")
            << QString(4096, QLatin1Char('x')) << qsizetype(0) << qsizetype(4096) << QList<qsizetype>{};
        QTest::newRow("at the limit, nothing better")
            << xs << qsizetype(0) << qsizetype(4096) << QList<qsizetype>{4096, 8192};
        QTest::newRow("the row already has text")
            << xs.left(300) << qsizetype(4000) << qsizetype(4096) << QList<qsizetype>{96};
        QTest::newRow("the row is full") << xs.left(10) << qsizetype(4096) << qsizetype(4096) << QList<qsizetype>{0};
        QTest::newRow("after a comma") << QString(xs.left(4000) + QLatin1Char(',') + xs.left(200)) << qsizetype(0)
                                       << qsizetype(4096) << QList<qsizetype>{4001};
        QTest::newRow("before a brace") << QString(xs.left(3900) + QLatin1Char('{') + xs.left(300)) << qsizetype(0)
                                        << qsizetype(4096) << QList<qsizetype>{3900};
        QTest::newRow("comma too far back") << QString(xs.left(3000) + QLatin1Char(',') + xs.left(2000)) << qsizetype(0)
                                            << qsizetype(4096) << QList<qsizetype>{4096};
        QTest::newRow("never in a surrogate pair") << QString(xs.left(4095) + QStringLiteral("😀") + xs.left(100))
                                                   << qsizetype(0) << qsizetype(4096) << QList<qsizetype>{4095};
        QTest::newRow("a pair first in a nearly full row")
            << QString(QStringLiteral("😀") + xs.left(5000)) << qsizetype(4095) << qsizetype(4096)
            << QList<qsizetype>{0, 4096};
        QTest::newRow("lines on their own") << QString(xs.left(5000) + QLatin1Char('\n') + xs.left(5000))
                                            << qsizetype(0) << qsizetype(4096) << QList<qsizetype>{4096, 5001 + 4096};
        QTest::newRow("column counts on the first line only")
            << QString(xs.left(100) + QLatin1Char('\n') + xs.left(100)) << qsizetype(4090) << qsizetype(4096)
            << QList<qsizetype>{6};
        // A line over the limit goes in rows shorter than it; one under it is left whole.
        QTest::newRow("rows of 1024") << xs.left(5000) << qsizetype(0) << qsizetype(1024)
                                      << QList<qsizetype>{1024, 2048, 3072, 4096};
        QTest::newRow("under the limit, whole")
            << xs.left(4000) << qsizetype(0) << qsizetype(1024) << QList<qsizetype>{};
        QTest::newRow("over the limit with the row's text")
            << xs.left(1000) << qsizetype(3500) << qsizetype(1024) << QList<qsizetype>{0};
    }

    void cuts()
    {
        QFETCH(QString, text);
        QFETCH(qsizetype, column);
        QFETCH(qsizetype, row);
        QFETCH(QList<qsizetype>, expected);
        QCOMPARE(LongLines::softBreaks(text, column, false, 4096, row), expected);
        // In a row of a line already cut, the first line is cut into rows whatever its length.
        if (row == 1024 && column == 0 && !text.contains(QLatin1Char('\n'))) {
            const QList<qsizetype> inRow{524, 1548};
            QCOMPARE(LongLines::softBreaks(text.left(2000), 500, true, 4096, row), inRow);
        }
    }

    // Document positions and real offsets: rows start at 5 and 10 (separators at 4 and 9).
    void mapping()
    {
        const QList<int> breaks{5, 10};
        const QString document = QStringLiteral("abcd\nefgh\nij\nkl");
        const QString real = LongLines::join(document, breaks);
        QCOMPARE(real, QStringLiteral("abcdefghij\nkl"));
        QCOMPARE(LongLines::toReal(0, breaks), 0);
        QCOMPARE(LongLines::toReal(4, breaks), 4); // end of the first row
        QCOMPARE(LongLines::toReal(5, breaks), 4); // start of the second: the same place
        QCOMPARE(LongLines::toReal(9, breaks), 8);
        QCOMPARE(LongLines::toReal(10, breaks), 8);
        QCOMPARE(LongLines::toReal(11, breaks), 9);
        QCOMPARE(LongLines::toReal(15, breaks), 13);
        for (qsizetype offset = 0; offset <= real.size(); ++offset) {
            const qsizetype position = LongLines::toDocument(offset, breaks);
            QCOMPARE(LongLines::toReal(position, breaks), offset);
            if (offset < real.size())
                QCOMPARE(document.at(position), real.at(offset));
        }
        QCOMPARE(LongLines::toDocument(4, breaks), 5); // at a soft break: the continuation row
        QCOMPARE(LongLines::join(QStringView(document).sliced(3, 8), breaks, 3), QStringLiteral("defghi"));
    }

    // 1 MB on one line, é and emoji in it: shown in rows, and every way the text leaves the
    // editor gives it back byte for byte.
    void oneMegabyteLineRoundTrips()
    {
        const QString original = oneLine(1024 * 1024);
        JsonEditor editor;
        editor.resize(800, 600);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        editor.setText(original);
        waitIdle(editor);
        QVERIFY(editor.hasWrappedLines());
        QCOMPARE(editor.longestWrappedLine(), original.size());
        QVERIFY(editor.document()->blockCount() > original.size() / LongLines::kLimit);
        for (QTextBlock block = editor.document()->begin(); block.isValid(); block = block.next())
            QVERIFY2(block.length() - 1 <= LongLines::kRowLength,
                     qPrintable(QStringLiteral("block %1 of %2: %3 characters")
                                    .arg(block.blockNumber())
                                    .arg(editor.document()->blockCount())
                                    .arg(block.length() - 1)));
        QCOMPARE(editor.text().toUtf8(), original.toUtf8());
        verifyRows(editor);
        QCOMPARE(editor.lineLabel(editor.document()->firstBlock()), QStringLiteral("1"));
        QCOMPARE(editor.lineLabel(editor.document()->lastBlock()), QStringLiteral("↪"));

        // Not only the text kept from the load: the document's own, with the soft breaks joined.
        const auto *rows = editor.document()->findChild<SoftBreakDocument *>();
        QVERIFY(rows);
        QCOMPARE(rows->realText().toUtf8(), original.toUtf8());
        editor.moveCursor(QTextCursor::End);
        QTest::keyClick(&editor, Qt::Key_Backspace);
        QCOMPARE(editor.text(), original.chopped(1));
        editor.undo();
        QCOMPARE(editor.text().toUtf8(), original.toUtf8());
        QTRY_VERIFY_WITH_TIMEOUT(!editor.isValidationPending(), 60000);
        QVERIFY(!editor.currentError().isError());

        // setPlainText (all at once) cuts the same way.
        JsonEditor other;
        other.setPlainText(original);
        QCOMPARE(other.text(), original);
        QCOMPARE(other.document()->blockCount(), editor.document()->blockCount());
    }

    // Positions given out are real ones; line:column too, also on the line after a long one.
    void cursorAndLineColumn()
    {
        const QString longLine = QStringLiteral("{\"a\": \"") + QString(9000, QLatin1Char('x')) + QStringLiteral("\"}");
        JsonEditor editor;
        editor.setPlainText(longLine + QStringLiteral("\n[1]"));
        const qsizetype rows = (longLine.size() + LongLines::kRowLength - 1) / LongLines::kRowLength;
        QCOMPARE(editor.document()->blockCount(), rows + 1); // the rows of one line, and a line
        for (const qsizetype offset :
             {qsizetype(0), qsizetype(4095), qsizetype(4096), qsizetype(8000), longLine.size() - 1, longLine.size()}) {
            const int position = editor.documentPosition(offset);
            QCOMPARE(editor.textPosition(position), offset);
            const JsonEditor::LineColumn at = editor.lineColumnAt(position);
            QCOMPARE(at.line, 1);
            QCOMPARE(at.column, int(offset) + 1);
        }
        const int second = editor.documentPosition(longLine.size() + 2);
        QCOMPARE(editor.document()->characterAt(second), QLatin1Char('1'));
        QCOMPARE(editor.lineColumnAt(second).line, 2);
        QCOMPARE(editor.lineColumnAt(second).column, 2);
        QCOMPARE(editor.lineLabel(editor.document()->findBlock(second)), QStringLiteral("2"));
        QCOMPARE(editor.lineLabel(editor.document()->findBlockByNumber(1)), QStringLiteral("↪"));
    }

    // A JSON error on a long line: the message has the real line and column, the marker is on the
    // right character.
    void errorOnALongLine()
    {
        QString text = QStringLiteral("[\n[");
        for (int i = 0; i < 3000; ++i)
            text += QStringLiteral("1,");
        const qsizetype bad = text.size() + 2;
        text += QStringLiteral("1 2]\n]");
        JsonEditor editor;
        editor.resize(600, 400);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        editor.setPlainText(text);
        QVERIFY(editor.hasWrappedLines());
        editor.validateNow();
        QTRY_VERIFY(!editor.isValidationPending());
        QCOMPARE(editor.currentError().line, 2);
        QCOMPARE(editor.currentError().column, int(bad - 2) + 1);
        QTextEdit::ExtraSelection marker;
        for (const QTextEdit::ExtraSelection &selection : editor.extraSelections()) {
            if (selection.format.property(QTextFormat::UserProperty).toString() == QLatin1String("jsonError"))
                marker = selection;
        }
        QVERIFY(!marker.cursor.isNull());
        QCOMPARE(editor.textPosition(marker.cursor.selectionStart()), bad);
        QCOMPARE(editor.lineColumnAt(marker.cursor.selectionStart()).column, editor.currentError().column);
    }

    // Backspace, Delete, Enter and typing where one row ends and the next goes on.
    void editingAtASoftBreak()
    {
        const QString head = QStringLiteral("{\"x\": 1}\n");
        const QString line = QStringLiteral("\"") + QString(6000, QLatin1Char('a')) + QStringLiteral("\"");
        JsonEditor editor;
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        editor.setFocus();
        const int rows = int((line.size() + LongLines::kRowLength - 1) / LongLines::kRowLength);
        auto continuations = [&] {
            int count = 0;
            for (QTextBlock block = editor.document()->begin(); block.isValid(); block = block.next())
                count += SoftBreakDocument::isContinuation(block) ? 1 : 0;
            return count;
        };
        auto reset = [&] {
            editor.setPlainText(head + line);
            QCOMPARE(editor.document()->blockCount(), 1 + rows);
            QVERIFY(SoftBreakDocument::isContinuation(editor.document()->findBlockByNumber(2)));
        };
        auto toRowStart = [&] {
            QTextCursor cursor(editor.document()->findBlockByNumber(2));
            editor.setTextCursor(cursor);
            return editor.textPosition(cursor.position());
        };

        // Backspace at a continuation row's start deletes the real character before it.
        reset();
        qsizetype at = toRowStart();
        QTest::keyClick(&editor, Qt::Key_Backspace);
        QCOMPARE(editor.text(), QString(head + line).remove(at - 1, 1));
        verifyRows(editor);
        QVERIFY(!SoftBreakDocument::isContinuation(editor.document()->findBlockByNumber(1)));

        // Delete at a row's end deletes the real character after it.
        reset();
        at = toRowStart();
        editor.moveCursor(QTextCursor::PreviousCharacter);
        QTest::keyClick(&editor, Qt::Key_Delete);
        QCOMPARE(editor.text(), QString(head + line).remove(at, 1));
        verifyRows(editor);

        // Typing there goes into the real text at that place.
        reset();
        at = toRowStart();
        QTest::keyClicks(&editor, QStringLiteral("zz"));
        QCOMPARE(editor.text(), QString(head + line).insert(at, QStringLiteral("zz")));
        verifyRows(editor);

        // Enter makes a real line; the row after it is no continuation.
        reset();
        at = toRowStart();
        QTest::keyClick(&editor, Qt::Key_Return);
        QCOMPARE(editor.text(), QString(head + line).insert(at, QLatin1Char('\n')));
        verifyRows(editor);
        QCOMPARE(editor.text().count(QLatin1Char('\n')) + 1, editor.document()->blockCount() - continuations());
        QCOMPARE(editor.lineLabel(editor.textCursor().block()), QStringLiteral("3"));

        // Qt's own deletion of the separator (as its Backspace or a word deletion does) merges the
        // rows into a real line; Undo puts the rows back.
        reset();
        {
            QTextCursor cursor(editor.document()->findBlockByNumber(2));
            cursor.deletePreviousChar();
        }
        QCOMPARE(editor.text(), head + line);
        QCOMPARE(editor.document()->blockCount(), rows);
        QVERIFY(!SoftBreakDocument::isContinuation(editor.document()->findBlockByNumber(1)));
        verifyRows(editor);
        editor.undo();
        QCOMPARE(editor.text(), head + line);
        QCOMPARE(editor.document()->blockCount(), 1 + rows);
        QVERIFY(SoftBreakDocument::isContinuation(editor.document()->findBlockByNumber(2)));
        QVERIFY(!SoftBreakDocument::isContinuation(editor.document()->findBlockByNumber(1)));
        verifyRows(editor);
        editor.redo();
        QCOMPARE(editor.text(), head + line);
        QCOMPARE(editor.document()->blockCount(), rows);

        // A selection across the soft break, deleted.
        reset();
        {
            QTextCursor cursor(editor.document()->findBlockByNumber(1));
            cursor.setPosition(cursor.position() + 500);
            cursor.setPosition(editor.document()->findBlockByNumber(2).position() + 10, QTextCursor::KeepAnchor);
            editor.setTextCursor(cursor);
        }
        const qsizetype from = editor.textPosition(editor.textCursor().selectionStart());
        const qsizetype to = editor.textPosition(editor.textCursor().selectionEnd());
        QTest::keyClick(&editor, Qt::Key_Delete);
        QCOMPARE(editor.text(), QString(head + line).remove(from, to - from));
        verifyRows(editor);

        // Deleting from a real line's start into its continuation row: Qt gives the merged block
        // the continuation's format, which would join the line to the one above; it is fixed in the
        // same undo step.
        reset();
        {
            QTextCursor cursor(editor.document()->findBlockByNumber(1));
            cursor.setPosition(editor.document()->findBlockByNumber(2).position() + 10, QTextCursor::KeepAnchor);
            cursor.removeSelectedText();
        }
        QCOMPARE(editor.text(), QString(head + line).remove(head.size(), LongLines::kRowLength + 10));
        QCOMPARE(editor.document()->blockCount(), rows);
        QVERIFY(!SoftBreakDocument::isContinuation(editor.document()->findBlockByNumber(1)));
        verifyRows(editor);
        editor.undo();
        QCOMPARE(editor.text(), head + line);
        QVERIFY(SoftBreakDocument::isContinuation(editor.document()->findBlockByNumber(2)));
        QVERIFY(!SoftBreakDocument::isContinuation(editor.document()->findBlockByNumber(1)));
        editor.redo();
        QCOMPARE(editor.text(), QString(head + line).remove(head.size(), LongLines::kRowLength + 10));
        QVERIFY(!SoftBreakDocument::isContinuation(editor.document()->findBlockByNumber(1)));

        // A line break put in a continuation row by a plain cursor makes a real line, not a row.
        reset();
        {
            QTextCursor cursor(editor.document()->findBlockByNumber(2));
            cursor.movePosition(QTextCursor::NextCharacter, QTextCursor::MoveAnchor, 3);
            cursor.insertText(QStringLiteral("\n"));
        }
        QVERIFY(!SoftBreakDocument::isContinuation(editor.document()->findBlockByNumber(3)));
        verifyRows(editor);

        // The arrows step over the soft break as over nothing.
        reset();
        at = toRowStart();
        QTest::keyClick(&editor, Qt::Key_Left);
        QCOMPARE(editor.textPosition(editor.textCursor().position()), at - 1);
        QTest::keyClick(&editor, Qt::Key_Right);
        QCOMPARE(editor.textPosition(editor.textCursor().position()), at);
    }

    // A large Format is undone and redone exactly, through the loader (never one big insertion),
    // with Ctrl+Z and Ctrl+Shift+Z, also after typing that came after it.
    void undoAndRedoOfFormat()
    {
        const QString original = oneLine(1536 * 1024);
        QVERIFY(original.size() > TextLoader::kDirectLimit);
        const QString formatted = QString::fromUtf8(JsonTools::format(original.toUtf8()));
        JsonEditor editor;
        editor.resize(800, 600);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        editor.setFocus();
        editor.setText(original);
        waitIdle(editor);

        editor.formatDocument();
        waitIdle(editor);
        QCOMPARE(editor.text(), formatted);
        QVERIFY(!editor.hasWrappedLines());
        QVERIFY(editor.isUndoAvailable());

        editor.undo();
        QVERIFY(editor.isLoading()); // a slice at a time
        waitIdle(editor);
        QCOMPARE(editor.text().toUtf8(), original.toUtf8());
        verifyRows(editor);
        QVERIFY(editor.isRedoAvailable());

        QTest::keyClick(&editor, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        waitIdle(editor);
        QCOMPARE(editor.text(), formatted);

        // Typing after the Format: Undo takes back the typing first, then the Format.
        editor.moveCursor(QTextCursor::Start);
        QTest::keyClicks(&editor, QStringLiteral("  "));
        QCOMPARE(editor.text(), QStringLiteral("  ") + formatted);
        QTest::keyClick(&editor, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(editor.text(), formatted);
        QTest::keyClick(&editor, Qt::Key_Z, Qt::ControlModifier);
        waitIdle(editor);
        QCOMPARE(editor.text(), original);
        QVERIFY(!editor.isUndoAvailable());

        // Typing after an Undo: nothing left to redo.
        editor.moveCursor(QTextCursor::End);
        QTest::keyClick(&editor, Qt::Key_Space);
        QVERIFY(!editor.isRedoAvailable());
        QCOMPARE(editor.text(), original + QLatin1Char(' '));

        // Minify is the same kind of step.
        editor.formatDocument();
        waitIdle(editor);
        editor.minifyDocument();
        waitIdle(editor);
        QCOMPARE(editor.text(), original);
        editor.undo();
        waitIdle(editor);
        QCOMPARE(editor.text(), formatted);
    }

    // A pasted long line goes in rows; a large paste goes in through the loader as one step.
    void pasteOfALongLine()
    {
        JsonEditor editor;
        editor.resize(800, 600);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        editor.setPlainText(QStringLiteral("{\"a\": [], \"b\": 2}"));
        const QString small = oneLine(100 * 1024);
        QApplication::clipboard()->setText(small);
        QTextCursor cursor = editor.textCursor();
        cursor.setPosition(7); // between [ and ]
        editor.setTextCursor(cursor);
        editor.paste();
        const QString expected = QStringLiteral("{\"a\": [") + small + QStringLiteral("], \"b\": 2}");
        QCOMPARE(editor.text(), expected);
        QVERIFY(editor.hasWrappedLines());
        verifyRows(editor);
        QCOMPARE(editor.textPosition(editor.textCursor().position()), 7 + small.size());
        // Copy gives the real text back, the soft breaks joined.
        editor.selectAll();
        editor.copy();
        QCOMPARE(QApplication::clipboard()->text(), expected);
        editor.undo();
        QCOMPARE(editor.text(), QStringLiteral("{\"a\": [], \"b\": 2}"));
        QVERIFY(!editor.hasWrappedLines());

        const QString large = oneLine(1024 * 1024);
        QApplication::clipboard()->setText(large);
        cursor.setPosition(7);
        editor.setTextCursor(cursor);
        editor.paste();
        QVERIFY(editor.isLoading());
        waitIdle(editor);
        QCOMPARE(editor.text(), QStringLiteral("{\"a\": [") + large + QStringLiteral("], \"b\": 2}"));
        QCOMPARE(editor.textPosition(editor.textCursor().position()), 7 + large.size());
        verifyRows(editor);
        editor.undo();
        waitIdle(editor);
        QCOMPARE(editor.text(), QStringLiteral("{\"a\": [], \"b\": 2}"));
    }

    // A string cut by a soft break is coloured as a string on both rows.
    void highlightingAcrossASoftBreak()
    {
        JsonEditor editor;
        editor.setPlainText(QStringLiteral("{\"k\": \"") + QString(5000, QLatin1Char('s'))
                            + QStringLiteral("\", \"n\": 1}"));
        QVERIFY(editor.isHighlighting());
        QVERIFY(editor.document()->blockCount() > 2);
        const JsonHighlighter *highlighter = editor.findChild<JsonHighlighter *>();
        QVERIFY(highlighter);
        const QColor string = highlighter->stringFormat().foreground().color();
        const QTextBlock last = editor.document()->lastBlock();
        QVERIFY(TestSupport::hasFormatAt(editor.document()->firstBlock(), 1000, string));
        QVERIFY(TestSupport::hasFormatAt(editor.document()->findBlockByNumber(1), 0, string));
        QVERIFY(TestSupport::hasFormatAt(last, 0, string));
        const int key = int(last.text().indexOf(QLatin1String("\"n\"")));
        QVERIFY(key > 0);
        QVERIFY(TestSupport::hasFormatAt(last, key, highlighter->keyFormat().foreground().color()));
        QVERIFY(!TestSupport::hasFormatAt(last, key, string));
    }

    // The composer's status line says a line is shown wrapped, and how long it is.
    void statusLineSaysSo()
    {
        ComposerWidget composer;
        composer.show();
        QVERIFY(QTest::qWaitForWindowExposed(&composer));
        RequestDraft draft = composer.draft();
        const QString body = oneLine(50 * 1024);
        draft.body = body;
        composer.setDraft(draft);
        JsonEditor *editor = composer.bodyEditor();
        waitIdle(*editor);
        QTRY_VERIFY(!editor->isValidationPending());
        const auto *label = composer.findChild<QLabel *>(QStringLiteral("bodyStatusLabel"));
        QVERIFY(label);
        QTRY_VERIFY(label->text().contains(
            QStringLiteral("Long line shown wrapped (%1 characters)").arg(QLocale().toString(qlonglong(body.size())))));
        QVERIFY(label->text().contains(QLatin1String("Valid JSON")));

        draft.body = QStringLiteral("{\"short\": true}");
        composer.setDraft(draft);
        QTRY_VERIFY(!editor->isValidationPending());
        QTRY_VERIFY(!label->text().contains(QLatin1String("wrapped")));
    }
};

QTEST_MAIN(TestLongLines)
#include "tst_longlines.moc"
