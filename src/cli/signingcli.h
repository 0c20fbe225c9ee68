#pragma once

#include "core/signing/signingscheme.h"

#include <QCommandLineParser>
#include <QString>

// The options of the generic "hmac" scheme, shared by `sign`, `send --sign` and
// `listen --verify` so the three commands describe a signature the same way.
// --secret, --sign, --verify and --scheme are each command's own.

// Adds --hmac-algorithm --hmac-encoding --hmac-header --hmac-prefix --hmac-template
// --hmac-timestamp-header --hmac-id-header.
void addSigningOptions(QCommandLineParser &parser);
// Fills the hmac fields of *options from the parser; other fields are left as they are.
// Returns false with a message for *error when a value is not one we know.
bool signingOptionsFrom(const QCommandLineParser &parser, SigningOptions *options, QString *error);
