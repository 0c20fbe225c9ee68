#include "core/signing/slackscheme.h"

#include "core/app/logging.h"
#include "core/signing/signingutil.h"

using namespace SigningUtil;

namespace {
QByteArray mac(const QByteArray &secret, QByteArrayView timestamp, const QByteArray &body)
{
    return hmacSha256(secret, QByteArray("v0:" + timestamp.toByteArray() + ':' + body));
}
} // namespace

QString SlackScheme::optionsError(const SigningOptions &options) const
{
    if (options.secret.isEmpty())
        return QStringLiteral("slack needs a signing secret");
    return {};
}

HeaderList SlackScheme::sign(const QByteArray &body, const SigningOptions &options) const
{
    if (const QString error = optionsError(options); !error.isEmpty()) {
        qCWarning(lcSigning) << "cannot sign:" << error;
        return {};
    }
    const QByteArray timestamp = QByteArray::number(signingTime(options));
    return {
        {QByteArrayLiteral("X-Slack-Request-Timestamp"), timestamp},
        {QByteArrayLiteral("X-Slack-Signature"), QByteArray("v0=" + mac(options.secret, timestamp, body).toHex())},
    };
}

SignatureVerdict SlackScheme::verify(const HeaderList &headers, const QByteArray &body, const SigningOptions &options,
                                     qint64 nowSeconds) const
{
    if (const QString error = optionsError(options); !error.isEmpty())
        return invalid(name(), error);
    QString problem;
    const auto timestampText = singleHeader(headers, "X-Slack-Request-Timestamp", &problem);
    if (!timestampText)
        return invalid(name(), problem);
    const auto signature = singleHeader(headers, "X-Slack-Signature", &problem);
    if (!signature)
        return invalid(name(), problem);
    const auto timestamp = parseTimestamp(*timestampText);
    if (!timestamp)
        return invalid(
            name(),
            QStringLiteral("X-Slack-Request-Timestamp is not a Unix timestamp: %1").arg(quoted(*timestampText)));

    const QByteArray expectedMac = mac(options.secret, *timestampText, body);
    const QByteArray expected = "v0=" + expectedMac.toHex();
    if (!signature->startsWith("v0=")) {
        const qsizetype equals = signature->indexOf('=');
        const QString reason = equals > 0 && equals < 4
            ? QStringLiteral("X-Slack-Signature has version %1; only v0 is defined")
                  .arg(quoted(signature->first(equals)))
            : QStringLiteral("X-Slack-Signature is malformed: expected v0=<64 hex digits>, got %1")
                  .arg(quoted(*signature));
        return invalid(name(), reason, expected);
    }
    const auto provided = decodeSignature(QByteArrayView(*signature).sliced(3), SignatureEncoding::Hex, 32,
                                          QStringLiteral("X-Slack-Signature"), &problem);
    const QString timeProblem = timestampProblem(*timestamp, nowSeconds, options.toleranceSeconds);
    if (!provided || !constantTimeEquals(*provided, expectedMac)) {
        QString reason = provided ? QStringLiteral("signature mismatch") : problem;
        if (!timeProblem.isEmpty())
            reason += QStringLiteral("; also ") + timeProblem;
        return invalid(name(), reason, expected);
    }
    if (!timeProblem.isEmpty())
        return invalid(name(), timeProblem);
    return valid(name(), QStringLiteral("X-Slack-Signature matches"));
}
