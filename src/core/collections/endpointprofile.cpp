#include "core/collections/endpointprofile.h"

#include "core/send/requesttemplate.h"
#include "core/signing/signingscheme.h"

#include <QRegularExpression>
#include <QUrl>

#include <algorithm>

namespace {

bool isAbsolute(const QString &url)
{
    return url.contains(QLatin1String("://")) || url.startsWith(QLatin1String("{{"));
}

QString joinUrl(const QString &base, const QString &path)
{
    if (base.isEmpty())
        return path;
    if (path.isEmpty())
        return base;
    const bool baseSlash = base.endsWith(QLatin1Char('/'));
    const bool pathSlash = path.startsWith(QLatin1Char('/'));
    if (baseSlash && pathSlash)
        return base + path.mid(1);
    if (!baseSlash && !pathSlash && !path.startsWith(QLatin1Char('?')))
        return base + QLatin1Char('/') + path;
    return base + path;
}

void applyAuth(const EndpointProfile &profile, RequestDraft *draft)
{
    draft->authMode = profile.authMode;
    switch (profile.authMode) {
    case RequestDraft::AuthMode::None:
        break;
    case RequestDraft::AuthMode::Bearer:
        draft->bearerToken = profile.authSecret;
        break;
    case RequestDraft::AuthMode::Basic:
        draft->basicUser = profile.authUser;
        draft->basicPassword = profile.authSecret;
        break;
    case RequestDraft::AuthMode::ApiKeyHeader:
    case RequestDraft::AuthMode::ApiKeyQuery:
        draft->apiKeyName = profile.authUser;
        draft->apiKeyValue = profile.authSecret;
        break;
    }
}

bool hasVariable(const QString &text)
{
    return text.contains(QLatin1String("{{"));
}

QString baseUrlError(const QString &baseUrl)
{
    const QString url = baseUrl.trimmed();
    // None: bound requests keep their own URLs. Only a variable: it holds the whole address.
    if (url.isEmpty() || url.startsWith(QLatin1String("{{")))
        return {};
    // A placeholder stands for text the environment supplies (a host, a version): check the rest.
    static const QRegularExpression placeholder(QStringLiteral("\\{\\{[^}]*\\}\\}"));
    QString probe = url;
    probe.replace(placeholder, QStringLiteral("x"));
    const qsizetype schemeEnd = probe.indexOf(QLatin1String("://"));
    if (schemeEnd < 0)
        return QStringLiteral("The base URL must be a full address starting with http:// or https://.");
    const QString scheme = probe.left(schemeEnd).toLower();
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https"))
        return QStringLiteral("The base URL must start with http:// or https://, not %1://.")
            .arg(probe.left(schemeEnd));
    const QUrl parsed(probe, QUrl::StrictMode);
    if (!parsed.isValid())
        return QStringLiteral("The base URL is not a valid address: %1.").arg(parsed.errorString());
    if (parsed.host().isEmpty())
        return QStringLiteral("The base URL has no host: write it as %1://host/path.").arg(scheme);
    // A request's path is appended to the base URL, so it cannot end in a query or fragment.
    if (parsed.hasQuery() || parsed.hasFragment())
        return QStringLiteral("The base URL cannot hold a query (?…) or a fragment (#…): the paths of "
                              "requests are appended to it.");
    return {};
}

QString headersError(const KeyValueRows &headers)
{
    for (const KeyValueRow &row : headers) {
        const QString name = row.name.trimmed();
        if (name.isEmpty()) {
            if (!row.value.isEmpty())
                return QStringLiteral("A header has a value (\"%1\") but no name.").arg(row.value);
            continue;
        }
        if (!hasVariable(name) && !RequestTemplate::isToken(name.toUtf8()))
            return QStringLiteral("The header name \"%1\" is not valid: no spaces, colons or other "
                                  "separators.")
                .arg(name);
        if (row.value.contains(QLatin1Char('\r')) || row.value.contains(QLatin1Char('\n')))
            return QStringLiteral("The header \"%1\" holds a line break.").arg(name);
    }
    return {};
}

QString authError(const EndpointProfile &profile)
{
    const QString user = profile.authUser.trimmed();
    switch (profile.authMode) {
    case RequestDraft::AuthMode::None:
        return {};
    case RequestDraft::AuthMode::Bearer:
        return profile.authSecret.isEmpty()
            ? QStringLiteral("Bearer authentication needs a token (or a {{variable}} that holds one).")
            : QString();
    case RequestDraft::AuthMode::Basic:
        return user.isEmpty() ? QStringLiteral("Basic authentication needs a user name.") : QString();
    case RequestDraft::AuthMode::ApiKeyHeader:
        if (user.isEmpty())
            return QStringLiteral("The API key needs the name of the header it is sent in.");
        if (!hasVariable(user) && !RequestTemplate::isToken(user.toUtf8()))
            return QStringLiteral("The API key's header name \"%1\" is not valid: no spaces, colons or "
                                  "other separators.")
                .arg(user);
        return {};
    case RequestDraft::AuthMode::ApiKeyQuery:
        return user.isEmpty() ? QStringLiteral("The API key needs the name of the query parameter it is sent in.")
                              : QString();
    }
    return {};
}

QString signingError(const QString &schemeName, const QString &secret)
{
    if (schemeName.isEmpty())
        return {};
    const std::unique_ptr<SigningScheme> scheme = SigningSchemes::create(schemeName);
    if (!scheme)
        return QStringLiteral("The signing scheme \"%1\" is not known: use one of %2.")
            .arg(schemeName, SigningSchemes::names().join(QStringLiteral(", ")));
    if (hasVariable(secret))
        return {};
    SigningOptions options;
    options.secret = secret.toUtf8();
    if (const QString why = scheme->optionsError(options); !why.isEmpty())
        return QStringLiteral("Signing (%1): %2").arg(schemeName, why);
    return {};
}

} // namespace

QString EndpointProfile::error(const QStringList &takenNames) const
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        return QStringLiteral("The profile needs a name.");
    // Its secrets are keyed ".../profile/<name>/...": a slash would make one profile's keys
    // look like they belong under another's.
    if (trimmed.contains(QLatin1Char('/')))
        return QStringLiteral("A profile name cannot contain \"/\".");
    if (takenNames.contains(trimmed))
        return QStringLiteral("This collection already has a profile called \"%1\".").arg(trimmed);
    if (const QString why = baseUrlError(baseUrl); !why.isEmpty())
        return why;
    if (!RequestTemplate::isToken(method.toUtf8()))
        return QStringLiteral("The method \"%1\" is not valid: use a word such as POST or PUT.").arg(method);
    if (const QString why = headersError(headers); !why.isEmpty())
        return why;
    if (const QString why = authError(*this); !why.isEmpty())
        return why;
    if (const QString why = signingError(signingScheme, signingSecret); !why.isEmpty())
        return why;
    if (timeoutMs < 0)
        return QStringLiteral("The timeout cannot be negative (0 means no limit).");
    return {};
}

RequestDraft EndpointProfile::toDraft() const
{
    RequestDraft draft;
    draft.method = method;
    draft.url = baseUrl;
    draft.headers = headers;
    applyAuth(*this, &draft);
    draft.signingScheme = signingScheme;
    draft.signingSecret = signingSecret;
    draft.options.timeoutMs = timeoutMs;
    return draft;
}

EndpointProfile EndpointProfile::fromDraft(const RequestDraft &draft)
{
    EndpointProfile profile;
    profile.method = draft.method;
    profile.baseUrl = draft.url;
    profile.headers = draft.headers;
    profile.authMode = draft.authMode;
    switch (draft.authMode) { // applyAuth, read the other way
    case RequestDraft::AuthMode::None:
        break;
    case RequestDraft::AuthMode::Bearer:
        profile.authSecret = draft.bearerToken;
        break;
    case RequestDraft::AuthMode::Basic:
        profile.authUser = draft.basicUser;
        profile.authSecret = draft.basicPassword;
        break;
    case RequestDraft::AuthMode::ApiKeyHeader:
    case RequestDraft::AuthMode::ApiKeyQuery:
        profile.authUser = draft.apiKeyName;
        profile.authSecret = draft.apiKeyValue;
        break;
    }
    profile.signingScheme = draft.signingScheme;
    profile.signingSecret = draft.signingSecret;
    profile.timeoutMs = draft.options.timeoutMs;
    return profile;
}

RequestDraft EndpointProfile::apply(const RequestDraft &request) const
{
    RequestDraft draft = request;
    if (!isAbsolute(draft.url.trimmed()))
        draft.url = joinUrl(baseUrl, draft.url.trimmed());
    // The request's own headers win; the profile's come first so the wire order is stable.
    KeyValueRows merged;
    for (const KeyValueRow &row : headers) {
        const bool overridden = std::any_of(
            request.headers.cbegin(), request.headers.cend(), [&row](const KeyValueRow &own) {
                return own.enabled && own.name.compare(row.name, Qt::CaseInsensitive) == 0;
            });
        if (!overridden)
            merged.append(row);
    }
    merged += request.headers;
    draft.headers = merged;
    if (request.authMode == RequestDraft::AuthMode::None)
        applyAuth(*this, &draft);
    if (request.signingScheme.isEmpty()) {
        draft.signingScheme = signingScheme;
        draft.signingSecret = signingSecret;
    }
    draft.options.timeoutMs = timeoutMs;
    return draft;
}
