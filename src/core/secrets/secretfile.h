#pragma once

#include <QHash>
#include <QString>

// The file of secrets: one JSON object (key → value) that only its owner may read or write
// (0600). FileSecrets keeps everything in it; KeychainSecrets uses it as fallback and inbox.
class SecretFile
{
public:
    using Values = QHash<QString, QString>;

    explicit SecretFile(const QString &path)
        : m_path(path)
    { }

    QString path() const { return m_path; }
    // Adds the file's values to *values (no file: none); false with *error when it cannot be
    // read or does not parse (where, in line and column).
    bool read(Values *values, QString *error) const;
    // Atomically (QSaveFile), owner-only before a single secret byte is written.
    bool write(const Values &values, QString *error) const;
    bool remove(QString *error) const;

private:
    QString m_path;
};
