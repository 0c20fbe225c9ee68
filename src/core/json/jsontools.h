#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QMetaType>
#include <QString>

// Where a JSON document is broken and why, in words a user understands.
struct JsonError {
    qsizetype offset = -1; // byte offset into the UTF-8 input
    int line = 0;          // 1-based
    int column = 0;        // 1-based, counts characters (Unicode code points), not bytes
    QString message;       // "missing comma", "unterminated string" ...

    bool isError() const { return offset >= 0; }
    QString toString() const; // "line 3, column 5: missing comma"
};

// JSON as text, not as a tree: format and minify re-indent the tokens of a
// validated document and copy strings and numbers byte for byte. A round trip
// through QJsonDocument would sort keys, merge duplicates and rewrite numbers
// (1.0 -> 1, 1e2 -> 100), and a webhook payload must reach the wire as written.
namespace JsonTools {

// How {{placeholders}} are treated. Strict is RFC 8259. AllowPlaceholders also
// accepts a bare {{name}} / {{$uuid}} where a value may stand, so a template
// such as {"n": {{$randomInt}}} can be checked and formatted before expansion.
enum class Syntax { Strict, AllowPlaceholders };

// An empty JsonError (isError() false) when the document is valid.
JsonError validate(QByteArrayView utf8);
JsonError validate(QByteArrayView utf8, Syntax syntax);

// Pretty-printed with `indent` spaces per level (empty containers stay {} and []),
// no trailing newline. On invalid input: an empty QByteArray and *error set.
QByteArray format(QByteArrayView utf8, int indent = 2, JsonError *error = nullptr, Syntax syntax = Syntax::Strict);
// Every insignificant whitespace byte removed.
QByteArray minify(QByteArrayView utf8, JsonError *error = nullptr, Syntax syntax = Syntax::Strict);

// JSON with comments (JSONC) as Postman and VS Code read it: // to the end of the line
// and /* ... */ outside strings. Remove drops them (what Postman sends: the line break
// after a // comment stays); Blank turns each of their bytes into a space, line breaks
// kept, so an error found afterwards points at the same line and column as in the text.
enum class CommentStrip { Remove, Blank };
QByteArray stripComments(QByteArrayView utf8, CommentStrip how = CommentStrip::Remove);
bool hasComments(QByteArrayView utf8);

// The 1-based line and character column of a byte offset (offset may equal size()).
JsonError errorAt(QByteArrayView utf8, qsizetype offset, const QString &message);

} // namespace JsonTools

Q_DECLARE_METATYPE(JsonError)
