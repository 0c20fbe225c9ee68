#include "core/collections/formats/collectionexport.h"
#include "core/json/jsontools.h"
#include "core/json/jsonwriter.h"

namespace {

void writeKeyValues(JsonWriter &json, QLatin1StringView name, const KeyValueRows &rows)
{
    json.key(name);
    json.beginArray();
    for (const KeyValueRow &row : rows) {
        json.beginObject();
        json.field(QLatin1StringView("key"), row.name);
        json.field(QLatin1StringView("value"), row.value);
        if (!row.enabled)
            json.field(QLatin1StringView("disabled"), true);
        json.endObject();
    }
    json.endArray();
}

void writeAuthParams(JsonWriter &json, const QString &type, const QList<std::pair<QString, QString>> &params)
{
    json.key(QLatin1StringView("auth"));
    json.beginObject();
    json.field(QLatin1StringView("type"), type);
    json.key(QLatin1StringView(type.toLatin1()));
    json.beginArray();
    for (const auto &[key, value] : params) {
        json.beginObject();
        json.field(QLatin1StringView("key"), key);
        json.field(QLatin1StringView("value"), value);
        json.field(QLatin1StringView("type"), QStringLiteral("string"));
        json.endObject();
    }
    json.endArray();
    json.endObject();
}

void writeRequest(JsonWriter &json, const CollectionRequest &request)
{
    using L = QLatin1StringView;
    const RequestDraft &d = request.draft;
    json.beginObject();
    json.field(L("name"), request.name);
    json.key(L("request"));
    json.beginObject();
    json.field(L("method"), d.method);
    writeKeyValues(json, L("header"), d.headers);
    switch (d.authMode) {
    case RequestDraft::AuthMode::None:
        json.key(L("auth"));
        json.beginObject();
        json.field(L("type"), QStringLiteral("noauth"));
        json.endObject();
        break;
    case RequestDraft::AuthMode::Bearer:
        writeAuthParams(json, QStringLiteral("bearer"), {{QStringLiteral("token"), d.bearerToken}});
        break;
    case RequestDraft::AuthMode::Basic:
        writeAuthParams(json, QStringLiteral("basic"),
                        {{QStringLiteral("username"), d.basicUser}, {QStringLiteral("password"), d.basicPassword}});
        break;
    case RequestDraft::AuthMode::ApiKeyHeader:
    case RequestDraft::AuthMode::ApiKeyQuery:
        writeAuthParams(
            json, QStringLiteral("apikey"),
            {{QStringLiteral("key"), d.apiKeyName},
             {QStringLiteral("value"), d.apiKeyValue},
             {QStringLiteral("in"),
              d.authMode == RequestDraft::AuthMode::ApiKeyQuery ? QStringLiteral("query") : QStringLiteral("header")}});
        break;
    }
    if (d.bodyMode == RequestDraft::BodyMode::Form && !d.form.isEmpty()) {
        json.key(L("body"));
        json.beginObject();
        json.field(L("mode"), QStringLiteral("urlencoded"));
        writeKeyValues(json, L("urlencoded"), d.form);
        json.endObject();
    } else if (d.bodyMode == RequestDraft::BodyMode::Multipart && !d.multipart.isEmpty()) {
        json.key(L("body"));
        json.beginObject();
        json.field(L("mode"), QStringLiteral("formdata"));
        json.key(L("formdata"));
        json.beginArray();
        for (const FormField &field : d.multipart) {
            json.beginObject();
            json.field(L("key"), field.name);
            json.field(L(field.isFile ? "src" : "value"), field.value);
            json.field(L("type"), field.isFile ? QStringLiteral("file") : QStringLiteral("text"));
            if (!field.contentType.isEmpty())
                json.field(L("contentType"), field.contentType);
            if (!field.enabled)
                json.field(L("disabled"), true);
            json.endObject();
        }
        json.endArray();
        json.endObject();
    } else if (d.bodyMode != RequestDraft::BodyMode::Form && d.bodyMode != RequestDraft::BodyMode::Multipart
               && !d.body.isEmpty()) {
        json.key(L("body"));
        json.beginObject();
        json.field(L("mode"), QStringLiteral("raw"));
        json.field(L("raw"), d.body);
        json.key(L("options"));
        json.beginObject();
        json.key(L("raw"));
        json.beginObject();
        json.field(L("language"),
                   d.bodyMode == RequestDraft::BodyMode::Json ? QStringLiteral("json") : QStringLiteral("text"));
        json.endObject();
        json.endObject();
        json.endObject();
    }
    json.key(L("url"));
    json.beginObject();
    json.field(L("raw"), d.url);
    json.endObject();
    json.endObject();
    json.key(L("response"));
    json.beginArray();
    json.endArray();
    json.endObject();
}

void writeFolder(JsonWriter &json, const CollectionFolder &folder)
{
    json.key(QLatin1StringView("item"));
    json.beginArray();
    for (const CollectionFolder &sub : folder.folders) {
        json.beginObject();
        json.field(QLatin1StringView("name"), sub.name);
        writeFolder(json, sub);
        json.endObject();
    }
    for (const CollectionRequest &request : folder.requests)
        writeRequest(json, request);
    json.endArray();
}

} // namespace

QByteArray CollectionExport::toPostman(const Collection &collection)
{
    using L = QLatin1StringView;
    JsonWriter json;
    json.beginObject();
    json.key(L("info"));
    json.beginObject();
    json.field(L("_postman_id"), collection.id);
    json.field(L("name"), collection.name);
    if (!collection.description.isEmpty())
        json.field(L("description"), collection.description);
    json.field(L("schema"), QStringLiteral("https://schema.getpostman.com/json/collection/v2.1.0/collection.json"));
    json.endObject();
    writeFolder(json, collection.root);
    writeKeyValues(json, L("variable"), collection.variables);
    json.endObject();
    return JsonTools::format(json.data(), 2) + '\n';
}
