#include "core/signing/standardwebhooksscheme.h"

#include "core/app/logging.h"
#include "core/signing/signingutil.h"

#include <optional>

using namespace SigningUtil;

namespace {

std::optional<QByteArray> keyFrom(const QByteArray &secret, QString *error)
{
    const bool prefixed = secret.startsWith("whsec_");
    const QByteArrayView encoded = prefixed ? QByteArrayView(secret).sliced(6) : QByteArrayView(secret);
    const auto key = decodeBase64(encoded);
    if (!key || key->isEmpty()) {
        *error = prefixed ? QStringLiteral("secret is not valid base64 after 'whsec_' (the key is the base64 "
                                           "text that follows it)")
                          : QStringLiteral("secret is not valid base64 (expected whsec_ followed by base64)");
        return std::nullopt;
    }
    return key;
}

QByteArray mac(const QByteArray &key, QByteArrayView id, QByteArrayView timestamp, const QByteArray &body)
{
    return hmacSha256(key, QByteArray(id.toByteArray() + '.' + timestamp.toByteArray() + '.' + body));
}

} // namespace

QString StandardWebhooksScheme::optionsError(const SigningOptions &options) const
{
    if (options.secret.isEmpty())
        return QStringLiteral("%1 needs a secret (whsec_...)").arg(m_name);
    QString error;
    keyFrom(options.secret, &error);
    return error;
}

HeaderList StandardWebhooksScheme::sign(const QByteArray &body, const SigningOptions &options) const
{
    QString error;
    const auto key = options.secret.isEmpty() ? std::nullopt : keyFrom(options.secret, &error);
    if (!key) {
        qCWarning(lcSigning) << "cannot sign:" << optionsError(options);
        return {};
    }
    const QByteArray id = options.messageId.isEmpty() ? randomMessageId() : options.messageId;
    const QByteArray timestamp = QByteArray::number(signingTime(options));
    return {
        {header("id"), id},
        {header("timestamp"), timestamp},
        {header("signature"), QByteArray("v1," + mac(*key, id, timestamp, body).toBase64())},
    };
}

SignatureVerdict StandardWebhooksScheme::verify(const HeaderList &headers, const QByteArray &body,
                                                const SigningOptions &options, qint64 nowSeconds) const
{
    if (const QString error = optionsError(options); !error.isEmpty())
        return invalid(name(), error);
    QString unused;
    const QByteArray key = *keyFrom(options.secret, &unused);

    QByteArray values[3];
    const char *suffixes[3] = {"id", "timestamp", "signature"};
    for (int i = 0; i < 3; ++i) {
        QString problem;
        const auto value = singleHeader(headers, header(suffixes[i]), &problem);
        if (!value) {
            // A Standard Webhooks delivery checked as Svix (or the reverse) is a common mix-up.
            const QByteArray other = (m_headerPrefix == "svix" ? QByteArray("webhook-") : QByteArray("svix-"))
                + suffixes[i];
            if (Headers::contains(headers, other)) {
                problem += QStringLiteral(" (%1 is present: verify with %2)")
                               .arg(QString::fromLatin1(other),
                                    m_headerPrefix == "svix" ? QStringLiteral("standard-webhooks")
                                                             : QStringLiteral("svix"));
            }
            return invalid(name(), problem);
        }
        values[i] = *value;
    }
    const QByteArray &id = values[0];
    const QByteArray &timestampText = values[1];
    const QByteArray &signatures = values[2];
    const QString signatureHeader = QString::fromLatin1(header("signature"));

    const auto timestamp = parseTimestamp(timestampText);
    if (!timestamp) {
        return invalid(name(),
                       QStringLiteral("%1 is not a Unix timestamp: %2")
                           .arg(QString::fromLatin1(header("timestamp")), quoted(timestampText)));
    }
    const QByteArray expectedMac = mac(key, id, timestampText, body);
    const QByteArray expected = "v1," + expectedMac.toBase64();

    int v1Count = 0;
    int decoded = 0;
    int matched = 0;
    QStringList skipped;
    QString firstProblem;
    for (const QByteArray &entry : signatures.split(' ')) {
        if (entry.isEmpty())
            continue;
        const qsizetype comma = entry.indexOf(',');
        if (comma <= 0) {
            return invalid(
                name(),
                QStringLiteral("%1 is malformed: %2 is not version,signature").arg(signatureHeader, quoted(entry)),
                expected);
        }
        const QByteArray version = entry.first(comma);
        if (version != "v1") {
            skipped << QString::fromLatin1(version);
            continue;
        }
        ++v1Count;
        QString problem;
        const auto provided = decodeSignature(QByteArrayView(entry).sliced(comma + 1), SignatureEncoding::Base64, 32,
                                              signatureHeader + QStringLiteral(" v1"), &problem);
        if (!provided) {
            if (firstProblem.isEmpty())
                firstProblem = problem;
            continue;
        }
        ++decoded;
        if (constantTimeEquals(*provided, expectedMac) && matched == 0)
            matched = v1Count;
    }
    if (v1Count == 0) {
        const QString reason = skipped.isEmpty() ? QStringLiteral("%1 is empty").arg(signatureHeader)
                                                 : QStringLiteral("%1 has no v1 signature (skipped: %2)")
                                                       .arg(signatureHeader, skipped.join(QStringLiteral(", ")));
        return invalid(name(), reason, expected);
    }
    const QString timeProblem = timestampProblem(*timestamp, nowSeconds, options.toleranceSeconds);
    if (matched == 0) {
        QString reason = decoded == 0 ? firstProblem
            : v1Count > 1 ? QStringLiteral("signature mismatch (none of %1 v1 signatures matches)").arg(v1Count)
                          : QStringLiteral("signature mismatch");
        if (!timeProblem.isEmpty())
            reason += QStringLiteral("; also ") + timeProblem;
        return invalid(name(), reason, expected);
    }
    if (!timeProblem.isEmpty())
        return invalid(name(), timeProblem);
    return valid(name(),
                 v1Count > 1 ? QStringLiteral("v1 signature %1 of %2 matches").arg(matched).arg(v1Count)
                             : QStringLiteral("v1 signature matches"));
}
