#pragma once

#include "core/app/enumnames.h"
#include "core/send/formfield.h"
#include "core/send/keyvaluerow.h"
#include "core/send/outgoingrequest.h"

#include <QByteArray>
#include <QString>

struct RequestTemplate;

// What the composer holds, field for field, before anything is expanded: the GUI
// edits a draft, the draft turns itself into a RequestTemplate (auth, form encoding,
// signing), and a request from the history turns back into a draft. The rules live
// here, so they are tested without a window.
struct RequestDraft {
    enum class BodyMode { Json, Text, Form, Multipart };
    enum class AuthMode { None, Bearer, Basic, ApiKeyHeader, ApiKeyQuery };

    QString method = QStringLiteral("POST");
    QString url;
    KeyValueRows headers; // names as typed; disabled rows are kept but not sent

    BodyMode bodyMode = BodyMode::Json;
    QString body; // Json and Text modes
    QString textContentType = QStringLiteral("text/plain; charset=utf-8");
    KeyValueRows form;    // Form mode: application/x-www-form-urlencoded
    FormFields multipart; // Multipart mode: multipart/form-data, disabled fields kept but not sent

    AuthMode authMode = AuthMode::None;
    QString bearerToken;
    QString basicUser;
    QString basicPassword;
    QString apiKeyName = QStringLiteral("X-API-Key");
    QString apiKeyValue;

    QString signingScheme; // empty: not signed; else one of SigningSchemes::names()
    QString signingSecret;
    QString signingEvent; // github X-GitHub-Event, shopify X-Shopify-Topic; empty: the scheme's default

    SendOptions options;

    // The request to prepare for each attempt. False with *error in plain words when the
    // draft cannot be sent as it is (unknown signing scheme, a secret in the wrong form).
    bool toTemplate(RequestTemplate *out, QString *error) const;
    // A request as sent (from the history) back into the composer: signature headers stay
    // as they were sent and signing is off, since the secret is not stored. A multipart
    // body of text fields comes back as fields; one with files stays text, since the
    // files it read may be gone.
    static RequestDraft fromRequest(const OutgoingRequest &request);

    // The query of a URL as rows, text as typed (nothing is decoded, so {{placeholders}}
    // and %-escapes survive); a key without '=' has an empty value.
    static KeyValueRows queryRows(const QString &url);
    // `url` with its query replaced by the enabled rows ('&', '#' and, in names, '='
    // escaped); the fragment is kept. No rows: no '?'.
    static QString urlWithQuery(const QString &url, const KeyValueRows &rows);

    // application/x-www-form-urlencoded (WHATWG): {{placeholders}} are left as they are,
    // so they are expanded at send time.
    static QByteArray formEncode(const KeyValueRows &rows);
    static KeyValueRows formDecode(QByteArrayView body);
};

// As collection files and drafts name them.
inline constexpr EnumNames<RequestDraft::BodyMode> kBodyModeNames[] = {
    {RequestDraft::BodyMode::Json, QLatin1StringView("json")},
    {RequestDraft::BodyMode::Text, QLatin1StringView("text")},
    {RequestDraft::BodyMode::Form, QLatin1StringView("form")},
    {RequestDraft::BodyMode::Multipart, QLatin1StringView("multipart")}};
inline constexpr EnumNames<RequestDraft::AuthMode> kAuthModeNames[] = {
    {RequestDraft::AuthMode::None, QLatin1StringView("none")},
    {RequestDraft::AuthMode::Bearer, QLatin1StringView("bearer")},
    {RequestDraft::AuthMode::Basic, QLatin1StringView("basic")},
    {RequestDraft::AuthMode::ApiKeyHeader, QLatin1StringView("apikey-header")},
    {RequestDraft::AuthMode::ApiKeyQuery, QLatin1StringView("apikey-query")}};
