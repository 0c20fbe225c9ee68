#include "cli/signingcli.h"

namespace {
const QString algorithmOption = QStringLiteral("hmac-algorithm");
const QString encodingOption = QStringLiteral("hmac-encoding");
const QString headerOption = QStringLiteral("hmac-header");
const QString prefixOption = QStringLiteral("hmac-prefix");
const QString templateOption = QStringLiteral("hmac-template");
const QString timestampHeaderOption = QStringLiteral("hmac-timestamp-header");
const QString idHeaderOption = QStringLiteral("hmac-id-header");
} // namespace

void addSigningOptions(QCommandLineParser &parser)
{
    parser.addOptions({
        {algorithmOption, QStringLiteral("hmac scheme: sha1, sha256 (default) or sha512."), QStringLiteral("ALG")},
        {encodingOption, QStringLiteral("hmac scheme: hex (default) or base64."), QStringLiteral("ENC")},
        {headerOption, QStringLiteral("hmac scheme: signature header (default X-Signature)."), QStringLiteral("NAME")},
        {prefixOption, QStringLiteral("hmac scheme: text before the signature, e.g. sha256=."), QStringLiteral("TEXT")},
        {templateOption, QStringLiteral("hmac scheme: what is signed, from {body} {timestamp} {id} (default {body})."),
         QStringLiteral("TEMPLATE")},
        {timestampHeaderOption, QStringLiteral("hmac scheme: header carrying {timestamp}."), QStringLiteral("NAME")},
        {idHeaderOption, QStringLiteral("hmac scheme: header carrying {id}."), QStringLiteral("NAME")},
    });
}

bool signingOptionsFrom(const QCommandLineParser &parser, SigningOptions *options, QString *error)
{
    if (parser.isSet(algorithmOption)) {
        const QString value = parser.value(algorithmOption).toLower();
        if (value != QLatin1String("sha1") && value != QLatin1String("sha256") && value != QLatin1String("sha512")) {
            *error = QStringLiteral("--hmac-algorithm must be sha1, sha256 or sha512, not '%1'").arg(value);
            return false;
        }
        options->algorithm = value;
    }
    if (parser.isSet(encodingOption)) {
        const QString value = parser.value(encodingOption).toLower();
        if (value != QLatin1String("hex") && value != QLatin1String("base64")) {
            *error = QStringLiteral("--hmac-encoding must be hex or base64, not '%1'").arg(value);
            return false;
        }
        options->encoding = value;
    }
    if (parser.isSet(headerOption)) {
        options->headerName = parser.value(headerOption).toUtf8().trimmed();
        if (options->headerName.isEmpty()) {
            *error = QStringLiteral("--hmac-header must not be empty");
            return false;
        }
    }
    if (parser.isSet(prefixOption))
        options->prefix = parser.value(prefixOption).toUtf8();
    if (parser.isSet(templateOption)) {
        options->signedContent = parser.value(templateOption).toUtf8();
        if (!options->signedContent.contains("{body}")) {
            *error = QStringLiteral("--hmac-template must contain {body}");
            return false;
        }
    }
    if (parser.isSet(timestampHeaderOption))
        options->timestampHeader = parser.value(timestampHeaderOption).toUtf8().trimmed();
    if (parser.isSet(idHeaderOption))
        options->idHeader = parser.value(idHeaderOption).toUtf8().trimmed();
    return true;
}
