#pragma once

#include "core/send/requestdraft.h"

#include <QString>
#include <QStringList>

// A cURL command line, as copied from a browser's developer tools or an API's docs, as a
// composer draft. Shell quoting is understood ('...', "...", $'...', backslashes and
// line continuations, heredocs and here-strings as standard input); so is what curl
// puts on the wire for -X, -H, -d/--data, --data-raw, --data-binary, --data-urlencode,
// --json (with @file and @-), -F/--form/--form-string, -T, -u, --oauth2-bearer, -G, -I,
// -A, -e, -b, -r, -k, -L, --max-time and --url. Files named with @ or < are read
// relative to workingDir (the current folder when empty), except -F name=@file parts,
// which stay paths read at each send, as curl reads them. Whatever Hookbench does not do
// as curl would is listed in warnings by option, never dropped silently.
namespace CurlImporter {

struct Result {
    bool ok = false;
    QString error; // why nothing could be imported (no URL, an unterminated quote ...)
    RequestDraft draft;
    QStringList warnings;
};

Result parse(const QString &commandLine, const QString &workingDir = {});
// Shell words as bash would split them (quotes removed); false + *error on an open quote.
bool splitWords(const QString &commandLine, QStringList *words, QString *error);
// Whether text looks like a cURL command (starts with "curl "), for pastes into the URL field.
bool looksLikeCurl(const QString &text);

} // namespace CurlImporter
