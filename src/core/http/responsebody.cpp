#include "core/http/responsebody.h"

#include "core/json/jsontools.h"

#include <QStringDecoder>

namespace {

bool isJsonContentType(QByteArrayView contentType)
{
    QByteArray type = contentType.toByteArray();
    if (const qsizetype semicolon = type.indexOf(';'); semicolon >= 0)
        type.truncate(semicolon);
    type = type.trimmed().toLower();
    return type == "application/json" || type.endsWith("+json");
}

bool isText(const QByteArray &body)
{
    for (const char c : body) {
        const auto u = static_cast<uchar>(c);
        if (u < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f')
            return false;
        if (u == 0x7F)
            return false;
    }
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString decoded = decoder.decode(body);
    Q_UNUSED(decoded);
    return !decoder.hasError();
}

} // namespace

ResponseBody::Kind ResponseBody::classify(const QByteArray &body, const HeaderList &headers)
{
    if (body.isEmpty())
        return Kind::Empty;
    const QByteArray contentType = Headers::value(headers, "Content-Type");
    const bool jsonType = isJsonContentType(contentType);
    // A JSON type that does not parse is shown as text, so the user sees what came.
    if ((jsonType || contentType.isEmpty() || contentType.startsWith("text/")) && !JsonTools::validate(body).isError())
        return Kind::Json;
    if (isText(body))
        return Kind::Text;
    return Kind::Binary;
}

QString ResponseBody::hexDump(QByteArrayView bytes, qsizetype limit)
{
    const qsizetype shown = qMin(bytes.size(), qMax<qsizetype>(0, limit));
    QString out;
    out.reserve((shown / 16 + 2) * 78);
    for (qsizetype line = 0; line < shown; line += 16) {
        out += QStringLiteral("%1  ").arg(line, 8, 16, QLatin1Char('0'));
        QString ascii;
        for (qsizetype i = 0; i < 16; ++i) {
            if (line + i < shown) {
                const auto b = static_cast<uchar>(bytes[line + i]);
                out += QStringLiteral("%1 ").arg(b, 2, 16, QLatin1Char('0'));
                ascii += (b >= 0x20 && b < 0x7F) ? QLatin1Char(char(b)) : QLatin1Char('.');
            } else {
                out += QLatin1String("   ");
            }
            if (i == 7)
                out += QLatin1Char(' ');
        }
        out += QLatin1String(" |") + ascii + QLatin1String("|\n");
    }
    if (shown < bytes.size())
        out += QStringLiteral("… %1 more bytes not shown\n").arg(bytes.size() - shown);
    return out;
}

QString ResponseBody::formatSize(qint64 bytes)
{
    if (bytes < 1024)
        return QStringLiteral("%1 B").arg(bytes);
    if (bytes < 1024 * 1024)
        return QStringLiteral("%1 KB").arg(bytes / 1024.0, 0, 'f', 1);
    return QStringLiteral("%1 MB").arg(bytes / (1024.0 * 1024.0), 0, 'f', 1);
}

QString ResponseBody::formatDuration(double ms)
{
    if (ms < 0)
        return QStringLiteral("–");
    if (ms < 10)
        return QStringLiteral("%1 ms").arg(ms, 0, 'f', 1);
    if (ms < 1000)
        return QStringLiteral("%1 ms").arg(qRound(ms));
    return QStringLiteral("%1 s").arg(ms / 1000.0, 0, 'f', 2);
}
