#pragma once

#include "core/signing/signingscheme.h"

// Slack: X-Slack-Request-Timestamp and X-Slack-Signature: v0=<hex HMAC-SHA256(secret, "v0:ts:body")>;
// the signing secret is the key as text; timestamps within ±tolerance.
class SlackScheme final : public SigningScheme
{
public:
    QString name() const override { return QStringLiteral("slack"); }
    QString optionsError(const SigningOptions &options) const override;
    HeaderList sign(const QByteArray &body, const SigningOptions &options) const override;
    SignatureVerdict verify(const HeaderList &headers, const QByteArray &body, const SigningOptions &options,
                            qint64 nowSeconds) const override;
};
