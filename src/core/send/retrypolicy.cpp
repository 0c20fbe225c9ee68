#include "core/send/retrypolicy.h"

#include <QLocale>
#include <QRandomGenerator>
#include <QTimeZone>

#include <cmath>
#include <limits>

bool RetryPolicy::shouldRetry(const SendResult &result) const
{
    switch (result.error) {
    case SendError::None:
        return result.status == 429 || (result.status >= 500 && result.status <= 599);
    case SendError::ConnectionRefused:
    case SendError::ConnectionClosed:
    case SendError::Timeout:
    case SendError::Network:
        return true;
    case SendError::InvalidRequest:
    case SendError::HostNotFound:
    case SendError::Tls:
    case SendError::TooManyRedirects:
    case SendError::Cancelled:
        return false;
    }
    return false;
}

int RetryPolicy::delayMs(int retry, const SendResult &result, const QDateTime &now, double random01) const
{
    if (result.hasResponse() && (result.status == 429 || result.status == 503)) {
        const QByteArray retryAfter = Headers::value(result.headers, "Retry-After");
        if (!retryAfter.isNull()) {
            if (const auto ms = parseRetryAfter(retryAfter, now))
                return int(qBound(qint64(0), *ms, qint64(maxRetryAfterMs)));
        }
    }
    const double exponential = double(baseDelayMs) * std::pow(2.0, qMax(0, retry - 1));
    const double capped = qMin(double(maxDelayMs), exponential);
    const double j = qBound(0.0, jitter, 1.0);
    return int(std::lround(capped * (1.0 - j) + capped * j * qBound(0.0, random01, 1.0)));
}

int RetryPolicy::delayMs(int retry, const SendResult &result) const
{
    return delayMs(retry, result, QDateTime::currentDateTimeUtc(), QRandomGenerator::global()->generateDouble());
}

std::optional<qint64> RetryPolicy::parseRetryAfter(QByteArrayView value, const QDateTime &now)
{
    const QByteArray text = value.toByteArray().trimmed();
    if (text.isEmpty())
        return std::nullopt;
    bool digitsOnly = true;
    for (const char c : text)
        digitsOnly = digitsOnly && c >= '0' && c <= '9';
    if (digitsOnly) {
        bool ok = false;
        const qint64 seconds = text.toLongLong(&ok);
        if (!ok || seconds > std::numeric_limits<qint64>::max() / 1000)
            return std::nullopt;
        return seconds * 1000;
    }
    // IMF-fixdate, the form RFC 9110 §5.6.7 requires senders to use: "Sun, 06 Nov 1994 08:49:37 GMT".
    // The obsolete RFC 850 and asctime forms are accepted too, as recipients must.
    // The weekday is dropped before parsing: it is redundant, and Qt would reject a
    // two-digit RFC 850 year whose weekday does not match 19yy.
    const QString date = QString::fromLatin1(text).simplified();
    const qsizetype comma = date.indexOf(QLatin1Char(','));
    const QString rest = comma >= 0 ? date.mid(comma + 1).trimmed() : date.section(QLatin1Char(' '), 1);
    const QLocale c = QLocale::c();
    QDateTime when;
    for (const QString &format : {QStringLiteral("dd MMM yyyy HH:mm:ss 'GMT'"),
                                  QStringLiteral("dd-MMM-yy HH:mm:ss 'GMT'"), QStringLiteral("MMM d HH:mm:ss yyyy")}) {
        when = c.toDateTime(rest, format);
        if (when.isValid())
            break;
    }
    if (!when.isValid())
        return std::nullopt;
    when.setTimeSpec(Qt::UTC); // the fields were parsed as written; they are GMT
    if (when.date().year() < 1970)
        when = when.addYears(100); // two-digit RFC 850 years
    return qMax<qint64>(0, now.msecsTo(when));
}
