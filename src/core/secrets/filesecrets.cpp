#include "core/secrets/filesecrets.h"

#include "core/app/logging.h"

FileSecrets::FileSecrets(const QString &path, QObject *parent)
    : SecretBackend(parent)
    , m_file(path)
{
    load();
}

void FileSecrets::reload()
{
    m_values.clear();
    m_error.clear();
    load();
}

void FileSecrets::load()
{
    if (!m_file.read(&m_values, &m_error))
        qCWarning(lcCollections, "secret store not read, left untouched: %s", qUtf8Printable(m_error));
}

bool FileSecrets::save(QString *error)
{
    QString problem;
    if (!m_error.isEmpty())
        problem = QStringLiteral("the secret store cannot be written because it could not be read (%1)").arg(m_error);
    else if (!m_file.write(m_values, &problem))
        Q_EMIT errorOccurred(problem);
    if (error)
        *error = problem;
    return problem.isEmpty();
}

bool FileSecrets::setValue(const QString &key, const QString &value, QString *error)
{
    reload();
    if (m_values.contains(key) && m_values.value(key) == value)
        return true;
    m_values.insert(key, value);
    return save(error);
}

bool FileSecrets::remove(const QString &key, QString *error)
{
    reload();
    if (!m_values.remove(key))
        return true;
    return save(error);
}

bool FileSecrets::removePrefix(const QString &prefix, QString *error)
{
    reload();
    const auto removed = m_values.removeIf([&prefix](Values::iterator it) { return it.key().startsWith(prefix); });
    return removed == 0 || save(error);
}
