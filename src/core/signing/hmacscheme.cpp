#include "core/signing/hmacscheme.h"

#include "core/app/logging.h"
#include "core/signing/signingutil.h"

using namespace SigningUtil;

namespace {

struct Algorithm {
    QCryptographicHash::Algorithm hash;
    qsizetype size;
};

std::optional<Algorithm> algorithmFor(const QString &name)
{
    const QString lower = name.toLower().remove(QLatin1Char('-'));
    if (lower == QLatin1String("sha1"))
        return Algorithm{QCryptographicHash::Sha1, 20};
    if (lower == QLatin1String("sha256"))
        return Algorithm{QCryptographicHash::Sha256, 32};
    if (lower == QLatin1String("sha512"))
        return Algorithm{QCryptographicHash::Sha512, 64};
    return std::nullopt;
}

std::optional<SignatureEncoding> encodingFor(const QString &name)
{
    if (name.compare(QLatin1String("hex"), Qt::CaseInsensitive) == 0)
        return SignatureEncoding::Hex;
    if (name.compare(QLatin1String("base64"), Qt::CaseInsensitive) == 0)
        return SignatureEncoding::Base64;
    return std::nullopt;
}

} // namespace

QByteArray HmacScheme::expand(const QByteArray &tmpl, const QByteArray &body, const QByteArray &timestamp,
                              const QByteArray &id)
{
    static const QByteArray placeholders[3] = {"{body}", "{timestamp}", "{id}"};
    const QByteArray *values[3] = {&body, &timestamp, &id};
    QByteArray out;
    out.reserve(tmpl.size() + body.size());
    qsizetype i = 0;
    while (i < tmpl.size()) {
        bool replaced = false;
        if (tmpl.at(i) == '{') {
            for (int p = 0; p < 3; ++p) {
                if (QByteArrayView(tmpl).sliced(i).startsWith(placeholders[p])) {
                    out += *values[p];
                    i += placeholders[p].size();
                    replaced = true;
                    break;
                }
            }
        }
        if (!replaced)
            out += tmpl.at(i++);
    }
    return out;
}

QString HmacScheme::optionsError(const SigningOptions &options) const
{
    if (options.secret.isEmpty())
        return QStringLiteral("hmac needs a secret");
    if (!algorithmFor(options.algorithm))
        return QStringLiteral("unknown HMAC algorithm '%1' (use sha1, sha256 or sha512)").arg(options.algorithm);
    if (!encodingFor(options.encoding))
        return QStringLiteral("unknown signature encoding '%1' (use hex or base64)").arg(options.encoding);
    if (options.headerName.trimmed().isEmpty())
        return QStringLiteral("hmac needs a header name for the signature");
    if (!options.signedContent.contains("{body}"))
        return QStringLiteral("the signed-content template must contain {body}");
    return {};
}

HeaderList HmacScheme::sign(const QByteArray &body, const SigningOptions &options) const
{
    if (const QString error = optionsError(options); !error.isEmpty()) {
        qCWarning(lcSigning) << "cannot sign:" << error;
        return {};
    }
    const Algorithm algorithm = *algorithmFor(options.algorithm);
    const SignatureEncoding encoding = *encodingFor(options.encoding);
    const QByteArray timestamp = QByteArray::number(signingTime(options));
    const bool needsId = options.signedContent.contains("{id}") || !options.idHeader.isEmpty();
    const QByteArray id = !needsId ? QByteArray() : options.messageId.isEmpty() ? randomMessageId() : options.messageId;
    const QByteArray mac = hmac(algorithm.hash, options.secret, expand(options.signedContent, body, timestamp, id));

    HeaderList headers;
    if (!options.idHeader.isEmpty())
        headers.append({options.idHeader, id});
    if (!options.timestampHeader.isEmpty())
        headers.append({options.timestampHeader, timestamp});
    headers.append({options.headerName, QByteArray(options.prefix + encode(mac, encoding))});
    return headers;
}

SignatureVerdict HmacScheme::verify(const HeaderList &headers, const QByteArray &body, const SigningOptions &options,
                                    qint64 nowSeconds) const
{
    if (const QString error = optionsError(options); !error.isEmpty())
        return invalid(name(), error);
    const Algorithm algorithm = *algorithmFor(options.algorithm);
    const SignatureEncoding encoding = *encodingFor(options.encoding);
    const QString headerName = QString::fromLatin1(options.headerName);
    QString problem;

    QByteArray timestampText;
    std::optional<qint64> timestamp;
    if (!options.timestampHeader.isEmpty()) {
        const auto value = singleHeader(headers, options.timestampHeader, &problem);
        if (!value)
            return invalid(name(), problem);
        timestampText = *value;
        timestamp = parseTimestamp(timestampText);
        if (!timestamp) {
            return invalid(name(),
                           QStringLiteral("%1 is not a Unix timestamp: %2")
                               .arg(QString::fromLatin1(options.timestampHeader), quoted(timestampText)));
        }
    } else if (options.signedContent.contains("{timestamp}")) {
        return invalid(name(), QStringLiteral("the template signs {timestamp} but no timestamp header is set"));
    }

    QByteArray id = options.messageId;
    if (!options.idHeader.isEmpty()) {
        const auto value = singleHeader(headers, options.idHeader, &problem);
        if (!value)
            return invalid(name(), problem);
        id = *value;
    } else if (options.signedContent.contains("{id}") && id.isEmpty()) {
        return invalid(name(), QStringLiteral("the template signs {id} but no id header is set"));
    }

    const auto signature = singleHeader(headers, options.headerName, &problem);
    if (!signature)
        return invalid(name(), problem);
    const QByteArray expectedMac = hmac(algorithm.hash, options.secret,
                                        expand(options.signedContent, body, timestampText, id));
    const QByteArray expected = options.prefix + encode(expectedMac, encoding);
    if (!signature->startsWith(options.prefix)) {
        return invalid(
            name(),
            QStringLiteral("%1 does not start with %2: %3").arg(headerName, quoted(options.prefix), quoted(*signature)),
            expected);
    }
    const auto provided = decodeSignature(QByteArrayView(*signature).sliced(options.prefix.size()), encoding,
                                          algorithm.size, headerName, &problem);
    const QString timeProblem = timestamp ? timestampProblem(*timestamp, nowSeconds, options.toleranceSeconds)
                                          : QString();
    if (!provided || !constantTimeEquals(*provided, expectedMac)) {
        QString reason = provided ? QStringLiteral("signature mismatch") : problem;
        if (!timeProblem.isEmpty())
            reason += QStringLiteral("; also ") + timeProblem;
        return invalid(name(), reason, expected);
    }
    if (!timeProblem.isEmpty())
        return invalid(name(), timeProblem);
    return valid(name(), QStringLiteral("%1 matches").arg(headerName));
}
