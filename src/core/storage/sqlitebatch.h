#pragma once

#include <QString>
#include <QtGlobal>

struct sqlite3;
struct sqlite3_stmt;

// A store's write path on SQLite's C API, on the handle Qt Sql opened (QSqlDriver::handle()):
// BEGIN, COMMIT, ROLLBACK and one INSERT prepared once for the connection's life. Binding a
// row's values through QSqlQuery (a QVariant each) and preparing per batch cost more than the
// write itself, for captures and for history alike. The caller binds insertStatement() and
// calls stepInsert() per row between begin() and commit().
class SqliteBatch final
{
    Q_DISABLE_COPY_MOVE(SqliteBatch)

public:
    SqliteBatch(sqlite3 *handle, const char *insertSql);
    ~SqliteBatch(); // finalizes: unfinalized statements would keep Qt Sql from closing the connection

    bool isValid() const { return m_error.isEmpty(); }
    QString errorString() const { return m_error; }
    sqlite3 *handle() const { return m_handle; }
    sqlite3_stmt *insertStatement() const { return m_insert; }

    bool begin(QString *error);
    // Steps the bound INSERT, then clears its bindings; the new row's id in *rowId.
    bool stepInsert(qint64 *rowId, QString *error);
    // Commits, or rolls back when the commit fails.
    bool commit(QString *error);
    void rollback();

private:
    bool step(sqlite3_stmt *statement, QString *error);
    QString lastError() const;

    sqlite3 *m_handle;
    sqlite3_stmt *m_begin = nullptr;
    sqlite3_stmt *m_commit = nullptr;
    sqlite3_stmt *m_rollback = nullptr;
    sqlite3_stmt *m_insert = nullptr;
    QString m_error;
};
