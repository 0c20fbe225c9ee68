#pragma once

#include "core/json/jsontools.h"
#include "core/json/jsonvalidator.h"

#include <QPlainTextEdit>

class JsonHighlighter;
class QMimeData;
class QTextBlock;
class QTimer;
class SoftBreakDocument;
class TextLoader;

// A plain-text editor for payloads: line numbers, JSON and {{placeholder}}
// highlighting, bracket matching, Format/Minify, and live validation on a worker
// thread that underlines the error where it is. Large documents stay responsive:
// above kHighlightLimit characters highlighting is switched off; validation, and Format
// and Minify of more than TextLoader::kDirectLimit characters, run on the validator's
// thread; setText() and a large Format put the text in a slice at a time (TextLoader). A line
// longer than LongLines::kLimit is shown in rows (SoftBreakDocument): the gutter numbers real
// lines and marks continuation rows with ↪; text() and every position this class gives out are
// in the real text. A whole-text replacement of a large text (Format, Minify, a large paste) is an
// undo step of this class, undone through the loader too; the undo history before it is not kept.
class JsonEditor final : public QPlainTextEdit
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JsonEditor)

public:
    static constexpr qsizetype kHighlightLimit = 2 * 1024 * 1024; // characters
    static constexpr int kValidationDelayMs = 250;

    explicit JsonEditor(QWidget *parent = nullptr);
    ~JsonEditor() override;

    // JSON (the default) validates and highlights JSON; off, the text is free-form and
    // only placeholders are highlighted.
    void setJsonMode(bool json);
    bool isJsonMode() const { return m_jsonMode; }

    bool isHighlighting() const;
    // Above kHighlightLimit: highlighting off, said by the owner's status line.
    bool isLargeDocument() const { return !isHighlighting(); }

    // Replaces the text (the undo history starts afresh), a slice at a time when large.
    void setText(const QString &text);
    // As setText(), all at once (hides QPlainTextEdit's, which would not cut long lines).
    void setPlainText(const QString &text);
    // Inserts at the cursor in place of the selection, as a paste does.
    void insertPlainText(const QString &text);
    // Replaces the whole text as one edit that Undo takes back; the cursor goes to `cursor` (an
    // offset in the new text).
    void replaceText(const QString &text, qsizetype cursor = 0);
    // As setText, with JSON shown indented; formatted on the validator's thread when large
    // (the raw text is shown when it is not valid JSON).
    void setJsonText(const QByteArray &json);
    // The whole text, also while it is still being put in; toPlainText() is only what is in
    // the document. Kept between edits, so asking again costs nothing.
    QString text() const;
    // setText(), Format or Minify is putting text in (the editor is read-only meanwhile).
    bool isLoading() const;
    int loadPercent() const;
    // Format or Minify is running on the validator's thread.
    bool isReformatting() const { return m_reformatGeneration != 0; }
    // Puts what a load has left in at once (tests; never needed for correctness).
    void finishLoading();
    // The latest validation result for the current text; no error when valid, when
    // not in JSON mode, or while the document is empty.
    JsonError currentError() const { return m_error; }
    bool isValidationPending() const;

    // Real-text offset of a document position, and back.
    qsizetype textPosition(int position) const;
    int documentPosition(qsizetype offset) const;
    struct LineColumn {
        int line = 0;   // 1-based
        int column = 0; // 1-based, in UTF-16 code units
    };
    LineColumn lineColumnAt(int position) const;
    // A line is shown in rows (it is longer than LongLines::kLimit).
    bool hasWrappedLines() const;
    // The longest such line's characters, 0 when there is none.
    qsizetype longestWrappedLine() const;

    bool isUndoAvailable() const;
    bool isRedoAvailable() const;
    // Forgets every undo and redo step (the document's and this class's).
    void clearUndoHistory();

    QAction *formatAction() const { return m_formatAction; }
    QAction *minifyAction() const { return m_minifyAction; }
    // Tab indents, as in a code editor; these move the focus on and back instead (Ctrl+Tab,
    // Ctrl+Shift+Tab; Esc too where setEscapeLeaves() says so).
    QAction *leaveAction() const { return m_leaveAction; }
    QAction *leaveBackAction() const { return m_leaveBackAction; }
    // Esc moves the focus on as well. Off by default: in a dialog Esc closes the dialog, and
    // an owner that gives Esc another job for a while (cancelling a send) turns it off then.
    void setEscapeLeaves(bool leaves);

    // The font Preferences chose (AppSettings::editorFont), else the system's fixed one.
    static QFont preferredFont();
    // Takes preferredFont() again (Preferences were accepted).
    void applyPreferredFont();

    // What the gutter shows beside a block: its real line number, or ↪ for a continuation row.
    QString lineLabel(const QTextBlock &block) const;
    int lineNumberAreaWidth() const;
    void paintLineNumbers(QPaintEvent *event);

public Q_SLOTS:
    // Re-indent / compact the document in place (one undo step). On invalid JSON the
    // text stays as it is and the error is shown.
    void formatDocument();
    void minifyDocument();
    // Validate now rather than after the typing pause.
    void validateNow();
    // Hide QPlainTextEdit's: a large replacement is undone here, not by the document.
    void undo();
    void redo();

Q_SIGNALS:
    // Validation finished for the current text (error.isError() false when valid).
    void validated(const JsonError &error);
    // Highlighting was switched on or off because of the document's size.
    void highlightingChanged(bool on);
    // Format or Minify could not run: the reason, in words.
    void actionFailed(const QString &message);
    // A load or a Format/Minify started, progressed or ended (isLoading, loadPercent, isReformatting).
    void activityChanged();
    // hasWrappedLines() changed.
    void wrappingChanged();

protected:
    void resizeEvent(QResizeEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void changeEvent(QEvent *event) override;
    void focusInEvent(QFocusEvent *event) override;
    void focusOutEvent(QFocusEvent *event) override;
    void insertFromMimeData(const QMimeData *source) override;
    // Copy and drag: the real text, soft breaks joined.
    QMimeData *createMimeDataFromSelection() const override;

private:
    // A whole-text replacement of a large text: undone and redone by loading the other text.
    struct ReplaceStep {
        QString before;
        QString after;
        qsizetype cursorBefore = 0;
        qsizetype cursorAfter = 0;
    };
    static constexpr qsizetype kUndoSteps = 8;

    void onContentsChange(qsizetype position, qsizetype removed, qsizetype added, int documentPosition,
                          int documentAdded);
    void patchTextCache(qsizetype position, qsizetype removed, int documentPosition, int documentAdded);
    void loadAsEdit(const QString &text, qsizetype cursor);
    void replay(bool backwards); // undo() and redo(): the document's steps, else a whole-text replacement
    bool moveOverSoftBreak(QKeyEvent *event);
    void onValidated(quint64 generation, const JsonError &error, qsizetype position);
    void scheduleValidation();
    void updateHighlighterState();
    void updateExtraSelections();
    void updateLineNumberAreaWidth();
    void updateLineNumberArea(const QRect &rect, int dy);
    void reformat(JsonValidator::Layout layout);
    void onReformatted(quint64 generation, const QString &text, const JsonError &error);
    void onLoadFinished(const QString &loaded);
    void applyPaletteColours();
    // The position of the bracket matching the one at `position`, -1 when there is none,
    // or kGaveUp when it is too far away to look for.
    int matchingBracket(int position, QChar bracket) const;

    QWidget *m_lineNumberArea = nullptr;
    JsonHighlighter *m_highlighter = nullptr;
    JsonValidator *m_validator = nullptr;
    QTimer *m_validationTimer = nullptr;
    TextLoader *m_loader = nullptr;
    SoftBreakDocument *m_rows = nullptr;
    QList<ReplaceStep> m_undoSteps;
    QList<ReplaceStep> m_redoSteps;
    qsizetype m_cursorAfterLoad = -1; // where a load as an edit leaves the cursor
    bool m_pastePending = false;      // a large paste goes in at the next pass of the event loop
    quint64 m_reformatGeneration = 0; // 0: none in flight
    quint64 m_reformatChange = 0;     // m_changes when it was asked for
    bool m_reformatReplaces = false;  // setJsonText's: its result replaces the text, undo cleared
    JsonValidator::Layout m_reformatLayout = JsonValidator::Layout::Indented;
    int m_loadLines = 0;       // lines of the text being loaded
    bool m_loadIsEdit = false; // the load under way is a Format or Minify
    QByteArray m_rawJson;      // setJsonText's text, shown as it is if it is not JSON
    quint64 m_changes = 0;     // counts content changes; the cached text's key
    mutable QString m_textCache;
    mutable quint64 m_textCacheChange = ~quint64(0);
    QAction *m_formatAction = nullptr;
    QAction *m_minifyAction = nullptr;
    QAction *m_leaveAction = nullptr;
    QAction *m_leaveBackAction = nullptr;
    bool m_jsonMode = true;
    bool m_highlighting = true;
    quint64 m_pendingGeneration = 0; // 0: none in flight
    JsonError m_error;
    int m_errorPosition = -1;
};
