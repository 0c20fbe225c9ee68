#pragma once

#include "core/secrets/secretbackend.h"
#include "core/secrets/secretfile.h"

// Secrets in the 0600 file of the data folder, where there is no Secret Service (SSH,
// containers, CI). Every change reads the file again first, so two processes sharing it (the
// window and the CLI) do not drop each other's keys, and writes it at once. A file that cannot
// be read is never overwritten: changes fail with the reason instead.
class FileSecrets final : public SecretBackend
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FileSecrets)

public:
    explicit FileSecrets(const QString &path, QObject *parent = nullptr);

    void reload() override;
    bool setValue(const QString &key, const QString &value, QString *error) override;
    bool remove(const QString &key, QString *error) override;
    bool removePrefix(const QString &prefix, QString *error) override;

private:
    void load();
    bool save(QString *error);

    SecretFile m_file;
};
