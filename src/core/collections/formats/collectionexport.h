#pragma once

#include "core/collections/collection.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

// A collection as Postman v2.1 JSON, and a request as a cURL command.
namespace CollectionExport {
QByteArray toPostman(const Collection &collection);
// Placeholders are kept as typed, so the command still needs its variables; a signed
// request cannot carry a signature computed ahead of time, so it is listed in warnings.
QString toCurl(const RequestDraft &draft, QStringList *warnings = nullptr);
} // namespace CollectionExport
