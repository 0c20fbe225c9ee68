#pragma once

#include "core/http/headerlist.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <memory>

// Everything a scheme needs to sign or verify. Fields a scheme does not use are ignored.
struct SigningOptions {
    QByteArray secret;
    QByteArray messageId;          // empty: sign() generates one (msg_<random>) where the scheme needs it
    qint64 timestamp = -1;         // Unix seconds; -1: now
    qint64 toleranceSeconds = 300; // for verify
    // generic "hmac" scheme only:
    QString algorithm = QStringLiteral("sha256"); // sha1 | sha256 | sha512
    QString encoding = QStringLiteral("hex");     // hex | base64
    QByteArray headerName = "X-Signature";
    QByteArray prefix;                   // e.g. "sha256="
    QByteArray signedContent = "{body}"; // template: {body} {timestamp} {id}
    QByteArray timestampHeader;          // optional header carrying {timestamp}
    QByteArray idHeader;                 // optional header carrying {id}
    // Event name for schemes that send one when signing (github: X-GitHub-Event, default "ping";
    // shopify: X-Shopify-Topic, only when given). Ignored by verify.
    QByteArray event;
};

struct SignatureVerdict {
    QString scheme;
    bool valid = false;
    QString reason;      // words a user understands, e.g. "signature mismatch", "timestamp 412 s outside tolerance
                         // (300 s)"
    QByteArray expected; // on mismatch: the signature we expected for this body (helps find re-serialisation bugs)
};

class SigningScheme
{
public:
    virtual ~SigningScheme() = default;
    virtual QString name() const = 0;
    // Why these options cannot sign or verify with this scheme (no secret, a whsec_ secret that is
    // not base64, an unknown algorithm...), or an empty string. sign() returns no headers when this
    // is not empty, so call it first where the user can be told.
    virtual QString optionsError(const SigningOptions &options) const = 0;
    // Headers to add for these exact body bytes (fresh id/timestamp unless given in options).
    virtual HeaderList sign(const QByteArray &body, const SigningOptions &options) const = 0;
    // Thread-safe and const: the listener calls it from its worker thread.
    virtual SignatureVerdict verify(const HeaderList &headers, const QByteArray &body, const SigningOptions &options,
                                    qint64 nowSeconds) const = 0;
};

namespace SigningSchemes {
QStringList names();                                        // github stripe standard-webhooks svix slack shopify hmac
std::unique_ptr<SigningScheme> create(const QString &name); // nullptr if unknown
} // namespace SigningSchemes
