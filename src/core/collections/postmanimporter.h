#pragma once

#include "collection.h"

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

// A collection as Postman v2.1 JSON, and a request as a cURL command.
namespace CollectionExport {
QByteArray toPostman(const Collection &collection);
// Placeholders are kept as typed, so the command still needs its variables; a signed
// request cannot carry a signature computed ahead of time, so it is listed in warnings.
QString toCurl(const RequestDraft &draft, QStringList *warnings = nullptr);
} // namespace CollectionExport
