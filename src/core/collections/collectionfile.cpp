#include "core/collections/collectionfile.h"

#include "core/app/logging.h"
#include "core/json/jsontools.h"
#include "core/json/jsonwriter.h"
#include "core/secrets/secretstore.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSaveFile>

namespace {

using L = QLatin1StringView;

using BodyMode = RequestDraft::BodyMode;
using AuthMode = RequestDraft::AuthMode;

// Writes a secret-bearing field: references stay in the file, literal values go to the store
// (listed, so the caller applies them on the store's thread).
class Writer
{
public:
    Writer(CollectionFile::SecretChanges *secrets)
        : m_secrets(secrets)
    { }

    JsonWriter json;

    void secretField(L name, const QString &value, const QString &secretKey)
    {
        if (value.isEmpty() || CollectionFile::isVariableReference(value)) {
            m_secrets->append({secretKey, std::nullopt});
            if (!value.isEmpty())
                json.field(name, value);
            return;
        }
        m_secrets->append({secretKey, value});
    }

    void rows(L name, const KeyValueRows &rows)
    {
        json.key(name);
        json.beginArray();
        for (const KeyValueRow &row : rows) {
            json.beginObject();
            json.field(L("name"), row.name);
            json.field(L("value"), row.value);
            if (!row.enabled)
                json.field(L("enabled"), false);
            json.endObject();
        }
        json.endArray();
    }

    void formFields(const FormFields &fields)
    {
        json.key(L("multipart"));
        json.beginArray();
        for (const FormField &field : fields) {
            json.beginObject();
            json.field(L("name"), field.name);
            json.field(L(field.isFile ? "file" : "value"), field.value);
            if (!field.contentType.isEmpty())
                json.field(L("contentType"), field.contentType);
            if (!field.fileName.isEmpty())
                json.field(L("fileName"), field.fileName);
            if (!field.enabled)
                json.field(L("enabled"), false);
            json.endObject();
        }
        json.endArray();
    }

    void request(const QString &collectionId, const CollectionRequest &request)
    {
        const QString prefix = collectionId + QLatin1String("/request/") + request.id + QLatin1Char('/');
        const RequestDraft &d = request.draft;
        json.beginObject();
        json.field(L("id"), request.id);
        json.field(L("name"), request.name);
        json.field(L("method"), d.method);
        json.field(L("url"), d.url);
        rows(L("headers"), d.headers);
        json.key(L("body"));
        json.beginObject();
        json.field(L("mode"), enumName(kBodyModeNames, d.bodyMode));
        if (d.bodyMode == RequestDraft::BodyMode::Form) {
            rows(L("form"), d.form);
        } else if (d.bodyMode == RequestDraft::BodyMode::Multipart) {
            formFields(d.multipart);
        } else {
            json.field(L("text"), d.body);
            if (d.bodyMode == RequestDraft::BodyMode::Text)
                json.field(L("contentType"), d.textContentType);
        }
        json.endObject();
        if (d.authMode != RequestDraft::AuthMode::None) {
            json.key(L("auth"));
            json.beginObject();
            json.field(L("type"), enumName(kAuthModeNames, d.authMode));
            switch (d.authMode) {
            case RequestDraft::AuthMode::None:
                break;
            case RequestDraft::AuthMode::Bearer:
                secretField(L("token"), d.bearerToken, prefix + QLatin1String("token"));
                break;
            case RequestDraft::AuthMode::Basic:
                json.field(L("user"), d.basicUser);
                secretField(L("password"), d.basicPassword, prefix + QLatin1String("password"));
                break;
            case RequestDraft::AuthMode::ApiKeyHeader:
            case RequestDraft::AuthMode::ApiKeyQuery:
                json.field(L("name"), d.apiKeyName);
                secretField(L("value"), d.apiKeyValue, prefix + QLatin1String("apiKey"));
                break;
            }
            json.endObject();
        }
        if (!d.signingScheme.isEmpty()) {
            json.key(L("signing"));
            json.beginObject();
            json.field(L("scheme"), d.signingScheme);
            if (!d.signingEvent.isEmpty())
                json.field(L("event"), d.signingEvent);
            secretField(L("secret"), d.signingSecret, prefix + QLatin1String("signingSecret"));
            json.endObject();
        }
        options(d.options);
        if (request.expectedStatus) {
            json.key(L("expect"));
            json.beginObject();
            json.field(L("status"), qint64(*request.expectedStatus));
            json.endObject();
        }
        if (!request.profile.isEmpty())
            json.field(L("profile"), request.profile);
        json.endObject();
    }

    void options(const SendOptions &o)
    {
        const SendOptions defaults;
        if (o == defaults)
            return;
        json.key(L("options"));
        json.beginObject();
        json.field(L("timeoutMs"), qint64(o.timeoutMs));
        json.field(L("followRedirects"), o.followRedirects);
        json.field(L("maxRedirects"), qint64(o.maxRedirects));
        json.field(L("ignoreTlsErrors"), o.ignoreTlsErrors);
        json.field(L("allowHttp2"), o.allowHttp2);
        json.field(L("proxy"), enumName(kProxyModeNames, o.proxyMode));
        if (!o.proxyUrl.isEmpty())
            json.field(L("proxyUrl"), o.proxyUrl);
        json.endObject();
    }

    void folder(const QString &collectionId, const CollectionFolder &folder)
    {
        json.key(L("requests"));
        json.beginArray();
        for (const CollectionRequest &r : folder.requests)
            request(collectionId, r);
        json.endArray();
        json.key(L("folders"));
        json.beginArray();
        for (const CollectionFolder &sub : folder.folders) {
            json.beginObject();
            json.field(L("name"), sub.name);
            this->folder(collectionId, sub);
            json.endObject();
        }
        json.endArray();
    }

    void environment(const QString &collectionId, const Environment &environment)
    {
        json.beginObject();
        json.field(L("name"), environment.name);
        json.key(L("variables"));
        json.beginArray();
        for (const EnvironmentVariable &variable : environment.variables) {
            json.beginObject();
            json.field(L("name"), variable.name);
            const QString key = Environment::secretKey(collectionId, environment.name, variable.name);
            if (variable.secret) {
                json.field(L("secret"), true);
                // Always to the store, even a reference: the user said it is secret.
                m_secrets->append({key, variable.value});
            } else {
                json.field(L("value"), variable.value);
                m_secrets->append({key, std::nullopt});
            }
            if (!variable.enabled)
                json.field(L("enabled"), false);
            json.endObject();
        }
        json.endArray();
        json.endObject();
    }

    void profile(const QString &collectionId, const EndpointProfile &p)
    {
        const QString prefix = collectionId + QLatin1String("/profile/") + p.name + QLatin1Char('/');
        json.beginObject();
        json.field(L("name"), p.name);
        json.field(L("baseUrl"), p.baseUrl);
        json.field(L("method"), p.method);
        rows(L("headers"), p.headers);
        json.field(L("auth"), enumName(kAuthModeNames, p.authMode));
        if (!p.authUser.isEmpty())
            json.field(L("authUser"), p.authUser);
        secretField(L("authSecret"), p.authSecret, prefix + QLatin1String("authSecret"));
        if (!p.signingScheme.isEmpty())
            json.field(L("signingScheme"), p.signingScheme);
        secretField(L("signingSecret"), p.signingSecret, prefix + QLatin1String("signingSecret"));
        json.field(L("timeoutMs"), qint64(p.timeoutMs));
        json.endObject();
    }

private:
    CollectionFile::SecretChanges *m_secrets;
};

class Reader
{
public:
    Reader(SecretStore *secrets)
        : m_secrets(secrets)
    { }

    QString secretField(const QJsonObject &object, const QString &name, const QString &secretKey) const
    {
        if (object.contains(name))
            return object.value(name).toString();
        return m_secrets ? m_secrets->value(secretKey) : QString();
    }

    static KeyValueRows rows(const QJsonValue &value)
    {
        KeyValueRows out;
        for (const QJsonValue &item : value.toArray()) {
            const QJsonObject o = item.toObject();
            out.append({o.value(QLatin1String("enabled")).toBool(true), o.value(QLatin1String("name")).toString(),
                        o.value(QLatin1String("value")).toString()});
        }
        return out;
    }

    CollectionRequest request(const QString &collectionId, const QJsonObject &o) const
    {
        CollectionRequest request;
        request.id = o.value(QLatin1String("id")).toString();
        request.name = o.value(QLatin1String("name")).toString();
        const QString prefix = collectionId + QLatin1String("/request/") + request.id + QLatin1Char('/');
        RequestDraft &d = request.draft;
        d.method = o.value(QLatin1String("method")).toString(QStringLiteral("GET"));
        d.url = o.value(QLatin1String("url")).toString();
        d.headers = rows(o.value(QLatin1String("headers")));
        const QJsonObject body = o.value(QLatin1String("body")).toObject();
        d.bodyMode = enumFromName(kBodyModeNames, body.value(QLatin1String("mode")).toString());
        d.body = body.value(QLatin1String("text")).toString();
        if (body.contains(QLatin1String("contentType")))
            d.textContentType = body.value(QLatin1String("contentType")).toString();
        d.form = rows(body.value(QLatin1String("form")));
        for (const QJsonValue &item : body.value(QLatin1String("multipart")).toArray()) {
            const QJsonObject f = item.toObject();
            const bool isFile = f.contains(QLatin1String("file"));
            d.multipart.append(
                {f.value(QLatin1String("enabled")).toBool(true), f.value(QLatin1String("name")).toString(),
                 f.value(QLatin1String(isFile ? "file" : "value")).toString(), isFile,
                 f.value(QLatin1String("contentType")).toString(), f.value(QLatin1String("fileName")).toString()});
        }
        const QJsonObject auth = o.value(QLatin1String("auth")).toObject();
        d.authMode = enumFromName(kAuthModeNames, auth.value(QLatin1String("type")).toString());
        switch (d.authMode) {
        case RequestDraft::AuthMode::None:
            break;
        case RequestDraft::AuthMode::Bearer:
            d.bearerToken = secretField(auth, QStringLiteral("token"), prefix + QLatin1String("token"));
            break;
        case RequestDraft::AuthMode::Basic:
            d.basicUser = auth.value(QLatin1String("user")).toString();
            d.basicPassword = secretField(auth, QStringLiteral("password"), prefix + QLatin1String("password"));
            break;
        case RequestDraft::AuthMode::ApiKeyHeader:
        case RequestDraft::AuthMode::ApiKeyQuery:
            d.apiKeyName = auth.value(QLatin1String("name")).toString(d.apiKeyName);
            d.apiKeyValue = secretField(auth, QStringLiteral("value"), prefix + QLatin1String("apiKey"));
            break;
        }
        const QJsonObject signing = o.value(QLatin1String("signing")).toObject();
        d.signingScheme = signing.value(QLatin1String("scheme")).toString();
        d.signingEvent = signing.value(QLatin1String("event")).toString();
        if (!d.signingScheme.isEmpty())
            d.signingSecret = secretField(signing, QStringLiteral("secret"), prefix + QLatin1String("signingSecret"));
        if (o.contains(QLatin1String("options"))) {
            const QJsonObject opt = o.value(QLatin1String("options")).toObject();
            SendOptions &s = d.options;
            s.timeoutMs = opt.value(QLatin1String("timeoutMs")).toInt(s.timeoutMs);
            s.followRedirects = opt.value(QLatin1String("followRedirects")).toBool(s.followRedirects);
            s.maxRedirects = opt.value(QLatin1String("maxRedirects")).toInt(s.maxRedirects);
            s.ignoreTlsErrors = opt.value(QLatin1String("ignoreTlsErrors")).toBool(s.ignoreTlsErrors);
            s.allowHttp2 = opt.value(QLatin1String("allowHttp2")).toBool(s.allowHttp2);
            s.proxyMode = enumFromName(kProxyModeNames, opt.value(QLatin1String("proxy")).toString());
            s.proxyUrl = opt.value(QLatin1String("proxyUrl")).toString();
        }
        const QJsonValue expected = o.value(QLatin1String("expect")).toObject().value(QLatin1String("status"));
        if (expected.isDouble())
            request.expectedStatus = expected.toInt();
        request.profile = o.value(QLatin1String("profile")).toString();
        return request;
    }

    CollectionFolder folder(const QString &collectionId, const QJsonObject &o) const
    {
        CollectionFolder folder;
        folder.name = o.value(QLatin1String("name")).toString();
        for (const QJsonValue &item : o.value(QLatin1String("requests")).toArray())
            folder.requests.append(request(collectionId, item.toObject()));
        for (const QJsonValue &item : o.value(QLatin1String("folders")).toArray())
            folder.folders.append(this->folder(collectionId, item.toObject()));
        return folder;
    }

    Environment environment(const QString &collectionId, const QJsonObject &o) const
    {
        Environment environment;
        environment.name = o.value(QLatin1String("name")).toString();
        for (const QJsonValue &item : o.value(QLatin1String("variables")).toArray()) {
            const QJsonObject v = item.toObject();
            EnvironmentVariable variable;
            variable.name = v.value(QLatin1String("name")).toString();
            variable.secret = v.value(QLatin1String("secret")).toBool(false);
            variable.enabled = v.value(QLatin1String("enabled")).toBool(true);
            variable.value = variable.secret && m_secrets
                ? m_secrets->value(Environment::secretKey(collectionId, environment.name, variable.name))
                : v.value(QLatin1String("value")).toString();
            environment.variables.append(variable);
        }
        return environment;
    }

    EndpointProfile profile(const QString &collectionId, const QJsonObject &o) const
    {
        EndpointProfile p;
        p.name = o.value(QLatin1String("name")).toString();
        const QString prefix = collectionId + QLatin1String("/profile/") + p.name + QLatin1Char('/');
        p.baseUrl = o.value(QLatin1String("baseUrl")).toString();
        p.method = o.value(QLatin1String("method")).toString(p.method);
        p.headers = rows(o.value(QLatin1String("headers")));
        p.authMode = enumFromName(kAuthModeNames, o.value(QLatin1String("auth")).toString());
        p.authUser = o.value(QLatin1String("authUser")).toString();
        p.authSecret = secretField(o, QStringLiteral("authSecret"), prefix + QLatin1String("authSecret"));
        p.signingScheme = o.value(QLatin1String("signingScheme")).toString();
        p.signingSecret = secretField(o, QStringLiteral("signingSecret"), prefix + QLatin1String("signingSecret"));
        p.timeoutMs = o.value(QLatin1String("timeoutMs")).toInt(p.timeoutMs);
        return p;
    }

private:
    SecretStore *m_secrets;
};

void fail(CollectionFileError *error, int line, int column, const QString &message)
{
    if (error) {
        error->line = line;
        error->column = column;
        error->message = message;
    }
}

} // namespace

QString CollectionFileError::toString() const
{
    QString out = path.isEmpty() ? QStringLiteral("collection") : path;
    if (line > 0)
        out += QStringLiteral(", line %1, column %2").arg(line).arg(column);
    return out + QLatin1String(": ") + message;
}

bool CollectionFile::isVariableReference(const QString &value)
{
    static const QRegularExpression reference(QStringLiteral("^\\s*\\{\\{\\s*[A-Za-z0-9_.$-]+\\s*\\}\\}\\s*$"));
    return reference.match(value).hasMatch();
}

QByteArray CollectionFile::toJson(const Collection &collection, SecretStore *secrets)
{
    SecretChanges changes;
    const QByteArray json = toJsonAndSecrets(collection, &changes);
    applySecrets(changes, secrets);
    return json;
}

QByteArray CollectionFile::toJsonAndSecrets(const Collection &collection, SecretChanges *secrets)
{
    Writer w(secrets);
    JsonWriter &json = w.json;
    json.beginObject();
    json.field(L("hookbenchCollection"), qint64(kSchemaVersion));
    json.field(L("id"), collection.id);
    json.field(L("name"), collection.name);
    if (!collection.description.isEmpty())
        json.field(L("description"), collection.description);
    w.rows(L("variables"), collection.variables);
    json.key(L("environments"));
    json.beginArray();
    for (const Environment &environment : collection.environments)
        w.environment(collection.id, environment);
    json.endArray();
    json.key(L("profiles"));
    json.beginArray();
    for (const EndpointProfile &profile : collection.profiles)
        w.profile(collection.id, profile);
    json.endArray();
    w.folder(collection.id, collection.root);
    json.endObject();
    return JsonTools::format(json.data(), 2) + '\n';
}

void CollectionFile::applySecrets(const SecretChanges &changes, SecretStore *secrets)
{
    for (const SecretChange &change : changes) {
        if (!secrets) {
            if (change.value)
                qCWarning(lcCollections, "no secret store: %s not saved", qUtf8Printable(change.key));
            continue;
        }
        QString error;
        if (change.value ? !secrets->setValue(change.key, *change.value, &error) : !secrets->remove(change.key, &error))
            qCWarning(lcCollections, "secret not saved: %s", qUtf8Printable(error));
    }
}

namespace {

bool parseDocument(const QByteArray &json, QJsonObject *document, CollectionFileError *error)
{
    if (const JsonError syntax = JsonTools::validate(json); syntax.isError()) {
        fail(error, syntax.line, syntax.column, syntax.message);
        return false;
    }
    const QJsonDocument parsed = QJsonDocument::fromJson(json);
    if (!parsed.isObject()) {
        fail(error, 1, 1, QStringLiteral("not a Hookbench collection (the top level is not an object)"));
        return false;
    }
    const QJsonObject root = parsed.object();
    const QJsonValue version = root.value(QLatin1String("hookbenchCollection"));
    if (!version.isDouble()) {
        fail(error, 1, 1, QStringLiteral("not a Hookbench collection (no \"hookbenchCollection\" schema version)"));
        return false;
    }
    if (version.toInt() > CollectionFile::kSchemaVersion || version.toInt() < 1) {
        fail(
            error, 1, 1,
            QStringLiteral("schema version %1 is not one this Hookbench reads (it reads %2); the file is left as it is")
                .arg(version.toInt())
                .arg(CollectionFile::kSchemaVersion));
        return false;
    }
    *document = root;
    return true;
}

// Writes the file that serialize() gives, unless the file there does not parse: a user's
// hand edit (or a merge conflict) is never replaced by what Hookbench holds in memory.
template <typename Serialize>
bool writeFile(const QString &path, Collection &collection, QString *error, Serialize serialize)
{
    if (QFile::exists(path)) {
        QJsonObject existing;
        CollectionFileError problem;
        if (!CollectionFile::readDocument(path, &existing, &problem)) {
            if (error)
                *error = QStringLiteral("%1 (not overwritten)").arg(problem.toString());
            return false;
        }
    }
    collection.assignIds();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return false;
    }
    file.write(serialize(collection));
    if (!file.commit()) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace

bool CollectionFile::fromJson(const QByteArray &json, Collection *collection, SecretStore *secrets,
                              CollectionFileError *error)
{
    QJsonObject document;
    if (!parseDocument(json, &document, error))
        return false;
    *collection = fromDocument(document, secrets);
    return true;
}

Collection CollectionFile::fromDocument(const QJsonObject &root, SecretStore *secrets)
{
    if (secrets)
        secrets->reload();
    Reader r(secrets);
    Collection out;
    out.id = root.value(QLatin1String("id")).toString();
    out.name = root.value(QLatin1String("name")).toString();
    out.description = root.value(QLatin1String("description")).toString();
    out.variables = Reader::rows(root.value(QLatin1String("variables")));
    for (const QJsonValue &item : root.value(QLatin1String("environments")).toArray())
        out.environments.append(r.environment(out.id, item.toObject()));
    for (const QJsonValue &item : root.value(QLatin1String("profiles")).toArray())
        out.profiles.append(r.profile(out.id, item.toObject()));
    out.root = r.folder(out.id, root);
    out.root.name.clear();
    return out;
}

bool CollectionFile::read(const QString &path, Collection *collection, SecretStore *secrets, CollectionFileError *error)
{
    QJsonObject document;
    if (!readDocument(path, &document, error))
        return false;
    *collection = fromDocument(document, secrets);
    return true;
}

bool CollectionFile::readDocument(const QString &path, QJsonObject *document, CollectionFileError *error)
{
    if (error)
        *error = {path, 0, 0, {}};
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        fail(error, 0, 0, file.errorString());
        return false;
    }
    const QByteArray data = file.readAll();
    if (data.trimmed().isEmpty()) {
        fail(error, 1, 1, QStringLiteral("the file is empty"));
        return false;
    }
    return parseDocument(data, document, error);
}

bool CollectionFile::write(const QString &path, Collection &collection, SecretStore *secrets, QString *error)
{
    return writeFile(path, collection, error, [secrets](const Collection &c) { return toJson(c, secrets); });
}

bool CollectionFile::writeDocument(const QString &path, Collection &collection, SecretChanges *secrets, QString *error)
{
    return writeFile(path, collection, error, [secrets](const Collection &c) { return toJsonAndSecrets(c, secrets); });
}

QString CollectionFile::moveAside(const QString &path, QString *error)
{
    const QString aside = path + QStringLiteral(".broken-")
        + QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    if (!QFile::rename(path, aside)) {
        if (error)
            *error = QStringLiteral("cannot move %1 aside to %2").arg(path, aside);
        return {};
    }
    return aside;
}
