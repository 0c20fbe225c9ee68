#include "core/collections/collection.h"

#include <QUuid>

namespace {

void collect(const CollectionFolder &folder, const QString &path, QList<Collection::Entry> *out)
{
    for (const CollectionRequest &request : folder.requests)
        out->append({path, &request});
    for (const CollectionFolder &sub : folder.folders)
        collect(sub, path.isEmpty() ? sub.name : path + QLatin1Char('/') + sub.name, out);
}

const CollectionFolder *findFolderIn(const CollectionFolder &folder, const QString &path, const QString &wanted)
{
    for (const CollectionFolder &sub : folder.folders) {
        const QString subPath = path.isEmpty() ? sub.name : path + QLatin1Char('/') + sub.name;
        if (sub.name == wanted || subPath == wanted)
            return &sub;
        if (const CollectionFolder *found = findFolderIn(sub, subPath, wanted))
            return found;
    }
    return nullptr;
}

CollectionRequest *findRequestIn(CollectionFolder &folder, const QString &id)
{
    for (CollectionRequest &request : folder.requests) {
        if (request.id == id)
            return &request;
    }
    for (CollectionFolder &sub : folder.folders) {
        if (CollectionRequest *found = findRequestIn(sub, id))
            return found;
    }
    return nullptr;
}

void assignIdsIn(CollectionFolder &folder)
{
    for (CollectionRequest &request : folder.requests) {
        if (request.id.isEmpty())
            request.id = Collection::newId();
    }
    for (CollectionFolder &sub : folder.folders)
        assignIdsIn(sub);
}

} // namespace

QList<Collection::Entry> Collection::allRequests() const
{
    QList<Entry> out;
    collect(root, {}, &out);
    return out;
}

const CollectionFolder *Collection::findFolder(const QString &nameOrPath) const
{
    return findFolderIn(root, {}, nameOrPath);
}

const Environment *Collection::findEnvironment(const QString &name) const
{
    for (const Environment &environment : environments) {
        if (environment.name == name)
            return &environment;
    }
    return nullptr;
}

const EndpointProfile *Collection::findProfile(const QString &name) const
{
    for (const EndpointProfile &profile : profiles) {
        if (profile.name == name)
            return &profile;
    }
    return nullptr;
}

CollectionRequest *Collection::findRequest(const QString &id)
{
    return findRequestIn(root, id);
}

void Collection::assignIds()
{
    if (id.isEmpty())
        id = newId();
    assignIdsIn(root);
}

QString Collection::newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

bool sameDraft(const RequestDraft &a, const RequestDraft &b)
{
    return a.method == b.method && a.url == b.url && a.headers == b.headers && a.bodyMode == b.bodyMode
        && a.body == b.body && a.textContentType == b.textContentType && a.form == b.form && a.multipart == b.multipart
        && a.authMode == b.authMode && a.bearerToken == b.bearerToken && a.basicUser == b.basicUser
        && a.basicPassword == b.basicPassword && a.apiKeyName == b.apiKeyName && a.apiKeyValue == b.apiKeyValue
        && a.signingScheme == b.signingScheme && a.signingSecret == b.signingSecret && a.signingEvent == b.signingEvent
        && a.options == b.options;
}
