#include "core/drafts/draftsstore.h"

#include "core/drafts/draftsfile.h"

DraftsStore::DraftsStore(const QString &path, QObject *parent)
    : QObject(parent)
    , m_path(path)
    , m_thread(std::make_unique<WorkerThread<QObject>>(new QObject, QStringLiteral("drafts"), QThread::LowPriority))
{
    // Not restarted by later changes: a steady stream of typing is still written every second.
    m_timer.setSingleShot(true);
    m_timer.setInterval(kMaxDelayMs);
    connect(&m_timer, &QTimer::timeout, this, &DraftsStore::writePending);
}

DraftsStore::~DraftsStore()
{
    flush();
    m_thread->stop(); // after the queued writes
}

void DraftsStore::load(std::function<void(const RequestTabSet &, const QString &)> done)
{
    QMetaObject::invokeMethod(m_thread->worker(), [this, path = m_path, done = std::move(done)] {
        const DraftsFile::ReadResult read = DraftsFile::read(path);
        QMetaObject::invokeMethod(this, [this, read, done] {
            m_loaded = true;
            m_leaveAlone = read.leaveAlone;
            if (done)
                done(read.set, read.notice);
            if (m_hasPending && !m_timer.isActive())
                m_timer.start();
        });
    });
}

void DraftsStore::update(const RequestTabSet &set)
{
    m_pending = set;
    m_hasPending = true;
    if (m_loaded && !m_timer.isActive())
        m_timer.start();
}

void DraftsStore::flush()
{
    m_timer.stop();
    writePending();
}

void DraftsStore::writePending()
{
    if (!m_hasPending || !m_loaded || m_leaveAlone)
        return;
    m_hasPending = false;
    // The tabs' strings are shared, not copied, on their way to the thread; encoding happens there.
    QMetaObject::invokeMethod(m_thread->worker(), [this, path = m_path, set = std::exchange(m_pending, {})] {
        QString error;
        DraftsFile::write(path, set, &error);
        QMetaObject::invokeMethod(this, [this, error] {
            m_writeError = error;
            Q_EMIT written(error);
        });
    });
}
