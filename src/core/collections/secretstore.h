#pragma once

#include <QHash>
#include <QObject>
#include <QString>

#include <functional>
#include <optional>

namespace QKeychain {
class Job;
}

// Where secret values live, away from the collection files a user may commit to git.
// One of two backends, chosen when the store is made:
//
// - Keychain: the system keychain through QtKeychain, when a Secret Service owns
//   org.freedesktop.secrets on the session bus. All of Hookbench's secrets are one keychain
//   item (a JSON object), so loading is one read and deleting a collection one write.
//   QtKeychain jobs are asynchronous and the GUI thread never waits on D-Bus: value() reads a
//   cache filled by the first read (ready()), and changes are written in the background,
//   each time as read, merge, write so another process's changes survive. A failed job
//   (locked, refused) is reported in words through errorOccurred and loses nothing: the
//   unwritten values go to the 0600 file below and move into the keychain on the next
//   successful read. Secrets found in that file (older versions, a CLI run over SSH with no
//   session bus) are moved the same way; until then the file's values are found as well.
//
// - File: one JSON file readable and writable by the user only (0600) in the data folder,
//   when there is no Secret Service (SSH, containers, CI). A file that cannot be read is
//   never overwritten: writes fail with the reason instead. Every change re-reads the file
//   first, so two processes sharing it do not drop each other's keys.
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
    bool isReady() const { return m_ready; }
    // False when the store could not be read; errorString() says why.
    bool isUsable() const { return m_error.isEmpty(); }
    // The last problem, in words (reading, or a keychain write that fell back to the file).
    QString errorString() const { return m_error.isEmpty() ? m_writeError : m_error; }
    // Changes not yet in the keychain (a job in flight or queued).
    bool hasPendingWrites() const;

    // For headless callers (the CLI, tests): run a local event loop until the first read,
    // or every queued write, has finished. Never call these on the GUI thread.
    bool waitForReady(int timeoutMs = 30000);
    bool waitForWrites(int timeoutMs = 30000);

    // Reads the store again: another process (the CLI, a second window) may have written it.
    // The keychain is read in the background; value() keeps the cache until then.
    void reload();

    QString value(const QString &key) const { return m_values.value(key); }
    bool contains(const QString &key) const { return m_values.contains(key); }
    // The file is written at once (atomically, 0600); false with *error when it cannot be.
    // The keychain takes the change in the background; problems come through errorOccurred.
    bool setValue(const QString &key, const QString &value, QString *error = nullptr);
    bool remove(const QString &key, QString *error = nullptr);
    // Every key starting with prefix (a collection's id), for delete and duplicate.
    bool removePrefix(const QString &prefix, QString *error = nullptr);

    static QString defaultPath(); // <data folder>/secrets.json
    // The keychain item: service "Hookbench", key "secrets".
    static QString keychainService();
    static QString keychainKey();

Q_SIGNALS:
    void ready();
    void errorOccurred(const QString &message);

private:
    using Values = QHash<QString, QString>;
    // File backend
    bool readFile(Values *values, QString *error) const;
    bool writeFile(const Values &values, QString *error) const;
    void load();
    bool save(QString *error);
    // Keychain backend
    void queueSync();
    void sync();
    void startRead();
    void onRead(QKeychain::Job *job);
    void readFailed(const QString &reason);
    void readSucceeded(Values stored);
    void startWrite();
    void onWrite(QKeychain::Job *job);
    void fallBackToFile(const QString &reason, bool report);
    void finishJob();
    bool waitUntil(const std::function<bool()> &done, int timeoutMs);
    void recordChange(const QString &key, const std::optional<QString> &value);

    Backend m_backend;
    QString m_path;
    QString m_error;      // reading failed
    QString m_writeError; // the last keychain write failed (the values went to the file)
    Values m_values;
    bool m_ready = true;
    // Keychain state: changes not yet written, the part of them a write in flight carries,
    // keys the file held (to be removed from it once they are in the keychain).
    using Changes = QHash<QString, std::optional<QString>>; // nullopt: removed
    Changes m_pending;
    Changes m_writing;   // m_pending as it was when the write in flight started
    Values m_fromFile;   // the file's values folded into the keychain by the write in flight
    bool m_loaded = false; // a keychain read has succeeded
    bool m_busy = false;   // a job is in flight
    bool m_syncQueued = false;
    bool m_dirty = false;  // changed since the job in flight started
    bool m_reloadWanted = false;
};
