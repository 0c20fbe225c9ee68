#pragma once

#include "core/signing/signingscheme.h"

// Standard Webhooks (standardwebhooks.com): webhook-id, webhook-timestamp and
// webhook-signature: "v1,<base64 HMAC-SHA256(key, id.timestamp.body)>", where key is the base64
// decoding of the secret after "whsec_" (padding optional). The signature header is a
// space-separated list; any matching v1 entry is enough, other versions are skipped.
class StandardWebhooksScheme : public SigningScheme
{
public:
    StandardWebhooksScheme()
        : StandardWebhooksScheme(QStringLiteral("standard-webhooks"), QByteArrayLiteral("webhook"))
    { }
    QString name() const override { return m_name; }
    QString optionsError(const SigningOptions &options) const override;
    HeaderList sign(const QByteArray &body, const SigningOptions &options) const override;
    SignatureVerdict verify(const HeaderList &headers, const QByteArray &body, const SigningOptions &options,
                            qint64 nowSeconds) const override;

protected:
    // Svix is the same scheme under its own header names ("svix-id", ...).
    StandardWebhooksScheme(const QString &name, const QByteArray &headerPrefix)
        : m_name(name)
        , m_headerPrefix(headerPrefix)
    { }

private:
    QByteArray header(const char *suffix) const { return m_headerPrefix + '-' + suffix; }

    QString m_name;
    QByteArray m_headerPrefix;
};
