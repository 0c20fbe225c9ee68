#include "secretstore.h"

#include "../datapaths.h"
#include "../jsontools.h"
#include "../logging.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

SecretStore::SecretStore(const QString &path)
    : m_path(path)
{
    load();
}

QString SecretStore::defaultPath()
{
    return DataPaths::dataDir() + QStringLiteral("/secrets.json");
}

void SecretStore::reload()
{
    m_values.clear();
    m_error.clear();
    load();
}

void SecretStore::load()
{
    QFile file(m_path);
    if (!file.exists())
        return;
    if (!file.open(QIODevice::ReadOnly)) {
        m_error = QStringLiteral("%1: %2").arg(m_path, file.errorString());
        return;
    }
    const QByteArray data = file.readAll();
    if (const JsonError error = JsonTools::validate(data); error.isError()) {
        m_error = QStringLiteral("%1: %2").arg(m_path, error.toString());
        qCWarning(lcCollections, "secret store not read, left untouched: %s", qUtf8Printable(m_error));
        return;
    }
    const QJsonObject object = QJsonDocument::fromJson(data).object();
    for (auto it = object.begin(); it != object.end(); ++it)
        m_values.insert(it.key(), it.value().toString());
}

bool SecretStore::setValue(const QString &key, const QString &value, QString *error)
{
    reload();
    if (m_values.contains(key) && m_values.value(key) == value)
        return true;
    m_values.insert(key, value);
    return save(error);
}

bool SecretStore::remove(const QString &key, QString *error)
{
    reload();
    if (!m_values.remove(key))
        return true;
    return save(error);
}

bool SecretStore::removePrefix(const QString &prefix, QString *error)
{
    reload();
    const auto removed = m_values.removeIf([&prefix](QHash<QString, QString>::iterator it) { return it.key().startsWith(prefix); });
    return removed == 0 || save(error);
}

bool SecretStore::save(QString *error)
{
    if (!m_error.isEmpty()) {
        if (error)
            *error = QStringLiteral("the secret store cannot be written because it could not be read (%1)").arg(m_error);
        return false;
    }
    QJsonObject object;
    for (auto it = m_values.cbegin(); it != m_values.cend(); ++it)
        object.insert(it.key(), it.value());
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(m_path, file.errorString());
        return false;
    }
    // Owner only before a single secret byte is written.
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(QJsonDocument(object).toJson(QJsonDocument::Indented));
    if (!file.commit()) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(m_path, file.errorString());
        return false;
    }
    return true;
}
