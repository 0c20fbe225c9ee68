#include "core/collections/formats/curlimporter.h"

#include "core/http/headerlist.h"
#include "core/send/outgoingrequest.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QUrl>

#include <algorithm>

namespace {

// A heredoc (<<EOF ... EOF, <<'EOF', <<-EOF) or here-string (<<<'text') feeding curl's
// standard input, cut out of the command line: what `-d @-` and friends read.
QString takeStandardInput(QString *commandLine, bool *found)
{
    *found = false;
    static const QRegularExpression hereString(QStringLiteral("<<<\\s*(?:'([^']*)'|\"([^\"]*)\"|(\\S+))"));
    static const QRegularExpression heredoc(QStringLiteral("<<(-?)\\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\\2"));
    if (const QRegularExpressionMatch m = hereString.match(*commandLine); m.hasMatch()) {
        *found = true;
        const QString text = m.captured(1) + m.captured(2) + m.captured(3);
        commandLine->remove(m.capturedStart(), m.capturedLength());
        return text + QLatin1Char('\n');
    }
    const QRegularExpressionMatch m = heredoc.match(*commandLine);
    if (!m.hasMatch())
        return {};
    const qsizetype lineEnd = commandLine->indexOf(QLatin1Char('\n'), m.capturedEnd());
    if (lineEnd < 0)
        return {};
    const bool stripTabs = !m.captured(1).isEmpty();
    const QString delimiter = m.captured(3);
    const QStringList lines = commandLine->mid(lineEnd + 1).split(QLatin1Char('\n'));
    QString text;
    qsizetype consumed = 0;
    bool closed = false;
    for (const QString &rawLine : lines) {
        consumed += rawLine.size() + 1;
        QString line = rawLine;
        if (line.endsWith(QLatin1Char('\r')))
            line.chop(1);
        if (stripTabs)
            while (line.startsWith(QLatin1Char('\t')))
                line.remove(0, 1);
        if (line == delimiter) {
            closed = true;
            break;
        }
        text += line + QLatin1Char('\n');
    }
    if (!closed)
        return {};
    *found = true;
    const QString rest = commandLine->mid(lineEnd + 1 + consumed);
    *commandLine = commandLine->left(m.capturedStart()) + commandLine->mid(m.capturedEnd(), lineEnd - m.capturedEnd())
        + QLatin1Char('\n') + rest;
    return text;
}

// curl's --data-urlencode: everything but ALPHA DIGIT -._~ as %XX, then space as '+'.
QByteArray urlEncodeAsCurl(const QByteArray &bytes)
{
    QByteArray encoded = bytes.toPercentEncoding();
    encoded.replace("%20", "+");
    return encoded;
}

} // namespace

bool CurlImporter::looksLikeCurl(const QString &text)
{
    const QString trimmed = text.trimmed();
    return trimmed.startsWith(QLatin1String("curl ")) || trimmed.startsWith(QLatin1String("curl\t"))
        || trimmed.startsWith(QLatin1String("curl\\"));
}

bool CurlImporter::splitWords(const QString &commandLine, QStringList *words, QString *error)
{
    words->clear();
    QString word;
    bool inWord = false;
    const qsizetype n = commandLine.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = commandLine.at(i);
        if (c == QLatin1Char('\\')) {
            // A continuation: backslash-newline (also backslash-CR-LF, as pasted from Windows).
            if (i + 1 < n && commandLine.at(i + 1) == QLatin1Char('\n')) {
                ++i;
                continue;
            }
            if (i + 2 < n && commandLine.at(i + 1) == QLatin1Char('\r') && commandLine.at(i + 2) == QLatin1Char('\n')) {
                i += 2;
                continue;
            }
            if (i + 1 < n) {
                word += commandLine.at(++i);
                inWord = true;
            }
            continue;
        }
        if (c == QLatin1Char('\'')) {
            const qsizetype end = commandLine.indexOf(QLatin1Char('\''), i + 1);
            if (end < 0) {
                *error = QStringLiteral("unterminated ' quote starting at character %1").arg(i + 1);
                return false;
            }
            word += commandLine.mid(i + 1, end - i - 1);
            inWord = true;
            i = end;
            continue;
        }
        if (c == QLatin1Char('$') && i + 1 < n && commandLine.at(i + 1) == QLatin1Char('\'')) {
            // ANSI-C quoting, as Chrome's "copy as cURL (bash)" writes it.
            qsizetype j = i + 2;
            QByteArray bytes;
            bool closed = false;
            for (; j < n; ++j) {
                const QChar d = commandLine.at(j);
                if (d == QLatin1Char('\'')) {
                    closed = true;
                    break;
                }
                if (d == QLatin1Char('\\') && j + 1 < n) {
                    const QChar e = commandLine.at(++j);
                    switch (e.unicode()) {
                    case 'n':
                        bytes += '\n';
                        break;
                    case 't':
                        bytes += '\t';
                        break;
                    case 'r':
                        bytes += '\r';
                        break;
                    case '0':
                        bytes += '\0';
                        break;
                    case 'x': {
                        const QString hex = commandLine.mid(j + 1, 2);
                        bool ok = false;
                        const int value = hex.toInt(&ok, 16);
                        if (ok) {
                            bytes += char(value);
                            j += 2;
                        } else {
                            bytes += "\\x";
                        }
                        break;
                    }
                    default:
                        bytes += QString(e).toUtf8();
                    }
                    continue;
                }
                bytes += QString(d).toUtf8();
            }
            if (!closed) {
                *error = QStringLiteral("unterminated $' quote starting at character %1").arg(i + 1);
                return false;
            }
            word += QString::fromUtf8(bytes);
            inWord = true;
            i = j;
            continue;
        }
        if (c == QLatin1Char('"')) {
            qsizetype j = i + 1;
            bool closed = false;
            for (; j < n; ++j) {
                const QChar d = commandLine.at(j);
                if (d == QLatin1Char('"')) {
                    closed = true;
                    break;
                }
                if (d == QLatin1Char('\\') && j + 1 < n) {
                    const QChar e = commandLine.at(j + 1);
                    if (e == QLatin1Char('\n')) {
                        ++j;
                        continue;
                    }
                    if (e == QLatin1Char('"') || e == QLatin1Char('\\') || e == QLatin1Char('$')
                        || e == QLatin1Char('`')) {
                        word += e;
                        ++j;
                        continue;
                    }
                }
                word += d;
            }
            if (!closed) {
                *error = QStringLiteral("unterminated \" quote starting at character %1").arg(i + 1);
                return false;
            }
            inWord = true;
            i = j;
            continue;
        }
        if (c.isSpace()) {
            if (inWord)
                words->append(word);
            word.clear();
            inWord = false;
            continue;
        }
        word += c;
        inWord = true;
    }
    if (inWord)
        words->append(word);
    return true;
}

CurlImporter::Result CurlImporter::parse(const QString &commandLineIn, const QString &workingDir)
{
    Result result;
    QString commandLine = commandLineIn;
    bool hasStdin = false;
    const QByteArray standardInput = takeStandardInput(&commandLine, &hasStdin).toUtf8();
    QStringList words;
    if (!splitWords(commandLine, &words, &result.error))
        return result;
    if (!words.isEmpty() && (words.first() == QLatin1String("curl") || words.first().endsWith(QLatin1String("/curl"))))
        words.removeFirst();
    const QDir base(workingDir.isEmpty() ? QDir::currentPath() : workingDir);

    QString method;
    QString url;
    HeaderList headers;
    QByteArray data;
    bool sawData = false;
    bool head = false;
    bool get = false;
    bool json = false;
    QString user;
    bool hasUser = false;
    QString bearer;
    bool hasBearer = false;
    FormFields form;
    QString uploadFile;
    bool hasUpload = false;
    QByteArray uploadBody;
    SendOptions options;

    // Short options may be glued to their value (-XPOST, -HAccept:x), as curl allows.
    static const QStringList withValue = {
        QStringLiteral("-X"),
        QStringLiteral("--request"),
        QStringLiteral("-H"),
        QStringLiteral("--header"),
        QStringLiteral("-d"),
        QStringLiteral("--data"),
        QStringLiteral("--data-ascii"),
        QStringLiteral("--data-raw"),
        QStringLiteral("--data-binary"),
        QStringLiteral("--data-urlencode"),
        QStringLiteral("--json"),
        QStringLiteral("-u"),
        QStringLiteral("--user"),
        QStringLiteral("--oauth2-bearer"),
        QStringLiteral("-A"),
        QStringLiteral("--user-agent"),
        QStringLiteral("-e"),
        QStringLiteral("--referer"),
        QStringLiteral("-b"),
        QStringLiteral("--cookie"),
        QStringLiteral("-m"),
        QStringLiteral("--max-time"),
        QStringLiteral("--url"),
        QStringLiteral("-F"),
        QStringLiteral("--form"),
        QStringLiteral("--form-string"),
        QStringLiteral("-r"),
        QStringLiteral("--range"),
        QStringLiteral("-o"),
        QStringLiteral("--output"),
        QStringLiteral("--connect-timeout"),
        QStringLiteral("--max-redirs"),
        QStringLiteral("-x"),
        QStringLiteral("--proxy"),
        QStringLiteral("-w"),
        QStringLiteral("--write-out"),
        QStringLiteral("--cacert"),
        QStringLiteral("-E"),
        QStringLiteral("--cert"),
        QStringLiteral("--resolve"),
        QStringLiteral("-T"),
        QStringLiteral("--upload-file"),
    };
    // Flags without a value that may be bundled (-sSL).
    static const QString bundledFlags = QStringLiteral("sSLkvGIi");

    // What curl reads for @name: a file (relative to the working folder) or standard input.
    auto readSource = [&](const QString &option, const QString &name, QByteArray *bytes) {
        if (name == QLatin1String("-")) {
            if (!hasStdin) {
                result.warnings.append(QStringLiteral("%1 @-: reads standard input, which is not part of the "
                                                      "command (no heredoc); the body is left empty")
                                           .arg(option));
                return false;
            }
            *bytes = standardInput;
            return true;
        }
        QFile file(base.absoluteFilePath(name));
        if (!file.open(QIODevice::ReadOnly)) {
            result.warnings.append(QStringLiteral("%1 @%2: cannot read the file (%3); curl would send an empty body")
                                       .arg(option, name, file.errorString()));
            return false;
        }
        *bytes = file.readAll();
        return true;
    };
    auto addData = [&](const QByteArray &piece, bool concatenate) {
        // curl keeps one body: pieces joined with '&', --json pieces run together.
        if (sawData && !concatenate)
            data += '&';
        data += piece;
        sawData = true;
    };
    auto addFormField = [&](const QString &option, const QString &value, bool literal) {
        const qsizetype equals = value.indexOf(QLatin1Char('='));
        if (equals <= 0) {
            result.warnings.append(QStringLiteral("%1 '%2': not name=content; skipped").arg(option, value));
            return;
        }
        FormField field;
        field.name = value.left(equals);
        QString content = value.mid(equals + 1);
        if (literal) {
            field.value = content;
            form.append(field);
            return;
        }
        // content[;type=..][;filename=..][;headers=..]: the first ';' ends the content.
        QStringList params;
        if (content.startsWith(QLatin1Char('"'))) {
            const qsizetype close = content.indexOf(QLatin1Char('"'), 1);
            if (close > 0) {
                params = content.mid(close + 1).split(QLatin1Char(';'), Qt::SkipEmptyParts);
                content = content.mid(1, close - 1);
            }
        } else if (const qsizetype semicolon = content.indexOf(QLatin1Char(';')); semicolon >= 0) {
            params = content.mid(semicolon + 1).split(QLatin1Char(';'), Qt::SkipEmptyParts);
            content.truncate(semicolon);
        }
        for (const QString &param : std::as_const(params)) {
            const QString p = param.trimmed();
            if (p.startsWith(QLatin1String("type=")))
                field.contentType = p.mid(5);
            else if (p.startsWith(QLatin1String("filename=")))
                field.fileName = p.mid(9).remove(QLatin1Char('"'));
            else
                result.warnings.append(QStringLiteral("%1 %2: ';%3' not supported; ignored").arg(option, value, p));
        }
        if (content.startsWith(QLatin1Char('@'))) {
            const QString path = content.mid(1);
            if (path == QLatin1String("-") || path.contains(QLatin1Char(','))) {
                result.warnings.append(QStringLiteral("%1 %2: standard input or several files in one field are "
                                                      "not supported; field skipped")
                                           .arg(option, value));
                return;
            }
            field.isFile = true;
            field.value = base.absoluteFilePath(path);
        } else if (content.startsWith(QLatin1Char('<'))) {
            // The file's content as a text field, read now rather than at each send.
            QByteArray bytes;
            if (!readSource(option, content.mid(1), &bytes))
                return;
            field.value = QString::fromUtf8(bytes);
        } else {
            field.value = content;
        }
        form.append(field);
    };

    for (qsizetype i = 0; i < words.size(); ++i) {
        QString option = words.at(i);
        QString value;
        if (option.startsWith(QLatin1String("--")) && option.contains(QLatin1Char('='))
            && withValue.contains(option.left(option.indexOf(QLatin1Char('='))))) {
            value = option.mid(option.indexOf(QLatin1Char('=')) + 1);
            option = option.left(option.indexOf(QLatin1Char('=')));
        } else if (withValue.contains(option)) {
            if (i + 1 >= words.size()) {
                result.error = QStringLiteral("%1 needs a value").arg(option);
                return result;
            }
            value = words.at(++i);
        } else if (option.size() > 2 && option.at(0) == QLatin1Char('-') && option.at(1) != QLatin1Char('-')
                   && withValue.contains(option.left(2))) {
            value = option.mid(2);
            option = option.left(2);
        } else if (option.size() > 2 && option.at(0) == QLatin1Char('-') && option.at(1) != QLatin1Char('-')
                   && std::all_of(option.cbegin() + 1, option.cend(),
                                  [](QChar c) { return bundledFlags.contains(c); })) {
            for (qsizetype k = option.size() - 1; k >= 1; --k)
                words.insert(i + 1, QStringLiteral("-") + option.at(k));
            continue;
        }

        if (option == QLatin1String("-X") || option == QLatin1String("--request")) {
            method = value;
        } else if (option == QLatin1String("-H") || option == QLatin1String("--header")) {
            const qsizetype colon = value.indexOf(QLatin1Char(':'));
            if (colon <= 0) {
                result.warnings.append(QStringLiteral("-H '%1': not a \"Name: value\" header; skipped").arg(value));
                continue;
            }
            const QString name = value.left(colon).trimmed();
            const QString headerValue = value.mid(colon + 1).trimmed();
            if (headerValue.isEmpty()) {
                // curl removes a header it would add when given "Name:" without a value.
                result.warnings.append(
                    QStringLiteral("-H '%1': removes curl's own header; nothing to import").arg(value));
                continue;
            }
            headers.append({name.toUtf8(), headerValue.toUtf8()});
        } else if (option == QLatin1String("-d") || option == QLatin1String("--data")
                   || option == QLatin1String("--data-ascii")) {
            QByteArray piece = value.toUtf8();
            if (value.startsWith(QLatin1Char('@'))) {
                piece.clear();
                readSource(option, value.mid(1), &piece);
                // -d @file sends the file without its line breaks; --data-binary keeps them.
                piece.replace("\r", "").replace("\n", "");
            }
            addData(piece, false);
        } else if (option == QLatin1String("--data-binary") || option == QLatin1String("--json")) {
            QByteArray piece = value.toUtf8();
            if (value.startsWith(QLatin1Char('@'))) {
                piece.clear();
                readSource(option, value.mid(1), &piece);
            }
            json = json || option == QLatin1String("--json");
            addData(piece, option == QLatin1String("--json"));
        } else if (option == QLatin1String("--data-raw")) {
            addData(value.toUtf8(), false);
        } else if (option == QLatin1String("--data-urlencode")) {
            // content, =content, name=content, @file, name@file: the content is encoded, a name is not.
            const qsizetype eq = value.indexOf(QLatin1Char('='));
            const qsizetype at = value.indexOf(QLatin1Char('@'));
            QByteArray piece;
            if (at >= 0 && (eq < 0 || at < eq)) {
                QByteArray bytes;
                readSource(option, value.mid(at + 1), &bytes);
                piece = (at > 0 ? value.left(at).toUtf8() + '=' : QByteArray()) + urlEncodeAsCurl(bytes);
            } else if (eq >= 0) {
                piece = (eq > 0 ? value.left(eq).toUtf8() + '=' : QByteArray())
                    + urlEncodeAsCurl(value.mid(eq + 1).toUtf8());
            } else {
                piece = urlEncodeAsCurl(value.toUtf8());
            }
            addData(piece, false);
        } else if (option == QLatin1String("-F") || option == QLatin1String("--form")
                   || option == QLatin1String("--form-string")) {
            addFormField(option, value, option == QLatin1String("--form-string"));
        } else if (option == QLatin1String("-T") || option == QLatin1String("--upload-file")) {
            hasUpload = true;
            uploadFile = value;
            readSource(option, value, &uploadBody);
        } else if (option == QLatin1String("-u") || option == QLatin1String("--user")) {
            user = value;
            hasUser = true;
        } else if (option == QLatin1String("--oauth2-bearer")) {
            bearer = value;
            hasBearer = true;
        } else if (option == QLatin1String("-A") || option == QLatin1String("--user-agent")) {
            headers.append({QByteArrayLiteral("User-Agent"), value.toUtf8()});
        } else if (option == QLatin1String("-e") || option == QLatin1String("--referer")) {
            // ";auto" asks curl to update the Referer on redirects; it is not sent.
            QString referer = value;
            if (referer.endsWith(QLatin1String(";auto"))) {
                referer.chop(5);
                result.warnings.append(
                    QStringLiteral("%1 ';auto': the Referer is not updated on redirects").arg(option));
            }
            if (!referer.isEmpty())
                headers.append({QByteArrayLiteral("Referer"), referer.toUtf8()});
        } else if (option == QLatin1String("-b") || option == QLatin1String("--cookie")) {
            if (value.contains(QLatin1Char('=')))
                headers.append({QByteArrayLiteral("Cookie"), value.toUtf8()});
            else
                result.warnings.append(QStringLiteral("%1 %2: a cookie file; not imported").arg(option, value));
        } else if (option == QLatin1String("-r") || option == QLatin1String("--range")) {
            headers.append({QByteArrayLiteral("Range"), QByteArray("bytes=" + value.toUtf8())});
        } else if (option == QLatin1String("-m") || option == QLatin1String("--max-time")) {
            bool ok = false;
            const double seconds = value.toDouble(&ok);
            if (ok && seconds > 0)
                options.timeoutMs = int(seconds * 1000);
            else
                result.warnings.append(QStringLiteral("%1 %2: not a number of seconds; ignored").arg(option, value));
        } else if (option == QLatin1String("--max-redirs")) {
            options.maxRedirects = value.toInt();
        } else if (option == QLatin1String("--url")) {
            url = value;
        } else if (option == QLatin1String("-G") || option == QLatin1String("--get")) {
            get = true;
        } else if (option == QLatin1String("-I") || option == QLatin1String("--head")) {
            head = true;
        } else if (option == QLatin1String("-k") || option == QLatin1String("--insecure")) {
            options.ignoreTlsErrors = true;
        } else if (option == QLatin1String("-L") || option == QLatin1String("--location")) {
            options.followRedirects = true;
        } else if (option == QLatin1String("--http2") || option == QLatin1String("--http1.1")) {
            options.allowHttp2 = option == QLatin1String("--http2");
        } else if (option == QLatin1String("--compressed")) {
            result.warnings.append(QStringLiteral("--compressed: Hookbench asks for gzip and deflate (curl also for "
                                                  "br and zstd) and decodes the answer, as curl does"));
        } else if (option == QLatin1String("-s") || option == QLatin1String("--silent") || option == QLatin1String("-S")
                   || option == QLatin1String("--show-error") || option == QLatin1String("-v")
                   || option == QLatin1String("--verbose") || option == QLatin1String("-i")
                   || option == QLatin1String("--include")) {
            result.warnings.append(QStringLiteral("%1: changes only curl's own output; ignored").arg(option));
        } else if (option.startsWith(QLatin1Char('-')) && option.size() > 1) {
            result.warnings.append(value.isEmpty()
                                       ? QStringLiteral("%1: not supported; ignored").arg(option)
                                       : QStringLiteral("%1 %2: not supported; ignored").arg(option, value));
        } else if (url.isEmpty()) {
            url = option;
        } else {
            result.warnings.append(QStringLiteral("'%1': a second URL; only the first is imported").arg(option));
        }
    }

    if (url.isEmpty()) {
        result.error = QStringLiteral("no URL in the cURL command");
        return result;
    }
    if (!form.isEmpty() && (sawData || hasUpload)) {
        result.warnings.append(QStringLiteral("-F with -d or -T: curl refuses to mix them; only the form is imported"));
        sawData = false;
        hasUpload = false;
        data.clear();
    }

    QByteArray body = data;
    if (get && sawData) {
        if (!body.isEmpty())
            url += (url.contains(QLatin1Char('?')) ? QLatin1Char('&') : QLatin1Char('?')) + QString::fromUtf8(body);
        body.clear();
    }
    if (hasUpload && !sawData) {
        body = uploadBody;
        // curl names the file in a URL that ends with '/' (or has no path).
        const QUrl parsed(url);
        if (url.endsWith(QLatin1Char('/')) || (parsed.isValid() && parsed.path().isEmpty()))
            url += (url.endsWith(QLatin1Char('/')) ? QString() : QStringLiteral("/"))
                + QString::fromUtf8(QUrl::toPercentEncoding(QFileInfo(uploadFile).fileName()));
        if (!Headers::contains(headers, "Content-Type"))
            result.warnings.append(QStringLiteral("-T: curl sends the file without a Content-Type; Hookbench sends "
                                                  "application/octet-stream"));
        if (!body.isEmpty())
            result.warnings.append(QStringLiteral("-T: curl asks \"Expect: 100-continue\" first; Hookbench sends the "
                                                  "body at once"));
    }
    if (json) {
        if (Headers::value(headers, "Content-Type").isEmpty())
            headers.append({QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")});
        if (Headers::value(headers, "Accept").isEmpty())
            headers.append({QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json")});
    }
    if (method.isEmpty()) {
        if (head)
            method = QStringLiteral("HEAD");
        else if (hasUpload && !sawData)
            method = QStringLiteral("PUT");
        else if ((sawData && !get) || !form.isEmpty())
            method = QStringLiteral("POST");
        else
            method = QStringLiteral("GET");
    }

    // curl sends -d bodies as a form unless told otherwise; the draft says so through its body mode.
    const bool impliedForm = sawData && !get && !body.isEmpty() && Headers::value(headers, "Content-Type").isEmpty();
    const bool impliedOctets = hasUpload && !sawData && Headers::value(headers, "Content-Type").isEmpty();
    OutgoingRequest request;
    request.method = method.toUtf8();
    request.headers = headers;
    if (impliedForm)
        request.headers.append(
            {QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/x-www-form-urlencoded")});
    if (impliedOctets)
        request.headers.append({QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/octet-stream")});
    request.body = body;
    request.options = options;
    RequestDraft draft = RequestDraft::fromRequest(request);
    if (impliedForm || impliedOctets)
        draft.headers.removeLast();
    if (draft.bodyMode == RequestDraft::BodyMode::Form && RequestDraft::formEncode(draft.form) != body) {
        // Would not come out byte for byte as curl sends it: keep the text.
        draft.bodyMode = RequestDraft::BodyMode::Text;
        draft.body = QString::fromUtf8(body);
        draft.form.clear();
        draft.textContentType = QStringLiteral("application/x-www-form-urlencoded");
    }
    if (draft.bodyMode != RequestDraft::BodyMode::Form && draft.body.toUtf8() != body)
        result.warnings.append(QStringLiteral("the body is not UTF-8 text, which the composer holds; bytes that "
                                              "are not were replaced"));
    if (!form.isEmpty()) {
        draft.bodyMode = RequestDraft::BodyMode::Multipart;
        draft.multipart = form;
    }
    draft.url = url; // as typed: a QUrl round trip would escape {{placeholders}}

    // An explicit Authorization header is what curl sends: it replaces the one -u or
    // --oauth2-bearer would make.
    const bool explicitAuthorization = Headers::contains(headers, "Authorization");
    if ((hasUser || hasBearer) && explicitAuthorization) {
        result.warnings.append(QStringLiteral("%1: the -H Authorization header is sent instead, as curl does")
                                   .arg(hasUser ? QStringLiteral("-u") : QStringLiteral("--oauth2-bearer")));
    } else if (hasBearer) {
        draft.authMode = RequestDraft::AuthMode::Bearer;
        draft.bearerToken = bearer;
    } else if (hasUser) {
        const qsizetype colon = user.indexOf(QLatin1Char(':'));
        draft.authMode = RequestDraft::AuthMode::Basic;
        draft.basicUser = colon < 0 ? user : user.left(colon);
        draft.basicPassword = colon < 0 ? QString() : user.mid(colon + 1);
        if (colon < 0)
            result.warnings.append(
                QStringLiteral("-u %1: no password given (curl would ask for one); left empty").arg(user));
    }
    result.draft = draft;
    result.ok = true;
    return result;
}
