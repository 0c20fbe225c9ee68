#include "gui/widgets/jsonhighlighter.h"

#include "core/send/templateengine.h"
#include "gui/widgets/softbreakdocument.h"

#include <QTextBlock>

namespace {

bool isNumberChar(QChar c)
{
    return c.isDigit() || c == QLatin1Char('-') || c == QLatin1Char('+') || c == QLatin1Char('.')
        || c == QLatin1Char('e') || c == QLatin1Char('E');
}

} // namespace

JsonHighlighter::JsonHighlighter(QObject *parent)
    : QSyntaxHighlighter(parent)
{
    setDarkBackground(false);
}

void JsonHighlighter::setJsonSyntax(bool json)
{
    if (m_json == json)
        return;
    m_json = json;
    rehighlight();
}

void JsonHighlighter::setDarkBackground(bool dark)
{
    auto colour = [dark](const char *light, const char *darkColour) {
        return QColor(QLatin1String(dark ? darkColour : light));
    };
    m_key.setForeground(colour("#0451a5", "#9cdcfe"));
    m_string.setForeground(colour("#a31515", "#ce9178"));
    m_number.setForeground(colour("#098658", "#b5cea8"));
    m_literal.setForeground(colour("#0000ff", "#569cd6"));
    m_literal.setFontWeight(QFont::DemiBold);
    m_punctuation.setForeground(colour("#5f6368", "#a0a0a0"));
    m_placeholder.setForeground(colour("#8a3ffc", "#d7a8ff"));
    m_placeholder.setBackground(colour("#f1e8ff", "#3b2a55"));
    m_placeholder.setFontWeight(QFont::DemiBold);
    if (document())
        rehighlight();
}

void JsonHighlighter::highlightBlock(const QString &text)
{
    int state = Plain;
    if (m_json) {
        const int before = SoftBreakDocument::isContinuation(currentBlock()) ? previousBlockState() : Plain;
        state = highlightJson(text, before < 0 ? Plain : before);
    }
    setCurrentBlockState(state);
    highlightPlaceholders(text);
}

int JsonHighlighter::highlightJson(const QString &text, int state)
{
    const qsizetype n = text.size();
    qsizetype i = 0;
    // A string the row before left open: up to its end, or the whole row.
    int ends = Plain;
    auto stringEnd = [&](qsizetype j, bool escaped) {
        if (escaped && j < n)
            ++j;
        while (j < n && text.at(j) != QLatin1Char('"'))
            j += text.at(j) == QLatin1Char('\\') ? 2 : 1;
        if (j >= n) {
            // Open at the row's end; a backslash as the last character escapes the next row's first.
            ends = j > n ? InStringEscape : InString;
            return n;
        }
        ends = Plain;
        return j + 1;
    };
    if (state == InString || state == InStringEscape) {
        if (n == 0)
            return state;
        i = stringEnd(0, state == InStringEscape);
        setFormat(0, int(i), m_string);
        if (ends != Plain)
            return ends;
    }
    while (i < n) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('"')) {
            const qsizetype j = stringEnd(i + 1, false);
            // A string followed by ':' is a key.
            qsizetype k = j;
            while (k < n && text.at(k).isSpace())
                ++k;
            const bool isKey = ends == Plain && k < n && text.at(k) == QLatin1Char(':');
            setFormat(int(i), int(j - i), isKey ? m_key : m_string);
            if (ends != Plain)
                return ends;
            i = j;
        } else if (c.isDigit() || c == QLatin1Char('-')) {
            qsizetype j = i + 1;
            while (j < n && isNumberChar(text.at(j)))
                ++j;
            setFormat(int(i), int(j - i), m_number);
            i = j;
        } else if (c.isLetter()) {
            qsizetype j = i + 1;
            while (j < n && text.at(j).isLetterOrNumber())
                ++j;
            const QStringView word = QStringView(text).mid(i, j - i);
            if (word == QLatin1String("true") || word == QLatin1String("false") || word == QLatin1String("null"))
                setFormat(int(i), int(j - i), m_literal);
            i = j;
        } else if (c == QLatin1Char('{') || c == QLatin1Char('}') || c == QLatin1Char('[') || c == QLatin1Char(']')
                   || c == QLatin1Char(':') || c == QLatin1Char(',')) {
            setFormat(int(i), 1, m_punctuation);
            ++i;
        } else {
            ++i;
        }
    }
    return Plain;
}

void JsonHighlighter::highlightPlaceholders(const QString &text)
{
    if (!text.contains(QLatin1String("{{")))
        return;
    for (const TemplateEngine::Placeholder &placeholder : TemplateEngine::placeholders(text))
        setFormat(int(placeholder.offset), int(placeholder.length), m_placeholder);
}
