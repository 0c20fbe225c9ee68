#include "core/capture/deliveryattempts.h"

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace {
constexpr qsizetype kMaxStripeBody = 4 * 1024 * 1024; // an event is small; a huge body is not parsed

struct HeaderId {
    const char *header;
    const char *provider;
};
// Svix sends svix-id and, in its Standard Webhooks mode, webhook-id: the first found wins.
constexpr HeaderId kHeaderIds[] = {
    {"x-github-delivery", "github"},
    {"x-shopify-webhook-id", "shopify"},
    {"svix-id", "svix"},
    {"webhook-id", "standard-webhooks"},
};
} // namespace

DeliveryAttempts::DeliveryId DeliveryAttempts::deliveryIdOf(const Capture &capture)
{
    for (const HeaderId &h : kHeaderIds) {
        const QByteArray value = Headers::value(capture.headers, h.header).trimmed();
        if (!value.isEmpty())
            return {QLatin1String(h.provider), QString::fromUtf8(value)};
    }
    if (Headers::contains(capture.headers, "stripe-signature") && capture.body.size() <= kMaxStripeBody) {
        const QJsonObject event = QJsonDocument::fromJson(capture.body).object();
        const QString id = event.value(QLatin1String("id")).toString();
        if (id.startsWith(QLatin1String("evt_")))
            return {QStringLiteral("stripe"), id};
    }
    return {};
}

QString DeliveryAttempts::gapText(qint64 ms)
{
    if (ms < 1000)
        return QStringLiteral("+%1 ms").arg(qMax<qint64>(ms, 0));
    if (ms < 60'000)
        return QStringLiteral("+%1 s").arg(ms / 1000.0, 0, 'f', 1);
    const qint64 s = ms / 1000;
    if (s < 3600)
        return QStringLiteral("+%1 min %2 s").arg(s / 60).arg(s % 60);
    if (s < 86400)
        return QStringLiteral("+%1 h %2 min").arg(s / 3600).arg(s % 3600 / 60);
    return QStringLiteral("+%1 d %2 h").arg(s / 86400).arg(s % 86400 / 3600);
}

QList<DeliveryAttempts::Event> DeliveryAttempts::group(const QList<Capture> &captures)
{
    QList<const Capture *> ordered;
    ordered.reserve(captures.size());
    for (const Capture &capture : captures)
        ordered.append(&capture);
    std::stable_sort(ordered.begin(), ordered.end(), [](const Capture *a, const Capture *b) {
        return a->receivedAtMs != b->receivedAtMs ? a->receivedAtMs < b->receivedAtMs : a->seq < b->seq;
    });
    QList<Event> events;
    QHash<QString, qsizetype> byKey;
    for (const Capture *capture : std::as_const(ordered)) {
        const DeliveryId delivery = deliveryIdOf(*capture);
        Attempt attempt{capture->seq, capture->receivedAtMs,
                        capture->response.closedWithoutAnswer ? 0 : capture->response.status, -1};
        qsizetype index = -1;
        if (delivery.isValid())
            index = byKey.value(delivery.key(), -1);
        if (index < 0) {
            if (delivery.isValid())
                byKey.insert(delivery.key(), events.size());
            events.append(Event{delivery, {attempt}});
            continue;
        }
        Event &event = events[index];
        attempt.gapMs = attempt.receivedAtMs - event.attempts.constLast().receivedAtMs;
        event.attempts.append(attempt);
    }
    return events;
}
