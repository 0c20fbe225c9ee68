#pragma once

#include "core/collections/collection.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

// Postman Collection v2.1 (https://schema.getpostman.com/json/collection/v2.1.0/collection.json)
// as a Hookbench collection: nested folders, requests, headers, raw and urlencoded bodies,
// collection variables, and auth where it maps (bearer, basic, API key, noauth, inherited
// from folders and the collection). Everything else (scripts, saved responses, form-data and
// file bodies, other auth types, disabled-but-unknown parts) is named in warnings.
namespace PostmanImporter {

struct Result {
    bool ok = false;
    QString error; // line/column for broken JSON; "not a Postman v2.1 collection" ...
    Collection collection;
    QStringList warnings; // "Folder/Request: pre-request script not imported"
};

Result import(const QByteArray &json);
// Whether the document claims the v2.x schema (for guessing the import format).
bool looksLikePostman(const QByteArray &json);

} // namespace PostmanImporter
