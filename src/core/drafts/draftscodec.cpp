#include "core/drafts/draftscodec.h"

#include "core/json/jsontools.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace {

using L = QLatin1StringView;

QJsonArray rowsToJson(const KeyValueRows &rows)
{
    QJsonArray array;
    for (const KeyValueRow &row : rows)
        array.append(QJsonObject{{L("enabled"), row.enabled}, {L("name"), row.name}, {L("value"), row.value}});
    return array;
}

KeyValueRows rowsFromJson(const QJsonValue &value)
{
    KeyValueRows rows;
    for (const QJsonValue &item : value.toArray()) {
        const QJsonObject row = item.toObject();
        rows.append(
            {row.value(L("enabled")).toBool(true), row.value(L("name")).toString(), row.value(L("value")).toString()});
    }
    return rows;
}

QJsonObject tabToJson(const RequestTab &tab)
{
    QJsonObject object{{L("id"), tab.id}, {L("title"), tab.title}, {L("draft"), DraftsCodec::draftToJson(tab.draft)}};
    // A clean tab's baseline is its draft: written once.
    if (tab.isDirty())
        object.insert(L("baseline"), DraftsCodec::draftToJson(tab.baseline));
    if (!tab.origin.isNull())
        object.insert(L("origin"),
                      QJsonObject{{L("file"), tab.origin.collectionFile}, {L("request"), tab.origin.requestId}});
    if (!tab.lastResponse.isEmpty())
        object.insert(L("lastResponse"), tab.lastResponse);
    return object;
}

RequestTab tabFromJson(const QJsonObject &object)
{
    RequestTab tab;
    tab.id = object.value(L("id")).toString();
    tab.title = object.value(L("title")).toString();
    tab.draft = DraftsCodec::draftFromJson(object.value(L("draft")).toObject());
    tab.baseline = object.contains(L("baseline")) ? DraftsCodec::draftFromJson(object.value(L("baseline")).toObject())
                                                  : tab.draft;
    const QJsonObject origin = object.value(L("origin")).toObject();
    tab.origin = {origin.value(L("file")).toString(), origin.value(L("request")).toString()};
    tab.lastResponse = object.value(L("lastResponse")).toString();
    return tab;
}

// Multipart fields as the collection file writes them, every key present (a draft is read
// back only by this codec).
QJsonArray fieldsToJson(const FormFields &fields)
{
    QJsonArray array;
    for (const FormField &f : fields)
        array.append(QJsonObject{{L("enabled"), f.enabled},
                                 {L("name"), f.name},
                                 {L("value"), f.value},
                                 {L("isFile"), f.isFile},
                                 {L("contentType"), f.contentType},
                                 {L("fileName"), f.fileName}});
    return array;
}

FormFields fieldsFromJson(const QJsonValue &value)
{
    FormFields fields;
    for (const QJsonValue &item : value.toArray()) {
        const QJsonObject f = item.toObject();
        fields.append({f.value(L("enabled")).toBool(true), f.value(L("name")).toString(),
                       f.value(L("value")).toString(), f.value(L("isFile")).toBool(),
                       f.value(L("contentType")).toString(), f.value(L("fileName")).toString()});
    }
    return fields;
}

} // namespace

QJsonObject DraftsCodec::draftToJson(const RequestDraft &d)
{
    const SendOptions &o = d.options;
    return {{L("method"), d.method},
            {L("url"), d.url},
            {L("headers"), rowsToJson(d.headers)},
            {L("bodyMode"), QString(enumName(kBodyModeNames, d.bodyMode))},
            {L("body"), d.body},
            {L("textContentType"), d.textContentType},
            {L("form"), rowsToJson(d.form)},
            {L("multipart"), fieldsToJson(d.multipart)},
            {L("authMode"), QString(enumName(kAuthModeNames, d.authMode))},
            {L("bearerToken"), d.bearerToken},
            {L("basicUser"), d.basicUser},
            {L("basicPassword"), d.basicPassword},
            {L("apiKeyName"), d.apiKeyName},
            {L("apiKeyValue"), d.apiKeyValue},
            {L("signingScheme"), d.signingScheme},
            {L("signingSecret"), d.signingSecret},
            {L("signingEvent"), d.signingEvent},
            {L("options"),
             QJsonObject{{L("timeoutMs"), o.timeoutMs},
                         {L("followRedirects"), o.followRedirects},
                         {L("maxRedirects"), o.maxRedirects},
                         {L("ignoreTlsErrors"), o.ignoreTlsErrors},
                         {L("allowHttp2"), o.allowHttp2},
                         {L("proxyMode"), QString(enumName(kProxyModeNames, o.proxyMode))},
                         {L("proxyUrl"), o.proxyUrl}}}};
}

RequestDraft DraftsCodec::draftFromJson(const QJsonObject &object)
{
    // Missing keys keep RequestDraft's defaults, so a file from an older version still reads.
    RequestDraft d;
    const auto text = [&object](L key, const QString &fallback) { return object.value(key).toString(fallback); };
    d.method = text(L("method"), d.method);
    d.url = text(L("url"), d.url);
    d.headers = rowsFromJson(object.value(L("headers")));
    d.bodyMode = enumFromName(kBodyModeNames, object.value(L("bodyMode")).toString());
    d.body = text(L("body"), d.body);
    d.textContentType = text(L("textContentType"), d.textContentType);
    d.form = rowsFromJson(object.value(L("form")));
    d.multipart = fieldsFromJson(object.value(L("multipart")));
    d.authMode = enumFromName(kAuthModeNames, object.value(L("authMode")).toString());
    d.bearerToken = text(L("bearerToken"), d.bearerToken);
    d.basicUser = text(L("basicUser"), d.basicUser);
    d.basicPassword = text(L("basicPassword"), d.basicPassword);
    d.apiKeyName = text(L("apiKeyName"), d.apiKeyName);
    d.apiKeyValue = text(L("apiKeyValue"), d.apiKeyValue);
    d.signingScheme = text(L("signingScheme"), d.signingScheme);
    d.signingSecret = text(L("signingSecret"), d.signingSecret);
    d.signingEvent = text(L("signingEvent"), d.signingEvent);
    const QJsonObject o = object.value(L("options")).toObject();
    SendOptions &options = d.options;
    options.timeoutMs = o.value(L("timeoutMs")).toInt(options.timeoutMs);
    options.followRedirects = o.value(L("followRedirects")).toBool(options.followRedirects);
    options.maxRedirects = o.value(L("maxRedirects")).toInt(options.maxRedirects);
    options.ignoreTlsErrors = o.value(L("ignoreTlsErrors")).toBool(options.ignoreTlsErrors);
    options.allowHttp2 = o.value(L("allowHttp2")).toBool(options.allowHttp2);
    options.proxyMode = enumFromName(kProxyModeNames, o.value(L("proxyMode")).toString());
    options.proxyUrl = o.value(L("proxyUrl")).toString();
    return d;
}

QByteArray DraftsCodec::toJson(const RequestTabSet &set)
{
    QJsonArray tabs;
    for (const RequestTab &tab : set.tabs)
        tabs.append(tabToJson(tab));
    const QJsonObject root{{L("hookbenchDrafts"), kVersion}, {L("current"), set.current}, {L("tabs"), tabs}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

bool DraftsCodec::fromJson(const QByteArray &json, RequestTabSet *set, QString *error)
{
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    if (const JsonError syntax = JsonTools::validate(json); syntax.isError())
        return fail(syntax.toString());
    const QJsonObject root = QJsonDocument::fromJson(json).object();
    const QJsonValue version = root.value(L("hookbenchDrafts"));
    if (!version.isDouble() || !root.value(L("tabs")).isArray())
        return fail(QStringLiteral("not a Hookbench drafts file"));
    if (version.toInt() > kVersion || version.toInt() < 1)
        return fail(QStringLiteral("drafts version %1 is not one this Hookbench reads (it reads %2)")
                        .arg(version.toInt())
                        .arg(kVersion));
    RequestTabSet read;
    for (const QJsonValue &item : root.value(L("tabs")).toArray()) {
        if (!item.isObject())
            return fail(QStringLiteral("a tab is not an object"));
        RequestTab tab = tabFromJson(item.toObject());
        if (tab.id.isEmpty())
            return fail(QStringLiteral("a tab has no id"));
        read.tabs.append(tab);
    }
    read.current = read.tabs.isEmpty() ? -1 : qBound(0, root.value(L("current")).toInt(), int(read.tabs.size()) - 1);
    *set = read;
    return true;
}
