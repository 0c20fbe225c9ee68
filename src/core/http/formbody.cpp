#include "core/http/formbody.h"

#include "core/http/multipartbody.h"

namespace {

QByteArray decodeComponent(QByteArray text)
{
    text.replace('+', ' ');
    return QByteArray::fromPercentEncoding(text);
}

} // namespace

FormBody::Decoded FormBody::decode(QByteArrayView contentType, QByteArrayView body)
{
    Decoded out;
    QByteArray type = contentType.toByteArray();
    if (const qsizetype semicolon = type.indexOf(';'); semicolon >= 0)
        type.truncate(semicolon);
    type = type.trimmed().toLower();

    if (type == "application/x-www-form-urlencoded") {
        out.kind = Kind::UrlEncoded;
        for (const QByteArray &pair : body.toByteArray().split('&')) {
            if (pair.isEmpty())
                continue;
            const qsizetype equals = pair.indexOf('=');
            Field field;
            field.name = QString::fromUtf8(decodeComponent(equals < 0 ? pair : pair.left(equals)));
            field.data = equals < 0 ? QByteArray() : decodeComponent(pair.mid(equals + 1));
            out.fields.append(field);
        }
        return out;
    }
    if (!MultipartBody::isFormData(contentType))
        return out;

    out.kind = Kind::Multipart;
    MultipartParts parts;
    MultipartBody::decode(body, MultipartBody::boundary(contentType), &parts, &out.error);
    for (const MultipartPart &part : parts) {
        Field field;
        field.name = QString::fromUtf8(part.name);
        field.data = part.data;
        field.isFile = part.hasFileName;
        field.fileName = QString::fromUtf8(part.fileName);
        field.contentType = part.contentType;
        out.fields.append(field);
    }
    return out;
}
