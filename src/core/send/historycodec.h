#pragma once

#include "core/http/headerlist.h"
#include "core/send/outgoingrequest.h"

#include <QByteArray>
#include <QString>

// How a history row spells what is not a plain column: header lists as JSON
// [[name, value], ...] (bytes as their Latin-1 code points) and SendOptions as a JSON object.
namespace HistoryCodec {
QByteArray headersToJson(const HeaderList &headers); // UTF-8, compact
HeaderList headersFromJson(const QString &json);
QByteArray optionsToJson(const SendOptions &options); // UTF-8, compact
SendOptions optionsFromJson(const QString &json);
// A LIKE pattern matching `search` anywhere, with \ as the escape character.
QString likePattern(const QString &search);
} // namespace HistoryCodec
