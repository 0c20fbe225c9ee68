#include "core/signing/signatureverifiers.h"

#include <QDateTime>

#include <memory>

SignatureVerifier makeSignatureVerifier(const QString &schemeName, const SigningOptions &options, QString *error)
{
    std::shared_ptr<const SigningScheme> scheme = SigningSchemes::create(schemeName);
    if (!scheme) {
        *error = QStringLiteral("unknown signing scheme '%1' (known: %2)")
                     .arg(schemeName, SigningSchemes::names().join(QStringLiteral(", ")));
        return {};
    }
    if (const QString problem = scheme->optionsError(options); !problem.isEmpty()) {
        *error = problem;
        return {};
    }
    // The scheme is const and stateless, so the worker thread may call it freely.
    return [scheme, options](const HeaderList &headers, const QByteArray &body) {
        const SignatureVerdict verdict = scheme->verify(headers, body, options, QDateTime::currentSecsSinceEpoch());
        CaptureSignature signature;
        signature.scheme = verdict.scheme.isEmpty() ? scheme->name() : verdict.scheme;
        signature.valid = verdict.valid;
        signature.reason = verdict.reason;
        signature.expected = verdict.expected;
        return signature;
    };
}
