#pragma once

#include "core/send/requestdraft.h"

#include <QString>
#include <QStringList>

// A saved endpoint: where requests go and how they are authenticated and signed. Choosing
// a profile fills the composer; a request bound to one takes its base URL (when the
// request's URL is a path), headers it does not set itself, auth, signing and timeout.
struct EndpointProfile {
    QString name;
    QString baseUrl; // "https://api.example.com/v1"
    QString method = QStringLiteral("POST");
    KeyValueRows headers;
    RequestDraft::AuthMode authMode = RequestDraft::AuthMode::None;
    QString authUser;   // Basic user, or the API key's header/parameter name
    QString authSecret; // bearer token, Basic password or API key: secret, see SecretStore
    QString signingScheme;
    QString signingSecret; // secret, see SecretStore
    int timeoutMs = 30000;

    // A new draft from this profile (the composer's "choose a profile").
    RequestDraft toDraft() const;
    // The reverse: a profile (without a name) from a draft's URL, method, headers, auth,
    // signing and timeout, as "Save Composer as Endpoint Profile" keeps them.
    static EndpointProfile fromDraft(const RequestDraft &draft);
    // `draft` as it is sent when bound to this profile.
    RequestDraft apply(const RequestDraft &draft) const;
    // Why this profile cannot be saved, in words, or an empty string. `takenNames`: the names
    // of the collection's other profiles. Values holding {{variables}} are checked only where
    // the text around them can be; the rest is checked when they are expanded at send time.
    QString error(const QStringList &takenNames = {}) const;
};
