#include "cli/cliparse.h"

#include "core/app/datapaths.h"

QString CliParse::storeFile(const QCommandLineParser &parser)
{
    return parser.isSet(QStringLiteral("store")) ? parser.value(QStringLiteral("store"))
                                                 : DataPaths::captureStoreFile();
}

QCommandLineOption CliParse::storeOption()
{
    return {QStringLiteral("store"),
            QStringLiteral("Capture store: a file (default: the app's data folder), or a PostgreSQL database "
                           "shared by a team, postgresql://USER:PASS@HOST:PORT/DB (what it leaves out comes from "
                           "the PG* environment variables, as with psql)."),
            QStringLiteral("FILE|URL")};
}

bool CliParse::integer(const QCommandLineParser &parser, const QString &option, qint64 min, qint64 max, qint64 *value,
                       QString *error)
{
    if (!parser.isSet(option))
        return true;
    bool ok = false;
    const qint64 parsed = parser.value(option).toLongLong(&ok);
    if (!ok || parsed < min || parsed > max) {
        *error = QStringLiteral("--%1 needs a whole number from %2 to %3, not '%4'")
                     .arg(option)
                     .arg(min)
                     .arg(max)
                     .arg(parser.value(option));
        return false;
    }
    *value = parsed;
    return true;
}

bool CliParse::header(const QString &text, QPair<QByteArray, QByteArray> *header, QString *error)
{
    const qsizetype colon = text.indexOf(QLatin1Char(':'));
    const QByteArray name = text.left(colon).toUtf8();
    static const QByteArray tokenSpecials = "!#$%&'*+-.^_`|~";
    bool valid = colon > 0;
    for (const char c : name)
        valid = valid && (std::isalnum(static_cast<unsigned char>(c)) || tokenSpecials.contains(c));
    if (!valid) {
        *error = QStringLiteral("'%1' is not a header; write it as \"Name: value\"").arg(text);
        return false;
    }
    *header = {name, text.mid(colon + 1).trimmed().toUtf8()};
    return true;
}
