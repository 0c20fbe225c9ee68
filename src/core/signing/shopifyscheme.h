#pragma once

#include "core/signing/signingscheme.h"

// Shopify: X-Shopify-Hmac-Sha256: <base64 HMAC-SHA256(secret, body)>, the secret as text; no
// timestamp is signed. Signing also adds X-Shopify-Webhook-Id (options.messageId or a UUID),
// X-Shopify-Triggered-At, and X-Shopify-Topic when options.event is given.
class ShopifyScheme final : public SigningScheme
{
public:
    QString name() const override { return QStringLiteral("shopify"); }
    QString optionsError(const SigningOptions &options) const override;
    HeaderList sign(const QByteArray &body, const SigningOptions &options) const override;
    SignatureVerdict verify(const HeaderList &headers, const QByteArray &body, const SigningOptions &options,
                            qint64 nowSeconds) const override;
};
