#pragma once

#include "core/secrets/secretbackend.h"
#include "core/secrets/secretfile.h"

#include <optional>

namespace QKeychain {
class Job;
}

// Secrets in the system keychain through QtKeychain, when a Secret Service owns
// org.freedesktop.secrets on the session bus. All of Hookbench's secrets are one keychain item
// (a JSON object), so loading is one read and deleting a collection one write. QtKeychain jobs
// are asynchronous and the GUI thread never waits on D-Bus: value() reads the cache filled by
// the first read (ready()), and changes are written in the background, each time as read,
// merge, write so another process's changes survive. A failed job (locked, refused) is
// reported in words through errorOccurred and loses nothing: the unwritten values go to the
// 0600 file and move into the keychain on the next successful read. Secrets found in that
// file (older versions, a CLI run over SSH with no session bus) are moved the same way; until
// then the file's values are found as well.
class KeychainSecrets final : public SecretBackend
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeychainSecrets)

public:
    // fallbackPath: the file that takes what the keychain does not, and is read into it.
    explicit KeychainSecrets(const QString &fallbackPath, QObject *parent = nullptr);
    ~KeychainSecrets() override;

    // The keychain item: service "Hookbench", key "secrets".
    static QString keychainService();
    static QString keychainKey();

    QString writeError() const override { return m_writeError; }
    bool hasPendingWrites() const override;
    bool isWriting() const override { return m_busy || m_syncQueued; }

    // The keychain is read in the background; value() keeps the cache until then.
    void reload() override;
    bool setValue(const QString &key, const QString &value, QString *error) override;
    bool remove(const QString &key, QString *error) override;
    bool removePrefix(const QString &prefix, QString *error) override;

private:
    using Changes = QHash<QString, std::optional<QString>>; // nullopt: removed

    bool writeFile(const Values &values, QString *error) const;
    void recordChange(const QString &key, const std::optional<QString> &value);
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

    SecretFile m_file;
    QString m_writeError; // the last write failed (the values went to the file)
    // Changes not yet written, the part of them a write in flight carries, keys the file held
    // (to be removed from it once they are in the keychain).
    Changes m_pending;
    Changes m_writing;     // m_pending as it was when the write in flight started
    Values m_fromFile;     // the file's values folded into the keychain by the write in flight
    bool m_loaded = false; // a keychain read has succeeded
    bool m_busy = false;   // a job is in flight
    bool m_syncQueued = false;
    bool m_dirty = false; // changed since the job in flight started
    bool m_reloadWanted = false;
};
