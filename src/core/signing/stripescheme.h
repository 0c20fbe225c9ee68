#pragma once

#include "core/signing/signingscheme.h"

// Stripe: Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "t.body")>. The whsec_ secret is
// the key as text, never decoded. Several v1 values (during a secret roll) are accepted when any
// matches; v0 (test-mode legacy) is ignored. As Stripe's own libraries do, only timestamps older
// than the tolerance are refused: a timestamp ahead of our clock is accepted.
class StripeScheme final : public SigningScheme
{
public:
    QString name() const override { return QStringLiteral("stripe"); }
    QString optionsError(const SigningOptions &options) const override;
    HeaderList sign(const QByteArray &body, const SigningOptions &options) const override;
    SignatureVerdict verify(const HeaderList &headers, const QByteArray &body, const SigningOptions &options,
                            qint64 nowSeconds) const override;
};
