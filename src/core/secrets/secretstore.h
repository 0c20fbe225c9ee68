#pragma once

#include <QObject>
#include <QString>

#include <functional>
#include <memory>

class SecretBackend;

// Where secret values live, away from the collection files a user may commit to git.
// One of two backends, chosen when the store is made:
//
// - Keychain (KeychainSecrets): the system keychain through QtKeychain, when a Secret Service
//   owns org.freedesktop.secrets on the session bus. The GUI thread never waits on D-Bus:
//   value() reads a cache filled by the first read (ready()), changes are written in the
//   background, and a failed job is reported through errorOccurred and loses nothing (the
//   values go to the 0600 file below until the keychain takes them).
//
// - File (FileSecrets): one JSON file readable and writable by the user only (0600) in the
//   data folder, when there is no Secret Service (SSH, containers, CI). A file that cannot be
//   read is never overwritten: writes fail with the reason instead.
class SecretStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SecretStore)

public:
    enum class Backend { File, Keychain };

    // The backend this session can use: Keychain when a Secret Service is running on the
    // session bus (one short call to the bus daemon), else File.
    static Backend availableBackend();

    // availableBackend(), with defaultPath() as the file.
    explicit SecretStore(QObject *parent = nullptr);
    // The file backend at path.
    explicit SecretStore(const QString &path, QObject *parent = nullptr);
    // path is the file backend's store, or the keychain backend's fallback and migration source.
    SecretStore(Backend backend, const QString &path, QObject *parent = nullptr);
    ~SecretStore() override;

    Backend backend() const { return m_backend; }
    QString path() const { return m_path; }
    // Where secrets are kept, in words for the user.
    QString description() const;

    // False until the keychain's first read has finished (always true for the file).
    bool isReady() const;
    // False when the store could not be read; errorString() says why.
    bool isUsable() const;
    // The last problem, in words (reading, or a keychain write that fell back to the file).
    QString errorString() const;
    // Changes not yet in the keychain (a job in flight or queued).
    bool hasPendingWrites() const;

    // For headless callers (the CLI, tests): run a local event loop until the first read,
    // or every queued write, has finished. Never call these on the GUI thread.
    bool waitForReady(int timeoutMs = 30000);
    bool waitForWrites(int timeoutMs = 30000);

    // Reads the store again: another process (the CLI, a second window) may have written it.
    // The keychain is read in the background; value() keeps the cache until then.
    void reload();

    QString value(const QString &key) const;
    bool contains(const QString &key) const;
    // The file is written at once (atomically, 0600); false with *error when it cannot be.
    // The keychain takes the change in the background; problems come through errorOccurred.
    bool setValue(const QString &key, const QString &value, QString *error = nullptr);
    bool remove(const QString &key, QString *error = nullptr);
    // Every key starting with prefix (a collection's id), for delete and duplicate.
    bool removePrefix(const QString &prefix, QString *error = nullptr);

    static QString defaultPath(); // <data folder>/secrets.json

Q_SIGNALS:
    void ready();
    void errorOccurred(const QString &message);

private:
    bool waitUntil(const std::function<bool()> &done, int timeoutMs);

    Backend m_backend;
    QString m_path;
    std::unique_ptr<SecretBackend> m_secrets;
};
