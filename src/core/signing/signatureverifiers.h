#pragma once

#include "core/listener/listenerconfig.h"
#include "core/signing/signingscheme.h"

// Builds the listener's SignatureVerifier for a scheme and its options, or sets
// *error (unknown scheme, unusable secret) and returns an empty one.
SignatureVerifier makeSignatureVerifier(const QString &scheme, const SigningOptions &options, QString *error);
