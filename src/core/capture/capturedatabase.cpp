#include "core/capture/capturedatabase.h"

#include "core/app/logging.h"
#include "core/capture/captureinsert.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>
#include <QtEndian>

#include <atomic>

namespace {
std::atomic<int> connectionCounter{0};
constexpr int kPageSize = 8192;

// Columns shared by load() and forEach(), in fromCurrentRow()'s order.
const QString kSelectColumns = QStringLiteral(
    "seq, id, received_at_ms, completed_at_ms, remote_address, remote_port, local_port, method, target, "
    "http_version, headers, body, body_offset, body_size, raw, status, error, error_offset, response_status, "
    "response_headers, response_body, response_delay_ms, response_closed, signature_scheme, signature_valid, "
    "signature_reason, signature_expected");

// Schema history: index i holds the statements that take version i to i+1.
const QList<QStringList> kMigrations = {
    {
        QStringLiteral("CREATE TABLE captures ("
                       // seq is the rowid: no AUTOINCREMENT, whose sqlite_sequence update costs a
                       // page write per commit; ascending order is all the table needs.
                       " seq INTEGER PRIMARY KEY,"
                       " id TEXT NOT NULL UNIQUE,"
                       " received_at_ms INTEGER NOT NULL,"
                       " completed_at_ms INTEGER NOT NULL,"
                       " remote_address TEXT NOT NULL, remote_port INTEGER NOT NULL, local_port INTEGER NOT NULL,"
                       " method BLOB NOT NULL, target BLOB NOT NULL, path BLOB NOT NULL, http_version BLOB NOT NULL,"
                       " headers BLOB NOT NULL, content_type BLOB,"
                       // body is NULL when it is the raw bytes' tail at body_offset (a Content-Length body):
                       // a capture is written once, not twice.
                       " body BLOB, body_offset INTEGER, body_size INTEGER NOT NULL,"
                       " raw BLOB NOT NULL,"
                       " status TEXT NOT NULL, error TEXT, error_offset INTEGER,"
                       " response_status INTEGER NOT NULL, response_headers BLOB NOT NULL, response_body BLOB,"
                       " response_delay_ms INTEGER NOT NULL, response_closed INTEGER NOT NULL,"
                       " signature_scheme TEXT, signature_valid INTEGER, signature_reason TEXT,"
                       " signature_expected BLOB)"),
        QStringLiteral("CREATE INDEX captures_received_at ON captures(received_at_ms)"),
    },
    {
        // Schema 2: this index cost every commit one more page write and B-tree insert (12 %
        // of the rate at 1 KB); retention by age finds its boundary in seq order instead.
        QStringLiteral("DROP INDEX IF EXISTS captures_received_at"),
    },
};

bool exec(QSqlDatabase &db, const QString &sql, QString *error)
{
    QSqlQuery query(db);
    if (!query.exec(sql)) {
        if (error)
            *error = query.lastError().text();
        return false;
    }
    return true;
}

} // namespace

QByteArray HeaderBlob::encode(const HeaderList &headers)
{
    QByteArray blob;
    qsizetype total = 4;
    for (const auto &h : headers)
        total += 8 + h.first.size() + h.second.size();
    blob.reserve(total);
    auto put = [&blob](quint32 n) {
        const quint32 be = qToBigEndian(n);
        blob.append(reinterpret_cast<const char *>(&be), 4);
    };
    put(quint32(headers.size()));
    for (const auto &[name, value] : headers) {
        put(quint32(name.size()));
        blob += name;
        put(quint32(value.size()));
        blob += value;
    }
    return blob;
}

HeaderList HeaderBlob::decode(const QByteArray &blob)
{
    HeaderList headers;
    qsizetype pos = 0;
    auto get = [&](quint32 *n) {
        if (pos + 4 > blob.size())
            return false;
        *n = qFromBigEndian<quint32>(blob.constData() + pos);
        pos += 4;
        return true;
    };
    auto bytes = [&](QByteArray *out) {
        quint32 n = 0;
        if (!get(&n) || pos + qsizetype(n) > blob.size())
            return false;
        *out = blob.mid(pos, n);
        pos += n;
        return true;
    };
    quint32 count = 0;
    if (!get(&count))
        return headers;
    for (quint32 i = 0; i < count; ++i) {
        QByteArray name, value;
        if (!bytes(&name) || !bytes(&value))
            break;
        headers.append({name, value});
    }
    return headers;
}

CaptureDatabase::CaptureDatabase()
    : m_connection(QStringLiteral("hookbench-captures-%1").arg(connectionCounter.fetch_add(1)))
{ }

CaptureDatabase::~CaptureDatabase()
{
    close();
}

bool CaptureDatabase::isOpen() const
{
    return QSqlDatabase::contains(m_connection) && QSqlDatabase::database(m_connection, false).isOpen();
}

void CaptureDatabase::close()
{
    m_insert.reset();
    if (!QSqlDatabase::contains(m_connection))
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
}

bool CaptureDatabase::open(const QString &file, QString *error, QString *notice)
{
    return openFile(file, error, notice, Repair::SetAside);
}

bool CaptureDatabase::openFile(const QString &file, QString *error, QString *notice, Repair repair)
{
    close();
    m_file = file;
    for (int attempt = 0; attempt < 2; ++attempt) {
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
            db.setDatabaseName(file);
            db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
            QString why;
            if (db.open()) {
                // Only a new, empty file takes the page size (and it must come before WAL mode).
                // 8 KiB pages: a 64 KB capture is 8-9 WAL frames instead of 16-17, each frame one
                // more pair of writes on the listener's thread (+15-20 % at 64 KB, measured);
                // 16 KiB gained a little more there but rewrote 4x the bytes per 1 KB commit.
                exec(db, QStringLiteral("PRAGMA page_size=%1").arg(kPageSize), nullptr);
                // WAL lets export read while the listener writes. synchronous=NORMAL keeps
                // every commit across a process crash (kill -9); only a power cut can lose
                // the last commits, and it buys the grouped-commit throughput. No journal_size_limit:
                // cutting the WAL file back each time SQLite starts it over, under a flood, cost
                // a third of the rate at 1 KB (ext4 allocating the blocks again); the store cuts
                // it back once writes pause (CaptureStore).
                if (exec(db, QStringLiteral("PRAGMA journal_mode=WAL"), &why)
                    && exec(db, QStringLiteral("PRAGMA synchronous=NORMAL"), &why) && createOrMigrate(&why)
                    && prepareInsert(&why)) {
                    return true;
                }
            } else {
                why = db.lastError().text();
            }
            if (why.startsWith(QLatin1String("newer:"))) {
                if (error)
                    *error = why.mid(6);
                db = QSqlDatabase(); // no handle may outlive the connection's removal
                QSqlDatabase::removeDatabase(m_connection);
                return false;
            }
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(m_connection);
            // Only a file SQLite calls damaged is set aside; a busy or unreadable one (locked
            // by another process, no permission) is reported and left exactly where it is.
            const bool damaged = why.contains(QLatin1String("not a database"), Qt::CaseInsensitive)
                || why.contains(QLatin1String("malformed"), Qt::CaseInsensitive)
                || why.contains(QLatin1String("corrupt"), Qt::CaseInsensitive);
            if (attempt == 0 && damaged && repair == Repair::SetAside && QFileInfo::exists(file)) {
                // Keep the unreadable file aside, untouched, and start a fresh store.
                const QString aside = file + QStringLiteral(".corrupt-")
                    + QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMddThhmmss"));
                if (QFile::rename(file, aside)) {
                    QFile::rename(file + QStringLiteral("-wal"), aside + QStringLiteral("-wal"));
                    QFile::remove(file + QStringLiteral("-shm"));
                    const QString message
                        = QStringLiteral("%1 could not be read as a capture store (%2); it was kept aside as %3 and "
                                         "a new store was created")
                              .arg(file, why, aside);
                    qCWarning(lcStore).noquote() << message;
                    if (notice)
                        *notice = message;
                    continue;
                }
            }
            if (error)
                *error = QStringLiteral("cannot open capture store %1: %2").arg(file, why);
            return false;
        }
    }
    return false;
}

bool CaptureDatabase::openExisting(const QString &file, QString *error)
{
    if (file.isEmpty() || !QFileInfo::exists(file)) {
        *error = QStringLiteral("no capture store at %1").arg(file);
        return false;
    }
    return openFile(file, error, nullptr, Repair::Never);
}

bool CaptureDatabase::createOrMigrate(QString *error)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery query(db);
    // Reading the schema is what fails on a file that is not SQLite.
    if (!query.exec(QStringLiteral("PRAGMA user_version")) || !query.next()) {
        *error = query.lastError().text();
        return false;
    }
    int version = query.value(0).toInt();
    query.finish();
    if (version > kSchemaVersion) {
        *error = QStringLiteral("newer:%1 was written by a newer Hookbench (schema %2; this one reads up to %3)")
                     .arg(m_file)
                     .arg(version)
                     .arg(kSchemaVersion);
        return false;
    }
    while (version < kSchemaVersion) {
        if (!db.transaction()) {
            *error = db.lastError().text();
            return false;
        }
        for (const QString &sql : kMigrations.at(version)) {
            if (!exec(db, sql, error)) {
                db.rollback();
                return false;
            }
        }
        ++version;
        if (!exec(db, QStringLiteral("PRAGMA user_version=%1").arg(version), error) || !db.commit()) {
            db.rollback();
            return false;
        }
    }
    return true;
}

bool CaptureDatabase::insert(QList<Capture> &captures, QString *error)
{
    if (!m_insert) {
        *error = QStringLiteral("the capture store is not open");
        return false;
    }
    return m_insert->insert(captures, error);
}

bool CaptureDatabase::prepareInsert(QString *error)
{
    // Qt's SQLite driver hands out its sqlite3* under this type name; Debian's driver
    // links the system libsqlite3, the same library CaptureInsert is built against.
    const QVariant handle = QSqlDatabase::database(m_connection, false).driver()->handle();
    sqlite3 *connection = nullptr;
    if (handle.isValid() && qstrcmp(handle.typeName(), "sqlite3*") == 0)
        connection = *static_cast<sqlite3 *const *>(handle.constData());
    if (!connection) {
        *error = QStringLiteral("the Qt SQLite driver did not provide its connection handle");
        return false;
    }
    m_insert = std::make_unique<CaptureInsert>(connection);
    if (!m_insert->isValid()) {
        *error = m_insert->errorString();
        m_insert.reset();
        return false;
    }
    return true;
}

void CaptureDatabase::deferCheckpoints(std::function<void()> request)
{
    if (m_insert)
        m_insert->deferCheckpoints(std::move(request));
}

void CaptureDatabase::checkpoint(Checkpoint mode)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    exec(db,
         mode == Checkpoint::Passive ? QStringLiteral("PRAGMA wal_checkpoint(PASSIVE)")
                                     : QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"),
         nullptr);
}

Capture CaptureDatabase::fromCurrentRow(const QSqlQuery &q) const
{
    Capture c;
    int i = 0;
    c.seq = q.value(i++).toLongLong();
    c.id = q.value(i++).toString();
    c.receivedAtMs = q.value(i++).toLongLong();
    c.completedAtMs = q.value(i++).toLongLong();
    c.remoteAddress = q.value(i++).toString();
    c.remotePort = quint16(q.value(i++).toUInt());
    c.localPort = quint16(q.value(i++).toUInt());
    c.method = q.value(i++).toByteArray();
    c.target = q.value(i++).toByteArray();
    c.httpVersion = q.value(i++).toByteArray();
    c.headers = HeaderBlob::decode(q.value(i++).toByteArray());
    const QVariant body = q.value(i++);
    const QVariant bodyOffset = q.value(i++);
    const qint64 bodySize = q.value(i++).toLongLong();
    c.raw = q.value(i++).toByteArray();
    if (!bodyOffset.isNull())
        c.body = c.raw.mid(bodyOffset.toLongLong(), bodySize);
    else
        c.body = body.toByteArray();
    c.status = q.value(i++).toString() == QLatin1String("accepted") ? Capture::Status::Accepted
                                                                    : Capture::Status::Rejected;
    c.error = q.value(i++).toString();
    const QVariant errorOffset = q.value(i++);
    c.errorOffset = errorOffset.isNull() ? -1 : errorOffset.toLongLong();
    c.response.status = q.value(i++).toInt();
    c.response.headers = HeaderBlob::decode(q.value(i++).toByteArray());
    c.response.body = q.value(i++).toByteArray();
    c.response.delayMs = q.value(i++).toInt();
    c.response.closedWithoutAnswer = q.value(i++).toInt() != 0;
    c.signature.scheme = q.value(i++).toString();
    c.signature.valid = q.value(i++).toInt() != 0;
    c.signature.reason = q.value(i++).toString();
    c.signature.expected = q.value(i++).toByteArray();
    return c;
}

std::optional<Capture> CaptureDatabase::load(qint64 seq)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT %1 FROM captures WHERE seq = ?").arg(kSelectColumns));
    q.addBindValue(seq);
    if (!q.exec()) {
        qCWarning(lcStore).noquote() << "cannot read capture" << seq << ":" << q.lastError().text();
        return std::nullopt;
    }
    if (!q.next())
        return std::nullopt;
    return fromCurrentRow(q);
}

std::optional<Capture> CaptureDatabase::loadById(const QString &id)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT %1 FROM captures WHERE id = ?").arg(kSelectColumns));
    q.addBindValue(id);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return fromCurrentRow(q);
}

QList<CaptureSummary> CaptureDatabase::summaries(qint64 afterSeq, int limit)
{
    QList<CaptureSummary> result;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.setForwardOnly(true);
    q.prepare(QStringLiteral(
                  "SELECT seq, received_at_ms, body_size, method, substr(path, 1, %1), content_type, remote_address,"
                  " remote_port, response_status, response_closed, status, signature_scheme, signature_valid"
                  " FROM captures WHERE seq > ? ORDER BY seq LIMIT ?")
                  .arg(CaptureSummary::kMaxPathBytes));
    q.addBindValue(afterSeq);
    q.addBindValue(limit);
    if (!q.exec())
        return result;
    while (q.next()) {
        CaptureSummary s;
        s.seq = q.value(0).toLongLong();
        s.receivedAtMs = q.value(1).toLongLong();
        s.bodySize = q.value(2).toLongLong();
        s.setMethod(q.value(3).toByteArray());
        s.path = q.value(4).toByteArray();
        s.path.squeeze();
        s.setContentType(q.value(5).toByteArray());
        s.setRemoteAddress(q.value(6).toByteArray());
        s.remotePort = quint16(q.value(7).toUInt());
        s.responseStatus = qint16(q.value(9).toInt() ? 0 : q.value(8).toInt());
        s.accepted = q.value(10).toString() == QLatin1String("accepted");
        if (!q.value(11).isNull())
            s.signature = q.value(12).toInt() ? CaptureSummary::Signature::Valid : CaptureSummary::Signature::Invalid;
        result << s;
    }
    return result;
}

QSet<qint64> CaptureDatabase::search(const QString &text)
{
    QSet<qint64> result;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.setForwardOnly(true);
    // raw holds the request line, headers and body exactly as received; instr over
    // lower() makes the match case-insensitive for ASCII without decoding anything.
    q.prepare(QStringLiteral("SELECT seq FROM captures WHERE instr(lower(raw), lower(?)) > 0"
                             " OR (body IS NOT NULL AND instr(lower(body), lower(?)) > 0)"));
    const QByteArray needle = text.toUtf8();
    q.addBindValue(needle);
    q.addBindValue(needle);
    if (q.exec()) {
        while (q.next())
            result.insert(q.value(0).toLongLong());
    }
    return result;
}

bool CaptureDatabase::remove(const QList<qint64> &seqs)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    db.transaction();
    QSqlQuery q(db);
    q.prepare(QStringLiteral("DELETE FROM captures WHERE seq = ?"));
    for (qint64 seq : seqs) {
        q.addBindValue(seq);
        if (!q.exec()) {
            db.rollback();
            return false;
        }
    }
    return db.commit();
}

bool CaptureDatabase::removeAll()
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    return exec(db, QStringLiteral("DELETE FROM captures"), nullptr);
}

int CaptureDatabase::applyRetention(int maxCount, int maxAgeDays, qint64 nowMs)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    int removed = 0;
    QSqlQuery q(db);
    if (maxAgeDays > 0) {
        // Captures are stored in arrival order, so the old ones are the first rows: the scan
        // in seq order stops at the first young one, and everything before it goes. (A slow
        // upload can be stored after a younger capture; it goes on a later run.)
        q.prepare(QStringLiteral("DELETE FROM captures WHERE received_at_ms < ? AND seq < coalesce("
                                 "(SELECT seq FROM captures WHERE received_at_ms >= ? ORDER BY seq LIMIT 1),"
                                 " 9223372036854775807)"));
        const qint64 cutoff = nowMs - qint64(maxAgeDays) * 24 * 3600 * 1000;
        q.addBindValue(cutoff);
        q.addBindValue(cutoff);
        if (q.exec())
            removed += q.numRowsAffected();
    }
    if (maxCount > 0) {
        q.prepare(QStringLiteral("DELETE FROM captures WHERE seq <= (SELECT seq FROM captures ORDER BY seq DESC"
                                 " LIMIT 1 OFFSET ?)"));
        q.addBindValue(maxCount);
        if (q.exec())
            removed += q.numRowsAffected();
    }
    return removed;
}

qint64 CaptureDatabase::count()
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (q.exec(QStringLiteral("SELECT count(*) FROM captures")) && q.next())
        return q.value(0).toLongLong();
    return 0;
}

bool CaptureDatabase::forEach(const std::function<bool(const Capture &)> &visit)
{
    constexpr int kPage = 500;
    qint64 after = 0;
    for (;;) {
        QSqlQuery q(QSqlDatabase::database(m_connection, false));
        q.setForwardOnly(true);
        q.prepare(QStringLiteral("SELECT %1 FROM captures WHERE seq > ? ORDER BY seq LIMIT %2")
                      .arg(kSelectColumns)
                      .arg(kPage));
        q.addBindValue(after);
        if (!q.exec())
            return false;
        int rows = 0;
        while (q.next()) {
            const Capture c = fromCurrentRow(q);
            after = c.seq;
            ++rows;
            if (!visit(c))
                return true;
        }
        if (rows < kPage)
            return true;
    }
}
