#include "core/signing/signingutil.h"

#include <QDateTime>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>
#include <QUuid>

QByteArray SigningUtil::hmac(QCryptographicHash::Algorithm algorithm, QByteArrayView key, QByteArrayView message)
{
    // Qt 6.4's QMessageAuthenticationCode takes QByteArray, not views.
    QMessageAuthenticationCode mac(algorithm, key.toByteArray());
    mac.addData(message.data(), message.size());
    return mac.result();
}

bool SigningUtil::constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    // Lengths are public (a MAC's size is fixed by its algorithm); only contents are secret.
    if (a.size() != b.size())
        return false;
    unsigned char difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference |= static_cast<unsigned char>(a[i] ^ b[i]);
    // volatile keeps the compiler from turning the loop back into an early-exit memcmp.
    volatile unsigned char result = difference;
    return result == 0;
}

bool SigningUtil::looksHex(QByteArrayView text)
{
    if (text.isEmpty() || text.size() % 2 != 0)
        return false;
    for (char c : text) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            return false;
    }
    return true;
}

std::optional<QByteArray> SigningUtil::decodeHex(QByteArrayView text)
{
    if (!looksHex(text))
        return std::nullopt;
    return QByteArray::fromHex(text.toByteArray());
}

bool SigningUtil::looksBase64(QByteArrayView text)
{
    qsizetype padding = 0;
    for (char c : text) {
        const bool alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+'
            || c == '/';
        if (c == '=') {
            ++padding;
        } else if (!alphabet || padding > 0) {
            return false; // a character after '=' or outside the alphabet
        }
    }
    const qsizetype data = text.size() - padding;
    // A lone 6-bit group cannot encode a byte; more than two '=' is never valid.
    if (text.isEmpty() || padding > 2 || data % 4 == 1)
        return false;
    return padding == 0 || text.size() % 4 == 0;
}

std::optional<QByteArray> SigningUtil::decodeBase64(QByteArrayView text)
{
    if (!looksBase64(text))
        return std::nullopt;
    QByteArray padded = text.toByteArray();
    while (padded.size() % 4 != 0)
        padded.append('=');
    const auto decoded = QByteArray::fromBase64Encoding(padded, QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    return decoded.decoded;
}

std::optional<qint64> SigningUtil::parseTimestamp(QByteArrayView text)
{
    if (text.isEmpty() || text.size() > 18)
        return std::nullopt;
    qint64 value = 0;
    for (char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

QString SigningUtil::timestampProblem(qint64 timestamp, qint64 now, qint64 toleranceSeconds, bool allowFuture)
{
    const qint64 age = now - timestamp;
    if (age > toleranceSeconds)
        return QStringLiteral("timestamp %1 s old, outside tolerance (%2 s)").arg(age).arg(toleranceSeconds);
    if (!allowFuture && -age > toleranceSeconds)
        return QStringLiteral("timestamp %1 s in the future, outside tolerance (%2 s)").arg(-age).arg(toleranceSeconds);
    return {};
}

QByteArray SigningUtil::randomMessageId()
{
    static constexpr char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    QByteArray id("msg_");
    for (int i = 0; i < 27; ++i)
        id.append(alphabet[QRandomGenerator::system()->bounded(62)]);
    return id;
}

QByteArray SigningUtil::randomUuid()
{
    return QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
}

QString SigningUtil::quoted(QByteArrayView value)
{
    constexpr qsizetype limit = 120;
    const QString text = QString::fromUtf8(value.first(qMin(value.size(), limit)));
    return QLatin1Char('\'') + text + (value.size() > limit ? QStringLiteral("...'") : QStringLiteral("'"));
}

std::optional<QByteArray> SigningUtil::decodeSignature(QByteArrayView text, SignatureEncoding encoding, qsizetype size,
                                                       const QString &what, QString *problem)
{
    const QString hexShape = QStringLiteral("%1 hex digits").arg(size * 2);
    if (encoding == SignatureEncoding::Hex) {
        if (const auto bytes = decodeHex(text)) {
            if (bytes->size() == size)
                return bytes;
            *problem = QStringLiteral("%1 has %2 hex digits; expected %3").arg(what).arg(text.size()).arg(size * 2);
            return std::nullopt;
        }
        const auto asBase64 = decodeBase64(text);
        if (asBase64 && asBase64->size() == size)
            *problem = QStringLiteral("%1 is base64 where hex was expected (%2)").arg(what, hexShape);
        else
            *problem = QStringLiteral("%1 is not hex: %2 (expected %3)").arg(what, quoted(text), hexShape);
        return std::nullopt;
    }
    if (const auto bytes = decodeBase64(text)) {
        if (bytes->size() == size)
            return bytes;
    }
    // Checked after base64: every even-length hex string is also base64 text, of the wrong size.
    if (looksHex(text) && text.size() == size * 2) {
        *problem = QStringLiteral("%1 is hex where base64 was expected").arg(what);
    } else if (const auto bytes = decodeBase64(text)) {
        *problem = QStringLiteral("%1 decodes to %2 bytes; expected %3").arg(what).arg(bytes->size()).arg(size);
    } else {
        *problem = QStringLiteral("%1 is not base64: %2").arg(what, quoted(text));
    }
    return std::nullopt;
}

QByteArray SigningUtil::encode(const QByteArray &mac, SignatureEncoding encoding)
{
    return encoding == SignatureEncoding::Hex ? mac.toHex() : mac.toBase64();
}

std::optional<QByteArray> SigningUtil::singleHeader(const HeaderList &headers, QByteArrayView name, QString *problem)
{
    const QList<QByteArray> values = Headers::values(headers, name);
    if (values.size() == 1)
        return values.first().trimmed();
    const QString header = QString::fromLatin1(name);
    if (values.isEmpty())
        *problem = QStringLiteral("missing %1 header").arg(header);
    else
        *problem = QStringLiteral("%1 %2 headers; expected one").arg(values.size()).arg(header);
    return std::nullopt;
}

qint64 SigningUtil::signingTime(const SigningOptions &options)
{
    return options.timestamp >= 0 ? options.timestamp : QDateTime::currentSecsSinceEpoch();
}

SignatureVerdict SigningUtil::valid(const QString &scheme, const QString &reason)
{
    return {scheme, true, reason, {}};
}

SignatureVerdict SigningUtil::invalid(const QString &scheme, const QString &reason, const QByteArray &expected)
{
    return {scheme, false, reason, expected};
}
