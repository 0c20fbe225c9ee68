#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

// The fields of a received form body, for the inspector, the capture JSON and HAR.
namespace FormBody {

struct Field {
    QString name;
    QByteArray data; // the value (decoded for urlencoded) or the part's bytes
    bool isFile = false;
    QString fileName;
    QByteArray contentType; // a part's own Content-Type; empty for urlencoded fields
};

enum class Kind { None, UrlEncoded, Multipart };

struct Decoded {
    Kind kind = Kind::None;
    QList<Field> fields;
    QString error; // multipart that does not follow its boundary: what was read is in fields
};

// Kind::None unless the Content-Type is application/x-www-form-urlencoded or
// multipart/form-data. Urlencoded names and values are decoded as WHATWG says ('+' is a
// space, %XX a byte, then UTF-8).
Decoded decode(QByteArrayView contentType, QByteArrayView body);

} // namespace FormBody
