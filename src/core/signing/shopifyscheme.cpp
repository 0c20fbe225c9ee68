#include "core/signing/shopifyscheme.h"

#include "core/app/logging.h"
#include "core/signing/signingutil.h"

#include <QDateTime>

using namespace SigningUtil;

QString ShopifyScheme::optionsError(const SigningOptions &options) const
{
    if (options.secret.isEmpty())
        return QStringLiteral("shopify needs a secret");
    return {};
}

HeaderList ShopifyScheme::sign(const QByteArray &body, const SigningOptions &options) const
{
    if (const QString error = optionsError(options); !error.isEmpty()) {
        qCWarning(lcSigning) << "cannot sign:" << error;
        return {};
    }
    const QDateTime triggeredAt = QDateTime::fromSecsSinceEpoch(signingTime(options), Qt::UTC);
    HeaderList headers;
    if (!options.event.isEmpty())
        headers.append({QByteArrayLiteral("X-Shopify-Topic"), options.event});
    headers.append({QByteArrayLiteral("X-Shopify-Hmac-Sha256"), hmacSha256(options.secret, body).toBase64()});
    headers.append(
        {QByteArrayLiteral("X-Shopify-Webhook-Id"), options.messageId.isEmpty() ? randomUuid() : options.messageId});
    headers.append({QByteArrayLiteral("X-Shopify-Triggered-At"), triggeredAt.toString(Qt::ISODate).toLatin1()});
    return headers;
}

SignatureVerdict ShopifyScheme::verify(const HeaderList &headers, const QByteArray &body, const SigningOptions &options,
                                       qint64 nowSeconds) const
{
    Q_UNUSED(nowSeconds); // Shopify signs no timestamp
    if (const QString error = optionsError(options); !error.isEmpty())
        return invalid(name(), error);
    QString problem;
    const auto signature = singleHeader(headers, "X-Shopify-Hmac-Sha256", &problem);
    if (!signature)
        return invalid(name(), problem);
    const QByteArray expectedMac = hmacSha256(options.secret, body);
    const auto provided = decodeSignature(*signature, SignatureEncoding::Base64, 32,
                                          QStringLiteral("X-Shopify-Hmac-Sha256"), &problem);
    if (!provided)
        return invalid(name(), problem, expectedMac.toBase64());
    if (!constantTimeEquals(*provided, expectedMac))
        return invalid(name(), QStringLiteral("signature mismatch"), expectedMac.toBase64());
    return valid(name(), QStringLiteral("X-Shopify-Hmac-Sha256 matches"));
}
