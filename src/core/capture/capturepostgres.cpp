#include "core/capture/capturepostgres.h"

#include "core/app/logging.h"
#include "core/capture/capturedatabase.h"
#include "core/capture/captureinsert.h"
#include "core/capture/deliveryattempts.h"

#include <QHash>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QVariant>

#include <libpq-fe.h>

namespace {
const QString kColumns = QStringLiteral(
    "id, received_at_ms, completed_at_ms, remote_address, remote_port, local_port, method, target, path,"
    " http_version, headers, content_type, body, body_offset, body_size, raw, status, error, error_offset,"
    " response_status, response_headers, response_body, response_delay_ms, response_closed, signature_scheme,"
    " signature_valid, signature_reason, signature_expected, listener_host, listener_port, tls, delivery_id");
constexpr int kColumnCount = 32;
// PostgreSQL takes at most 65535 parameters per statement.
constexpr int kRowsPerStatement = 1000;

// Schema history: index i holds the statements that take version i to i + 1. The table is
// laid out as SQLite's (same names, the blobs as bytea), so that reads are shared.
const QList<QStringList> kMigrations = {
    {
        QStringLiteral(
            "CREATE TABLE hookbench.captures ("
            " seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
            " id TEXT NOT NULL UNIQUE,"
            " received_at_ms BIGINT NOT NULL, completed_at_ms BIGINT NOT NULL,"
            " remote_address TEXT NOT NULL, remote_port INTEGER NOT NULL, local_port INTEGER NOT NULL,"
            " method BYTEA NOT NULL, target BYTEA NOT NULL, path BYTEA NOT NULL, http_version BYTEA NOT NULL,"
            " headers BYTEA NOT NULL, content_type BYTEA,"
            " body BYTEA, body_offset BIGINT, body_size BIGINT NOT NULL, raw BYTEA NOT NULL,"
            " status TEXT NOT NULL, error TEXT, error_offset BIGINT,"
            " response_status INTEGER NOT NULL, response_headers BYTEA NOT NULL, response_body BYTEA,"
            " response_delay_ms INTEGER NOT NULL, response_closed INTEGER NOT NULL,"
            " signature_scheme TEXT, signature_valid INTEGER, signature_reason TEXT,"
            " signature_expected BYTEA,"
            " listener_host TEXT, listener_port INTEGER,"
            // Live forwarding: the target's outcome (NULL forward_url: not forwarded).
            " forward_url TEXT, forward_status INTEGER, forward_error TEXT, forward_ms BIGINT, forward_at_ms BIGINT,"
            // How the connection was secured (CaptureTls::toStored's JSON); NULL for plain HTTP.
            " tls TEXT)"),
        // One notification per INSERT statement, sent at its commit, whoever wrote it: the
        // payload is the statement's seq range ("first,last"); PostgreSQL folds repeats.
        QStringLiteral("CREATE FUNCTION hookbench.captures_inserted() RETURNS trigger LANGUAGE plpgsql AS $$"
                       " BEGIN"
                       "  PERFORM pg_notify('hookbench_captures', (SELECT min(seq) || ',' || max(seq) FROM inserted));"
                       "  RETURN NULL;"
                       " END $$"),
        QStringLiteral("CREATE TRIGGER captures_inserted AFTER INSERT ON hookbench.captures"
                       " REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT"
                       " EXECUTE FUNCTION hookbench.captures_inserted()"),
    },
    {
        // Version 2, delivery attempts: as SQLite's schema 6 (CaptureDatabase).
        QStringLiteral("ALTER TABLE hookbench.captures ADD COLUMN delivery_id TEXT"),
    },
    {
        // Version 3: replays of a capture (ReplayDelivery), laid out as SQLite's.
        QStringLiteral("CREATE TABLE hookbench.deliveries ("
                       " id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                       " capture_seq BIGINT NOT NULL REFERENCES hookbench.captures (seq) ON DELETE CASCADE,"
                       " sent_at_ms BIGINT NOT NULL,"
                       " url TEXT NOT NULL, signed_with TEXT,"
                       " status INTEGER NOT NULL, ms BIGINT, error TEXT,"
                       " response_headers BYTEA NOT NULL, response_body BYTEA, response_size BIGINT NOT NULL)"),
        QStringLiteral("CREATE INDEX deliveries_capture ON hookbench.deliveries (capture_seq)"),
    },
};

// PostgreSQL's `escape` encoding of bytes (what encode(x, 'escape') gives), lower-cased
// for ASCII: searching that text finds the bytes case-insensitively without decoding them.
QString escapeEncodedLower(const QByteArray &bytes)
{
    QString text;
    for (const char ch : bytes) {
        const auto byte = static_cast<unsigned char>(ch);
        if (byte == 0 || byte >= 0x80)
            text += QStringLiteral("\\%1").arg(int(byte), 3, 8, QLatin1Char('0'));
        else if (byte == '\\')
            text += QStringLiteral("\\\\");
        else
            text += QLatin1Char(char(byte >= 'A' && byte <= 'Z' ? byte + 32 : byte));
    }
    return text;
}
} // namespace

CapturePostgres::CapturePostgres()
    : m_db(QStringLiteral("hookbench-captures"))
{ }

CapturePostgres::~CapturePostgres()
{
    close();
}

const PostgresDatabase::Schema &CapturePostgres::schema()
{
    static const PostgresDatabase::Schema schema{QStringLiteral("capture store"), kMigrations};
    Q_ASSERT(schema.version() == kSchemaVersion);
    return schema;
}

bool CapturePostgres::open(const QString &location, QString *error, QString *notice)
{
    if (notice)
        notice->clear();
    if (!openAs(location, PostgresDatabase::Mode::OpenOrCreate, error))
        return false;
    QString why; // as CaptureDatabase: a lesser view, not a reason to refuse the store
    if (!fillDeliveryIds(&why))
        qCWarning(lcStore).noquote() << "cannot fill in delivery ids:" << why;
    return true;
}

bool CapturePostgres::openExisting(const QString &location, QString *error)
{
    return openAs(location, PostgresDatabase::Mode::ExistingOnly, error);
}

bool CapturePostgres::openAs(const QString &location, PostgresDatabase::Mode mode, QString *error)
{
    m_mode = mode;
    if (m_db.open(location, schema(), mode))
        return true;
    if (error)
        *error = m_db.isNewerSchema() ? m_db.errorString()
                                      : QStringLiteral("cannot open capture store %1: %2")
                                            .arg(PostgresDatabase::redacted(location), m_db.errorString());
    return false;
}

void CapturePostgres::close()
{
    m_db.close();
}

bool CapturePostgres::isOpen() const
{
    return m_db.isOpen();
}

void CapturePostgres::addRow(const Capture &c)
{
    const auto add = [this](QByteArray value, bool binary, bool null = false) {
        m_values.append(std::move(value));
        m_isBinary.append(binary);
        m_isNull.append(null);
    };
    const auto text = [&](const QString &value) { add(value.toUtf8(), false); };
    const auto number = [&](qint64 value) { add(QByteArray::number(value), false); };
    const auto bytes = [&](const QByteArray &value) { add(value, true); };
    const auto null = [&] { add({}, false, true); };
    const qsizetype bodyOffset = CaptureInsert::bodyOffsetInRaw(c);
    const bool signed_ = !c.signature.scheme.isEmpty();
    const QByteArray contentType = c.contentType();
    text(c.id);
    number(c.receivedAtMs);
    number(c.completedAtMs);
    text(c.remoteAddress);
    number(c.remotePort);
    number(c.localPort);
    bytes(c.method);
    bytes(c.target);
    bytes(c.path());
    bytes(c.httpVersion);
    bytes(HeaderBlob::encode(c.headers));
    contentType.isNull() ? null() : bytes(contentType);
    // A Content-Length body is the raw bytes' tail: stored once, as part of raw.
    bodyOffset >= 0 ? null() : bytes(c.body);
    bodyOffset >= 0 ? number(bodyOffset) : null();
    number(c.body.size());
    bytes(c.raw);
    text(c.isAccepted() ? QStringLiteral("accepted") : QStringLiteral("rejected"));
    c.error.isEmpty() ? null() : text(c.error);
    c.errorOffset >= 0 ? number(c.errorOffset) : null();
    number(c.response.status);
    bytes(HeaderBlob::encode(c.response.headers));
    c.response.body.isNull() ? null() : bytes(c.response.body);
    number(c.response.delayMs);
    number(c.response.closedWithoutAnswer ? 1 : 0);
    signed_ ? text(c.signature.scheme) : null();
    signed_ ? number(c.signature.valid ? 1 : 0) : null();
    signed_ ? text(c.signature.reason) : null();
    signed_ ? bytes(c.signature.expected) : null();
    c.listenerHost.isEmpty() ? null() : text(c.listenerHost);
    c.listenerPort > 0 ? number(c.listenerPort) : null();
    c.tls.used ? add(c.tls.toStored(), false) : null();
    text(DeliveryAttempts::deliveryIdOf(c).key());
}

bool CapturePostgres::insertRows(Capture *captures, int count, QString *error)
{
    m_values.clear();
    m_isNull.clear();
    m_isBinary.clear();
    QString sql = QStringLiteral("INSERT INTO captures (%1) VALUES ").arg(kColumns);
    for (int row = 0; row < count; ++row) {
        addRow(captures[row]);
        sql += row ? QStringLiteral(",(") : QStringLiteral("(");
        for (int column = 0; column < kColumnCount; ++column)
            sql += (column ? QStringLiteral(",$") : QStringLiteral("$"))
                + QString::number(row * kColumnCount + column + 1);
        sql += QLatin1Char(')');
    }
    // RETURNING's order is not promised to be VALUES's: each seq is matched by id.
    sql += QStringLiteral(" RETURNING id, seq");

    const int params = int(m_values.size());
    QList<const char *> values(params);
    QList<int> lengths(params), formats(params);
    for (int i = 0; i < params; ++i) {
        values[i] = m_isNull.at(i) ? nullptr : m_values.at(i).constData();
        lengths[i] = int(m_values.at(i).size());
        formats[i] = m_isBinary.at(i) ? 1 : 0;
    }
    PGresult *result = PQexecParams(m_db.handle(), sql.toUtf8().constData(), params, nullptr, values.constData(),
                                    lengths.constData(), formats.constData(), 0);
    const bool ok = PQresultStatus(result) == PGRES_TUPLES_OK && PQntuples(result) == count;
    if (ok) {
        QHash<QString, qint64> seqs;
        for (int row = 0; row < count; ++row)
            seqs.insert(QString::fromUtf8(PQgetvalue(result, row, 0)),
                        QByteArray(PQgetvalue(result, row, 1)).toLongLong());
        for (int row = 0; row < count; ++row)
            captures[row].seq = seqs.value(captures[row].id);
    } else {
        *error = QString::fromUtf8(PQresultErrorMessage(result)).trimmed();
        if (error->isEmpty())
            *error = QString::fromUtf8(PQerrorMessage(m_db.handle())).trimmed();
    }
    PQclear(result);
    return ok;
}

bool CapturePostgres::insert(QList<Capture> &captures, QString *error)
{
    PGconn *connection = m_db.handle();
    if (!connection) {
        *error = QStringLiteral("the capture store is not open");
        return false;
    }
    // Reads what the server said while this connection was idle, without waiting: a server
    // that restarted since has closed it, and the batch goes over a new one instead of failing.
    PQconsumeInput(connection);
    if (PQstatus(connection) != CONNECTION_OK && !openAs(m_db.location(), m_mode, error))
        return false;
    const auto exec = [this](const char *sql, QString *why) {
        PGresult *result = PQexec(m_db.handle(), sql);
        const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
        if (!ok)
            *why = QString::fromUtf8(PQerrorMessage(m_db.handle())).trimmed();
        PQclear(result);
        return ok;
    };
    // One statement is one transaction; only a flood larger than one statement needs its own.
    const bool several = captures.size() > kRowsPerStatement;
    if (several && !exec("BEGIN", error))
        return false;
    for (qsizetype first = 0; first < captures.size(); first += kRowsPerStatement) {
        const int count = int(qMin<qsizetype>(kRowsPerStatement, captures.size() - first));
        if (!insertRows(captures.data() + first, count, error)) {
            QString ignored;
            if (several)
                exec("ROLLBACK", &ignored);
            for (Capture &capture : captures)
                capture.seq = 0;
            return false;
        }
    }
    if (several && !exec("COMMIT", error)) {
        for (Capture &capture : captures)
            capture.seq = 0;
        return false;
    }
    return true;
}

QSet<qint64> CapturePostgres::search(const QString &text)
{
    QSet<qint64> result;
    QSqlQuery q(m_db.database());
    q.setForwardOnly(true);
    // bytea has no lower(); its escape encoding is ASCII text that keeps every byte's
    // identity, and lower() on it leaves the escapes (digits, backslashes) alone.
    q.prepare(QStringLiteral("SELECT seq FROM captures WHERE strpos(lower(encode(raw, 'escape')), ?) > 0"
                             " OR (body IS NOT NULL AND strpos(lower(encode(body, 'escape')), ?) > 0)"));
    const QString needle = escapeEncodedLower(text.toUtf8());
    q.addBindValue(needle);
    q.addBindValue(needle);
    if (q.exec()) {
        while (q.next())
            result.insert(q.value(0).toLongLong());
    }
    return result;
}

bool CapturePostgres::watchArrivals(std::function<void(qint64 firstSeq, qint64 lastSeq)> arrived)
{
    QSqlDriver *driver = m_db.database().driver();
    if (!driver || !driver->subscribeToNotification(QLatin1String(kChannel)))
        return false;
    QObject::connect(
        driver, &QSqlDriver::notification, driver,
        [arrived = std::move(arrived)](const QString &name, QSqlDriver::NotificationSource, const QVariant &payload) {
            if (name != QLatin1String(kChannel))
                return;
            const QStringList range = payload.toString().split(QLatin1Char(','));
            if (range.size() == 2)
                arrived(range.at(0).toLongLong(), range.at(1).toLongLong());
        });
    return true;
}
