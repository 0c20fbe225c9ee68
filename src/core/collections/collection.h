#pragma once

#include "core/collections/endpointprofile.h"
#include "core/collections/environment.h"
#include "core/send/requestdraft.h"

#include <QList>
#include <QString>

#include <optional>

// Field by field, so the sidebar can tell whether the composer holds unsaved changes
// (RequestDraft has no operator== of its own).
bool sameDraft(const RequestDraft &a, const RequestDraft &b);

// One saved request: the composer's draft as it was saved, what the runner expects of
// the answer, and optionally the endpoint profile it is bound to (by name).
struct CollectionRequest {
    QString id; // stable across saves; keys its secrets in the SecretStore
    QString name;
    RequestDraft draft;
    std::optional<int> expectedStatus; // unset: any 2xx passes
    QString profile;                   // EndpointProfile::name; empty: none

    bool meetsExpectation(int status) const
    {
        return expectedStatus ? status == *expectedStatus : status >= 200 && status < 300;
    }
};

// A folder holds requests and, as Postman allows, further folders.
struct CollectionFolder {
    QString name;
    QList<CollectionFolder> folders;
    QList<CollectionRequest> requests;
};

// What one collection file holds: requests in folders (the root is a folder without a
// name), collection variables, environments and endpoint profiles. A value: the file,
// the importers, the runner and the sidebar model all pass it around by copy.
struct Collection {
    QString id; // stable; keys secrets
    QString name;
    QString description;
    KeyValueRows variables; // collection variables, below the environment's in precedence
    CollectionFolder root;  // root.name is unused
    QList<Environment> environments;
    QList<EndpointProfile> profiles;

    // Requests in order (depth first: a folder's requests, then its subfolders).
    struct Entry {
        QString folderPath; // "Folder/Sub"; empty at the root
        const CollectionRequest *request = nullptr;
    };
    QList<Entry> allRequests() const;
    // The folder whose name (or "A/B" path) matches; nullptr when none does.
    const CollectionFolder *findFolder(const QString &nameOrPath) const;
    const Environment *findEnvironment(const QString &name) const;
    const EndpointProfile *findProfile(const QString &name) const;
    CollectionRequest *findRequest(const QString &id);

    // Gives every request without an id one (new requests, imports).
    void assignIds();
    static QString newId();
};
