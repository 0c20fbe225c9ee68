#pragma once

#include "core/app/workerthread.h"
#include "core/drafts/requesttab.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <functional>
#include <memory>

// Keeps the drafts file (DraftsFile) in step with the Send area's tabs, off the caller's
// thread: update() hands it the tabs after every change, and they are written at most
// kMaxDelayMs later, so a crash or kill -9 loses at most that much typing. Nothing is written
// before load() has answered, so the tabs a launch starts with never replace a file not yet read.
class DraftsStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DraftsStore)

public:
    static constexpr int kMaxDelayMs = 1000;

    explicit DraftsStore(const QString &path, QObject *parent = nullptr);
    // The last tabs handed over are written before the thread stops.
    ~DraftsStore() override;

    QString path() const { return m_path; }
    // Reads the file on the store's thread; `done` follows on this one with the tabs (none when
    // there was no file) and, for a broken file, a notice saying where it was moved.
    void load(std::function<void(const RequestTabSet &set, const QString &notice)> done);
    bool isLoaded() const { return m_loaded; }
    // The tabs now; written within kMaxDelayMs.
    void update(const RequestTabSet &set);
    // Writes what update() last got now (quitting, SIGTERM).
    void flush();
    // The last write's error, until one succeeds.
    QString writeError() const { return m_writeError; }

Q_SIGNALS:
    // A write reached the disk (error empty) or failed.
    void written(const QString &error);

private:
    void writePending();

    QString m_path;
    std::unique_ptr<WorkerThread<QObject>> m_thread;
    QTimer m_timer;
    RequestTabSet m_pending;
    bool m_hasPending = false;
    bool m_loaded = false;
    bool m_leaveAlone = false; // a file that could not be read is not written over
    QString m_writeError;
};
