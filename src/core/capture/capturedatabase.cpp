#include "core/capture/capturedatabase.h"

#include "core/app/logging.h"
#include "core/capture/captureinsert.h"

#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>
#include <QtEndian>

namespace {
constexpr int kPageSize = 8192;

// Columns shared by load() and forEach(), in fromCurrentRow()'s order.
const QString kSelectColumns = QStringLiteral(
    "seq, id, received_at_ms, completed_at_ms, remote_address, remote_port, local_port, method, target, "
    "http_version, headers, body, body_offset, body_size, raw, status, error, error_offset, response_status, "
    "response_headers, response_body, response_delay_ms, response_closed, signature_scheme, signature_valid, "
    "signature_reason, signature_expected, tls");

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
    {
        // Schema 3 (issue 15): how the connection was secured, as CaptureTls::toStored's
        // compact JSON; NULL for plain HTTP.
        QStringLiteral("ALTER TABLE captures ADD COLUMN tls TEXT"),
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
    : m_db(QStringLiteral("hookbench-captures"))
{ }

CaptureDatabase::~CaptureDatabase()
{
    close();
}

const SqliteDatabase::Schema &CaptureDatabase::schema()
{
    static const SqliteDatabase::Schema schema{QStringLiteral("capture store"), kMigrations};
    Q_ASSERT(schema.version() == kSchemaVersion);
    return schema;
}

bool CaptureDatabase::isOpen() const
{
    return m_db.isOpen();
}

void CaptureDatabase::close()
{
    m_insert.reset(); // its statements must be finalized before Qt Sql closes the connection
    m_db.close();
}

bool CaptureDatabase::open(const QString &file, QString *error, QString *notice)
{
    return openFile(file, error, notice, SqliteDatabase::Mode::OpenOrCreate);
}

bool CaptureDatabase::openExisting(const QString &file, QString *error)
{
    return openFile(file, error, nullptr, SqliteDatabase::Mode::ExistingOnly);
}

bool CaptureDatabase::openFile(const QString &file, QString *error, QString *notice, SqliteDatabase::Mode mode)
{
    close();
    SqliteDatabase::Options options;
    options.mode = mode;
    // 8 KiB pages for new stores: a 64 KB capture is 8-9 WAL frames instead of 16-17, each frame
    // one more pair of writes on the listener's thread (+15-20 % at 64 KB, measured); 16 KiB
    // gained a little more there but rewrote 4x the bytes per 1 KB commit. No journal_size_limit:
    // cutting the WAL file back each time SQLite starts it over, under a flood, cost a third of
    // the rate at 1 KB (ext4 allocating the blocks again); the store cuts it back once writes
    // pause (CaptureStore).
    options.pageSize = kPageSize;
    QString why;
    if (!m_db.open(file, schema(), options)) {
        why = m_db.errorString();
        if (error) {
            const bool missing = mode == SqliteDatabase::Mode::ExistingOnly && !QFileInfo::exists(file);
            *error = m_db.problem() == SqliteDatabase::Problem::NewerSchema || missing
                ? why
                : QStringLiteral("cannot open capture store %1: %2").arg(file, why);
        }
        return false;
    }
    if (notice)
        *notice = m_db.notice();
    if (!prepareInsert(&why)) {
        if (error)
            *error = QStringLiteral("cannot open capture store %1: %2").arg(file, why);
        close();
        return false;
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
    sqlite3 *connection = m_db.handle();
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

void CaptureDatabase::deferMaintenance(std::function<void()> request)
{
    if (m_insert)
        m_insert->deferCheckpoints(std::move(request));
}

void CaptureDatabase::maintain(Maintenance kind)
{
    QSqlDatabase db = m_db.database();
    exec(db,
         kind == Maintenance::WhileWriting ? QStringLiteral("PRAGMA wal_checkpoint(PASSIVE)")
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
    c.tls = CaptureTls::fromStored(q.value(i++).toByteArray());
    return c;
}

std::optional<Capture> CaptureDatabase::load(qint64 seq)
{
    QSqlQuery q(m_db.database());
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
    QSqlQuery q(m_db.database());
    q.prepare(QStringLiteral("SELECT %1 FROM captures WHERE id = ?").arg(kSelectColumns));
    q.addBindValue(id);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return fromCurrentRow(q);
}

QList<CaptureSummary> CaptureDatabase::summaries(qint64 afterSeq, int limit)
{
    QList<CaptureSummary> result;
    QSqlQuery q(m_db.database());
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
    QSqlQuery q(m_db.database());
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
    QSqlDatabase db = m_db.database();
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
    QSqlDatabase db = m_db.database();
    return exec(db, QStringLiteral("DELETE FROM captures"), nullptr);
}

int CaptureDatabase::applyRetention(int maxCount, int maxAgeDays, qint64 nowMs)
{
    QSqlDatabase db = m_db.database();
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
    QSqlQuery q(m_db.database());
    if (q.exec(QStringLiteral("SELECT count(*) FROM captures")) && q.next())
        return q.value(0).toLongLong();
    return 0;
}

bool CaptureDatabase::forEach(const std::function<bool(const Capture &)> &visit)
{
    constexpr int kPage = 500;
    qint64 after = 0;
    for (;;) {
        QSqlQuery q(m_db.database());
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

std::unique_ptr<CaptureBackend> CaptureBackend::create(const QString &location)
{
    Q_UNUSED(location) // every location is an SQLite file today
    return std::make_unique<CaptureDatabase>();
}
