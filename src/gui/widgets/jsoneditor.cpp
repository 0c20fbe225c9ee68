#include "gui/widgets/jsoneditor.h"

#include "core/app/appsettings.h"
#include "core/json/jsonvalidator.h"
#include "gui/widgets/jsonhighlighter.h"
#include "gui/widgets/softbreakdocument.h"
#include "gui/widgets/textloader.h"

#include <QAction>
#include <QContextMenuEvent>
#include <QFontDatabase>
#include <QKeyEvent>
#include <QMenu>
#include <QMimeData>
#include <QPainter>
#include <QSignalBlocker>
#include <QTextBlock>
#include <QTimer>

#include <algorithm>
#include <memory>
#include <utility>

namespace {

// Bracket matching looks this far at most, so a click in a 10 MB document stays instant.
constexpr int kBracketScanLimit = 200000; // characters
constexpr int kGaveUp = -2;               // matchingBracket() hit the limit: no verdict

class LineNumberArea final : public QWidget
{
public:
    explicit LineNumberArea(JsonEditor *editor)
        : QWidget(editor)
        , m_editor(editor)
    { }
    QSize sizeHint() const override { return {m_editor->lineNumberAreaWidth(), 0}; }

protected:
    void paintEvent(QPaintEvent *event) override { m_editor->paintLineNumbers(event); }

private:
    JsonEditor *m_editor;
};

bool isOpening(QChar c)
{
    return c == QLatin1Char('{') || c == QLatin1Char('[');
}

bool isBracket(QChar c)
{
    return isOpening(c) || c == QLatin1Char('}') || c == QLatin1Char(']');
}

QChar partner(QChar c)
{
    switch (c.unicode()) {
    case '{':
        return QLatin1Char('}');
    case '[':
        return QLatin1Char(']');
    case '}':
        return QLatin1Char('{');
    default:
        return QLatin1Char('[');
    }
}

// How many characters of `line` from `column` make up the token the error is at, so
// the squiggle covers a word rather than a single character: a whole string, a whole
// number or literal, else one character.
int errorTokenLength(const QString &line, int column)
{
    if (column >= line.size())
        return 1;
    const QChar c = line.at(column);
    int end = column + 1;
    if (c == QLatin1Char('"')) {
        while (end < line.size() && line.at(end) != QLatin1Char('"'))
            end += line.at(end) == QLatin1Char('\\') ? 2 : 1;
        end = qMin(end + 1, int(line.size()));
    } else if (c.isLetterOrNumber() || c == QLatin1Char('-') || c == QLatin1Char('+') || c == QLatin1Char('.')) {
        while (end < line.size()
               && (line.at(end).isLetterOrNumber() || line.at(end) == QLatin1Char('.')
                   || line.at(end) == QLatin1Char('_')))
            ++end;
    }
    return end - column;
}

// Brackets of one line that are not inside a string, as (column, bracket) pairs.
QList<QPair<int, QChar>> bracketsOutsideStrings(const QString &line)
{
    QList<QPair<int, QChar>> result;
    bool inString = false;
    for (int i = 0; i < line.size(); ++i) {
        const QChar c = line.at(i);
        if (inString) {
            if (c == QLatin1Char('\\'))
                ++i;
            else if (c == QLatin1Char('"'))
                inString = false;
        } else if (c == QLatin1Char('"')) {
            inString = true;
        } else if (isBracket(c)) {
            result.append({i, c});
        }
    }
    return result;
}

} // namespace

JsonEditor::JsonEditor(QWidget *parent)
    : QPlainTextEdit(parent)
    , m_lineNumberArea(new LineNumberArea(this))
    , m_validator(new JsonValidator(this))
    , m_validationTimer(new QTimer(this))
    , m_loader(new TextLoader(this))
{
    setObjectName(QStringLiteral("jsonEditor"));
    setLineWrapMode(QPlainTextEdit::NoWrap);
    applyPreferredFont();
    setPlaceholderText(tr("{\n  \"event\": \"user_registered\",\n  \"user_id\": \"{{$uuid}}\"\n}"));

    // Connected before the highlighter exists, so this runs first on every change and
    // can switch highlighting off before a huge paste is highlighted.
    m_rows = new SoftBreakDocument(document());
    connect(m_rows, &SoftBreakDocument::changed, this, &JsonEditor::onContentsChange);
    connect(m_rows, &SoftBreakDocument::wrappingChanged, this, [this] {
        updateLineNumberAreaWidth();
        Q_EMIT wrappingChanged();
    });
    m_loader->setInserter([this](QTextCursor &cursor, QStringView slice) { m_rows->insert(cursor, slice); });
    // An edit of the user's own makes the steps this class could redo unreachable, as Qt's are.
    connect(document(), &QTextDocument::undoCommandAdded, this, [this] { m_redoSteps.clear(); });
    m_highlighter = new JsonHighlighter(this);
    m_highlighter->setDocument(document());

    m_validationTimer->setSingleShot(true);
    connect(m_validationTimer, &QTimer::timeout, this, &JsonEditor::validateNow);
    connect(m_validator, &JsonValidator::validated, this, &JsonEditor::onValidated);
    connect(m_validator, &JsonValidator::reformatted, this, &JsonEditor::onReformatted);
    // Highlighting goes off before the first slice of a large text, not after it all.
    connect(m_loader, &TextLoader::started, this, [this] {
        updateHighlighterState();
        // The line numbers' width is set once for the whole text: each change of it makes Qt
        // redo the layout of every block already in (a QTextLayout each, 100 000 at 6 digits).
        m_loadLines = int(m_loader->text().count(QLatin1Char('\n'))) + 1;
        updateLineNumberAreaWidth();
        Q_EMIT activityChanged();
    });
    connect(m_loader, &TextLoader::progressed, this, &JsonEditor::activityChanged);
    connect(m_loader, &TextLoader::finished, this, &JsonEditor::onLoadFinished);

    connect(this, &QPlainTextEdit::blockCountChanged, this, &JsonEditor::updateLineNumberAreaWidth);
    connect(this, &QPlainTextEdit::updateRequest, this, &JsonEditor::updateLineNumberArea);
    connect(this, &QPlainTextEdit::cursorPositionChanged, this, &JsonEditor::updateExtraSelections);

    m_formatAction = new QAction(tr("&Format"), this);
    m_formatAction->setObjectName(QStringLiteral("formatJsonAction"));
    m_formatAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    m_formatAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_formatAction->setToolTip(tr("Re-indent the JSON, keeping key order and numbers as written (Ctrl+Shift+F)"));
    connect(m_formatAction, &QAction::triggered, this, &JsonEditor::formatDocument);
    addAction(m_formatAction);

    m_minifyAction = new QAction(tr("&Minify"), this);
    m_minifyAction->setObjectName(QStringLiteral("minifyJsonAction"));
    m_minifyAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));
    m_minifyAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_minifyAction->setToolTip(tr("Remove every insignificant space and line break (Ctrl+Shift+M)"));
    connect(m_minifyAction, &QAction::triggered, this, &JsonEditor::minifyDocument);
    addAction(m_minifyAction);

    // Actions rather than key handling, so the shortcuts list shows them. WidgetShortcut: only
    // while the editor itself has the focus. QPlainTextEdit's own focusNextPrevChild() refuses
    // while the text is editable (that is what lets Tab indent), so the base class's is called.
    m_leaveAction = new QAction(tr("Leave the Editor"), this);
    m_leaveAction->setObjectName(QStringLiteral("leaveEditorAction"));
    m_leaveAction->setShortcutContext(Qt::WidgetShortcut);
    connect(m_leaveAction, &QAction::triggered, this, [this] { QAbstractScrollArea::focusNextPrevChild(true); });
    addAction(m_leaveAction);
    m_leaveBackAction = new QAction(tr("Leave the Editor Backwards"), this);
    m_leaveBackAction->setObjectName(QStringLiteral("leaveEditorBackAction"));
    m_leaveBackAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Backtab));
    m_leaveBackAction->setShortcutContext(Qt::WidgetShortcut);
    connect(m_leaveBackAction, &QAction::triggered, this, [this] { QAbstractScrollArea::focusNextPrevChild(false); });
    addAction(m_leaveBackAction);
    setEscapeLeaves(false);

    applyPaletteColours();
    updateLineNumberAreaWidth();
    updateExtraSelections();
}

JsonEditor::~JsonEditor()
{
    // Detaching the highlighter clears formats, which is an edit: nobody outside should
    // hear of it from a half-destroyed editor (a parent's slots may already be gone).
    const QSignalBlocker blocker(this);
    disconnect(document(), nullptr, this, nullptr);
    disconnect(m_rows, nullptr, this, nullptr);
    m_highlighter->setDocument(nullptr);
}

void JsonEditor::setJsonMode(bool json)
{
    if (m_jsonMode == json)
        return;
    m_jsonMode = json;
    m_highlighter->setJsonSyntax(json);
    m_formatAction->setEnabled(json);
    m_minifyAction->setEnabled(json);
    m_error = {};
    m_errorPosition = -1;
    updateExtraSelections();
    if (json)
        validateNow();
    else
        Q_EMIT validated(m_error);
}

QFont JsonEditor::preferredFont()
{
    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    if (const QString saved = AppSettings().editorFont(); !saved.isEmpty())
        font.fromString(saved);
    return font;
}

void JsonEditor::applyPreferredFont()
{
    setFont(preferredFont());
    setTabStopDistance(fontMetrics().horizontalAdvance(QLatin1Char(' ')) * 2);
    updateLineNumberAreaWidth();
}

void JsonEditor::setEscapeLeaves(bool leaves)
{
    QList<QKeySequence> keys{QKeySequence(Qt::CTRL | Qt::Key_Tab)};
    if (leaves)
        keys.append(QKeySequence(Qt::Key_Escape));
    m_leaveAction->setShortcuts(keys);
}

bool JsonEditor::isHighlighting() const
{
    return m_highlighter->document() != nullptr;
}

bool JsonEditor::isValidationPending() const
{
    return m_validationTimer->isActive() || m_pendingGeneration != 0;
}

void JsonEditor::setText(const QString &text)
{
    m_reformatGeneration = 0; // a Format still running was for the old text
    m_loadIsEdit = false;
    m_pastePending = false;
    m_cursorAfterLoad = -1;
    m_undoSteps.clear();
    m_redoSteps.clear();
    m_loader->load(text);
}

void JsonEditor::setPlainText(const QString &text)
{
    setText(text);
    m_loader->finishNow();
}

void JsonEditor::insertPlainText(const QString &text)
{
    QTextCursor cursor = textCursor();
    m_rows->insert(cursor, text);
    setTextCursor(cursor);
    ensureCursorVisible();
}

void JsonEditor::replaceText(const QString &replacement, qsizetype cursor)
{
    const QString current = text();
    if (replacement == current)
        return;
    if (replacement.size() <= TextLoader::kDirectLimit && current.size() <= TextLoader::kDirectLimit) {
        // The document's own undo step: small enough to be put back at once.
        QTextCursor edit(document());
        edit.select(QTextCursor::Document);
        m_rows->insert(edit, replacement);
        edit.setPosition(qBound(0, documentPosition(cursor), document()->characterCount() - 1));
        setTextCursor(edit);
        validateNow();
        return;
    }
    // Qt's undo would put the old text back in one piece: seconds of a frozen window for
    // megabytes. This class's step loads it through the loader instead.
    m_undoSteps.append({current, replacement, textPosition(textCursor().position()), cursor});
    if (m_undoSteps.size() > kUndoSteps)
        m_undoSteps.removeFirst();
    m_redoSteps.clear();
    loadAsEdit(replacement, cursor);
}

void JsonEditor::loadAsEdit(const QString &text, qsizetype cursor)
{
    m_reformatGeneration = 0;
    m_loadIsEdit = true;
    m_cursorAfterLoad = cursor;
    m_loader->load(text);
}

void JsonEditor::undo()
{
    replay(true);
}

void JsonEditor::redo()
{
    replay(false);
}

void JsonEditor::replay(bool backwards)
{
    if (isLoading())
        return;
    // The document's own steps come first: they are newer than any whole-text replacement.
    if (backwards ? document()->isUndoAvailable() : document()->isRedoAvailable()) {
        m_rows->setReplaying(true);
        if (backwards)
            QPlainTextEdit::undo();
        else
            QPlainTextEdit::redo();
        m_rows->setReplaying(false);
        return;
    }
    QList<ReplaceStep> &from = backwards ? m_undoSteps : m_redoSteps;
    if (from.isEmpty())
        return;
    ReplaceStep step = from.takeLast();
    loadAsEdit(backwards ? step.before : step.after, backwards ? step.cursorBefore : step.cursorAfter);
    (backwards ? m_redoSteps : m_undoSteps).append(std::move(step));
}

bool JsonEditor::isUndoAvailable() const
{
    return !isLoading() && (document()->isUndoAvailable() || !m_undoSteps.isEmpty());
}

bool JsonEditor::isRedoAvailable() const
{
    return !isLoading() && (document()->isRedoAvailable() || !m_redoSteps.isEmpty());
}

void JsonEditor::clearUndoHistory()
{
    document()->clearUndoRedoStacks();
    m_undoSteps.clear();
    m_redoSteps.clear();
}

qsizetype JsonEditor::textPosition(int position) const
{
    return m_rows->toReal(position);
}

int JsonEditor::documentPosition(qsizetype offset) const
{
    return m_rows->toDocument(offset);
}

JsonEditor::LineColumn JsonEditor::lineColumnAt(int position) const
{
    const QTextBlock block = document()->findBlock(position);
    if (!block.isValid())
        return {};
    const QTextBlock start = m_rows->lineStart(block);
    return {m_rows->realLineNumber(block), int(textPosition(position) - textPosition(start.position())) + 1};
}

bool JsonEditor::hasWrappedLines() const
{
    return m_rows->hasSoftBreaks();
}

qsizetype JsonEditor::longestWrappedLine() const
{
    return m_rows->longestWrappedLine();
}

void JsonEditor::setJsonText(const QByteArray &json)
{
    if (json.size() <= TextLoader::kDirectLimit) {
        const QByteArray pretty = JsonTools::format(json);
        setText(QString::fromUtf8(pretty.isEmpty() ? json : pretty));
        return;
    }
    setText({});
    m_rawJson = json;
    m_reformatReplaces = true;
    m_reformatChange = m_changes;
    m_reformatGeneration = m_validator->reformat(QString::fromUtf8(json), JsonValidator::Layout::Indented,
                                                 JsonTools::Syntax::Strict);
    Q_EMIT activityChanged();
}

QString JsonEditor::text() const
{
    if (m_loader->isLoading())
        return m_loader->text();
    if (m_textCacheChange != m_changes) {
        m_textCache = m_rows->realText();
        m_textCacheChange = m_changes;
    }
    return m_textCache;
}

void JsonEditor::patchTextCache(qsizetype position, qsizetype removed, int documentPosition, int documentAdded)
{
    // A keystroke changes a character or two: the kept text follows it rather than 10 MB being
    // copied out of the document again at the next text() (the tab's draft asks after every key).
    constexpr int kPatchLimit = 64 * 1024;
    const qsizetype end = qsizetype(document()->characterCount()) - 1; // toPlainText()'s size
    if (documentAdded > kPatchLimit || removed > kPatchLimit || position > m_textCache.size())
        return;
    const QString inserted = documentAdded > 0
        ? m_rows->realText(documentPosition, int(qMin<qsizetype>(documentPosition + documentAdded, end)))
        : QString();
    m_textCache.replace(position, removed, inserted);
    if (m_textCache.size() == end - m_rows->breaks().size())
        m_textCacheChange = m_changes;
}

bool JsonEditor::isLoading() const
{
    return m_loader->isLoading() || m_pastePending;
}

int JsonEditor::loadPercent() const
{
    return m_loader->percentDone();
}

void JsonEditor::finishLoading()
{
    m_loader->finishNow();
}

void JsonEditor::onLoadFinished(const QString &loaded)
{
    // What toPlainText() gives back is the loaded text but for these, which QTextDocument
    // turns into line breaks or spaces: without them, 10 MB need not be copied out again.
    const bool asLoaded = std::none_of(loaded.cbegin(), loaded.cend(), [](QChar c) {
        const char16_t u = c.unicode();
        return u == u'\r' || u == QChar::Nbsp || u == QChar::ParagraphSeparator || u == QChar::LineSeparator
            || u == 0xfdd0 || u == 0xfdd1;
    });
    if (asLoaded) {
        m_textCache = loaded;
        m_textCacheChange = m_changes;
    }
    if (const qsizetype at = std::exchange(m_cursorAfterLoad, -1); at >= 0) {
        QTextCursor cursor(document());
        cursor.setPosition(qBound(0, documentPosition(at), document()->characterCount() - 1));
        setTextCursor(cursor);
        ensureCursorVisible();
    }
    updateHighlighterState();
    Q_EMIT activityChanged();
    validateNow();
    // A Format or Minify is the user's edit: said once, now that it is all in (owners skip the
    // slices' own textChanged while isLoading()). setText() is not an edit.
    if (std::exchange(m_loadIsEdit, false))
        Q_EMIT textChanged();
}

void JsonEditor::onContentsChange(qsizetype position, qsizetype removed, qsizetype added, int documentPosition,
                                  int documentAdded)
{
    Q_UNUSED(added)
    const bool cacheWasCurrent = m_textCacheChange == m_changes;
    ++m_changes;
    if (m_loader->isLoading())
        return; // onLoadFinished validates once, with the whole text
    if (cacheWasCurrent)
        patchTextCache(position, removed, documentPosition, documentAdded);
    updateHighlighterState();
    // The old marker points into text that has changed; it comes back with the next result.
    if (m_errorPosition >= 0) {
        m_errorPosition = -1;
        updateExtraSelections();
    }
    scheduleValidation();
}

void JsonEditor::updateHighlighterState()
{
    const qsizetype size = m_loader->isLoading() ? m_loader->text().size() : document()->characterCount();
    const bool wanted = size <= kHighlightLimit;
    if (wanted == isHighlighting())
        return;
    m_highlighter->setDocument(wanted ? document() : nullptr);
    if (!wanted) {
        // Formats already applied to blocks stay unless cleared; a stale half-coloured
        // document would be worse than a plain one.
        for (QTextBlock block = document()->begin(); block.isValid(); block = block.next())
            block.layout()->clearFormats();
        viewport()->update();
    }
    Q_EMIT highlightingChanged(wanted);
}

void JsonEditor::scheduleValidation()
{
    if (!m_jsonMode)
        return;
    // A larger document waits a little longer after the last keystroke: copying it out
    // of the document is the one part that happens on this thread.
    const int extra = int(qMin<qsizetype>(document()->characterCount() / (1024 * 1024) * 100, 1000));
    m_validationTimer->start(kValidationDelayMs + extra);
}

void JsonEditor::validateNow()
{
    m_validationTimer->stop();
    if (!m_jsonMode)
        return;
    m_pendingGeneration = m_validator->request(text(), JsonTools::Syntax::AllowPlaceholders);
}

void JsonEditor::onValidated(quint64 generation, const JsonError &error, qsizetype position)
{
    if (generation != m_pendingGeneration || m_validationTimer->isActive())
        return; // the text changed since this was asked for
    m_pendingGeneration = 0;
    // An empty body is a valid thing to send; it is not an error to show.
    const bool empty = document()->isEmpty() || (error.isError() && error.message == QLatin1String("empty document"));
    m_error = empty ? JsonError{} : error;
    m_errorPosition = m_error.isError() ? documentPosition(position) : -1;
    updateExtraSelections();
    Q_EMIT validated(m_error);
}

void JsonEditor::formatDocument()
{
    reformat(JsonValidator::Layout::Indented);
}

void JsonEditor::minifyDocument()
{
    reformat(JsonValidator::Layout::Minified);
}

void JsonEditor::reformat(JsonValidator::Layout layout)
{
    if (!m_jsonMode || isLoading())
        return;
    const QString source = text();
    if (source.size() > TextLoader::kDirectLimit) {
        m_reformatReplaces = false;
        m_reformatLayout = layout;
        m_reformatChange = m_changes;
        m_reformatGeneration = m_validator->reformat(source, layout, JsonTools::Syntax::AllowPlaceholders);
        Q_EMIT activityChanged();
        return;
    }
    JsonError error;
    const QByteArray utf8 = source.toUtf8();
    const QByteArray result = layout == JsonValidator::Layout::Indented
        ? JsonTools::format(utf8, 2, &error, JsonTools::Syntax::AllowPlaceholders)
        : JsonTools::minify(utf8, &error, JsonTools::Syntax::AllowPlaceholders);
    if (error.isError()) {
        validateNow();
        Q_EMIT actionFailed(
            (layout == JsonValidator::Layout::Indented ? tr("Cannot format: %1") : tr("Cannot minify: %1"))
                .arg(error.toString()));
        return;
    }
    replaceText(QString::fromUtf8(result));
}

void JsonEditor::onReformatted(quint64 generation, const QString &result, const JsonError &error)
{
    if (generation != m_reformatGeneration)
        return; // the text was replaced since
    m_reformatGeneration = 0;
    Q_EMIT activityChanged();
    if (m_reformatReplaces) {
        setText(error.isError() ? QString::fromUtf8(m_rawJson) : result);
        m_rawJson.clear();
        return;
    }
    if (m_changes != m_reformatChange) {
        Q_EMIT actionFailed(tr("Not formatted: the text changed while it was being formatted"));
        return;
    }
    if (error.isError()) {
        validateNow();
        Q_EMIT actionFailed(
            (m_reformatLayout == JsonValidator::Layout::Indented ? tr("Cannot format: %1") : tr("Cannot minify: %1"))
                .arg(error.toString()));
        return;
    }
    replaceText(result);
}

void JsonEditor::updateExtraSelections()
{
    QList<QTextEdit::ExtraSelection> selections;
    const bool dark = palette().color(QPalette::Base).lightness() < 128;

    if (!isReadOnly()) {
        QTextEdit::ExtraSelection line;
        line.format.setBackground(dark ? QColor(255, 255, 255, 14) : QColor(0, 0, 0, 10));
        line.format.setProperty(QTextFormat::FullWidthSelection, true);
        line.cursor = textCursor();
        line.cursor.clearSelection();
        selections.append(line);
    }

    const QTextCursor cursor = textCursor();
    const int pos = cursor.position();
    const QChar after = document()->characterAt(pos);
    const QChar before = pos > 0 ? document()->characterAt(pos - 1) : QChar();
    int bracketPos = -1;
    if (isBracket(after))
        bracketPos = pos;
    else if (isBracket(before))
        bracketPos = pos - 1;
    // Only where the user is: a bracket lit up in an unfocused or read-only view is noise.
    if (bracketPos >= 0 && m_jsonMode && hasFocus()) {
        const QChar bracket = document()->characterAt(bracketPos);
        const int match = matchingBracket(bracketPos, bracket);
        QTextCharFormat format;
        if (match >= 0) {
            format.setBackground(dark ? QColor(QStringLiteral("#3a4a5a")) : QColor(QStringLiteral("#cfe8fc")));
            format.setFontWeight(QFont::Bold);
        } else {
            format.setBackground(dark ? QColor(QStringLiteral("#5a2a2a")) : QColor(QStringLiteral("#ffd7d5")));
        }
        if (match != kGaveUp) {
            for (const int at : {bracketPos, match}) {
                if (at < 0)
                    continue;
                QTextEdit::ExtraSelection selection;
                selection.format = format;
                selection.cursor = QTextCursor(document());
                selection.cursor.setPosition(at);
                selection.cursor.setPosition(at + 1, QTextCursor::KeepAnchor);
                selections.append(selection);
            }
        }
    }

    if (m_errorPosition >= 0) {
        const int last = document()->characterCount() - 1;
        int at = qBound(0, m_errorPosition, last);
        // At the end of a line or of the document there is no character to underline:
        // mark the one before so the squiggle is visible where the problem starts.
        const QChar c = document()->characterAt(at);
        if ((at >= last || c == QChar::ParagraphSeparator || c == QLatin1Char('\n')) && at > 0)
            --at;
        const QTextBlock block = document()->findBlock(at);
        const int length = errorTokenLength(block.text(), at - block.position());

        QTextEdit::ExtraSelection line;
        line.format.setBackground(dark ? QColor(229, 72, 77, 40) : QColor(229, 72, 77, 22));
        line.format.setProperty(QTextFormat::FullWidthSelection, true);
        line.cursor = QTextCursor(block);
        selections.append(line);

        QTextEdit::ExtraSelection error;
        error.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        error.format.setUnderlineColor(QColor(QStringLiteral("#e5484d")));
        error.format.setToolTip(m_error.toString());
        error.format.setProperty(QTextFormat::UserProperty, QStringLiteral("jsonError"));
        error.cursor = QTextCursor(document());
        error.cursor.setPosition(at);
        error.cursor.setPosition(qMin(at + length, last), QTextCursor::KeepAnchor);
        selections.append(error);
    }
    setExtraSelections(selections);
}

int JsonEditor::matchingBracket(int position, QChar bracket) const
{
    const QTextBlock startBlock = document()->findBlock(position);
    if (!startBlock.isValid())
        return -1;
    const int column = position - startBlock.position();
    const QList<QPair<int, QChar>> startBrackets = bracketsOutsideStrings(startBlock.text());
    qsizetype index = -1;
    for (qsizetype i = 0; i < startBrackets.size(); ++i) {
        if (startBrackets.at(i).first == column)
            index = i;
    }
    if (index < 0)
        return -1; // inside a string

    const bool forward = isOpening(bracket);
    const QChar target = partner(bracket);
    int depth = 0;
    int scanned = 0;
    QTextBlock block = startBlock;
    QList<QPair<int, QChar>> brackets = startBrackets;
    qsizetype i = index;
    while (block.isValid() && scanned < kBracketScanLimit) {
        if (forward) {
            for (; i < brackets.size(); ++i) {
                const QChar c = brackets.at(i).second;
                if (c == bracket)
                    ++depth;
                else if (c == target && --depth == 0)
                    return block.position() + brackets.at(i).first;
            }
            scanned += block.length();
            block = block.next();
            if (block.isValid())
                brackets = bracketsOutsideStrings(block.text());
            i = 0;
        } else {
            for (; i >= 0; --i) {
                const QChar c = brackets.at(i).second;
                if (c == bracket)
                    ++depth;
                else if (c == target && --depth == 0)
                    return block.position() + brackets.at(i).first;
            }
            scanned += block.length();
            block = block.previous();
            if (block.isValid())
                brackets = bracketsOutsideStrings(block.text());
            i = brackets.size() - 1;
        }
    }
    return block.isValid() ? kGaveUp : -1;
}

int JsonEditor::lineNumberAreaWidth() const
{
    int digits = 1;
    const int realLines = m_rows ? int(m_rows->realLineCount()) : blockCount();
    const int lines = m_loader && m_loader->isLoading() ? qMax(realLines, m_loadLines) : realLines;
    for (int max = qMax(1, lines); max >= 10; max /= 10)
        ++digits;
    digits = qMax(digits, 3);
    return 12 + fontMetrics().horizontalAdvance(QLatin1Char('9')) * digits;
}

void JsonEditor::updateLineNumberAreaWidth()
{
    setViewportMargins(lineNumberAreaWidth(), 0, 0, 0);
}

void JsonEditor::updateLineNumberArea(const QRect &rect, int dy)
{
    if (dy)
        m_lineNumberArea->scroll(0, dy);
    else
        m_lineNumberArea->update(0, rect.y(), m_lineNumberArea->width(), rect.height());
    if (rect.contains(viewport()->rect()))
        updateLineNumberAreaWidth();
}

void JsonEditor::resizeEvent(QResizeEvent *event)
{
    QPlainTextEdit::resizeEvent(event);
    const QRect cr = contentsRect();
    m_lineNumberArea->setGeometry(QRect(cr.left(), cr.top(), lineNumberAreaWidth(), cr.height()));
}

void JsonEditor::paintLineNumbers(QPaintEvent *event)
{
    QPainter painter(m_lineNumberArea);
    const QPalette pal = palette();
    painter.fillRect(event->rect(), pal.color(QPalette::AlternateBase));
    const int errorRow = m_errorPosition >= 0 ? document()->findBlock(m_errorPosition).blockNumber() : -1;

    QTextBlock block = firstVisibleBlock();
    int top = qRound(blockBoundingGeometry(block).translated(contentOffset()).top());
    int bottom = top + qRound(blockBoundingRect(block).height());
    const QTextBlock cursorBlock = textCursor().block();
    const int currentLine = m_rows->realLineNumber(cursorBlock);
    while (block.isValid() && top <= event->rect().bottom()) {
        if (block.isVisible() && bottom >= event->rect().top()) {
            const bool continuation = SoftBreakDocument::isContinuation(block);
            const bool current = continuation ? block == cursorBlock : m_rows->realLineNumber(block) == currentLine;
            const bool error = block.blockNumber() == errorRow;
            QColor colour = pal.color(QPalette::PlaceholderText);
            QFont font = painter.font();
            font.setBold(current || error);
            if (error)
                colour = QColor(QStringLiteral("#e5484d"));
            else if (current)
                colour = pal.color(QPalette::Text);
            painter.setFont(font);
            painter.setPen(colour);
            painter.drawText(0, top, m_lineNumberArea->width() - 6, fontMetrics().height(), Qt::AlignRight,
                             lineLabel(block));
        }
        block = block.next();
        top = bottom;
        bottom = top + qRound(blockBoundingRect(block).height());
    }
}

QString JsonEditor::lineLabel(const QTextBlock &block) const
{
    // Real line numbers: a continuation row shows ↪ and does not count.
    return SoftBreakDocument::isContinuation(block) ? QStringLiteral("↪")
                                                    : QString::number(m_rows->realLineNumber(block));
}

bool JsonEditor::moveOverSoftBreak(QKeyEvent *event)
{
    // A soft break is no character: Backspace, Delete and the arrows act on the real text
    // across it, as in an editor that wraps lines.
    const Qt::KeyboardModifiers modifiers = event->modifiers() & ~Qt::KeypadModifier;
    const bool shift = modifiers == Qt::ShiftModifier;
    if (modifiers != Qt::NoModifier && !shift)
        return false;
    QTextCursor cursor = textCursor();
    const QTextBlock block = cursor.block();
    const bool atRowStart = cursor.positionInBlock() == 0 && SoftBreakDocument::isContinuation(block);
    const bool atRowEnd = cursor.positionInBlock() == block.length() - 1
        && SoftBreakDocument::isContinuation(block.next());
    const QTextCursor::MoveMode mode = shift ? QTextCursor::KeepAnchor : QTextCursor::MoveAnchor;
    switch (event->key()) {
    case Qt::Key_Backspace:
        if (shift || isReadOnly() || cursor.hasSelection() || !atRowStart)
            return false;
        cursor.movePosition(QTextCursor::PreviousCharacter);
        cursor.deletePreviousChar();
        break;
    case Qt::Key_Delete:
        if (shift || isReadOnly() || cursor.hasSelection() || !atRowEnd)
            return false;
        cursor.movePosition(QTextCursor::NextCharacter);
        cursor.deleteChar();
        break;
    case Qt::Key_Left:
        if (!atRowStart || (cursor.hasSelection() && !shift))
            return false;
        cursor.movePosition(QTextCursor::PreviousCharacter, mode, 2);
        break;
    case Qt::Key_Right:
        if (!atRowEnd || (cursor.hasSelection() && !shift))
            return false;
        cursor.movePosition(QTextCursor::NextCharacter, mode, 2);
        break;
    default:
        return false;
    }
    setTextCursor(cursor);
    ensureCursorVisible();
    return true;
}

void JsonEditor::keyPressEvent(QKeyEvent *event)
{
    if (!isReadOnly() && (event->matches(QKeySequence::Undo) || event->matches(QKeySequence::Redo))) {
        if (event->matches(QKeySequence::Undo))
            undo();
        else
            redo();
        event->accept();
        return;
    }
    if (moveOverSoftBreak(event))
        return;
    const bool plainEnter = (event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter)
        && !(event->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier));
    if (plainEnter && !isReadOnly()) {
        // Keep the indentation of the line, one level deeper after an opening bracket.
        QTextCursor cursor = textCursor();
        const QString line = cursor.block().text();
        const int column = cursor.positionInBlock();
        QString indent;
        for (const QChar c : m_rows->lineStart(cursor.block()).text()) {
            if (c != QLatin1Char(' ') && c != QLatin1Char('\t'))
                break;
            indent += c;
        }
        const QString beforeCursor = line.left(column).trimmed();
        const QString afterCursor = line.mid(column).trimmed();
        const bool opens = m_jsonMode && !beforeCursor.isEmpty() && isOpening(beforeCursor.back());
        m_rows->insert(cursor, QString(QLatin1Char('\n') + indent + (opens ? QStringLiteral("  ") : QString())));
        if (opens && !afterCursor.isEmpty() && afterCursor.front() == partner(beforeCursor.back())) {
            const int keep = cursor.position();
            m_rows->insert(cursor, QString(QLatin1Char('\n') + indent), SoftBreakDocument::Step::JoinPrevious);
            cursor.setPosition(keep);
        }
        setTextCursor(cursor);
        return;
    }
    if (event->key() == Qt::Key_Tab && event->modifiers() == Qt::NoModifier && !isReadOnly()
        && !textCursor().hasSelection()) {
        insertPlainText(QStringLiteral("  "));
        return;
    }
    QPlainTextEdit::keyPressEvent(event);
}

void JsonEditor::contextMenuEvent(QContextMenuEvent *event)
{
    std::unique_ptr<QMenu> menu(createStandardContextMenu(event->pos()));
    // Qt's Undo and Redo would skip this class's steps (a large Format).
    for (QAction *action : menu->actions()) {
        const bool isUndo = action->objectName() == QLatin1String("edit-undo");
        if (!isUndo && action->objectName() != QLatin1String("edit-redo"))
            continue;
        disconnect(action, &QAction::triggered, nullptr, nullptr);
        if (isUndo)
            connect(action, &QAction::triggered, this, &JsonEditor::undo);
        else
            connect(action, &QAction::triggered, this, &JsonEditor::redo);
        action->setEnabled(isUndo ? isUndoAvailable() : isRedoAvailable());
    }
    if (m_jsonMode && !isReadOnly()) {
        menu->addSeparator();
        menu->addAction(m_formatAction);
        menu->addAction(m_minifyAction);
    }
    menu->exec(event->globalPos());
}

void JsonEditor::insertFromMimeData(const QMimeData *source)
{
    if (isReadOnly() || !source || !source->hasText()) {
        QPlainTextEdit::insertFromMimeData(source);
        return;
    }
    const QString pasted = source->text();
    if (pasted.size() <= TextLoader::kDirectLimit) {
        QTextCursor cursor = textCursor();
        m_rows->insert(cursor, pasted);
        setTextCursor(cursor);
        ensureCursorVisible();
        return;
    }
    // Megabytes go in through the loader, as one step Undo takes back; at the next pass of the
    // event loop, once a drop's edit block (which this runs in) is closed.
    m_pastePending = true;
    QTimer::singleShot(0, this, [this, pasted] {
        if (!std::exchange(m_pastePending, false))
            return; // the text was replaced meanwhile
        const QTextCursor cursor = textCursor();
        const qsizetype from = textPosition(cursor.selectionStart());
        const qsizetype to = textPosition(cursor.selectionEnd());
        replaceText(text().replace(from, to - from, pasted), from + pasted.size());
    });
}

QMimeData *JsonEditor::createMimeDataFromSelection() const
{
    const QTextCursor cursor = textCursor();
    auto *data = new QMimeData;
    data->setText(m_rows->realText(cursor.selectionStart(), cursor.selectionEnd()));
    return data;
}

void JsonEditor::focusInEvent(QFocusEvent *event)
{
    QPlainTextEdit::focusInEvent(event);
    updateExtraSelections();
}

void JsonEditor::focusOutEvent(QFocusEvent *event)
{
    QPlainTextEdit::focusOutEvent(event);
    updateExtraSelections();
}

void JsonEditor::changeEvent(QEvent *event)
{
    QPlainTextEdit::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange)
        applyPaletteColours();
    else if (event->type() == QEvent::ReadOnlyChange)
        updateExtraSelections();
}

void JsonEditor::applyPaletteColours()
{
    if (m_highlighter)
        m_highlighter->setDarkBackground(palette().color(QPalette::Base).lightness() < 128);
}
