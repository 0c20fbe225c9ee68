#include "core/signing/githubscheme.h"

#include "core/app/logging.h"
#include "core/signing/signingutil.h"

using namespace SigningUtil;

namespace {

struct Variant {
    const char *header;
    const char *prefix;
    QCryptographicHash::Algorithm algorithm;
    qsizetype size;
};
const Variant sha256Variant{"X-Hub-Signature-256", "sha256=", QCryptographicHash::Sha256, 32};
const Variant sha1Variant{"X-Hub-Signature", "sha1=", QCryptographicHash::Sha1, 20};

QByteArray headerValue(const Variant &variant, const QByteArray &secret, const QByteArray &body)
{
    return variant.prefix + hmac(variant.algorithm, secret, body).toHex();
}

// Empty when the header verifies; else why not (and *expected is what we would have sent).
QString check(const Variant &variant, const QByteArray &value, const QByteArray &secret, const QByteArray &body,
              QByteArray *expected)
{
    const QString header = QString::fromLatin1(variant.header);
    const QByteArrayView prefix(variant.prefix);
    if (!value.startsWith(prefix)) {
        return QStringLiteral("%1 is malformed: expected %2<%3 hex digits>, got %4")
            .arg(header, QString::fromLatin1(prefix))
            .arg(variant.size * 2)
            .arg(quoted(value));
    }
    QString problem;
    const auto provided = decodeSignature(QByteArrayView(value).sliced(prefix.size()), SignatureEncoding::Hex,
                                          variant.size, header, &problem);
    *expected = headerValue(variant, secret, body);
    if (!provided)
        return problem;
    if (!constantTimeEquals(*provided, hmac(variant.algorithm, secret, body)))
        return QStringLiteral("signature mismatch (%1)").arg(header);
    return {};
}

} // namespace

QString GitHubScheme::optionsError(const SigningOptions &options) const
{
    if (options.secret.isEmpty())
        return QStringLiteral("github needs a secret");
    return {};
}

HeaderList GitHubScheme::sign(const QByteArray &body, const SigningOptions &options) const
{
    if (const QString error = optionsError(options); !error.isEmpty()) {
        qCWarning(lcSigning) << "cannot sign:" << error;
        return {};
    }
    return {
        {QByteArrayLiteral("X-GitHub-Event"), options.event.isEmpty() ? QByteArrayLiteral("ping") : options.event},
        {QByteArrayLiteral("X-GitHub-Delivery"), options.messageId.isEmpty() ? randomUuid() : options.messageId},
        {QByteArray(sha1Variant.header), headerValue(sha1Variant, options.secret, body)},
        {QByteArray(sha256Variant.header), headerValue(sha256Variant, options.secret, body)},
    };
}

SignatureVerdict GitHubScheme::verify(const HeaderList &headers, const QByteArray &body, const SigningOptions &options,
                                      qint64 nowSeconds) const
{
    Q_UNUSED(nowSeconds); // GitHub signs no timestamp
    if (const QString error = optionsError(options); !error.isEmpty())
        return invalid(name(), error);

    const bool has256 = Headers::contains(headers, sha256Variant.header);
    const bool has1 = Headers::contains(headers, sha1Variant.header);
    if (!has256 && !has1)
        return invalid(name(), QStringLiteral("missing X-Hub-Signature-256 header"),
                       headerValue(sha256Variant, options.secret, body));

    // The SHA-256 header decides when present; the legacy one is checked too, since a sender
    // that gets one right and the other wrong has a bug worth seeing.
    QString reasons[2];
    QByteArray expected[2];
    const Variant *variants[2] = {&sha256Variant, &sha1Variant};
    const bool present[2] = {has256, has1};
    for (int i = 0; i < 2; ++i) {
        if (!present[i])
            continue;
        QString problem;
        const auto value = singleHeader(headers, variants[i]->header, &problem);
        reasons[i] = value ? check(*variants[i], *value, options.secret, body, &expected[i]) : problem;
    }
    if (has256 && !reasons[0].isEmpty())
        return invalid(name(), reasons[0], expected[0]);
    if (has1 && !reasons[1].isEmpty()) {
        const QString reason = has256 ? reasons[1] + QStringLiteral(" (X-Hub-Signature-256 matches)")
                                      : reasons[1] + QStringLiteral(" (legacy sha1 header only)");
        return invalid(name(), reason, expected[1]);
    }
    if (!has256)
        return valid(name(), QStringLiteral("X-Hub-Signature (legacy sha1) matches; no X-Hub-Signature-256"));
    return valid(name(),
                 has1 ? QStringLiteral("X-Hub-Signature-256 and X-Hub-Signature match")
                      : QStringLiteral("X-Hub-Signature-256 matches"));
}
