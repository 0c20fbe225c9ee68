#include "core/storage/sqlitedatabase.h"

#include "core/app/logging.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <atomic>
#include <sqlite3.h>

namespace {
std::atomic<int> connectionCounter{0};
} // namespace

SqliteDatabase::SqliteDatabase(const QString &connectionPrefix)
    : m_connection(QStringLiteral("%1-%2").arg(connectionPrefix).arg(connectionCounter.fetch_add(1)))
{ }

SqliteDatabase::~SqliteDatabase()
{
    close();
}

bool SqliteDatabase::isOpen() const
{
    return QSqlDatabase::contains(m_connection) && QSqlDatabase::database(m_connection, false).isOpen();
}

QSqlDatabase SqliteDatabase::database() const
{
    return QSqlDatabase::database(m_connection, false);
}

sqlite3 *SqliteDatabase::handle() const
{
    if (!isOpen())
        return nullptr;
    // Qt's SQLite driver hands out its sqlite3* under this type name; Debian's driver links
    // the system libsqlite3, the same library Hookbench is built against.
    const QVariant handle = database().driver()->handle();
    if (handle.isValid() && qstrcmp(handle.typeName(), "sqlite3*") == 0)
        return *static_cast<sqlite3 *const *>(handle.constData());
    return nullptr;
}

void SqliteDatabase::close()
{
    dropConnection();
    m_readOnly = false;
}

void SqliteDatabase::dropConnection()
{
    if (!QSqlDatabase::contains(m_connection))
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        db.close();
    } // no handle may outlive the connection's removal
    QSqlDatabase::removeDatabase(m_connection);
}

bool SqliteDatabase::isDamage(const QSqlError &error)
{
    // Qt's driver reports the primary result code (it does not turn on extended codes);
    // the mask keeps this right if it ever does.
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok) & 0xff;
    return ok && (code == SQLITE_CORRUPT || code == SQLITE_NOTADB);
}

bool SqliteDatabase::fail(const QSqlError &error)
{
    m_problem = isDamage(error) ? Problem::Damaged : Problem::Unavailable;
    m_error = error.databaseText().isEmpty() ? error.text() : error.databaseText();
    dropConnection();
    return false;
}

bool SqliteDatabase::open(const QString &file, const Schema &schema, const Options &options)
{
    close();
    m_file = file;
    m_error.clear();
    m_notice.clear();
    m_keptAside.clear();
    m_problem = Problem::None;
    if (options.mode == Mode::ExistingOnly && (file.isEmpty() || !QFileInfo::exists(file))) {
        m_problem = Problem::Unavailable;
        m_error = QStringLiteral("no %1 at %2").arg(schema.description, file);
        return false;
    }
    if (options.createFolder)
        QDir().mkpath(QFileInfo(file).absolutePath());
    if (tryOpen(schema, options))
        return true;
    if (m_problem != Problem::Damaged || options.mode != Mode::OpenOrCreate || !QFileInfo::exists(file))
        return false;

    const QString why = m_error;
    QString renameError;
    const QString aside = setAside(file, &renameError);
    if (aside.isEmpty()) {
        m_error = QStringLiteral("the %1 %2 is damaged (%3) and could not be set aside (%4)")
                      .arg(schema.description, file, why, renameError);
        return false;
    }
    m_keptAside = aside;
    if (!tryOpen(schema, options)) {
        m_error = QStringLiteral("the %1 %2 was damaged (%3); it was kept aside as %4, but a new one could not be "
                                 "started (%5)")
                      .arg(schema.description, file, why, aside, m_error);
        qCWarning(lcStore).noquote() << m_error;
        return false;
    }
    m_notice = QStringLiteral("The %1 %2 was damaged (%3); it was kept aside as %4 and a new one was started.")
                   .arg(schema.description, file, why, aside);
    qCWarning(lcStore).noquote() << m_notice;
    return true;
}

bool SqliteDatabase::tryOpen(const Schema &schema, const Options &options)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    db.setDatabaseName(m_file);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(options.busyTimeoutMs));
    if (!db.open()) {
        const QSqlError error = db.lastError();
        db = QSqlDatabase();
        return fail(error);
    }
    // Until the file has proven readable, closing this connection must not checkpoint: on a
    // damaged file that would copy its WAL into it, or empty a WAL SQLite cannot read, and the
    // files set aside would no longer be what the user had.
    setCheckpointOnClose(false);
    QSqlQuery query(db);
    // Only a new, empty file takes the page size, and it must come before WAL mode; on any
    // other file SQLite ignores it, and its failure (on a damaged file) shows up just below.
    if (options.pageSize > 0)
        query.exec(QStringLiteral("PRAGMA page_size=%1").arg(options.pageSize));
    // WAL lets readers (export, the window) read while a writer writes. synchronous=NORMAL keeps
    // every commit across a process crash (kill -9); only a power cut can lose the last commits,
    // and commits do not wait for an fsync. The first statement that reads the file is where
    // SQLite finds it damaged.
    int version = 0;
    if (!query.exec(QStringLiteral("PRAGMA journal_mode=WAL"))
        || !query.exec(QStringLiteral("PRAGMA synchronous=NORMAL"))
        || !query.exec(QStringLiteral("PRAGMA user_version")) || !query.next()) {
        const QSqlError error = query.lastError();
        query = QSqlQuery();
        db = QSqlDatabase();
        return fail(error);
    }
    version = query.value(0).toInt();
    query.finish();
    if (version > schema.version()) {
        const QString newer = QStringLiteral("%1 was written by a newer Hookbench (schema %2; this one reads up to %3)")
                                  .arg(m_file)
                                  .arg(version)
                                  .arg(schema.version());
        if (options.newer == Newer::ReadOnly) {
            setCheckpointOnClose(true);
            m_readOnly = true;
            m_notice = QStringLiteral("The %1 %2; it is read but not written to.").arg(schema.description, newer);
            qCWarning(lcStore).noquote() << m_notice;
            return true;
        }
        m_problem = Problem::NewerSchema;
        m_error = newer;
        query = QSqlQuery();
        db = QSqlDatabase();
        dropConnection();
        return false;
    }
    query = QSqlQuery();
    db = QSqlDatabase();
    if (!migrate(schema, version))
        return false;
    setCheckpointOnClose(true);
    return true;
}

void SqliteDatabase::setCheckpointOnClose(bool checkpoint)
{
    if (sqlite3 *connection = handle())
        sqlite3_db_config(connection, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, checkpoint ? 0 : 1, nullptr);
}

bool SqliteDatabase::migrate(const Schema &schema, int from)
{
    QSqlDatabase db = database();
    for (int version = from; version < schema.version(); ++version) {
        // One transaction per step: a step that fails leaves the file at the version before it.
        if (!db.transaction()) {
            const QSqlError error = db.lastError();
            db = QSqlDatabase();
            return fail(error);
        }
        QSqlQuery query(db);
        QStringList statements = schema.migrations.at(version);
        statements << QStringLiteral("PRAGMA user_version=%1").arg(version + 1);
        for (const QString &sql : std::as_const(statements)) {
            if (!query.exec(sql)) {
                const QSqlError error = query.lastError();
                query = QSqlQuery();
                db.rollback();
                db = QSqlDatabase();
                fail(error);
                m_error = QStringLiteral("could not upgrade its schema from %1 to %2: %3")
                              .arg(version)
                              .arg(version + 1)
                              .arg(m_error);
                return false;
            }
        }
        query = QSqlQuery();
        if (!db.commit()) {
            const QSqlError error = db.lastError();
            db.rollback();
            db = QSqlDatabase();
            return fail(error);
        }
        qCDebug(lcStore).noquote() << schema.description << m_file << "schema" << version << "->" << version + 1;
    }
    return true;
}

QString SqliteDatabase::setAside(const QString &file, QString *error)
{
    const QString stamp = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    const QStringList companions{QStringLiteral("-wal"), QStringLiteral("-shm")};
    for (int n = 1; n < 100; ++n) {
        const QString aside = file + QStringLiteral(".corrupt-") + stamp
            + (n > 1 ? QStringLiteral("-%1").arg(n) : QString());
        bool taken = QFileInfo::exists(aside);
        for (const QString &suffix : companions)
            taken = taken || QFileInfo::exists(aside + suffix);
        if (taken)
            continue;
        QFile damaged(file);
        if (!damaged.rename(aside)) {
            if (error)
                *error = damaged.errorString();
            return {};
        }
        // The WAL may hold the newest commits; the shared-memory index goes along so that
        // the kept files stay a consistent set.
        for (const QString &suffix : companions) {
            if (QFileInfo::exists(file + suffix))
                QFile::rename(file + suffix, aside + suffix);
        }
        return aside;
    }
    if (error)
        *error = QStringLiteral("too many files set aside already");
    return {};
}
