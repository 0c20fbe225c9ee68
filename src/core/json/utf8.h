#pragma once

#include <QByteArrayView>

namespace Utf8 {
// Strict UTF-8 (RFC 3629): no overlongs, no surrogates, nothing above U+10FFFF.
// Decides whether a body can be shown (and exported) as text without loss.
bool isValid(QByteArrayView bytes);
} // namespace Utf8
