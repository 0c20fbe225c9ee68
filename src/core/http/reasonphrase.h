#pragma once

#include <QByteArray>

// The reason phrase for a status code ("Not Found", RFC 9110 §15), or "" when unknown: for the
// listener's status lines, the inspector, and HAR's statusText.
QByteArray httpReasonPhrase(int status);
