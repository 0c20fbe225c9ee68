#include "core/send/historystore.h"

#include "core/app/datapaths.h"
#include "core/app/logging.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QUuid>

#include <vector>

namespace {

// Migration i takes the schema from version i to version i + 1; append, never edit.
const QList<QStringList> &migrations()
{
    static const QList<QStringList> steps = {
        {
            QStringLiteral("CREATE TABLE sends ("
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
            QStringLiteral("CREATE INDEX sends_sent_at ON sends (sent_at DESC, id DESC)"),
        },
    };
    return steps;
}

int currentSchemaVersion()
{
    return int(migrations().size());
}

QString headersToJson(const HeaderList &headers)
{
    QJsonArray array;
    for (const auto &[name, value] : headers)
        array.append(QJsonArray{QString::fromLatin1(name), QString::fromLatin1(value)});
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

HeaderList headersFromJson(const QString &json)
{
    HeaderList headers;
    const QJsonArray array = QJsonDocument::fromJson(json.toUtf8()).array();
    for (const QJsonValue &pair : array) {
        const QJsonArray p = pair.toArray();
        headers.append({p.at(0).toString().toLatin1(), p.at(1).toString().toLatin1()});
    }
    return headers;
}

QString proxyModeName(ProxyMode mode)
{
    switch (mode) {
    case ProxyMode::None:
        return QStringLiteral("none");
    case ProxyMode::Manual:
        return QStringLiteral("manual");
    case ProxyMode::System:
        break;
    }
    return QStringLiteral("system");
}

QString optionsToJson(const SendOptions &o)
{
    const QJsonObject object{
        {QStringLiteral("timeoutMs"), o.timeoutMs},       {QStringLiteral("followRedirects"), o.followRedirects},
        {QStringLiteral("maxRedirects"), o.maxRedirects}, {QStringLiteral("ignoreTlsErrors"), o.ignoreTlsErrors},
        {QStringLiteral("allowHttp2"), o.allowHttp2},     {QStringLiteral("proxyMode"), proxyModeName(o.proxyMode)},
        {QStringLiteral("proxyUrl"), o.proxyUrl}};
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

SendOptions optionsFromJson(const QString &json)
{
    const QJsonObject object = QJsonDocument::fromJson(json.toUtf8()).object();
    SendOptions o;
    o.timeoutMs = object.value(QStringLiteral("timeoutMs")).toInt(o.timeoutMs);
    o.followRedirects = object.value(QStringLiteral("followRedirects")).toBool(o.followRedirects);
    o.maxRedirects = object.value(QStringLiteral("maxRedirects")).toInt(o.maxRedirects);
    o.ignoreTlsErrors = object.value(QStringLiteral("ignoreTlsErrors")).toBool(o.ignoreTlsErrors);
    o.allowHttp2 = object.value(QStringLiteral("allowHttp2")).toBool(o.allowHttp2);
    const QString proxy = object.value(QStringLiteral("proxyMode")).toString();
    o.proxyMode = proxy == QLatin1String("none") ? ProxyMode::None
        : proxy == QLatin1String("manual")       ? ProxyMode::Manual
                                                 : ProxyMode::System;
    o.proxyUrl = object.value(QStringLiteral("proxyUrl")).toString();
    return o;
}

// SQLITE_CORRUPT and SQLITE_NOTADB: the file is damaged or not SQLite at all.
bool isCorruption(const QSqlError &error)
{
    const QString code = error.nativeErrorCode();
    return code == QLatin1String("11") || code == QLatin1String("26");
}

// QSqlQuery binds a null QString or QByteArray as SQL NULL; these columns are NOT NULL.
QString text(const QString &value)
{
    return value.isNull() ? QString(QLatin1String("")) : value;
}

QByteArray blob(const QByteArray &value)
{
    return value.isNull() ? QByteArray("") : value;
}

QString likePattern(const QString &search)
{
    QString escaped = search;
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    escaped.replace(QLatin1Char('%'), QLatin1String("\\%"));
    escaped.replace(QLatin1Char('_'), QLatin1String("\\_"));
    return QLatin1Char('%') + escaped + QLatin1Char('%');
}

} // namespace

// Owns the connection and runs every statement, on the store's thread only.
class HistoryWorker final : public QObject
{
public:
    struct Pending {
        OutgoingRequest request;
        SendResult result;
        int attempt = 1;
    };

    HistoryWorker(HistoryStore *store, const QString &fileName)
        : m_store(store)
        , m_fileName(fileName)
        , m_connection(QStringLiteral("hookbench-history-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
    { }

    // Any thread.
    void enqueue(Pending pending)
    {
        QMutexLocker lock(&m_mutex);
        m_pending.push_back(std::move(pending));
        if (m_drainScheduled)
            return;
        m_drainScheduled = true;
        // Everything queued until this runs goes into one transaction.
        QMetaObject::invokeMethod(
            this, [this] { drain(); }, Qt::QueuedConnection);
    }

    void open()
    {
        QDir().mkpath(QFileInfo(m_fileName).absolutePath());
        QString problem;
        if (openDatabase(&problem))
            return;
        if (!m_corrupt) {
            report(QStringLiteral("The history file %1 cannot be used (%2); sends are not being recorded.")
                       .arg(m_fileName, problem));
            closeDatabase();
            return;
        }
        closeDatabase();
        const QString aside = setAside();
        if (aside.isEmpty()) {
            report(QStringLiteral("The history file %1 is damaged (%2) and could not be moved aside; "
                                  "sends are not being recorded.")
                       .arg(m_fileName, problem));
            return;
        }
        m_corrupt = false;
        QString again;
        if (!openDatabase(&again)) {
            report(QStringLiteral("The history file %1 is damaged (%2); it was kept as %3, but a new one "
                                  "could not be started (%4).")
                       .arg(m_fileName, problem, aside, again));
            closeDatabase();
            return;
        }
        report(QStringLiteral("The history file %1 was damaged (%2); it was kept as %3 and a new history "
                              "was started.")
                   .arg(m_fileName, problem, aside));
    }

    void close()
    {
        drain();
        closeDatabase();
    }

    void drain()
    {
        std::vector<Pending> batch;
        {
            QMutexLocker lock(&m_mutex);
            batch.swap(m_pending);
            m_drainScheduled = false;
        }
        if (batch.empty() || !m_writable)
            return;
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        db.transaction();
        if (!m_insert) {
            m_insert = std::make_unique<QSqlQuery>(db);
            m_insert->prepare(
                QStringLiteral("INSERT INTO sends (sent_at, attempt, method, url, request_headers, sent_headers, "
                               "request_body,"
                               " request_body_size, options, status, reason, response_headers, response_body,"
                               " response_body_size, total_ms, first_byte_ms, error, error_text, final_url, http2)"
                               " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
        }
        QList<qint64> ids;
        ids.reserve(qsizetype(batch.size()));
        for (const Pending &p : batch) {
            const SendResult &r = p.result;
            QSqlQuery &q = *m_insert;
            const QDateTime sentAt = r.startedAt.isValid() ? r.startedAt : QDateTime::currentDateTimeUtc();
            q.addBindValue(sentAt.toMSecsSinceEpoch());
            q.addBindValue(p.attempt);
            q.addBindValue(text(QString::fromLatin1(p.request.method)));
            q.addBindValue(text(p.request.url.toString(QUrl::FullyEncoded)));
            q.addBindValue(headersToJson(p.request.headers));
            q.addBindValue(headersToJson(r.requestHeaders));
            q.addBindValue(blob(p.request.body.left(HistoryStore::kMaxStoredRequestBody)));
            q.addBindValue(p.request.body.size());
            q.addBindValue(optionsToJson(p.request.options));
            q.addBindValue(r.status);
            q.addBindValue(text(QString::fromLatin1(r.reason)));
            q.addBindValue(headersToJson(r.headers));
            q.addBindValue(blob(r.body.left(HistoryStore::kMaxStoredResponseBody)));
            q.addBindValue(r.body.size());
            q.addBindValue(r.totalMs);
            q.addBindValue(r.firstByteMs);
            q.addBindValue(SendResult::errorName(r.error));
            q.addBindValue(text(r.errorText));
            q.addBindValue(text(r.finalUrl.toString(QUrl::FullyEncoded)));
            q.addBindValue(r.http2 ? 1 : 0);
            if (!q.exec()) {
                qCWarning(lcStore) << "history insert failed:" << q.lastError().text();
                continue;
            }
            ids << q.lastInsertId().toLongLong();
        }
        if (!db.commit()) {
            report(QStringLiteral("Sends could not be saved to the history file %1: %2")
                       .arg(m_fileName, db.lastError().text()));
            db.rollback();
            return;
        }
        if (!ids.isEmpty()) {
            QMetaObject::invokeMethod(
                m_store, [store = m_store, ids] { Q_EMIT store->committed(ids); }, Qt::QueuedConnection);
        }
    }

    QList<HistorySummary> list(const QString &search, int limit)
    {
        QList<HistorySummary> rows;
        if (!m_open)
            return rows;
        QSqlQuery q(QSqlDatabase::database(m_connection, false));
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
            const QString pattern = likePattern(needle);
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

    HistoryEntry load(qint64 id)
    {
        HistoryEntry e;
        if (!m_open)
            return e;
        QSqlQuery q(QSqlDatabase::database(m_connection, false));
        q.prepare(
            QStringLiteral("SELECT id, sent_at, attempt, method, url, request_headers, sent_headers, request_body,"
                           " request_body_size, options, status, reason, response_headers, response_body, "
                           "response_body_size,"
                           " total_ms, first_byte_ms, error, error_text, final_url, http2 FROM sends WHERE id = ?"));
        q.addBindValue(id);
        if (!q.exec() || !q.next())
            return e;
        e.id = q.value(0).toLongLong();
        e.sentAt = QDateTime::fromMSecsSinceEpoch(q.value(1).toLongLong(), Qt::UTC);
        e.attempt = q.value(2).toInt();
        e.request.method = q.value(3).toString().toLatin1();
        e.request.url = QUrl(q.value(4).toString(), QUrl::StrictMode);
        e.request.headers = headersFromJson(q.value(5).toString());
        e.result.requestHeaders = headersFromJson(q.value(6).toString());
        e.request.body = q.value(7).toByteArray();
        e.requestBodySize = q.value(8).toLongLong();
        e.request.options = optionsFromJson(q.value(9).toString());
        e.result.startedAt = e.sentAt;
        e.result.status = q.value(10).toInt();
        e.result.reason = q.value(11).toString().toLatin1();
        e.result.headers = headersFromJson(q.value(12).toString());
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

    bool execute(const QString &sql, qint64 id = -1)
    {
        if (!m_writable)
            return false;
        drain();
        QSqlQuery q(QSqlDatabase::database(m_connection, false));
        q.prepare(sql);
        if (id >= 0)
            q.addBindValue(id);
        return q.exec();
    }

    bool isWritable() const { return m_writable; }

private:
    bool openDatabase(QString *problem)
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
        db.setDatabaseName(m_fileName);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
        if (!db.open()) {
            *problem = db.lastError().text();
            return false;
        }
        QSqlQuery q(db);
        // The first statement that reads the file is where SQLite notices it is not a database.
        if (!q.exec(QStringLiteral("PRAGMA journal_mode=WAL"))) {
            m_corrupt = isCorruption(q.lastError());
            *problem = q.lastError().databaseText();
            return false;
        }
        q.exec(QStringLiteral("PRAGMA synchronous=NORMAL")); // WAL + NORMAL: durable across app crashes
        int version = 0;
        if (!q.exec(
                QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"))) {
            m_corrupt = isCorruption(q.lastError());
            *problem = q.lastError().databaseText();
            return false;
        }
        const bool hasVersionTable = q.next();
        if (hasVersionTable) {
            if (!q.exec(QStringLiteral("SELECT version FROM schema_version")) || !q.next()) {
                m_corrupt = isCorruption(q.lastError());
                *problem = m_corrupt ? q.lastError().databaseText() : QStringLiteral("no schema version");
                return false;
            }
            version = q.value(0).toInt();
        }
        m_open = true;
        if (version > currentSchemaVersion()) {
            report(QStringLiteral("The history file %1 was written by a newer Hookbench (schema %2, this one "
                                  "knows %3); it is shown but not written to.")
                       .arg(m_fileName)
                       .arg(version)
                       .arg(currentSchemaVersion()));
            return true;
        }
        if (version < currentSchemaVersion() && !migrate(db, version, hasVersionTable, problem)) {
            m_open = false;
            return false;
        }
        m_writable = true;
        return true;
    }

    bool migrate(QSqlDatabase &db, int from, bool hasVersionTable, QString *problem)
    {
        db.transaction();
        QSqlQuery q(db);
        auto fail = [&](const QSqlQuery &failed) {
            m_corrupt = isCorruption(failed.lastError());
            *problem = QStringLiteral("could not upgrade its schema: %1").arg(failed.lastError().databaseText());
            db.rollback();
            return false;
        };
        if (!hasVersionTable) {
            if (!q.exec(QStringLiteral("CREATE TABLE schema_version (version INTEGER NOT NULL)"))
                || !q.exec(QStringLiteral("INSERT INTO schema_version (version) VALUES (0)")))
                return fail(q);
        }
        for (int v = from; v < currentSchemaVersion(); ++v) {
            for (const QString &statement : migrations().at(v)) {
                if (!q.exec(statement))
                    return fail(q);
            }
        }
        q.prepare(QStringLiteral("UPDATE schema_version SET version = ?"));
        q.addBindValue(currentSchemaVersion());
        if (!q.exec())
            return fail(q);
        if (!db.commit())
            return fail(q);
        qCDebug(lcStore) << "history schema" << from << "->" << currentSchemaVersion() << "in" << m_fileName;
        return true;
    }

    void closeDatabase()
    {
        m_insert.reset();
        m_open = false;
        m_writable = false;
        {
            QSqlDatabase db = QSqlDatabase::database(m_connection, false);
            if (db.isOpen())
                db.close();
        }
        QSqlDatabase::removeDatabase(m_connection);
    }

    // Renames the file (and its -wal/-shm) to <file>.corrupt-<stamp>; never overwrites anything.
    QString setAside()
    {
        const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
        for (int n = 0; n < 100; ++n) {
            const QString aside = m_fileName + QStringLiteral(".corrupt-") + stamp
                + (n ? QStringLiteral("-%1").arg(n) : QString());
            if (QFileInfo::exists(aside))
                continue;
            if (!QFile::rename(m_fileName, aside))
                return {};
            for (const QString &suffix : {QStringLiteral("-wal"), QStringLiteral("-shm")}) {
                if (QFileInfo::exists(m_fileName + suffix))
                    QFile::rename(m_fileName + suffix, aside + suffix);
            }
            return aside;
        }
        return {};
    }

    void report(const QString &message)
    {
        qCWarning(lcStore).noquote() << message;
        QMetaObject::invokeMethod(
            m_store, [store = m_store, message] { Q_EMIT store->errorOccurred(message); }, Qt::QueuedConnection);
    }

    HistoryStore *m_store;
    const QString m_fileName;
    const QString m_connection;
    std::unique_ptr<QSqlQuery> m_insert;
    bool m_open = false;
    bool m_writable = false;
    bool m_corrupt = false;

    QMutex m_mutex;
    std::vector<Pending> m_pending;
    bool m_drainScheduled = false;
};

HistoryStore::HistoryStore(QObject *parent)
    : HistoryStore(DataPaths::historyStoreFile(), parent)
{ }

HistoryStore::HistoryStore(const QString &fileName, QObject *parent)
    : QObject(parent)
    , m_fileName(fileName)
{
    startWorker();
}

HistoryStore::~HistoryStore()
{
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker] { worker->close(); }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_worker;
}

void HistoryStore::startWorker()
{
    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("history store"));
    m_worker = new HistoryWorker(this, m_fileName);
    m_worker->moveToThread(m_thread);
    m_thread->start();
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker] { worker->open(); }, Qt::QueuedConnection);
}

void HistoryStore::record(const OutgoingRequest &request, const SendResult &result, int attempt)
{
    m_worker->enqueue({request, result, attempt});
}

quint64 HistoryStore::list(const QString &search, int limit)
{
    const quint64 ticket = m_nextTicket++;
    QMetaObject::invokeMethod(
        m_worker,
        [this, worker = m_worker, ticket, search, limit] {
            worker->drain(); // what was recorded before the question is part of the answer
            const QList<HistorySummary> rows = worker->list(search, limit);
            QMetaObject::invokeMethod(
                this, [this, ticket, rows] { Q_EMIT listed(ticket, rows); }, Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
    return ticket;
}

quint64 HistoryStore::load(qint64 id)
{
    const quint64 ticket = m_nextTicket++;
    QMetaObject::invokeMethod(
        m_worker,
        [this, worker = m_worker, ticket, id] {
            worker->drain();
            const HistoryEntry entry = worker->load(id);
            QMetaObject::invokeMethod(
                this, [this, ticket, entry] { Q_EMIT loaded(ticket, entry); }, Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
    return ticket;
}

void HistoryStore::remove(qint64 id)
{
    QMetaObject::invokeMethod(
        m_worker,
        [this, worker = m_worker, id] {
            if (worker->execute(QStringLiteral("DELETE FROM sends WHERE id = ?"), id))
                QMetaObject::invokeMethod(
                    this, [this] { Q_EMIT changed(); }, Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

void HistoryStore::clear()
{
    QMetaObject::invokeMethod(
        m_worker,
        [this, worker = m_worker] {
            if (worker->execute(QStringLiteral("DELETE FROM sends")))
                QMetaObject::invokeMethod(
                    this, [this] { Q_EMIT changed(); }, Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

void HistoryStore::waitForCommitted()
{
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker] { worker->drain(); }, Qt::BlockingQueuedConnection);
}

QList<HistorySummary> HistoryStore::listNow(const QString &search, int limit)
{
    QList<HistorySummary> rows;
    QMetaObject::invokeMethod(
        m_worker,
        [&rows, worker = m_worker, search, limit] {
            worker->drain();
            rows = worker->list(search, limit);
        },
        Qt::BlockingQueuedConnection);
    return rows;
}

HistoryEntry HistoryStore::loadNow(qint64 id)
{
    HistoryEntry entry;
    QMetaObject::invokeMethod(
        m_worker,
        [&entry, worker = m_worker, id] {
            worker->drain();
            entry = worker->load(id);
        },
        Qt::BlockingQueuedConnection);
    return entry;
}

bool HistoryStore::isWritable()
{
    bool writable = false;
    QMetaObject::invokeMethod(
        m_worker, [&writable, worker = m_worker] { writable = worker->isWritable(); }, Qt::BlockingQueuedConnection);
    return writable;
}
