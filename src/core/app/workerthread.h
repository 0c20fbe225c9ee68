#pragma once

#include <QObject>
#include <QString>
#include <QThread>

#include <functional>

// An owned worker thread: a QThread and the one QObject that lives on it. Every class
// that keeps work off its caller's thread (stores, the listener, the validator, file
// I/O) owns one of these, so all of them start and stop the same way.
//
// Start (constructor): the worker, created on the owner's thread without a parent and
// with any children it needs already made, is moved onto the thread, which starts.
// Stop (stop() or the destructor), in this order:
//   1. queued behind every call already queued to the worker (so each of them still runs):
//      the finisher, if one was set — the worker's last words on its own thread
//      (closing a database, stopping a server);
//   2. the thread's event loop quits, right after that, on the thread itself;
//   3. the worker is deleted on its own thread as the thread finishes (with its children:
//      sockets, timers), before
//   4. wait() returns to the owner.
// A worker blocked for good (a read from a FIFO no one writes) therefore holds up its
// owner's destruction; nothing is abandoned half-done.
class WorkerThreadBase
{
    Q_DISABLE_COPY_MOVE(WorkerThreadBase)

public:
    void stop();
    bool isRunning() const { return m_thread.isRunning(); }
    QThread *thread() { return &m_thread; }

protected:
    WorkerThreadBase(QObject *worker, const QString &name, QThread::Priority priority);
    ~WorkerThreadBase();

    QObject *m_worker;
    std::function<void()> m_finisher;

private:
    QThread m_thread;
};

template <typename Worker> class WorkerThread final : public WorkerThreadBase
{
public:
    WorkerThread(Worker *worker, const QString &name, QThread::Priority priority = QThread::InheritPriority)
        : WorkerThreadBase(worker, name, priority)
    { }

    // Null once stopped.
    Worker *worker() const { return static_cast<Worker *>(m_worker); }
    // Runs on the worker's thread as step 1 of stopping. Set it before stopping, from the owner's thread.
    void setFinisher(std::function<void(Worker *)> finisher)
    {
        m_finisher = [this, finisher = std::move(finisher)] { finisher(worker()); };
    }
};
