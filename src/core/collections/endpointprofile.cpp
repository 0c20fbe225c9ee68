#include "endpointprofile.h"

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

} // namespace

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

RequestDraft EndpointProfile::apply(const RequestDraft &request) const
{
    RequestDraft draft = request;
    if (!isAbsolute(draft.url.trimmed()))
        draft.url = joinUrl(baseUrl, draft.url.trimmed());
    // The request's own headers win; the profile's come first so the wire order is stable.
    KeyValueRows merged;
    for (const KeyValueRow &row : headers) {
        const bool overridden = std::any_of(request.headers.cbegin(), request.headers.cend(), [&row](const KeyValueRow &own) {
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
