#include "core/send/historyinsert.h"

#include "core/app/logging.h"
#include "core/send/historycodec.h"
#include "core/send/historystore.h"

#include <sqlite3.h>

namespace {

// Every column is NOT NULL: an empty value is bound as an empty text or blob, never NULL.
void bindText(sqlite3_stmt *s, int i, const QByteArray &utf8)
{
    sqlite3_bind_text64(s, i, utf8.isEmpty() ? "" : utf8.constData(), sqlite3_uint64(utf8.size()), SQLITE_TRANSIENT,
                        SQLITE_UTF8);
}

void bindText(sqlite3_stmt *s, int i, const QString &text)
{
    bindText(s, i, text.toUtf8());
}

// Methods and reasons are bytes from the wire, stored as their Latin-1 code points.
void bindLatin1(sqlite3_stmt *s, int i, const QByteArray &bytes)
{
    bindText(s, i, QString::fromLatin1(bytes).toUtf8());
}

// The row's bytes outlive the step (the caller holds the row), so they are not copied.
void bindBlob(sqlite3_stmt *s, int i, const QByteArray &bytes, qint64 cap)
{
    const qint64 size = qMin<qint64>(bytes.size(), cap);
    if (size == 0)
        sqlite3_bind_zeroblob(s, i, 0);
    else
        sqlite3_bind_blob64(s, i, bytes.constData(), sqlite3_uint64(size), SQLITE_STATIC);
}

} // namespace

HistoryInsert::HistoryInsert(sqlite3 *handle)
    : m_batch(handle,
              "INSERT INTO sends (sent_at, attempt, method, url, request_headers, sent_headers, request_body,"
              " request_body_size, options, status, reason, response_headers, response_body,"
              " response_body_size, total_ms, first_byte_ms, error, error_text, final_url, http2)"
              " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
{
    m_lastOptionsJson = HistoryCodec::optionsToJson(m_lastOptions);
}

HistoryInsert::~HistoryInsert() = default;

void HistoryInsert::bindRow(const Row &row)
{
    sqlite3_stmt *s = m_batch.insertStatement();
    const OutgoingRequest &q = row.request;
    const SendResult &r = row.result;
    if (!(q.options == m_lastOptions)) {
        m_lastOptions = q.options;
        m_lastOptionsJson = HistoryCodec::optionsToJson(q.options);
    }
    const QDateTime sentAt = r.startedAt.isValid() ? r.startedAt : QDateTime::currentDateTimeUtc();
    int i = 1;
    sqlite3_bind_int64(s, i++, sentAt.toMSecsSinceEpoch());
    sqlite3_bind_int(s, i++, row.attempt);
    bindLatin1(s, i++, q.method);
    bindText(s, i++, urlText(q.url));
    bindText(s, i++, headersJson(m_requestHeaders, q.headers));
    bindText(s, i++, headersJson(m_sentHeaders, r.requestHeaders));
    bindBlob(s, i++, q.body, HistoryStore::kMaxStoredRequestBody);
    sqlite3_bind_int64(s, i++, q.body.size());
    bindText(s, i++, m_lastOptionsJson);
    sqlite3_bind_int(s, i++, r.status);
    bindLatin1(s, i++, r.reason);
    bindText(s, i++, HistoryCodec::headersToJson(r.headers));
    bindBlob(s, i++, r.body, HistoryStore::kMaxStoredResponseBody);
    sqlite3_bind_int64(s, i++, r.body.size());
    sqlite3_bind_double(s, i++, r.totalMs);
    sqlite3_bind_double(s, i++, r.firstByteMs);
    bindText(s, i++, SendResult::errorName(r.error));
    bindText(s, i++, r.errorText);
    bindText(s, i++, urlText(r.finalUrl));
    sqlite3_bind_int(s, i++, r.http2 ? 1 : 0);
}

const QByteArray &HistoryInsert::headersJson(Encoded<HeaderList> &cache, const HeaderList &headers)
{
    if (!cache.valid || cache.value != headers) {
        cache.value = headers;
        cache.bytes = HistoryCodec::headersToJson(headers);
        cache.valid = true;
    }
    return cache.bytes;
}

const QByteArray &HistoryInsert::urlText(const QUrl &url)
{
    // The request's URL and the final one are the same unless redirected: one cache serves both.
    if (!m_url.valid || m_url.value != url) {
        m_url.value = url;
        m_url.bytes = url.toEncoded();
        m_url.valid = true;
    }
    return m_url.bytes;
}

bool HistoryInsert::insert(const QList<Row> &rows, QList<qint64> *ids, QString *error)
{
    if (!m_batch.begin(error))
        return false;
    ids->reserve(ids->size() + rows.size());
    for (const Row &row : rows) {
        bindRow(row);
        qint64 id = 0;
        QString why;
        if (!m_batch.stepInsert(&id, &why)) {
            qCWarning(lcStore).noquote() << "history insert failed:" << why;
            continue;
        }
        ids->append(id);
    }
    if (!m_batch.commit(error)) {
        ids->clear();
        return false;
    }
    return true;
}
