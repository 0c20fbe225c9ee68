#pragma once

#include "core/send/formfield.h"
#include "core/send/outgoingrequest.h"
#include "core/send/templateengine.h"

#include <functional>

// How the body is meant: Json is validated after expansion and sent as
// application/json unless a header says otherwise; Text is sent as it is; Multipart is
// built from `parts` for each attempt (files read then) as multipart/form-data.
enum class BodyKind { Json, Text, Multipart };

// A request as the user composed it, placeholders and all. prepare() turns it into
// an OutgoingRequest; a runner calls it again for every attempt, so each attempt
// gets a fresh {{$uuid}}, timestamp and signature.
struct RequestTemplate {
    QByteArray method = QByteArrayLiteral("POST");
    QString url;        // may hold placeholders; "host:port/path" gets http://
    HeaderList headers; // names and values may hold placeholders
    QByteArray body;    // may hold placeholders; unused for Multipart
    FormFields parts;   // Multipart only: enabled fields in order; names, texts and paths may hold placeholders
    BodyKind bodyKind = BodyKind::Json;
    // Content-Type used when no header sets one and the body is not empty.
    // Empty: application/json for Json, text/plain; charset=utf-8 for Text.
    QByteArray contentType;
    SendOptions options;

    // Called with the exact body bytes after expansion, once per attempt; the headers it
    // returns are added last, replacing any of the same name. Empty: not signed. A function
    // rather than a scheme so that sending does not depend on how signing is done.
    std::function<HeaderList(const QByteArray &body)> signer;

    // Expands the URL, headers and body against one instant (engine.now() if set), checks
    // the URL, validates a Json body, adds Content-Type, then signs. On failure returns false
    // and says where in words: "body, line 2, column 9: unknown variable 'user_id'".
    bool prepare(const TemplateEngine &engine, OutgoingRequest *out, QString *error) const;
    // Whether every prepare() gives the same request: no "{{" anywhere, no signer, and not
    // multipart (whose boundary is drawn, and files read, per attempt). A runner then prepares
    // it once: on a 1 KB body expansion and validation cost about as much as a SQLite insert.
    bool preparesAlike() const;

    // JSON unless the Content-Type says otherwise: application/json and any +json type.
    static bool isJsonContentType(QByteArrayView contentType);
    // The kind the CLI and the composer infer from the headers: Json unless a
    // Content-Type names something else.
    static BodyKind bodyKindFor(const HeaderList &headers);
    // Whether text may be a method or a header name (RFC 9110 tchar, at least one).
    static bool isToken(QByteArrayView text);
};
