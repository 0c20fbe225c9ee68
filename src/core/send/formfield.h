#pragma once

#include <QList>
#include <QString>

// One field of a multipart/form-data body as the composer holds it: a text field, or a
// file read from disk each time the request is sent (as curl -F name=@path and Postman do).
struct FormField {
    bool enabled = true;
    QString name;
    QString value; // a text field's text; a file field's path
    bool isFile = false;
    // Empty: no Content-Type line for a text field; for a file field the type curl would
    // give its extension (fileContentType).
    QString contentType;
    QString fileName; // file fields: the name sent; empty: the last component of the path

    friend bool operator==(const FormField &, const FormField &) = default;

    // curl's guess from a file name's extension (lib/mime.c), application/octet-stream
    // for any other: what `curl -F f=@path` sends.
    static QString fileContentType(const QString &path);
};
using FormFields = QList<FormField>;
