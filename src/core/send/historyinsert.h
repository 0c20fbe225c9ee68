#pragma once

#include "core/send/outgoingrequest.h"
#include "core/send/sendresult.h"

#include <QList>
#include <QString>

struct sqlite3;
struct sqlite3_stmt;

// The history's write path: one prepared INSERT (and BEGIN/COMMIT) kept for the
// connection's life and bound through SQLite's C API on the handle Qt Sql opened,
// as CaptureInsert does for captures. Binding twenty QVariants per row through
// QSqlQuery cost more than the write.
class HistoryInsert final
{
    Q_DISABLE_COPY_MOVE(HistoryInsert)

public:
    struct Row {
        OutgoingRequest request;
        SendResult result;
        int attempt = 1;
    };

    explicit HistoryInsert(sqlite3 *handle);
    ~HistoryInsert();

    bool isValid() const { return m_error.isEmpty(); }
    QString errorString() const { return m_error; }

    // Writes the rows in one transaction; *ids gets the new rows' ids. A row that cannot be
    // written is skipped (and logged); false, with *error, only when the commit fails.
    bool insert(const QList<Row> &rows, QList<qint64> *ids, QString *error);

private:
    bool step(sqlite3_stmt *statement, QString *error);
    void bindRow(const Row &row);
    QString lastError() const;

    sqlite3 *m_handle;
    sqlite3_stmt *m_begin = nullptr;
    sqlite3_stmt *m_commit = nullptr;
    sqlite3_stmt *m_rollback = nullptr;
    sqlite3_stmt *m_insert = nullptr;
    QString m_error;
    // The options of the previous row and their JSON: a repeated send has the same ones.
    SendOptions m_lastOptions;
    QByteArray m_lastOptionsJson;
};
