#include "core/app/workerthread.h"

WorkerThreadBase::WorkerThreadBase(QObject *worker, const QString &name, QThread::Priority priority)
    : m_worker(worker)
{
    m_thread.setObjectName(name);
    m_worker->moveToThread(&m_thread);
    // Emitted on the thread as it ends; QThread then runs the deferred deletes still
    // posted there, so the worker dies on its own thread before wait() returns.
    QObject::connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start(priority);
}

WorkerThreadBase::~WorkerThreadBase()
{
    stop();
}

void WorkerThreadBase::stop()
{
    if (!m_worker)
        return;
    QMetaObject::invokeMethod(
        m_worker,
        [this] {
            if (m_finisher)
                m_finisher();
            QThread::currentThread()->quit();
        },
        Qt::QueuedConnection);
    m_thread.wait();
    m_worker = nullptr;
}
