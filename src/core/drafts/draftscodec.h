#pragma once

#include "core/drafts/requesttab.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

// The drafts file: every open tab of the Send area, so quitting or a crash loses nothing. One
// JSON object, {"hookbenchDrafts": 1, "current": i, "tabs": [...]}, each tab with its id,
// title, origin ({"file", "request"}), draft, baseline and last response summary. Drafts are the
// user's unsaved typing, secrets included (a collection keeps those in the keychain, but a draft
// has nowhere else to be), so the file is the user's alone (0600).
namespace DraftsCodec {

inline constexpr int kVersion = 1;

QByteArray toJson(const RequestTabSet &set);
// False with *error ("line 3, column 5: missing comma", "not a drafts file") when the bytes are
// not a drafts file this version reads; *set is left as it was.
bool fromJson(const QByteArray &json, RequestTabSet *set, QString *error);

QJsonObject draftToJson(const RequestDraft &draft);
RequestDraft draftFromJson(const QJsonObject &object);

} // namespace DraftsCodec
