#include "core/drafts/draftsfile.h"

#include "core/drafts/draftscodec.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

DraftsFile::ReadResult DraftsFile::read(const QString &path)
{
    ReadResult result;
    QFile file(path);
    if (!file.exists())
        return result;
    QString error;
    if (!file.open(QIODevice::ReadOnly)) {
        // Unreadable is not broken: left where it is, and not written over (see DraftsStore).
        result.notice = QStringLiteral("Drafts not restored: %1: %2").arg(path, file.errorString());
        result.leaveAlone = true;
        return result;
    }
    if (DraftsCodec::fromJson(file.readAll(), &result.set, &error))
        return result;
    file.close();
    const QString aside = path + QStringLiteral(".broken-")
        + QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    if (QFile::rename(path, aside))
        result.notice
            = QStringLiteral("Drafts not restored: %1 (%2); the file was moved aside to %3").arg(path, error, aside);
    else
        result.notice = QStringLiteral("Drafts not restored: %1 (%2); it could not be moved aside").arg(path, error);
    result.leaveAlone = !QFile::exists(aside);
    return result;
}

bool DraftsFile::write(const QString &path, const RequestTabSet &set, QString *error)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = file.errorString();
        return false;
    }
    // Unsaved secrets live here until saved into a collection: the user's eyes only.
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(DraftsCodec::toJson(set));
    if (!file.commit()) {
        *error = file.errorString();
        return false;
    }
    return true;
}
