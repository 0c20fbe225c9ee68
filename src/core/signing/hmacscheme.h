#pragma once

#include "core/signing/signingscheme.h"

// Generic HMAC, to describe any other provider: options.algorithm (sha1, sha256, sha512) over
// options.signedContent, a template of {body}, {timestamp} and {id}, encoded as hex or base64 and
// sent as options.headerName: options.prefix + signature. {timestamp} travels in
// options.timestampHeader and {id} in options.idHeader when set; a timestamp header is checked
// within ±tolerance.
class HmacScheme final : public SigningScheme
{
public:
    QString name() const override { return QStringLiteral("hmac"); }
    QString optionsError(const SigningOptions &options) const override;
    HeaderList sign(const QByteArray &body, const SigningOptions &options) const override;
    SignatureVerdict verify(const HeaderList &headers, const QByteArray &body, const SigningOptions &options,
                            qint64 nowSeconds) const override;

    // The bytes that are signed: every placeholder replaced in one pass, so a body that itself
    // contains "{id}" or "{timestamp}" is signed as it is.
    static QByteArray expand(const QByteArray &tmpl, const QByteArray &body, const QByteArray &timestamp,
                             const QByteArray &id);
};
