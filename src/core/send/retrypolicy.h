#pragma once

#include "core/send/sendresult.h"

#include <QByteArrayView>
#include <QDateTime>

#include <optional>

// Exponential backoff with jitter. Retried: connection failures (refused, closed,
// timed out, other transport errors), 5xx and 429. Not retried: host not found, TLS
// and redirect errors, cancellations, invalid requests and every other status: a
// retry cannot change those. A Retry-After header (seconds or HTTP-date, RFC 9110
// §10.2.3) on a 429 or 503 replaces the computed delay, up to maxRetryAfterMs.
struct RetryPolicy {
    int maxRetries = 0; // extra attempts after the first
    int baseDelayMs = 500;
    int maxDelayMs = 30000;
    int maxRetryAfterMs = 300000; // a server asking for longer than this is waited for this long
    double jitter = 0.5;          // fraction of each delay drawn at random ("equal jitter" at 0.5)

    bool shouldRetry(const SendResult &result) const;
    // Delay before retry number `retry` (1 = the first retry). random01 in [0, 1) draws the
    // jitter; delay = d * (1 - jitter) + d * jitter * random01 with d = min(max, base * 2^(retry-1)).
    int delayMs(int retry, const SendResult &result, const QDateTime &now, double random01) const;
    // Same, with a random draw.
    int delayMs(int retry, const SendResult &result) const;

    // Retry-After as milliseconds from now: delta-seconds or an HTTP-date. nullopt when malformed.
    static std::optional<qint64> parseRetryAfter(QByteArrayView value, const QDateTime &now);
};
