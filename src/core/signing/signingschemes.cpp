#include "core/signing/githubscheme.h"
#include "core/signing/hmacscheme.h"
#include "core/signing/shopifyscheme.h"
#include "core/signing/signingscheme.h"
#include "core/signing/slackscheme.h"
#include "core/signing/standardwebhooksscheme.h"
#include "core/signing/stripescheme.h"
#include "core/signing/svixscheme.h"

QStringList SigningSchemes::names()
{
    return {QStringLiteral("github"), QStringLiteral("stripe"), QStringLiteral("standard-webhooks"),
            QStringLiteral("svix"),   QStringLiteral("slack"),  QStringLiteral("shopify"),
            QStringLiteral("hmac")};
}

std::unique_ptr<SigningScheme> SigningSchemes::create(const QString &name)
{
    const QString key = name.trimmed().toLower();
    if (key == QLatin1String("github"))
        return std::make_unique<GitHubScheme>();
    if (key == QLatin1String("stripe"))
        return std::make_unique<StripeScheme>();
    if (key == QLatin1String("standard-webhooks"))
        return std::make_unique<StandardWebhooksScheme>();
    if (key == QLatin1String("svix"))
        return std::make_unique<SvixScheme>();
    if (key == QLatin1String("slack"))
        return std::make_unique<SlackScheme>();
    if (key == QLatin1String("shopify"))
        return std::make_unique<ShopifyScheme>();
    if (key == QLatin1String("hmac"))
        return std::make_unique<HmacScheme>();
    return nullptr;
}
