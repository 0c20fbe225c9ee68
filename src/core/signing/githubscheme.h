#pragma once

#include "core/signing/signingscheme.h"

// GitHub: X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, body)>, and the legacy
// X-Hub-Signature: sha1=<hex HMAC-SHA1> that GitHub still sends next to it.
// Signing also adds X-GitHub-Event (options.event, default "ping": the event GitHub sends to a
// new hook, which every receiver must accept) and X-GitHub-Delivery (options.messageId, or a
// fresh UUID as GitHub uses).
class GitHubScheme final : public SigningScheme
{
public:
    QString name() const override { return QStringLiteral("github"); }
    QString optionsError(const SigningOptions &options) const override;
    HeaderList sign(const QByteArray &body, const SigningOptions &options) const override;
    SignatureVerdict verify(const HeaderList &headers, const QByteArray &body, const SigningOptions &options,
                            qint64 nowSeconds) const override;
};
