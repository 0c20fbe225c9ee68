#include "core/send/historyworker.h"

#include "core/app/logging.h"
#include "core/send/historycodec.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTimer>

namespace {

// Migration i takes the schema from version i to version i + 1; append, never edit.
const QList<QStringList> kMigrations = {
    {
        // IF NOT EXISTS and the DROP: before PRAGMA user_version, Hookbench kept the history's
        // version in a table of its own; such a file (at version 1) has this table and index
        // already, so this step only moves its version to user_version.
        QStringLiteral("CREATE TABLE IF NOT EXISTS sends ("
                       " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                       " sent_at INTEGER NOT NULL," // Unix ms, UTC
                       " attempt INTEGER NOT NULL DEFAULT 1,"
                       " method TEXT NOT NULL,"
                       " url TEXT NOT NULL,"
                       " request_headers TEXT NOT NULL," // JSON [[name, value], ...], bytes as Latin-1
                       " sent_headers TEXT NOT NULL,"    // what Qt was given, automatic ones included
                       " request_body BLOB NOT NULL,"
                       " request_body_size INTEGER NOT NULL,"
                       " options TEXT NOT NULL,"   // JSON of SendOptions
                       " status INTEGER NOT NULL," // 0: no response
                       " reason TEXT NOT NULL,"
                       " response_headers TEXT NOT NULL,"
                       " response_body BLOB NOT NULL,"
                       " response_body_size INTEGER NOT NULL,"
                       " total_ms REAL NOT NULL,"
                       " first_byte_ms REAL NOT NULL,"
                       " error TEXT NOT NULL," // SendResult::errorName
                       " error_text TEXT NOT NULL,"
                       " final_url TEXT NOT NULL,"
                       " http2 INTEGER NOT NULL DEFAULT 0)"),
        QStringLiteral("CREATE INDEX IF NOT EXISTS sends_sent_at ON sends (sent_at DESC, id DESC)"),
        QStringLiteral("DROP TABLE IF EXISTS schema_version"),
    },
};

} // namespace

const SqliteDatabase::Schema &HistoryWorker::schema()
{
    static const SqliteDatabase::Schema schema{QStringLiteral("history file"), kMigrations};
    return schema;
}

HistoryWorker::HistoryWorker(HistoryStore *store, const QString &fileName)
    : m_store(store)
    , m_fileName(fileName)
    , m_db(QStringLiteral("hookbench-history"))
    , m_group(new QTimer(this))
{
    m_group->setSingleShot(true);
    m_group->setInterval(kGroupMs);
    connect(m_group, &QTimer::timeout, this, &HistoryWorker::drain);
}

HistoryWorker::~HistoryWorker()
{
    m_insert.reset(); // its statements must be finalized before the connection closes
}

void HistoryWorker::enqueue(HistoryInsert::Row row)
{
    QMutexLocker lock(&m_mutex);
    m_pending.append(std::move(row));
    if (m_drainScheduled)
        return;
    m_drainScheduled = true;
    lock.unlock();
    // Everything queued until the timer ends goes into one transaction.
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (!m_group->isActive())
                m_group->start();
        },
        Qt::QueuedConnection);
}

void HistoryWorker::open()
{
    SqliteDatabase::Options options;
    options.createFolder = true;
    options.newer = SqliteDatabase::Newer::ReadOnly; // the user's history stays visible
    if (!m_db.open(m_fileName, schema(), options)) {
        report(QStringLiteral("The history file %1 cannot be used (%2); sends are not being recorded.")
                   .arg(m_fileName, m_db.errorString()));
        return;
    }
    // A damaged file kept aside, or a newer one that is only read (SqliteDatabase has logged it).
    if (!m_db.notice().isEmpty())
        report(m_db.notice(), Logged::Already);
    if (m_db.isReadOnly())
        return;
    m_insert = std::make_unique<HistoryInsert>(m_db.handle());
    if (!m_insert->isValid()) {
        report(QStringLiteral("The history file %1 cannot be written (%2); sends are not being recorded.")
                   .arg(m_fileName, m_insert->errorString()));
        m_insert.reset();
    }
}

void HistoryWorker::close()
{
    drain();
    m_group->stop();
    m_insert.reset();
    m_db.close();
}

void HistoryWorker::drain()
{
    QList<HistoryInsert::Row> batch;
    {
        QMutexLocker lock(&m_mutex);
        batch.swap(m_pending);
        m_drainScheduled = false;
    }
    if (batch.isEmpty() || !m_insert)
        return;
    QList<qint64> ids;
    QString error;
    if (!m_insert->insert(batch, &ids, &error)) {
        report(QStringLiteral("Sends could not be saved to the history file %1: %2").arg(m_fileName, error));
        return;
    }
    if (!ids.isEmpty()) {
        QMetaObject::invokeMethod(
            m_store, [store = m_store, ids] { Q_EMIT store->committed(ids); }, Qt::QueuedConnection);
    }
    applyLimit();
}

// Once per group, not per send: the boundary is found through the primary key.
void HistoryWorker::applyLimit()
{
    const int limit = m_limit;
    if (limit <= 0 || !m_insert)
        return;
    QSqlQuery q(m_db.database());
    q.prepare(QStringLiteral("DELETE FROM sends WHERE id <= (SELECT id FROM sends ORDER BY id DESC LIMIT 1 OFFSET ?)"));
    q.addBindValue(limit);
    if (!q.exec()) {
        report(QStringLiteral("Old sends could not be removed from the history file %1: %2")
                   .arg(m_fileName, q.lastError().text()));
        return;
    }
    if (q.numRowsAffected() > 0)
        QMetaObject::invokeMethod(
            m_store, [store = m_store] { Q_EMIT store->changed(); }, Qt::QueuedConnection);
}

QList<HistorySummary> HistoryWorker::list(const QString &search, int limit)
{
    QList<HistorySummary> rows;
    if (!m_db.isOpen())
        return rows;
    QSqlQuery q(m_db.database());
    QString sql = QStringLiteral("SELECT id, sent_at, method, url, status, error, error_text, total_ms,"
                                 " response_body_size, attempt FROM sends");
    const QString needle = search.trimmed();
    if (!needle.isEmpty()) {
        sql += QStringLiteral(" WHERE url LIKE ? ESCAPE '\\' OR method LIKE ? ESCAPE '\\'"
                              " OR CAST(status AS TEXT) LIKE ? ESCAPE '\\' OR error_text LIKE ? ESCAPE '\\'"
                              " OR request_headers LIKE ? ESCAPE '\\'"
                              " OR CAST(request_body AS TEXT) LIKE ? ESCAPE '\\'");
    }
    sql += QStringLiteral(" ORDER BY sent_at DESC, id DESC LIMIT ?");
    q.prepare(sql);
    if (!needle.isEmpty()) {
        const QString pattern = HistoryCodec::likePattern(needle);
        for (int i = 0; i < 6; ++i)
            q.addBindValue(pattern);
    }
    q.addBindValue(limit > 0 ? limit : -1);
    if (!q.exec()) {
        qCWarning(lcStore) << "history list failed:" << q.lastError().text();
        return rows;
    }
    while (q.next()) {
        HistorySummary s;
        s.id = q.value(0).toLongLong();
        s.sentAt = QDateTime::fromMSecsSinceEpoch(q.value(1).toLongLong(), Qt::UTC);
        s.method = q.value(2).toString().toLatin1();
        s.url = q.value(3).toString();
        s.status = q.value(4).toInt();
        s.error = SendResult::errorFromName(q.value(5).toString());
        s.errorText = q.value(6).toString();
        s.totalMs = q.value(7).toDouble();
        s.responseSize = q.value(8).toLongLong();
        s.attempt = q.value(9).toInt();
        rows << s;
    }
    return rows;
}

HistoryEntry HistoryWorker::load(qint64 id)
{
    HistoryEntry e;
    if (!m_db.isOpen())
        return e;
    QSqlQuery q(m_db.database());
    q.prepare(QStringLiteral("SELECT id, sent_at, attempt, method, url, request_headers, sent_headers, request_body,"
                             " request_body_size, options, status, reason, response_headers, response_body,"
                             " response_body_size, total_ms, first_byte_ms, error, error_text, final_url, http2"
                             " FROM sends WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec() || !q.next())
        return e;
    e.id = q.value(0).toLongLong();
    e.sentAt = QDateTime::fromMSecsSinceEpoch(q.value(1).toLongLong(), Qt::UTC);
    e.attempt = q.value(2).toInt();
    e.request.method = q.value(3).toString().toLatin1();
    e.request.url = QUrl(q.value(4).toString(), QUrl::StrictMode);
    e.request.headers = HistoryCodec::headersFromJson(q.value(5).toString());
    e.result.requestHeaders = HistoryCodec::headersFromJson(q.value(6).toString());
    e.request.body = q.value(7).toByteArray();
    e.requestBodySize = q.value(8).toLongLong();
    e.request.options = HistoryCodec::optionsFromJson(q.value(9).toString());
    e.result.startedAt = e.sentAt;
    e.result.status = q.value(10).toInt();
    e.result.reason = q.value(11).toString().toLatin1();
    e.result.headers = HistoryCodec::headersFromJson(q.value(12).toString());
    e.result.body = q.value(13).toByteArray();
    e.responseBodySize = q.value(14).toLongLong();
    e.result.bytesSent = e.requestBodySize;
    e.result.bytesReceived = e.responseBodySize;
    e.result.totalMs = q.value(15).toDouble();
    e.result.firstByteMs = q.value(16).toDouble();
    e.result.error = SendResult::errorFromName(q.value(17).toString());
    e.result.errorText = q.value(18).toString();
    e.result.finalUrl = QUrl(q.value(19).toString(), QUrl::StrictMode);
    e.result.http2 = q.value(20).toInt() != 0;
    return e;
}

bool HistoryWorker::execute(const QString &sql, qint64 id)
{
    if (!m_insert)
        return false;
    drain();
    QSqlQuery q(m_db.database());
    q.prepare(sql);
    if (id >= 0)
        q.addBindValue(id);
    return q.exec();
}

void HistoryWorker::report(const QString &message, Logged logged)
{
    if (logged == Logged::Not)
        qCWarning(lcStore).noquote() << message;
    QMetaObject::invokeMethod(
        m_store, [store = m_store, message] { Q_EMIT store->errorOccurred(message); }, Qt::QueuedConnection);
}
