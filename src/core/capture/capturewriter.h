#pragma once

#include "core/capture/capture.h"

#include <QElapsedTimer>
#include <QList>

#include <memory>

class CaptureBackend;
class CaptureStore;

// Commits captures on the thread that produced them (a listener's), through a
// connection of its own to the store's file. Handing every batch to the store's
// thread and the answer back cost two thread wake-ups per commit, more than the
// commit itself; SQLite (or PostgreSQL) serialises the writers of several listeners.
// A server store that goes away is reconnected to before a later batch.
class CaptureWriter final
{
    Q_DISABLE_COPY_MOVE(CaptureWriter)

public:
    explicit CaptureWriter(CaptureStore *store);
    ~CaptureWriter();

    // Writes the batch in one transaction and assigns each capture its seq; when the
    // commit fails every seq stays 0 and the store reports why (commitFailed). Either
    // way the store then announces the batch (committed), so nothing goes unseen.
    void write(QList<Capture> &batch);

private:
    bool ensureOpen(QString *error);

    CaptureStore *m_store;
    static constexpr int kRetryMs = 1000;

    std::unique_ptr<CaptureBackend> m_db; // made once the store has opened its file
    QElapsedTimer m_lastAttempt;          // a failed (re)connection, valid until one succeeds
    QString m_lastError;
    QString m_failure; // the last commit's error, "" once one succeeds
};
