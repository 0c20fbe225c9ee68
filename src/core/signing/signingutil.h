#pragma once

#include "core/http/headerlist.h"
#include "core/signing/signingscheme.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QCryptographicHash>
#include <QString>

#include <optional>

// The small pieces every scheme shares. None of them keeps state, so all are
// safe to call from the listener's worker thread.
namespace SigningUtil {

QByteArray hmac(QCryptographicHash::Algorithm algorithm, QByteArrayView key, QByteArrayView message);
inline QByteArray hmacSha256(QByteArrayView key, QByteArrayView message)
{
    return hmac(QCryptographicHash::Sha256, key, message);
}

// Time taken depends only on the lengths, never on where the bytes differ: an
// early exit would let a remote caller find a valid MAC byte by byte.
bool constantTimeEquals(QByteArrayView a, QByteArrayView b);

// Strict decoders: nullopt unless the whole text is valid in that encoding.
std::optional<QByteArray> decodeHex(QByteArrayView text);
// Padding is optional (unpadded base64 is common in secrets); "-_" are not accepted.
std::optional<QByteArray> decodeBase64(QByteArrayView text);

// What a provided signature looks like, for reasons such as "hex where base64 was expected".
bool looksHex(QByteArrayView text);
bool looksBase64(QByteArrayView text);

// An integer Unix timestamp in seconds, or nullopt ("", "12a", "1.5", overflow).
std::optional<qint64> parseTimestamp(QByteArrayView text);

// Empty when `timestamp` is acceptable at `now`, else a reason with the skew in seconds.
// allowFuture: Stripe's libraries only refuse old timestamps; the others refuse both sides.
QString timestampProblem(qint64 timestamp, qint64 now, qint64 toleranceSeconds, bool allowFuture = false);

enum class SignatureEncoding { Hex, Base64 };

// Decodes a provided signature that must be `size` bytes in `encoding`. On failure *problem says
// why in words, naming `what` (a header): "X-Hub-Signature-256 is base64 where hex was expected".
std::optional<QByteArray> decodeSignature(QByteArrayView text, SignatureEncoding encoding, qsizetype size,
                                          const QString &what, QString *problem);
QByteArray encode(const QByteArray &mac, SignatureEncoding encoding);

// The one value of a header that must appear exactly once; otherwise nullopt and *problem
// ("missing X-Slack-Signature header", "2 Stripe-Signature headers; expected one").
std::optional<QByteArray> singleHeader(const HeaderList &headers, QByteArrayView name, QString *problem);

// Unix seconds for signing: options.timestamp, or now when it is -1.
qint64 signingTime(const SigningOptions &options);

SignatureVerdict valid(const QString &scheme, const QString &reason);
SignatureVerdict invalid(const QString &scheme, const QString &reason, const QByteArray &expected = {});

// "msg_" + 27 random base62 characters, shaped like Svix's message ids.
QByteArray randomMessageId();
QByteArray randomUuid(); // 8-4-4-4-12, no braces (GitHub's X-GitHub-Delivery)

// The header's value shown in a reason, shortened so a huge header cannot flood a log line.
QString quoted(QByteArrayView value);

} // namespace SigningUtil
