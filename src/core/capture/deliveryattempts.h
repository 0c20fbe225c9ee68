#pragma once

#include "core/capture/capture.h"

#include <QList>
#include <QString>

// Captures that carry the same delivery id are attempts of one event: what a provider's
// retries look like from the receiving end. The ids, by provider:
//   Standard Webhooks  webhook-id        Svix     svix-id
//   GitHub             X-GitHub-Delivery Shopify  X-Shopify-Webhook-Id
//   Stripe             the event's "id" (evt_...) in the JSON body, when Stripe-Signature is present
namespace DeliveryAttempts {

struct DeliveryId {
    QString provider; // "github", "stripe", "standard-webhooks", "svix", "shopify"; empty: none
    QString id;
    bool isValid() const { return !id.isEmpty(); }
    // "github:<id>"; empty when there is none (the capture store's delivery_id column)
    QString key() const { return isValid() ? provider + QLatin1Char(':') + id : QString(); }
    friend bool operator==(const DeliveryId &, const DeliveryId &) = default;
};

struct Attempt {
    qint64 seq = 0;
    qint64 receivedAtMs = 0;
    int answerStatus = 0; // what the listener answered; 0: nothing was sent
    qint64 gapMs = -1;    // since the previous attempt; -1 for the first
};

struct Event {
    DeliveryId delivery;     // invalid: a capture that carries no delivery id (an event of its own)
    QList<Attempt> attempts; // in arrival order
};

DeliveryId deliveryIdOf(const Capture &capture);
// A gap between attempts as people read retry schedules: "+850 ms", "+4.2 s", "+5 min 3 s", "+2 h 10 min".
QString gapText(qint64 ms);
// Events ordered by their first attempt; captures without a delivery id stand alone.
QList<Event> group(const QList<Capture> &captures);

} // namespace DeliveryAttempts
