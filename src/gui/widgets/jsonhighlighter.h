#pragma once

#include <QSyntaxHighlighter>
#include <QTextCharFormat>

// Colours JSON tokens line by line: keys, strings, numbers, literals, punctuation,
// and {{placeholders}} wherever they stand. JSON strings cannot span lines, so the
// only state carried from one block to the next is for a long line's continuation
// rows (SoftBreakDocument): a string cut by a soft break goes on as a string.
class JsonHighlighter final : public QSyntaxHighlighter
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JsonHighlighter)

public:
    explicit JsonHighlighter(QObject *parent = nullptr);

    // false: plain text, only placeholders are marked.
    void setJsonSyntax(bool json);
    bool isJsonSyntax() const { return m_json; }
    // Picks colours that read on the given base (editor background) colour.
    void setDarkBackground(bool dark);

    QTextCharFormat keyFormat() const { return m_key; }
    QTextCharFormat stringFormat() const { return m_string; }
    QTextCharFormat numberFormat() const { return m_number; }
    QTextCharFormat literalFormat() const { return m_literal; }
    QTextCharFormat punctuationFormat() const { return m_punctuation; }
    QTextCharFormat placeholderFormat() const { return m_placeholder; }

protected:
    void highlightBlock(const QString &text) override;

private:
    // Returns the state the block ends in (State).
    int highlightJson(const QString &text, int state);
    void highlightPlaceholders(const QString &text);

    enum State { Plain = 0, InString = 1, InStringEscape = 2 };

    bool m_json = true;
    QTextCharFormat m_key;
    QTextCharFormat m_string;
    QTextCharFormat m_number;
    QTextCharFormat m_literal;
    QTextCharFormat m_punctuation;
    QTextCharFormat m_placeholder;
};
