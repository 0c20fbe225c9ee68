#include "gui/send/samplecatalog.h"

#include <QFile>

// hookbench_gui is a static library: its resources are linked in only when something
// references their initialiser, which must be called from the global namespace.
static void initSampleResources()
{
    static const bool done = [] {
        Q_INIT_RESOURCE(hookbench);
        return true;
    }();
    Q_UNUSED(done);
}

QByteArray Sample::load() const
{
    initSampleResources();
    QFile file(resourcePath());
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

QList<Sample> SampleCatalog::all()
{
    // Example secrets are the providers' documentation examples where they publish one.
    return {
        {QStringLiteral("user-registered"), QStringLiteral("User registered (the classic example)"), {}, {}, {}},
        {QStringLiteral("github-push"), QStringLiteral("GitHub: push"), QStringLiteral("github"),
         QStringLiteral("push"), QStringLiteral("It's a Secret to Everybody")},
        {QStringLiteral("github-ping"), QStringLiteral("GitHub: ping"), QStringLiteral("github"),
         QStringLiteral("ping"), QStringLiteral("It's a Secret to Everybody")},
        {QStringLiteral("stripe-payment_intent.succeeded"),
         QStringLiteral("Stripe: payment_intent.succeeded"),
         QStringLiteral("stripe"),
         {},
         QStringLiteral("whsec_test_secret")},
        {QStringLiteral("shopify-orders-create"), QStringLiteral("Shopify: orders/create"), QStringLiteral("shopify"),
         QStringLiteral("orders/create"), QStringLiteral("hush")},
        {QStringLiteral("slack-event_callback"),
         QStringLiteral("Slack: event_callback"),
         QStringLiteral("slack"),
         {},
         QStringLiteral("8f742231b10e8888abcd99yyyzzz85a5")},
        {QStringLiteral("standard-webhooks-example"),
         QStringLiteral("Standard Webhooks: contact.created"),
         QStringLiteral("standard-webhooks"),
         {},
         QStringLiteral("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")},
    };
}

QList<Sample> SampleCatalog::providerEvents()
{
    QList<Sample> result;
    for (const Sample &sample : all()) {
        if (!sample.scheme.isEmpty())
            result.append(sample);
    }
    return result;
}

Sample SampleCatalog::find(const QString &id)
{
    for (const Sample &sample : all()) {
        if (sample.id == id)
            return sample;
    }
    return {};
}
