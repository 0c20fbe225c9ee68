#include "core/storage/sqlitebatch.h"

#include <sqlite3.h>

SqliteBatch::SqliteBatch(sqlite3 *handle, const char *insertSql)
    : m_handle(handle)
{
    auto prepare = [this](const char *sql, sqlite3_stmt **statement) {
        if (!m_error.isEmpty())
            return;
        if (sqlite3_prepare_v3(m_handle, sql, -1, SQLITE_PREPARE_PERSISTENT, statement, nullptr) != SQLITE_OK)
            m_error = lastError();
    };
    prepare("BEGIN", &m_begin);
    prepare("COMMIT", &m_commit);
    prepare("ROLLBACK", &m_rollback);
    prepare(insertSql, &m_insert);
}

SqliteBatch::~SqliteBatch()
{
    for (sqlite3_stmt *statement : {m_begin, m_commit, m_rollback, m_insert})
        sqlite3_finalize(statement);
}

QString SqliteBatch::lastError() const
{
    return QString::fromUtf8(sqlite3_errmsg(m_handle));
}

bool SqliteBatch::step(sqlite3_stmt *statement, QString *error)
{
    const int rc = sqlite3_step(statement);
    sqlite3_reset(statement);
    if (rc == SQLITE_DONE)
        return true;
    *error = lastError();
    return false;
}

bool SqliteBatch::begin(QString *error)
{
    if (!m_error.isEmpty()) {
        *error = m_error;
        return false;
    }
    return step(m_begin, error);
}

bool SqliteBatch::stepInsert(qint64 *rowId, QString *error)
{
    const bool ok = step(m_insert, error);
    sqlite3_clear_bindings(m_insert);
    if (ok)
        *rowId = sqlite3_last_insert_rowid(m_handle);
    return ok;
}

bool SqliteBatch::commit(QString *error)
{
    if (step(m_commit, error))
        return true;
    rollback();
    return false;
}

void SqliteBatch::rollback()
{
    QString ignored;
    step(m_rollback, &ignored);
}
