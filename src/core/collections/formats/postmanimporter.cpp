#include "core/collections/formats/postmanimporter.h"

#include "core/json/jsontools.h"
#include "core/json/jsonwriter.h"
#include "core/send/requesttemplate.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace {

struct Auth {
    bool inherit = true; // no "auth" on this item: take the parent's
    RequestDraft::AuthMode mode = RequestDraft::AuthMode::None;
    QString user;   // basic user / API key name
    QString secret; // token / password / key value
    QString apiKeyIn = QStringLiteral("header");
};

// Postman v2.1 stores auth parameters as [{key, value, type}].
QString authParam(const QJsonObject &auth, const QString &type, const QString &key)
{
    const QJsonValue params = auth.value(type);
    if (params.isObject()) // v2.0 style object
        return params.toObject().value(key).toString();
    for (const QJsonValue &item : params.toArray()) {
        const QJsonObject o = item.toObject();
        if (o.value(QLatin1String("key")).toString() == key)
            return o.value(QLatin1String("value")).toVariant().toString();
    }
    return {};
}

// Postman dynamic variables our template engine knows under another name.
QString mapVariables(const QString &text, const QString &where, QStringList *warnings)
{
    QString out = text;
    out.replace(QLatin1String("{{$guid}}"), QLatin1String("{{$uuid}}"));
    out.replace(QLatin1String("{{$randomUUID}}"), QLatin1String("{{$uuid}}"));
    for (const TemplateEngine::Placeholder &p : TemplateEngine::placeholders(out)) {
        if (p.builtin && !TemplateEngine::builtinNames().contains(p.name))
            warnings->append(
                QStringLiteral("%1: Postman dynamic variable {{%2}} has no Hookbench equivalent").arg(where, p.name));
    }
    return out;
}

class Importer
{
public:
    QStringList warnings;

    Auth auth(const QJsonObject &item, const QString &where, const Auth &parent)
    {
        if (!item.contains(QLatin1String("auth")) || item.value(QLatin1String("auth")).isNull())
            return parent;
        const QJsonObject a = item.value(QLatin1String("auth")).toObject();
        const QString type = a.value(QLatin1String("type")).toString();
        Auth out;
        out.inherit = false;
        if (type == QLatin1String("noauth")) {
            out.mode = RequestDraft::AuthMode::None;
        } else if (type == QLatin1String("bearer")) {
            out.mode = RequestDraft::AuthMode::Bearer;
            out.secret = authParam(a, type, QStringLiteral("token"));
        } else if (type == QLatin1String("basic")) {
            out.mode = RequestDraft::AuthMode::Basic;
            out.user = authParam(a, type, QStringLiteral("username"));
            out.secret = authParam(a, type, QStringLiteral("password"));
        } else if (type == QLatin1String("apikey")) {
            out.user = authParam(a, type, QStringLiteral("key"));
            out.secret = authParam(a, type, QStringLiteral("value"));
            const QString in = authParam(a, type, QStringLiteral("in"));
            out.mode = in == QLatin1String("query") ? RequestDraft::AuthMode::ApiKeyQuery
                                                    : RequestDraft::AuthMode::ApiKeyHeader;
        } else {
            warnings.append(
                QStringLiteral("%1: auth type '%2' is not supported; imported without auth").arg(where, type));
            out.mode = RequestDraft::AuthMode::None;
        }
        return out;
    }

    void scripts(const QJsonObject &item, const QString &where)
    {
        for (const QJsonValue &event : item.value(QLatin1String("event")).toArray()) {
            const QJsonObject e = event.toObject();
            const QJsonArray exec = e.value(QLatin1String("script")).toObject().value(QLatin1String("exec")).toArray();
            bool empty = true;
            for (const QJsonValue &line : exec)
                empty = empty && line.toString().trimmed().isEmpty();
            if (!empty)
                warnings.append(QStringLiteral("%1: %2 script not imported (scripts are not run)")
                                    .arg(where, e.value(QLatin1String("listen")).toString()));
        }
    }

    // As Postman's own library builds it (postman-collection Url): from the parts when
    // there are any, `raw` ignored then; only a string or a parts-less object is parsed.
    // Path segments ":name" take the value of url.variable "name".
    QString url(const QJsonValue &value, const QString &where)
    {
        if (value.isString())
            return resolvePathVariables(value.toString(), {}, where);
        const QJsonObject o = value.toObject();
        QHash<QString, QString> variables;
        for (const QJsonValue &v : o.value(QLatin1String("variable")).toArray()) {
            const QJsonObject vo = v.toObject();
            const QString key = vo.value(QLatin1String("key")).toString(vo.value(QLatin1String("id")).toString());
            if (!key.isEmpty() && vo.contains(QLatin1String("value")) && !vo.value(QLatin1String("value")).isNull())
                variables.insert(key, vo.value(QLatin1String("value")).toVariant().toString());
        }
        static const QLatin1StringView partNames[] = {QLatin1StringView("protocol"), QLatin1StringView("host"),
                                                      QLatin1StringView("port"),     QLatin1StringView("path"),
                                                      QLatin1StringView("query"),    QLatin1StringView("hash")};
        const bool hasParts = std::any_of(std::begin(partNames), std::end(partNames),
                                          [&o](QLatin1StringView name) { return o.contains(name); });
        if (!hasParts)
            return resolvePathVariables(o.value(QLatin1String("raw")).toString(), variables, where);

        QString out;
        const QString protocol = o.value(QLatin1String("protocol")).toString();
        if (!protocol.isEmpty())
            out += protocol.endsWith(QLatin1String("://")) ? protocol : protocol + QLatin1String("://");
        const QJsonObject auth = o.value(QLatin1String("auth")).toObject();
        if (const QString user = auth.value(QLatin1String("user")).toString(); !user.isEmpty()) {
            const QString password = auth.value(QLatin1String("password")).toString();
            out += (password.isEmpty() ? user : user + QLatin1Char(':') + password) + QLatin1Char('@');
        }
        const QJsonValue host = o.value(QLatin1String("host"));
        if (host.isArray()) {
            QStringList labels;
            for (const QJsonValue &label : host.toArray())
                labels.append(label.toVariant().toString());
            out += labels.join(QLatin1Char('.'));
        } else {
            out += host.toVariant().toString();
        }
        if (const QString port = o.value(QLatin1String("port")).toVariant().toString(); !port.isEmpty())
            out += QLatin1Char(':') + port;
        const QJsonValue path = o.value(QLatin1String("path"));
        QStringList segments;
        if (path.isArray()) {
            for (const QJsonValue &segment : path.toArray())
                segments.append(segment.isObject() ? segment.toObject().value(QLatin1String("value")).toString()
                                                   : segment.toVariant().toString());
        } else if (path.isString() && !path.toString().isEmpty()) {
            QString text = path.toString();
            if (text.size() > 1 && text.startsWith(QLatin1Char('/')))
                text.remove(0, 1);
            segments = text == QLatin1String("/") ? QStringList{QString()} : text.split(QLatin1Char('/'));
        }
        if (!path.isUndefined() && !path.isNull() && !(path.isString() && path.toString().isEmpty()))
            out += QLatin1Char('/') + substitute(segments, variables, where).join(QLatin1Char('/'));
        QStringList query;
        for (const QJsonValue &q : o.value(QLatin1String("query")).toArray()) {
            const QJsonObject qo = q.toObject();
            const QString key = qo.value(QLatin1String("key")).toString();
            if (qo.value(QLatin1String("disabled")).toBool(false)) {
                warnings.append(
                    QStringLiteral("%1: disabled query parameter '%2' not imported (a URL has no place for it)")
                        .arg(where, key));
                continue;
            }
            const QJsonValue v = qo.value(QLatin1String("value"));
            query.append(v.isNull() || v.isUndefined() ? key : key + QLatin1Char('=') + v.toVariant().toString());
        }
        if (!query.isEmpty())
            out += QLatin1Char('?') + query.join(QLatin1Char('&'));
        if (const QString hash = o.value(QLatin1String("hash")).toString(); !hash.isEmpty())
            out += QLatin1Char('#') + hash;
        return out;
    }

    QStringList substitute(QStringList segments, const QHash<QString, QString> &variables, const QString &where)
    {
        for (QString &segment : segments) {
            if (!segment.startsWith(QLatin1Char(':')) || segment.size() < 2)
                continue;
            const QString name = segment.mid(1);
            if (variables.contains(name))
                segment = variables.value(name);
            else
                warnings.append(QStringLiteral("%1: path variable ':%2' has no value; kept as typed").arg(where, name));
        }
        return segments;
    }

    // A URL given as text: its path segments ":name" as Postman resolves them.
    QString resolvePathVariables(const QString &raw, const QHash<QString, QString> &variables, const QString &where)
    {
        const qsizetype scheme = raw.indexOf(QLatin1String("://"));
        const qsizetype pathStart = raw.indexOf(QLatin1Char('/'), scheme < 0 ? 0 : scheme + 3);
        if (pathStart < 0)
            return raw;
        qsizetype pathEnd = raw.size();
        for (const QChar stop : {QLatin1Char('?'), QLatin1Char('#')}) {
            if (const qsizetype at = raw.indexOf(stop, pathStart); at >= 0)
                pathEnd = std::min(pathEnd, at);
        }
        const QStringList segments = raw.mid(pathStart + 1, pathEnd - pathStart - 1).split(QLatin1Char('/'));
        if (std::none_of(segments.cbegin(), segments.cend(),
                         [](const QString &s) { return s.startsWith(QLatin1Char(':')) && s.size() > 1; }))
            return raw;
        return raw.left(pathStart + 1) + substitute(segments, variables, where).join(QLatin1Char('/'))
            + raw.mid(pathEnd);
    }

    // Postman's formdata: text and file parts, disabled ones kept disabled. A file in
    // Postman's cloud cannot be read from here: its field is kept, disabled, and listed.
    FormFields formData(const QJsonArray &items, const QString &where)
    {
        FormFields fields;
        for (const QJsonValue &item : items) {
            const QJsonObject fo = item.toObject();
            FormField field;
            field.enabled = !fo.value(QLatin1String("disabled")).toBool(false);
            field.name = fo.value(QLatin1String("key")).toString();
            field.contentType = fo.value(QLatin1String("contentType")).toString();
            if (fo.value(QLatin1String("type")).toString() != QLatin1String("file")) {
                field.value = mapVariables(fo.value(QLatin1String("value")).toVariant().toString(), where, &warnings);
                fields.append(field);
                continue;
            }
            field.isFile = true;
            const QJsonValue src = fo.value(QLatin1String("src"));
            QStringList paths;
            if (src.isArray()) {
                for (const QJsonValue &p : src.toArray())
                    paths.append(p.toString());
            } else if (src.isString() && !src.toString().isEmpty()) {
                paths.append(src.toString());
            }
            if (paths.isEmpty()) {
                warnings.append(
                    QStringLiteral("%1: form field '%2' has no file chosen; kept, disabled").arg(where, field.name));
                field.enabled = false;
                fields.append(field);
                continue;
            }
            for (const QString &path : std::as_const(paths)) {
                FormField one = field;
                one.value = path;
                if (path.startsWith(QLatin1String("postman-cloud:"))) {
                    warnings.append(QStringLiteral("%1: form field '%2' refers to a file in Postman's cloud (%3), "
                                                   "which cannot be read from here; kept, disabled: choose a local "
                                                   "file")
                                        .arg(where, field.name, path));
                    one.enabled = false;
                } else if (QFileInfo(path).isRelative()) {
                    warnings.append(QStringLiteral("%1: form field '%2': the file '%3' is relative to Postman's "
                                                   "working folder; Hookbench reads it relative to its own")
                                        .arg(where, field.name, path));
                }
                fields.append(one);
            }
        }
        return fields;
    }

    CollectionRequest request(const QJsonObject &item, const QString &where, const Auth &parentAuth)
    {
        CollectionRequest out;
        out.name = item.value(QLatin1String("name")).toString();
        scripts(item, where);
        const QJsonValue requestValue = item.value(QLatin1String("request"));
        RequestDraft &d = out.draft;
        if (requestValue.isString()) { // the short form: just a URL
            d.method = QStringLiteral("GET");
            d.url = mapVariables(requestValue.toString(), where, &warnings);
            return out;
        }
        const QJsonObject r = requestValue.toObject();
        d.method = r.value(QLatin1String("method")).toString(QStringLiteral("GET")).toUpper();
        d.url = mapVariables(url(r.value(QLatin1String("url")), where), where, &warnings);
        for (const QJsonValue &h : r.value(QLatin1String("header")).toArray()) {
            const QJsonObject ho = h.toObject();
            d.headers.append({!ho.value(QLatin1String("disabled")).toBool(false),
                              ho.value(QLatin1String("key")).toString(),
                              mapVariables(ho.value(QLatin1String("value")).toString(), where, &warnings)});
        }
        if (r.contains(QLatin1String("body")) && !r.value(QLatin1String("body")).isNull()) {
            const QJsonObject body = r.value(QLatin1String("body")).toObject();
            const QString mode = body.value(QLatin1String("mode")).toString();
            if (body.value(QLatin1String("disabled")).toBool(false)) {
                warnings.append(QStringLiteral("%1: disabled body not imported").arg(where));
            } else if (mode == QLatin1String("raw")) {
                const QString raw = mapVariables(body.value(QLatin1String("raw")).toString(), where, &warnings);
                const QString language = body.value(QLatin1String("options"))
                                             .toObject()
                                             .value(QLatin1String("raw"))
                                             .toObject()
                                             .value(QLatin1String("language"))
                                             .toString();
                QString contentType;
                for (const KeyValueRow &row : d.headers) {
                    if (row.enabled && row.name.compare(QLatin1String("Content-Type"), Qt::CaseInsensitive) == 0)
                        contentType = row.value;
                }
                const bool json = language == QLatin1String("json")
                    || (!contentType.isEmpty() && RequestTemplate::isJsonContentType(contentType.toUtf8()))
                    || (contentType.isEmpty() && language.isEmpty() && !raw.trimmed().isEmpty()
                        && !JsonTools::validate(raw.toUtf8(), JsonTools::Syntax::AllowPlaceholders).isError());
                d.bodyMode = json ? RequestDraft::BodyMode::Json : RequestDraft::BodyMode::Text;
                d.body = raw;
                if (language == QLatin1String("json")) {
                    // Postman sends a JSON body without its // and /* */ comments.
                    const QByteArray stripped = JsonTools::stripComments(raw.toUtf8());
                    if (stripped != raw.toUtf8()) {
                        d.body = QString::fromUtf8(stripped);
                        warnings.append(
                            QStringLiteral("%1: comments removed from the JSON body, as Postman sends it").arg(where));
                    }
                }
                if (!json) {
                    static const QHash<QString, QString> types = {
                        {QStringLiteral("xml"), QStringLiteral("application/xml")},
                        {QStringLiteral("html"), QStringLiteral("text/html")},
                        {QStringLiteral("javascript"), QStringLiteral("application/javascript")},
                    };
                    d.textContentType = contentType.isEmpty() ? types.value(language, d.textContentType) : contentType;
                }
            } else if (mode == QLatin1String("urlencoded")) {
                d.bodyMode = RequestDraft::BodyMode::Form;
                for (const QJsonValue &f : body.value(QLatin1String("urlencoded")).toArray()) {
                    const QJsonObject fo = f.toObject();
                    d.form.append({!fo.value(QLatin1String("disabled")).toBool(false),
                                   fo.value(QLatin1String("key")).toString(),
                                   mapVariables(fo.value(QLatin1String("value")).toString(), where, &warnings)});
                }
            } else if (mode == QLatin1String("formdata")) {
                d.bodyMode = RequestDraft::BodyMode::Multipart;
                d.multipart = formData(body.value(QLatin1String("formdata")).toArray(), where);
            } else if (!mode.isEmpty()) {
                warnings.append(
                    QStringLiteral("%1: '%2' body not supported; imported without a body").arg(where, mode));
                d.body.clear();
            }
        }
        const Auth a = auth(r, where, parentAuth);
        d.authMode = a.mode;
        switch (a.mode) {
        case RequestDraft::AuthMode::None:
            break;
        case RequestDraft::AuthMode::Bearer:
            d.bearerToken = a.secret;
            break;
        case RequestDraft::AuthMode::Basic:
            d.basicUser = a.user;
            d.basicPassword = a.secret;
            break;
        case RequestDraft::AuthMode::ApiKeyHeader:
        case RequestDraft::AuthMode::ApiKeyQuery:
            d.apiKeyName = a.user;
            d.apiKeyValue = a.secret;
            break;
        }
        const int examples = int(item.value(QLatin1String("response")).toArray().size());
        if (examples > 0)
            warnings.append(QStringLiteral("%1: %2 saved example response(s) not imported").arg(where).arg(examples));
        if (item.contains(QLatin1String("protocolProfileBehavior")))
            warnings.append(QStringLiteral("%1: protocolProfileBehavior settings not imported").arg(where));
        return out;
    }

    void items(const QJsonArray &items, CollectionFolder *folder, const QString &path, const Auth &parentAuth)
    {
        for (const QJsonValue &value : items) {
            const QJsonObject item = value.toObject();
            const QString name = item.value(QLatin1String("name")).toString();
            const QString where = path.isEmpty() ? name : path + QLatin1Char('/') + name;
            if (item.contains(QLatin1String("item"))) {
                CollectionFolder sub;
                sub.name = name;
                scripts(item, where);
                const Auth folderAuth = auth(item, where, parentAuth);
                this->items(item.value(QLatin1String("item")).toArray(), &sub, where, folderAuth);
                folder->folders.append(sub);
            } else if (item.contains(QLatin1String("request"))) {
                folder->requests.append(request(item, where, parentAuth));
            } else {
                warnings.append(QStringLiteral("%1: neither a folder nor a request; skipped").arg(where));
            }
        }
    }
};

} // namespace

bool PostmanImporter::looksLikePostman(const QByteArray &json)
{
    return json.contains("schema.getpostman.com/json/collection/v2") || json.contains("\"_postman_id\"");
}

PostmanImporter::Result PostmanImporter::import(const QByteArray &json)
{
    Result result;
    if (const JsonError syntax = JsonTools::validate(json); syntax.isError()) {
        result.error = syntax.toString();
        return result;
    }
    const QJsonObject root = QJsonDocument::fromJson(json).object();
    const QJsonObject info = root.value(QLatin1String("info")).toObject();
    const QString schema = info.value(QLatin1String("schema")).toString();
    if (!root.contains(QLatin1String("item")) || info.isEmpty()) {
        result.error = QStringLiteral("not a Postman collection (no \"info\" and \"item\")");
        return result;
    }
    if (!schema.contains(QLatin1String("/v2.1")) && !schema.contains(QLatin1String("/v2.0"))) {
        result.error
            = QStringLiteral("not a Postman v2.1 collection (schema '%1'); export it from Postman as v2.1").arg(schema);
        return result;
    }
    Importer importer;
    if (schema.contains(QLatin1String("/v2.0")))
        importer.warnings.append(QStringLiteral("schema v2.0: read as v2.1, which it mostly matches"));
    Collection &c = result.collection;
    c.name = info.value(QLatin1String("name")).toString();
    const QJsonValue description = info.value(QLatin1String("description"));
    c.description = description.isObject() ? description.toObject().value(QLatin1String("content")).toString()
                                           : description.toString();
    for (const QJsonValue &v : root.value(QLatin1String("variable")).toArray()) {
        const QJsonObject vo = v.toObject();
        c.variables.append({!vo.value(QLatin1String("disabled")).toBool(false),
                            vo.value(QLatin1String("key")).toString(),
                            vo.value(QLatin1String("value")).toVariant().toString()});
        if (!TemplateEngine::placeholders(c.variables.last().value).isEmpty())
            importer.warnings.append(
                QStringLiteral("variable '%1': its value refers to other variables, which Hookbench "
                               "inserts as they are, without expanding them")
                    .arg(c.variables.last().name));
    }
    importer.scripts(root, QStringLiteral("collection"));
    const Auth collectionAuth = importer.auth(root, QStringLiteral("collection"), Auth());
    importer.items(root.value(QLatin1String("item")).toArray(), &c.root, {}, collectionAuth);
    if (root.contains(QLatin1String("protocolProfileBehavior")))
        importer.warnings.append(QStringLiteral("collection: protocolProfileBehavior settings not imported"));
    c.assignIds();
    result.warnings = importer.warnings;
    result.ok = true;
    return result;
}
