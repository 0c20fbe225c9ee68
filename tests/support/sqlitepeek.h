#pragma once

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

// A store's file as another process would see it: a connection of its own for one statement,
// closed at once, so a test checks what reached the disk rather than what a store holds.
namespace TestSupport {

// The first column of the first row, or a null QVariant when the file or the query fails.
inline QVariant sqliteScalar(const QString &file, const QString &sql)
{
    const QString name = QStringLiteral("peek:") + file;
    QVariant value;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(file);
        if (db.open()) {
            QSqlQuery query(db);
            if (query.exec(sql) && query.next())
                value = query.value(0);
        }
    }
    QSqlDatabase::removeDatabase(name);
    return value;
}

// Runs one statement that changes the file (an older schema, a newer version); false if it failed.
inline bool sqliteExecute(const QString &file, const QString &sql)
{
    const QString name = QStringLiteral("change:") + file;
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(file);
        ok = db.open() && QSqlQuery(db).exec(sql);
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

} // namespace TestSupport
