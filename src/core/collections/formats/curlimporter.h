#pragma once

#include "core/send/requestdraft.h"

#include <QString>
#include <QStringList>

// A cURL command line, as copied from a browser's developer tools or an API's docs, as a
// composer draft. Shell quoting is understood ('...', "...", $'...', backslashes and
// line continuations); so are -X, -H, -d/--data, --data-raw, --data-binary,
// --data-urlencode, --json, -u, -G, -I, -A, -e, -b, -k, -L, --max-time and --url.
// Whatever has no place in a draft (-F, @file bodies, unknown options) is listed in
// warnings, never dropped silently.
namespace CurlImporter {

struct Result {
    bool ok = false;
    QString error; // why nothing could be imported (no URL, an unterminated quote ...)
    RequestDraft draft;
    QStringList warnings;
};

Result parse(const QString &commandLine);
// Shell words as bash would split them (quotes removed); false + *error on an open quote.
bool splitWords(const QString &commandLine, QStringList *words, QString *error);
// Whether text looks like a cURL command (starts with "curl "), for pastes into the URL field.
bool looksLikeCurl(const QString &text);

} // namespace CurlImporter
