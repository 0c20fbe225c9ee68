#include "core/signing/stripescheme.h"

#include "core/app/logging.h"
#include "core/signing/signingutil.h"

using namespace SigningUtil;

namespace {
QByteArray mac(const QByteArray &secret, QByteArrayView timestamp, const QByteArray &body)
{
    return hmacSha256(secret, QByteArray(timestamp.toByteArray() + '.' + body));
}
} // namespace

QString StripeScheme::optionsError(const SigningOptions &options) const
{
    if (options.secret.isEmpty())
        return QStringLiteral("stripe needs a secret (whsec_...)");
    return {};
}

HeaderList StripeScheme::sign(const QByteArray &body, const SigningOptions &options) const
{
    if (const QString error = optionsError(options); !error.isEmpty()) {
        qCWarning(lcSigning) << "cannot sign:" << error;
        return {};
    }
    const QByteArray timestamp = QByteArray::number(signingTime(options));
    return {{QByteArrayLiteral("Stripe-Signature"),
             QByteArray("t=" + timestamp + ",v1=" + mac(options.secret, timestamp, body).toHex())}};
}

SignatureVerdict StripeScheme::verify(const HeaderList &headers, const QByteArray &body, const SigningOptions &options,
                                      qint64 nowSeconds) const
{
    if (const QString error = optionsError(options); !error.isEmpty())
        return invalid(name(), error);
    QString problem;
    const auto header = singleHeader(headers, "Stripe-Signature", &problem);
    if (!header)
        return invalid(name(), problem);

    QList<QByteArray> timestamps;
    QList<QByteArray> v1;
    int v0 = 0;
    for (const QByteArray &item : header->split(',')) {
        const qsizetype equals = item.indexOf('=');
        if (equals <= 0) {
            return invalid(name(),
                           QStringLiteral("Stripe-Signature is malformed: %1 is not key=value (in %2)")
                               .arg(quoted(item), quoted(*header)));
        }
        const QByteArray key = item.first(equals).trimmed();
        const QByteArray value = item.sliced(equals + 1).trimmed();
        if (key == "t")
            timestamps << value;
        else if (key == "v1")
            v1 << value;
        else if (key == "v0")
            ++v0;
        // Other schemes are skipped, as Stripe's libraries skip them.
    }
    if (timestamps.isEmpty())
        return invalid(name(), QStringLiteral("Stripe-Signature has no t= timestamp"));
    if (timestamps.size() > 1)
        return invalid(name(),
                       QStringLiteral("Stripe-Signature has %1 t= timestamps; expected one").arg(timestamps.size()));
    const QByteArray timestampText = timestamps.first();
    const auto timestamp = parseTimestamp(timestampText);
    if (!timestamp)
        return invalid(name(),
                       QStringLiteral("Stripe-Signature t= is not a Unix timestamp: %1").arg(quoted(timestampText)));

    const QByteArray expectedMac = mac(options.secret, timestampText, body);
    const QByteArray expected = "t=" + timestampText + ",v1=" + expectedMac.toHex();
    if (v1.isEmpty()) {
        return invalid(name(),
                       v0 > 0 ? QStringLiteral("Stripe-Signature has no v1 signature (v0 is ignored)")
                              : QStringLiteral("Stripe-Signature has no v1 signature"),
                       expected);
    }

    int matched = 0;
    int decoded = 0;
    QString firstProblem;
    for (qsizetype i = 0; i < v1.size(); ++i) {
        QString decodeProblem;
        const auto provided = decodeSignature(v1.at(i), SignatureEncoding::Hex, 32,
                                              QStringLiteral("Stripe-Signature v1"), &decodeProblem);
        if (!provided) {
            if (firstProblem.isEmpty())
                firstProblem = decodeProblem;
            continue;
        }
        ++decoded;
        // Every value is compared, matched or not, so timing says nothing about which matched.
        if (constantTimeEquals(*provided, expectedMac) && matched == 0)
            matched = int(i) + 1;
    }
    const QString timeProblem = timestampProblem(*timestamp, nowSeconds, options.toleranceSeconds, true);
    if (matched == 0) {
        QString reason = decoded == 0 ? firstProblem
            : v1.size() > 1 ? QStringLiteral("signature mismatch (none of %1 v1 values matches)").arg(v1.size())
                            : QStringLiteral("signature mismatch");
        if (!timeProblem.isEmpty())
            reason += QStringLiteral("; also ") + timeProblem;
        return invalid(name(), reason, expected);
    }
    if (!timeProblem.isEmpty())
        return invalid(name(), timeProblem);
    return valid(name(),
                 v1.size() > 1 ? QStringLiteral("v1 signature %1 of %2 matches").arg(matched).arg(v1.size())
                               : QStringLiteral("v1 signature matches"));
}
