#include "core/capture/captureinsert.h"

#include "core/capture/capturedatabase.h"
#include "core/capture/deliveryattempts.h"

#include <sqlite3.h>

namespace {
// The statement only reads these while it steps; the capture outlives that.
void bindBlob(sqlite3_stmt *s, int i, const QByteArray &bytes)
{
    // An empty blob, never NULL: rejected requests may lack a method or version
    // and the columns are NOT NULL.
    if (bytes.isEmpty())
        sqlite3_bind_zeroblob(s, i, 0);
    else
        sqlite3_bind_blob64(s, i, bytes.constData(), sqlite3_uint64(bytes.size()), SQLITE_STATIC);
}

void bindOptionalBlob(sqlite3_stmt *s, int i, const QByteArray &bytes, bool present)
{
    if (present)
        bindBlob(s, i, bytes);
    else
        sqlite3_bind_null(s, i);
}

// Text goes in as UTF-8 and is transient: the temporary QByteArray dies at once.
void bindText(sqlite3_stmt *s, int i, const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    sqlite3_bind_text64(s, i, utf8.constData(), sqlite3_uint64(utf8.size()), SQLITE_TRANSIENT, SQLITE_UTF8);
}

void bindOptionalText(sqlite3_stmt *s, int i, const QString &text, bool present)
{
    if (present)
        bindText(s, i, text);
    else
        sqlite3_bind_null(s, i);
}

void bindStaticText(sqlite3_stmt *s, int i, const char *text)
{
    sqlite3_bind_text(s, i, text, -1, SQLITE_STATIC);
}
} // namespace

CaptureInsert::CaptureInsert(sqlite3 *handle)
    : m_batch(
        handle,
        "INSERT INTO captures (id, received_at_ms, completed_at_ms, remote_address, remote_port, local_port,"
        " method, target, path, http_version, headers, content_type, body, body_offset, body_size, raw,"
        " status, error, error_offset, response_status, response_headers, response_body, response_delay_ms,"
        " response_closed, signature_scheme, signature_valid, signature_reason, signature_expected, listener_host,"
        " listener_port, tls, delivery_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
{ }

CaptureInsert::~CaptureInsert() = default;

qsizetype CaptureInsert::bodyOffsetInRaw(const Capture &c)
{
    if (c.body.isEmpty() || c.raw.size() < c.body.size())
        return -1;
    const qsizetype offset = c.raw.size() - c.body.size();
    return QByteArrayView(c.raw).sliced(offset) == QByteArrayView(c.body) ? offset : -1;
}

void CaptureInsert::deferCheckpoints(std::function<void()> request)
{
    m_requestCheckpoint = std::move(request);
    // Stores created before 8 KiB pages keep their 4 KiB ones: the limits are bytes.
    int pageSize = 4096;
    sqlite3_stmt *query = nullptr;
    if (sqlite3_prepare_v2(m_batch.handle(), "PRAGMA page_size", -1, &query, nullptr) == SQLITE_OK
        && sqlite3_step(query) == SQLITE_ROW)
        pageSize = qMax(512, sqlite3_column_int(query, 0));
    sqlite3_finalize(query);
    m_checkpointFrames = int(kCheckpointBytes / pageSize);
    m_inlineCheckpointFrames = int(kInlineCheckpointBytes / pageSize);
    sqlite3_wal_hook(m_batch.handle(), &CaptureInsert::walCommitted, this); // replaces the autocheckpoint hook
}

int CaptureInsert::walCommitted(void *self, sqlite3 *handle, const char *database, int frames)
{
    auto *insert = static_cast<CaptureInsert *>(self);
    if (frames < insert->m_checkpointRequestedAt)
        insert->m_checkpointRequestedAt = 0; // the WAL was rewound after a checkpoint
    if (frames >= insert->m_inlineCheckpointFrames) {
        // The other thread has fallen far behind (a slow disk): copying here holds up
        // every answer, but the WAL must not grow without end.
        sqlite3_wal_checkpoint_v2(handle, database, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
        insert->m_checkpointRequestedAt = 0;
    } else if (frames >= insert->m_checkpointRequestedAt + insert->m_checkpointFrames) {
        insert->m_checkpointRequestedAt = frames;
        insert->m_requestCheckpoint();
    }
    return SQLITE_OK;
}

void CaptureInsert::bindRow(const Capture &c)
{
    sqlite3_stmt *s = m_batch.insertStatement();
    const qsizetype bodyOffset = bodyOffsetInRaw(c);
    const bool signed_ = !c.signature.scheme.isEmpty();
    m_headers = HeaderBlob::encode(c.headers);
    m_responseHeaders = HeaderBlob::encode(c.response.headers);
    int i = 1;
    bindText(s, i++, c.id);
    sqlite3_bind_int64(s, i++, c.receivedAtMs);
    sqlite3_bind_int64(s, i++, c.completedAtMs);
    bindText(s, i++, c.remoteAddress);
    sqlite3_bind_int(s, i++, c.remotePort);
    sqlite3_bind_int(s, i++, c.localPort);
    bindBlob(s, i++, c.method);
    bindBlob(s, i++, c.target);
    m_path = c.path();
    bindBlob(s, i++, m_path);
    bindBlob(s, i++, c.httpVersion);
    bindBlob(s, i++, m_headers);
    m_contentType = c.contentType();
    bindOptionalBlob(s, i++, m_contentType, !m_contentType.isNull());
    bindOptionalBlob(s, i++, c.body, bodyOffset < 0);
    if (bodyOffset >= 0)
        sqlite3_bind_int64(s, i++, bodyOffset);
    else
        sqlite3_bind_null(s, i++);
    sqlite3_bind_int64(s, i++, c.body.size());
    bindBlob(s, i++, c.raw);
    bindStaticText(s, i++, c.isAccepted() ? "accepted" : "rejected");
    bindOptionalText(s, i++, c.error, !c.error.isEmpty());
    if (c.errorOffset >= 0)
        sqlite3_bind_int64(s, i++, c.errorOffset);
    else
        sqlite3_bind_null(s, i++);
    sqlite3_bind_int(s, i++, c.response.status);
    bindBlob(s, i++, m_responseHeaders);
    bindOptionalBlob(s, i++, c.response.body, !c.response.body.isNull());
    sqlite3_bind_int(s, i++, c.response.delayMs);
    sqlite3_bind_int(s, i++, c.response.closedWithoutAnswer ? 1 : 0);
    bindOptionalText(s, i++, c.signature.scheme, signed_);
    if (signed_)
        sqlite3_bind_int(s, i++, c.signature.valid ? 1 : 0);
    else
        sqlite3_bind_null(s, i++);
    bindOptionalText(s, i++, c.signature.reason, signed_);
    bindOptionalBlob(s, i++, c.signature.expected, signed_);
    bindOptionalText(s, i++, c.listenerHost, !c.listenerHost.isEmpty());
    if (c.listenerPort > 0)
        sqlite3_bind_int(s, i++, c.listenerPort);
    else
        sqlite3_bind_null(s, i++);
    m_tls = c.tls.toStored();
    if (c.tls.used)
        sqlite3_bind_text64(s, i++, m_tls.constData(), sqlite3_uint64(m_tls.size()), SQLITE_STATIC, SQLITE_UTF8);
    else
        sqlite3_bind_null(s, i++);
    m_deliveryKey = DeliveryAttempts::deliveryIdOf(c).key().toUtf8();
    sqlite3_bind_text64(s, i++, m_deliveryKey.constData(), sqlite3_uint64(m_deliveryKey.size()), SQLITE_STATIC,
                        SQLITE_UTF8);
}

bool CaptureInsert::insert(QList<Capture> &captures, QString *error)
{
    if (!m_batch.begin(error))
        return false;
    for (Capture &capture : captures) {
        bindRow(capture);
        if (!m_batch.stepInsert(&capture.seq, error)) {
            m_batch.rollback();
            return false;
        }
    }
    return m_batch.commit(error);
}
