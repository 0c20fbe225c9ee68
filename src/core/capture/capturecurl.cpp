#include "core/capture/capturecurl.h"

#include "core/json/utf8.h"

#include <QByteArrayList>
#include <QUrl>

#include <cctype>

namespace {

bool isPlainText(QByteArrayView bytes)
{
    for (const char c : bytes) {
        const auto u = static_cast<uchar>(c);
        if ((u < 0x20 && c != '\n' && c != '\t') || u == 0x7F)
            return false;
    }
    return Utf8::isValid(bytes);
}

QByteArray hexByte(uchar u)
{
    static const char digits[] = "0123456789abcdef";
    return QByteArray("\\x") + digits[u >> 4] + digits[u & 0x0F];
}

// A printf format that writes exactly `bytes`: printf is the portable way to put a
// NUL byte on a pipe (POSIX printf understands \ooo octal escapes in its format).
QByteArray printfFormat(QByteArrayView bytes)
{
    QByteArray format;
    format.reserve(bytes.size() * 2 + 2);
    format += '\'';
    for (const char c : bytes) {
        const auto u = static_cast<uchar>(c);
        if (c == '\\') {
            format += "\\\\";
        } else if (c == '%') {
            format += "%%";
        } else if (c == '\'') {
            format += "'\\''";
        } else if (u < 0x20 || u >= 0x7F) {
            format += '\\';
            format += char('0' + ((u >> 6) & 7));
            format += char('0' + ((u >> 3) & 7));
            format += char('0' + (u & 7));
        } else {
            format += c;
        }
    }
    format += '\'';
    return format;
}

// curl sends these on its own unless told not to; an empty "Name:" switches one off.
bool needsSuppression(const HeaderList &headers, QByteArrayView name)
{
    return !Headers::contains(headers, name);
}

// A method that is an HTTP token needs no quotes (and reads better without).
QByteArray methodWord(const QByteArray &method)
{
    for (const char c : method) {
        if (!(std::isalnum(static_cast<uchar>(c)) || c == '-' || c == '_' || c == '.'))
            return CaptureCurl::shellQuote(method);
    }
    return method;
}

bool hasDotSegment(const QByteArray &path)
{
    for (const QByteArray &segment : path.split('/')) {
        if (segment == "." || segment == "..")
            return true;
    }
    return false;
}

} // namespace

QByteArray CaptureCurl::shellQuote(QByteArrayView bytes)
{
    if (isPlainText(bytes)) {
        QByteArray quoted;
        quoted.reserve(bytes.size() + 2);
        quoted += '\'';
        for (const char c : bytes) {
            if (c == '\'')
                quoted += "'\\''";
            else
                quoted += c;
        }
        quoted += '\'';
        return quoted;
    }
    // ANSI-C quoting: exact bytes, and the command stays printable. Multi-byte UTF-8
    // is kept readable when the whole value is valid UTF-8.
    const bool utf8 = Utf8::isValid(bytes);
    QByteArray quoted("$'");
    quoted.reserve(bytes.size() * 2 + 3);
    for (const char c : bytes) {
        const auto u = static_cast<uchar>(c);
        switch (c) {
        case '\\':
            quoted += "\\\\";
            break;
        case '\'':
            quoted += "\\'";
            break;
        case '\n':
            quoted += "\\n";
            break;
        case '\r':
            quoted += "\\r";
            break;
        case '\t':
            quoted += "\\t";
            break;
        default:
            if (u < 0x20 || u == 0x7F || (u >= 0x80 && !utf8))
                quoted += hexByte(u);
            else
                quoted += c;
        }
    }
    quoted += '\'';
    return quoted;
}

QByteArray CaptureCurl::url(const Capture &capture)
{
    if (capture.target.startsWith("http://") || capture.target.startsWith("https://"))
        return capture.target;
    QByteArray authority = Headers::value(capture.headers, "host");
    if (authority.isEmpty())
        authority = "localhost:" + QByteArray::number(capture.localPort);
    QByteArray target = capture.target;
    if (!target.startsWith('/'))
        target.prepend('/');
    return "http://" + authority + target;
}

QString CaptureCurl::command(const Capture &capture, Layout layout)
{
    const QByteArray separator = layout == Layout::MultiLine ? QByteArray(" \\\n  ") : QByteArray(" ");
    const QByteArray urlBytes = url(capture);
    const bool hasBody = !capture.body.isEmpty();
    const bool pipeBody = capture.body.contains('\0');
    const QByteArray method = capture.method.isEmpty() ? QByteArray("GET") : capture.method;

    QByteArrayList start{"curl"};
    if (capture.httpVersion == "1.0")
        start << "--http1.0";
    // HEAD through -X would make curl wait for a body that never comes; --head does not.
    if (method == "HEAD")
        start << "--head";
    else if (!(method == "GET" && !hasBody) && !(method == "POST" && hasBody))
        start << QByteArray("-X " + methodWord(method));
    if (urlBytes.contains('[') || urlBytes.contains(']') || urlBytes.contains('{') || urlBytes.contains('}'))
        start << "--globoff";
    if (hasDotSegment(capture.path()))
        start << "--path-as-is";
    start << shellQuote(urlBytes);

    QByteArrayList parts{start.join(' ')};
    const QByteArray authority = QUrl::fromEncoded(urlBytes).authority(QUrl::FullyEncoded).toLatin1();
    for (const auto &[name, value] : capture.headers) {
        // What curl derives itself is left to it, so the command still holds when it is
        // pointed elsewhere or its body is edited: Host from the URL, Content-Length from
        // the body. A value that disagrees with them is kept, as sent.
        if (qstricmp(name.constData(), "host") == 0 && value == authority)
            continue;
        if (qstricmp(name.constData(), "content-length") == 0
            && value.trimmed() == QByteArray::number(capture.body.size()))
            continue;
        // "Name:" would remove the header; "Name;" is curl's spelling for an empty value.
        const QByteArray field = value.isEmpty() ? QByteArray(name + ';') : QByteArray(name + ": " + value);
        parts << QByteArray("-H " + shellQuote(field));
    }
    if (needsSuppression(capture.headers, "host"))
        parts << "-H 'Host:'";
    if (needsSuppression(capture.headers, "user-agent"))
        parts << "-H 'User-Agent:'";
    if (needsSuppression(capture.headers, "accept"))
        parts << "-H 'Accept:'";
    if (hasBody && needsSuppression(capture.headers, "content-type"))
        parts << "-H 'Content-Type:'";
    // Older curl adds Expect: 100-continue above 1 KiB, newer above 1 MiB.
    if (capture.body.size() > 1024 && needsSuppression(capture.headers, "expect"))
        parts << "-H 'Expect:'";

    QByteArray text;
    if (hasBody && pipeBody) {
        parts << "--data-binary @-";
        text = QByteArray("printf " + printfFormat(capture.body) + " | ");
    } else if (hasBody) {
        parts << QByteArray("--data-binary " + shellQuote(capture.body));
    }
    text += parts.join(separator);
    return QString::fromUtf8(text);
}
