#pragma once

#include <QHash>
#include <QString>

// Where secret values live, away from the collection files a user may commit to git.
// QtKeychain is not available on this system, so this is the documented fallback: one
// JSON file readable and writable by the user only (0600) in the data folder. A file
// that cannot be read is never overwritten: writes fail with the reason instead. Every
// change re-reads the file first, so two processes sharing it do not drop each other's keys.
class SecretStore final
{
public:
    explicit SecretStore(const QString &path = defaultPath());

    QString path() const { return m_path; }
    bool isUsable() const { return m_error.isEmpty(); }
    QString errorString() const { return m_error; }

    // Reads the file again: another process (the CLI, a second window) may have written it.
    void reload();

    QString value(const QString &key) const { return m_values.value(key); }
    bool contains(const QString &key) const { return m_values.contains(key); }
    // Written at once (atomically, 0600); false with *error when the file cannot be written.
    bool setValue(const QString &key, const QString &value, QString *error = nullptr);
    bool remove(const QString &key, QString *error = nullptr);
    // Every key starting with prefix (a collection's id), for delete and duplicate.
    bool removePrefix(const QString &prefix, QString *error = nullptr);

    static QString defaultPath(); // <data folder>/secrets.json

private:
    void load();
    bool save(QString *error);

    QString m_path;
    QString m_error;
    QHash<QString, QString> m_values;
};
