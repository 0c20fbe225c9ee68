#include "core/capture/capturewriter.h"

#include "core/app/logging.h"
#include "core/capture/capturebackend.h"
#include "core/capture/capturestore.h"

CaptureWriter::CaptureWriter(CaptureStore *store)
    : m_store(store)
{ }

CaptureWriter::~CaptureWriter() = default;

bool CaptureWriter::ensureOpen(QString *error)
{
    const QString file = m_store->openedFileName();
    if (file.isEmpty()) {
        *error = QStringLiteral("the capture store is not open");
        return false;
    }
    if (m_db && m_db->isOpen() && m_db->fileName() == file)
        return true;
    // A server that went away is tried again at most once a second; meanwhile batches fail
    // at once (answered 503) instead of each waiting for a connection attempt.
    if (m_db && m_db->fileName() == file && m_lastAttempt.isValid() && m_lastAttempt.elapsed() < kRetryMs) {
        *error = m_lastError;
        return false;
    }
    m_lastAttempt.start();
    m_db = CaptureBackend::create(file);
    // The store opened (and if need be repaired) the file; this connection only writes,
    // and leaves the checkpoints (copying the WAL back, with an fsync) to the store's thread.
    if (!m_db->openExisting(file, error)) {
        m_lastError = *error;
        return false;
    }
    m_lastAttempt.invalidate();
    m_db->deferMaintenance([store = m_store] { store->requestCheckpoint(); });
    return true;
}

void CaptureWriter::write(QList<Capture> &batch)
{
    if (batch.isEmpty())
        return;
    QString error;
    if (!ensureOpen(&error) || !m_db->insert(batch, &error)) {
        // Logged when it starts or changes, not for every batch while a server is away.
        if (error != std::exchange(m_failure, error))
            qCWarning(lcStore).noquote() << "commit failed:" << error;
        for (Capture &capture : batch)
            capture.seq = 0;
        m_store->reportCommitFailed(error);
    } else {
        m_failure.clear();
    }
    qCDebug(lcStore) << "committed a batch of" << batch.size();
    m_store->announceCommitted(batch);
}
