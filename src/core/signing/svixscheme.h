#pragma once

#include "core/signing/standardwebhooksscheme.h"

// Svix: Standard Webhooks under svix-id, svix-timestamp and svix-signature.
class SvixScheme final : public StandardWebhooksScheme
{
public:
    SvixScheme()
        : StandardWebhooksScheme(QStringLiteral("svix"), QByteArrayLiteral("svix"))
    { }
};
