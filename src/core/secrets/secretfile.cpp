#include "core/secrets/secretfile.h"

#include "core/json/jsontools.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

bool SecretFile::read(Values *values, QString *error) const
{
    QFile file(m_path);
    if (!file.exists())
        return true;
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: %2").arg(m_path, file.errorString());
        return false;
    }
    const QByteArray data = file.readAll();
    if (const JsonError problem = JsonTools::validate(data); problem.isError()) {
        *error = QStringLiteral("%1: %2").arg(m_path, problem.toString());
        return false;
    }
    const QJsonObject object = QJsonDocument::fromJson(data).object();
    for (auto it = object.begin(); it != object.end(); ++it)
        values->insert(it.key(), it.value().toString());
    return true;
}

bool SecretFile::write(const Values &values, QString *error) const
{
    QJsonObject object;
    for (auto it = values.cbegin(); it != values.cend(); ++it)
        object.insert(it.key(), it.value());
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("%1: %2").arg(m_path, file.errorString());
        return false;
    }
    // Owner only before a single secret byte is written.
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(QJsonDocument(object).toJson(QJsonDocument::Indented));
    if (!file.commit()) {
        *error = QStringLiteral("%1: %2").arg(m_path, file.errorString());
        return false;
    }
    return true;
}

bool SecretFile::remove(QString *error) const
{
    if (QFile::exists(m_path) && !QFile::remove(m_path)) {
        *error = QStringLiteral("%1: cannot be removed").arg(m_path);
        return false;
    }
    return true;
}
