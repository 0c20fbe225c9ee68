#include "core/collections/formats/curlimporter.h"

#include "core/http/headerlist.h"
#include "core/send/outgoingrequest.h"

#include <QUrl>

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

CurlImporter::Result CurlImporter::parse(const QString &commandLine)
{
    Result result;
    QStringList words;
    if (!splitWords(commandLine, &words, &result.error))
        return result;
    if (!words.isEmpty() && (words.first() == QLatin1String("curl") || words.first().endsWith(QLatin1String("/curl"))))
        words.removeFirst();

    QString method;
    QString url;
    HeaderList headers;
    QByteArrayList data;
    bool head = false;
    bool get = false;
    bool json = false;
    QString user;
    bool hasUser = false;
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
    bool sawData = false;
    auto addData = [&](const QString &option, const QString &value, bool allowFile) {
        sawData = true;
        if (allowFile && value.startsWith(QLatin1Char('@'))) {
            result.warnings.append(
                QStringLiteral("%1 %2: the body is read from a file by curl; it was not imported").arg(option, value));
            return;
        }
        data.append(value.toUtf8());
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
            addData(option, value, true);
        } else if (option == QLatin1String("--data-binary")) {
            addData(option, value, true);
        } else if (option == QLatin1String("--data-raw")) {
            addData(option, value, false);
        } else if (option == QLatin1String("--data-urlencode")) {
            // name=content: content is encoded; =content: content alone; @file: not here.
            const qsizetype eq = value.indexOf(QLatin1Char('='));
            if (value.startsWith(QLatin1Char('@')) || (eq > 0 && value.mid(eq + 1).startsWith(QLatin1Char('@')))) {
                result.warnings.append(QStringLiteral("--data-urlencode %1: reads a file; not imported").arg(value));
                continue;
            }
            QByteArray encoded = eq < 0
                ? QUrl::toPercentEncoding(value)
                : QByteArray(value.left(eq).toUtf8() + '=' + QUrl::toPercentEncoding(value.mid(eq + 1)));
            if (eq == 0)
                encoded = QUrl::toPercentEncoding(value.mid(1));
            data.append(encoded);
            sawData = true;
        } else if (option == QLatin1String("--json")) {
            json = true;
            addData(option, value, true);
        } else if (option == QLatin1String("-u") || option == QLatin1String("--user")) {
            user = value;
            hasUser = true;
        } else if (option == QLatin1String("-A") || option == QLatin1String("--user-agent")) {
            headers.append({QByteArrayLiteral("User-Agent"), value.toUtf8()});
        } else if (option == QLatin1String("-e") || option == QLatin1String("--referer")) {
            headers.append({QByteArrayLiteral("Referer"), value.toUtf8()});
        } else if (option == QLatin1String("-b") || option == QLatin1String("--cookie")) {
            if (value.contains(QLatin1Char('=')))
                headers.append({QByteArrayLiteral("Cookie"), value.toUtf8()});
            else
                result.warnings.append(QStringLiteral("%1 %2: a cookie file; not imported").arg(option, value));
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
        } else if (option == QLatin1String("-s") || option == QLatin1String("--silent") || option == QLatin1String("-S")
                   || option == QLatin1String("--show-error") || option == QLatin1String("-v")
                   || option == QLatin1String("--verbose") || option == QLatin1String("-i")
                   || option == QLatin1String("--include") || option == QLatin1String("--compressed")
                   || option == QLatin1String("-sS")) {
            result.warnings.append(
                QStringLiteral("%1: changes only curl's own output or decoding; ignored").arg(option));
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

    QByteArray body = data.join('&');
    if (get && !body.isEmpty()) {
        url += (url.contains(QLatin1Char('?')) ? QLatin1Char('&') : QLatin1Char('?')) + QString::fromUtf8(body);
        body.clear();
    }
    if (json) {
        if (Headers::value(headers, "Content-Type").isEmpty())
            headers.append({QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")});
        if (Headers::value(headers, "Accept").isEmpty())
            headers.append({QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json")});
    }
    if (method.isEmpty())
        method = head ? QStringLiteral("HEAD") : (sawData && !get ? QStringLiteral("POST") : QStringLiteral("GET"));

    // curl sends -d bodies as a form unless told otherwise; the draft says so through its body mode.
    const bool impliedForm = !body.isEmpty() && Headers::value(headers, "Content-Type").isEmpty();
    OutgoingRequest request;
    request.method = method.toUtf8();
    request.headers = headers;
    if (impliedForm)
        request.headers.append(
            {QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/x-www-form-urlencoded")});
    request.body = body;
    request.options = options;
    RequestDraft draft = RequestDraft::fromRequest(request);
    if (impliedForm)
        draft.headers.removeLast();
    if (draft.bodyMode == RequestDraft::BodyMode::Form && RequestDraft::formEncode(draft.form) != body) {
        // Would not come out byte for byte as curl sends it: keep the text.
        draft.bodyMode = RequestDraft::BodyMode::Text;
        draft.body = QString::fromUtf8(body);
        draft.form.clear();
        draft.textContentType = QStringLiteral("application/x-www-form-urlencoded");
    }
    draft.url = url; // as typed: a QUrl round trip would escape {{placeholders}}

    if (hasUser) {
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
