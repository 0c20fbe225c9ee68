#pragma once

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

struct pg_conn;

// One PostgreSQL connection through Qt's QPSQL driver, opened from a libpq URI
// (`postgresql://USER:PASS@HOST:PORT/DB?param=value`): what the URI leaves out, libpq
// takes from the PG* environment variables and its defaults, as psql does. Hookbench's
// tables live in a schema of their own (kSchemaName, first on the search_path), versioned
// in its `schema_version` table and brought up to date by a list of steps, under an
// advisory lock so that several listeners starting together migrate once.
// Used from one thread only: the one that opened it.
class PostgresDatabase final
{
    Q_DISABLE_COPY_MOVE(PostgresDatabase)

public:
    static constexpr const char *kSchemaName = "hookbench";

    struct Schema {
        QString description;           // how messages name the store: "capture store"
        QList<QStringList> migrations; // migrations[i] takes version i to i + 1; append, never edit
        int version() const { return int(migrations.size()); }
    };
    enum class Mode {
        OpenOrCreate, // the store's own connection: creates and migrates the schema
        ExistingOnly, // a second connection (writer, export, replay): the schema must be there
    };

    explicit PostgresDatabase(const QString &connectionPrefix);
    ~PostgresDatabase();

    // True for `postgresql://` and `postgres://` locations.
    static bool isLocation(const QString &location);
    // The location with its password left out, for messages and the window.
    static QString redacted(const QString &location);
    // The location with `password` put in (kept apart from it in settings and secrets).
    static QString withPassword(const QString &location, const QString &password);

    bool open(const QString &location, const Schema &schema, Mode mode);
    void close();

    // Open, and libpq has not seen the connection break (no round trip: it reads what the
    // server may have said, such as a shutdown, without waiting).
    bool isOpen() const;
    QString location() const { return m_location; }
    QSqlDatabase database() const; // for QSqlQuery; valid while open
    pg_conn *handle() const;       // libpq's connection under Qt's, for the insert path
    QString errorString() const { return m_error; }
    bool isNewerSchema() const { return m_newerSchema; }

private:
    bool connect(const QString &location);
    bool migrate(const Schema &schema, Mode mode);
    void dropConnection();

    const QString m_connection;
    QString m_location;
    QString m_error;
    bool m_newerSchema = false;
};
