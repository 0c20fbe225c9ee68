#include "core/storage/postgresdatabase.h"

#include "core/app/logging.h"

#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>
#include <QUrlQuery>
#include <QVariant>

#include <atomic>
#include <libpq-fe.h>

namespace {
std::atomic<int> connectionCounter{0};
// pg_advisory_xact_lock's key for schema changes: "Hook" in ASCII.
constexpr qint64 kMigrationLock = 0x486f6f6b;
// A listener thread connecting to a host that does not answer must not wait for TCP's
// minutes-long timeout; libpq's own setting (URI or PGCONNECT_TIMEOUT) wins.
constexpr int kConnectTimeoutS = 5;

// A libpq connection-string value, quoted as libpq's parser reads it.
QString quoted(QString value)
{
    value.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    value.replace(QLatin1Char('\''), QStringLiteral("\\'"));
    return QLatin1Char('\'') + value + QLatin1Char('\'');
}

// What the URI gives goes to QPSQL's fields; what it leaves out QPSQL leaves out of the
// connection string, so libpq falls back to PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE...
bool configure(QSqlDatabase &db, const QString &location, QString *error)
{
    const QUrl url(location, QUrl::StrictMode);
    if (!url.isValid()) {
        *error
            = QStringLiteral("not a PostgreSQL URI (postgresql://USER:PASS@HOST:PORT/DB): %1").arg(url.errorString());
        return false;
    }
    if (!url.host().isEmpty())
        db.setHostName(url.host(QUrl::FullyDecoded));
    if (url.port() > 0)
        db.setPort(url.port());
    db.setUserName(url.userName(QUrl::FullyDecoded));
    db.setPassword(url.password(QUrl::FullyDecoded));
    db.setDatabaseName(url.path(QUrl::FullyDecoded).mid(1));
    QStringList options;
    bool timeoutGiven = !qEnvironmentVariableIsEmpty("PGCONNECT_TIMEOUT");
    for (const auto &[key, value] : QUrlQuery(url).queryItems(QUrl::FullyDecoded)) {
        // QPSQL joins the options with ';' turned into spaces.
        if (value.contains(QLatin1Char(';'))) {
            *error = QStringLiteral("the URI parameter %1 holds a ';', which Qt's PostgreSQL driver cannot pass on")
                         .arg(key);
            return false;
        }
        options << key + QLatin1Char('=') + quoted(value);
        timeoutGiven = timeoutGiven || key == QLatin1String("connect_timeout");
    }
    if (!timeoutGiven)
        options << QStringLiteral("connect_timeout=%1").arg(kConnectTimeoutS);
    options << QStringLiteral("fallback_application_name=hookbench");
    db.setConnectOptions(options.join(QLatin1Char(';')));
    return true;
}

QString textOf(const QSqlError &error)
{
    return (error.databaseText().isEmpty() ? error.text() : error.databaseText()).trimmed();
}
} // namespace

PostgresDatabase::PostgresDatabase(const QString &connectionPrefix)
    : m_connection(QStringLiteral("%1-pg-%2").arg(connectionPrefix).arg(connectionCounter.fetch_add(1)))
{ }

PostgresDatabase::~PostgresDatabase()
{
    close();
}

bool PostgresDatabase::isLocation(const QString &location)
{
    return location.startsWith(QLatin1String("postgresql://")) || location.startsWith(QLatin1String("postgres://"));
}

QString PostgresDatabase::redacted(const QString &location)
{
    QUrl url(location);
    if (!url.isValid())
        return QStringLiteral("postgresql://…");
    url.setPassword(QString());
    return url.toString();
}

QString PostgresDatabase::withPassword(const QString &location, const QString &password)
{
    QUrl url(location);
    if (password.isEmpty() || !url.isValid())
        return location;
    url.setPassword(password, QUrl::DecodedMode);
    return url.toString(QUrl::FullyEncoded);
}

QSqlDatabase PostgresDatabase::database() const
{
    return QSqlDatabase::database(m_connection, false);
}

pg_conn *PostgresDatabase::handle() const
{
    if (!QSqlDatabase::contains(m_connection))
        return nullptr;
    const QVariant handle = database().driver()->handle();
    // Qt's driver declares it as PGconn*, which Qt 6 names after the struct behind the typedef.
    if (handle.isValid() && (qstrcmp(handle.typeName(), "PGconn*") == 0 || qstrcmp(handle.typeName(), "pg_conn*") == 0))
        return *static_cast<PGconn *const *>(handle.constData());
    return nullptr;
}

bool PostgresDatabase::isOpen() const
{
    PGconn *connection = handle();
    return connection && database().isOpen() && PQstatus(connection) == CONNECTION_OK;
}

void PostgresDatabase::close()
{
    dropConnection();
}

void PostgresDatabase::dropConnection()
{
    if (!QSqlDatabase::contains(m_connection))
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
}

bool PostgresDatabase::open(const QString &location, const Schema &schema, Mode mode)
{
    close();
    m_location = location;
    m_error.clear();
    m_newerSchema = false;
    // Dropped only once connect() and migrate() no longer hold the connection.
    if (!connect(location) || !migrate(schema, mode)) {
        dropConnection();
        return false;
    }
    return true;
}

bool PostgresDatabase::connect(const QString &location)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_connection);
    if (!db.isValid()) {
        m_error = QStringLiteral("Qt's PostgreSQL driver (QPSQL) is not installed");
        return false;
    }
    if (!configure(db, location, &m_error))
        return false;
    if (!db.open()) {
        m_error = textOf(db.lastError());
        return false;
    }
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SET search_path TO %1, public").arg(QLatin1String(kSchemaName)))) {
        m_error = textOf(q.lastError());
        return false;
    }
    return true;
}

bool PostgresDatabase::migrate(const Schema &schema, Mode mode)
{
    QSqlDatabase db = database();
    QSqlQuery q(db);
    // The caller drops the connection: not here, while `db` and `q` still hold it.
    const auto refuse = [&](const QString &why) {
        db.rollback();
        m_error = why;
        return false;
    };
    const auto failed = [&](const QSqlQuery &query) { return refuse(textOf(query.lastError())); };
    const QString versionTable = QLatin1String(kSchemaName) + QStringLiteral(".schema_version");
    if (!db.transaction()) {
        m_error = textOf(db.lastError());
        return false;
    }
    // Several listeners may start at once on an empty database: one creates, the others wait.
    if (mode == Mode::OpenOrCreate && !q.exec(QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(kMigrationLock)))
        return failed(q);
    if (!q.exec(QStringLiteral("SELECT to_regclass('%1') IS NOT NULL").arg(versionTable)) || !q.next())
        return failed(q);
    int version = 0;
    if (q.value(0).toBool()) {
        if (!q.exec(QStringLiteral("SELECT version FROM %1").arg(versionTable)) || !q.next())
            return failed(q);
        version = q.value(0).toInt();
    } else if (mode == Mode::ExistingOnly) {
        return refuse(QStringLiteral("no %1 in %2 (run `hookbench listen --store` on it once)")
                          .arg(schema.description, redacted(m_location)));
    } else if (!q.exec(QStringLiteral("CREATE SCHEMA IF NOT EXISTS %1").arg(QLatin1String(kSchemaName)))
               || !q.exec(QStringLiteral("CREATE TABLE %1 (version INTEGER NOT NULL)").arg(versionTable))
               || !q.exec(QStringLiteral("INSERT INTO %1 VALUES (0)").arg(versionTable))) {
        return failed(q);
    }
    if (version > schema.version()) {
        m_newerSchema = true;
        return refuse(
            QStringLiteral("the %1 in %2 has schema %3, newer than this Hookbench knows (%4); it is left as it is")
                .arg(schema.description, redacted(m_location))
                .arg(version)
                .arg(schema.version()));
    }
    if (version < schema.version() && mode == Mode::ExistingOnly) {
        return refuse(
            QStringLiteral("the %1 in %2 has the older schema %3; `hookbench listen --store` on it updates it")
                .arg(schema.description, redacted(m_location))
                .arg(version));
    }
    for (int step = version; step < schema.version(); ++step) {
        for (const QString &statement : schema.migrations.at(step)) {
            if (!q.exec(statement))
                return failed(q);
        }
        if (!q.exec(QStringLiteral("UPDATE %1 SET version = %2").arg(versionTable).arg(step + 1)))
            return failed(q);
        qCDebug(lcStore).noquote() << "migrated the" << schema.description << "in" << redacted(m_location)
                                   << "to schema" << step + 1;
    }
    if (!db.commit())
        return refuse(textOf(db.lastError()));
    return true;
}
