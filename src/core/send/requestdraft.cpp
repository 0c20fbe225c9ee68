#include "core/send/requestdraft.h"

#include "core/http/multipartbody.h"
#include "core/json/jsontools.h"
#include "core/send/requesttemplate.h"
#include "core/send/templateengine.h"
#include "core/signing/signingscheme.h"

#include <QUrl>

#include <algorithm>
#include <memory>

namespace {

const QByteArray kFormContentType = QByteArrayLiteral("application/x-www-form-urlencoded");

bool isFormContentType(QByteArrayView contentType)
{
    QByteArray type = contentType.toByteArray();
    if (const qsizetype semicolon = type.indexOf(';'); semicolon >= 0)
        type.truncate(semicolon);
    return type.trimmed().toLower() == kFormContentType;
}

// Percent-encodes text for a form body, leaving {{placeholders}} intact.
QByteArray formComponent(const QString &text)
{
    QByteArray out;
    qsizetype from = 0;
    auto encodePlain = [&out](QStringView plain) {
        // WHATWG application/x-www-form-urlencoded: space as '+', *-._ and alphanumerics kept.
        QByteArray encoded = plain.toUtf8().toPercentEncoding(QByteArrayLiteral("*-._ "), QByteArrayLiteral("~"));
        encoded.replace(' ', '+');
        out += encoded;
    };
    for (const TemplateEngine::Placeholder &placeholder : TemplateEngine::placeholders(text)) {
        encodePlain(QStringView(text).mid(from, placeholder.offset - from));
        out += QStringView(text).mid(placeholder.offset, placeholder.length).toUtf8();
        from = placeholder.offset + placeholder.length;
    }
    encodePlain(QStringView(text).mid(from));
    return out;
}

QString formDecodeComponent(QByteArrayView text)
{
    QByteArray bytes = text.toByteArray();
    bytes.replace('+', ' ');
    return QString::fromUtf8(QByteArray::fromPercentEncoding(bytes));
}

QString escapeQueryPart(QString text, bool isName)
{
    text.replace(QLatin1Char('&'), QLatin1String("%26"));
    text.replace(QLatin1Char('#'), QLatin1String("%23"));
    if (isName)
        text.replace(QLatin1Char('='), QLatin1String("%3D"));
    return text;
}

void removeHeader(HeaderList &headers, QByteArrayView name)
{
    headers.removeIf([name](const QPair<QByteArray, QByteArray> &header) {
        return header.first.compare(name, Qt::CaseInsensitive) == 0;
    });
}

} // namespace

bool RequestDraft::toTemplate(RequestTemplate *out, QString *error) const
{
    auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };

    RequestTemplate request;
    request.method = method.trimmed().toUtf8();
    if (request.method.isEmpty())
        request.method = QByteArrayLiteral("GET");

    HeaderList headerList;
    for (const KeyValueRow &row : headers) {
        if (row.enabled && !row.name.trimmed().isEmpty())
            headerList.append({row.name.trimmed().toUtf8(), row.value.toUtf8()});
    }

    QString urlText = url.trimmed();
    switch (authMode) {
    case AuthMode::None:
        break;
    case AuthMode::Bearer:
        // The Auth tab is the user's explicit choice, so it replaces a header row of the same name.
        removeHeader(headerList, "Authorization");
        headerList.append({QByteArrayLiteral("Authorization"), QByteArray("Bearer " + bearerToken.trimmed().toUtf8())});
        break;
    case AuthMode::Basic:
        removeHeader(headerList, "Authorization");
        headerList.append(
            {QByteArrayLiteral("Authorization"),
             QByteArray("Basic " + QByteArray(basicUser.toUtf8() + ':' + basicPassword.toUtf8()).toBase64())});
        break;
    case AuthMode::ApiKeyHeader:
        if (apiKeyName.trimmed().isEmpty())
            return fail(QStringLiteral("Auth: the API key needs a header name"));
        removeHeader(headerList, apiKeyName.trimmed().toUtf8());
        headerList.append({apiKeyName.trimmed().toUtf8(), apiKeyValue.toUtf8()});
        break;
    case AuthMode::ApiKeyQuery: {
        if (apiKeyName.trimmed().isEmpty())
            return fail(QStringLiteral("Auth: the API key needs a parameter name"));
        KeyValueRows query = queryRows(urlText);
        query.append({true, apiKeyName.trimmed(), apiKeyValue});
        urlText = urlWithQuery(urlText, query);
        break;
    }
    }
    request.url = urlText;

    switch (bodyMode) {
    case BodyMode::Json:
        request.bodyKind = BodyKind::Json;
        request.body = body.toUtf8();
        break;
    case BodyMode::Text:
        request.bodyKind = BodyKind::Text;
        request.body = body.toUtf8();
        request.contentType = textContentType.trimmed().toUtf8();
        break;
    case BodyMode::Form:
        request.bodyKind = BodyKind::Text;
        request.body = formEncode(form);
        request.contentType = kFormContentType;
        break;
    case BodyMode::Multipart:
        request.bodyKind = BodyKind::Multipart;
        request.parts = multipart;
        break;
    }
    request.headers = headerList;
    request.options = options;

    if (!signingScheme.isEmpty()) {
        std::shared_ptr<SigningScheme> scheme = SigningSchemes::create(signingScheme);
        if (!scheme)
            return fail(QStringLiteral("Signing: unknown scheme '%1'").arg(signingScheme));
        SigningOptions signingOptions;
        signingOptions.secret = signingSecret.toUtf8();
        signingOptions.event = signingEvent.trimmed().toUtf8();
        if (const QString problem = scheme->optionsError(signingOptions); !problem.isEmpty())
            return fail(QStringLiteral("Signing (%1): %2").arg(signingScheme, problem));
        // Called per attempt over the exact expanded bytes, so every retry gets a fresh
        // timestamp and id.
        request.signer = [scheme, signingOptions](const QByteArray &bytes) {
            return scheme->sign(bytes, signingOptions);
        };
    }

    *out = request;
    return true;
}

RequestDraft RequestDraft::fromRequest(const OutgoingRequest &request)
{
    RequestDraft draft;
    draft.method = QString::fromUtf8(request.method);
    draft.url = request.url.toString(QUrl::FullyEncoded);
    for (const auto &[name, value] : request.headers)
        draft.headers.append({true, QString::fromUtf8(name), QString::fromUtf8(value)});
    draft.options = request.options;

    const QByteArray contentType = Headers::value(request.headers, "Content-Type");
    MultipartParts parts;
    const bool textParts = MultipartBody::isFormData(contentType)
        && MultipartBody::decode(request.body, MultipartBody::boundary(contentType), &parts, nullptr)
        && std::none_of(parts.cbegin(), parts.cend(), [](const MultipartPart &part) { return part.hasFileName; });
    if (isFormContentType(contentType)) {
        draft.bodyMode = BodyMode::Form;
        draft.form = formDecode(request.body);
    } else if (textParts) {
        draft.bodyMode = BodyMode::Multipart;
        for (const MultipartPart &part : parts)
            draft.multipart.append({true,
                                    QString::fromUtf8(part.name),
                                    QString::fromUtf8(part.data),
                                    false,
                                    QString::fromUtf8(part.contentType),
                                    {}});
        // The boundary is drawn again for each send.
        draft.headers.removeIf([](const KeyValueRow &row) {
            return row.name.compare(QLatin1String("Content-Type"), Qt::CaseInsensitive) == 0;
        });
    } else if (RequestTemplate::bodyKindFor(request.headers) == BodyKind::Json
               && (request.body.trimmed().isEmpty() || !JsonTools::validate(request.body).isError())) {
        draft.bodyMode = BodyMode::Json;
        draft.body = QString::fromUtf8(request.body);
    } else {
        draft.bodyMode = BodyMode::Text;
        draft.body = QString::fromUtf8(request.body);
        if (!contentType.isEmpty())
            draft.textContentType = QString::fromUtf8(contentType);
    }
    return draft;
}

KeyValueRows RequestDraft::queryRows(const QString &url)
{
    KeyValueRows rows;
    const qsizetype question = url.indexOf(QLatin1Char('?'));
    if (question < 0)
        return rows;
    qsizetype end = url.indexOf(QLatin1Char('#'), question);
    if (end < 0)
        end = url.size();
    const QStringView query = QStringView(url).mid(question + 1, end - question - 1);
    for (const QStringView part : query.split(QLatin1Char('&'))) {
        if (part.isEmpty())
            continue;
        const qsizetype equals = part.indexOf(QLatin1Char('='));
        if (equals < 0)
            rows.append({true, part.toString(), {}});
        else
            rows.append({true, part.left(equals).toString(), part.mid(equals + 1).toString()});
    }
    return rows;
}

QString RequestDraft::urlWithQuery(const QString &url, const KeyValueRows &rows)
{
    const qsizetype hash = url.indexOf(QLatin1Char('#'));
    const QString fragment = hash >= 0 ? url.mid(hash) : QString();
    QString base = hash >= 0 ? url.left(hash) : url;
    if (const qsizetype question = base.indexOf(QLatin1Char('?')); question >= 0)
        base.truncate(question);

    QStringList parts;
    for (const KeyValueRow &row : rows) {
        if (!row.enabled || (row.name.isEmpty() && row.value.isEmpty()))
            continue;
        QString part = escapeQueryPart(row.name, true);
        if (!row.value.isEmpty())
            part += QLatin1Char('=') + escapeQueryPart(row.value, false);
        parts.append(part);
    }
    if (parts.isEmpty())
        return base + fragment;
    return base + QLatin1Char('?') + parts.join(QLatin1Char('&')) + fragment;
}

QByteArray RequestDraft::formEncode(const KeyValueRows &rows)
{
    QByteArrayList parts;
    for (const KeyValueRow &row : rows) {
        if (row.enabled && !row.name.isEmpty())
            parts.append(QByteArray(formComponent(row.name) + '=' + formComponent(row.value)));
    }
    return parts.join('&');
}

KeyValueRows RequestDraft::formDecode(QByteArrayView body)
{
    KeyValueRows rows;
    for (const QByteArray &part : body.toByteArray().split('&')) {
        if (part.isEmpty())
            continue;
        const qsizetype equals = part.indexOf('=');
        if (equals < 0)
            rows.append({true, formDecodeComponent(part), {}});
        else
            rows.append({true, formDecodeComponent(part.left(equals)), formDecodeComponent(part.mid(equals + 1))});
    }
    return rows;
}
