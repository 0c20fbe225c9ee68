#pragma once

#include "core/capture/capture.h"
#include "core/storage/sqlitebatch.h"

#include <QList>
#include <QString>

#include <functional>

struct sqlite3;

// The capture store's hot path: one prepared INSERT (and BEGIN/COMMIT) kept for the
// connection's life and bound straight through SQLite's C API on the handle Qt Sql
// opened (QSqlDriver::handle()). Binding 28 QVariants per row through QSqlQuery and
// preparing per batch cost more than the write itself; everything else about the
// store (schema, migrations, reads) stays in Qt Sql.
class CaptureInsert final
{
    Q_DISABLE_COPY_MOVE(CaptureInsert)

public:
    explicit CaptureInsert(sqlite3 *handle);
    ~CaptureInsert();

    // Where the body sits inside raw when it is the raw bytes' tail (a Content-Length
    // body), else -1: such a body is stored once, as part of raw.
    static qsizetype bodyOffsetInRaw(const Capture &capture);

    bool isValid() const { return m_batch.isValid(); }
    QString errorString() const { return m_batch.errorString(); }

    // Writes all captures in one transaction and assigns their seq; on failure
    // nothing is written and *error says why.
    bool insert(QList<Capture> &captures, QString *error);

    // Takes WAL checkpoints off this connection's commits: `request` is called (on this
    // thread) each time the WAL has grown by another kCheckpointBytes, for another
    // thread to checkpoint. Only if that falls far behind does a commit checkpoint itself.
    void deferCheckpoints(std::function<void()> request);
    static constexpr qint64 kCheckpointBytes = 4 * 1024 * 1024; // SQLite's default is 1000 pages
    static constexpr qint64 kInlineCheckpointBytes = 64 * 1024 * 1024;

private:
    static int walCommitted(void *self, sqlite3 *handle, const char *database, int frames);
    void bindRow(const Capture &capture);

    SqliteBatch m_batch;
    std::function<void()> m_requestCheckpoint;
    int m_checkpointRequestedAt = 0; // WAL frames when the last request went out
    int m_checkpointFrames = 0;      // the two limits above in frames of this file's page size
    int m_inlineCheckpointFrames = 0;
    // Values derived from a capture, bound without copying: they live until the row is stepped.
    QByteArray m_headers, m_responseHeaders, m_path, m_contentType, m_tls, m_deliveryKey;
};
