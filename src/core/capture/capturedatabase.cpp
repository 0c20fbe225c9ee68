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
        // Schema 3, live forwarding: the target's outcome, written once it is known, by the
        // store's thread; NULL forward_url means the capture was not forwarded.
        QStringLiteral("ALTER TABLE captures ADD COLUMN forward_url TEXT"),
        QStringLiteral("ALTER TABLE captures ADD COLUMN forward_status INTEGER"),
        QStringLiteral("ALTER TABLE captures ADD COLUMN forward_error TEXT"),
        QStringLiteral("ALTER TABLE captures ADD COLUMN forward_ms INTEGER"),
        QStringLiteral("ALTER TABLE captures ADD COLUMN forward_at_ms INTEGER"),
    },
    {
        // Schema 4: which listener (host name, port) received a capture, for stores that
        // several listeners share; NULL for captures stored before.
        QStringLiteral("ALTER TABLE captures ADD COLUMN listener_host TEXT"),
        QStringLiteral("ALTER TABLE captures ADD COLUMN listener_port INTEGER"),
    },
    {
        // Schema 5: how the connection was secured, as CaptureTls::toStored's
        // compact JSON; NULL for plain HTTP.
        QStringLiteral("ALTER TABLE captures ADD COLUMN tls TEXT"),
    },
    {
        // Schema 6, delivery attempts: DeliveryAttempts::deliveryIdOf's key ("github:<id>"),
        // '' for a capture that carries none, NULL until computed (captures stored before,
        // filled in when the store opens: CaptureSqlBackend::fillDeliveryIds).
        QStringLiteral("ALTER TABLE captures ADD COLUMN delivery_id TEXT"),
    },
    {
        // Schema 7: replays of a capture (ReplayDelivery), linked by its seq and removed with
        // it by CaptureSqlBackend; the response body cut to 64 KiB, response_size the whole.
        QStringLiteral("CREATE TABLE deliveries ("
                       " id INTEGER PRIMARY KEY,"
                       " capture_seq INTEGER NOT NULL,"
                       " sent_at_ms INTEGER NOT NULL,"
                       " url TEXT NOT NULL, signed_with TEXT,"
                       " status INTEGER NOT NULL, ms INTEGER, error TEXT,"
                       " response_headers BLOB NOT NULL, response_body BLOB, response_size INTEGER NOT NULL)"),
        QStringLiteral("CREATE INDEX deliveries_capture ON deliveries(capture_seq)"),
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
    // Grouping attempts without their ids is only a lesser view, not a reason to refuse the store.
    if (mode == SqliteDatabase::Mode::OpenOrCreate && !fillDeliveryIds(&why))
        qCWarning(lcStore).noquote() << "cannot fill in delivery ids:" << why;
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
