#pragma once

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

class QSqlError;
struct sqlite3;

// One SQLite connection, opened the same way for every store in Hookbench (captures,
// history): a connection name of its own, WAL with synchronous=NORMAL, the schema
// versioned in PRAGMA user_version and brought up to date by a list of steps, damage
// recognised by SQLite's error code, and a damaged file set aside, never overwritten.
// Used from one thread only: the one that opened it.
class SqliteDatabase final
{
    Q_DISABLE_COPY_MOVE(SqliteDatabase)

public:
    struct Schema {
        QString description;           // how messages name the file: "capture store", "history file"
        QList<QStringList> migrations; // migrations[i] takes version i to i + 1; append, never edit
        int version() const { return int(migrations.size()); }
    };

    enum class Mode {
        // The store's own connection: creates the file, migrates it, and sets it aside when damaged.
        OpenOrCreate,
        // A second connection (a writer on another thread, export, replay): an existing file
        // only, never created nor set aside, since another connection may be using it.
        ExistingOnly,
    };
    // What to do with a file whose schema is newer than this Hookbench knows.
    enum class Newer {
        Refuse,   // fail, leaving it untouched
        ReadOnly, // open it without migrating; the owner must not write (isReadOnly())
    };
    struct Options {
        Mode mode = Mode::OpenOrCreate;
        Newer newer = Newer::Refuse;
        int pageSize = 0;          // for a new file only (0: SQLite's default)
        bool createFolder = false; // make the file's folder first
        int busyTimeoutMs = 5000;
    };

    enum class Problem {
        None,
        Unavailable, // cannot be opened (missing, no permission, locked) and is left where it is
        Damaged,     // SQLite says it is corrupt or not a database
        NewerSchema,
    };

    explicit SqliteDatabase(const QString &connectionPrefix);
    ~SqliteDatabase();

    // On success the schema is current (or, with Newer::ReadOnly, newer and untouched). A damaged
    // file under OpenOrCreate is renamed aside (setAside()), said in notice(), and a new one made.
    bool open(const QString &file, const Schema &schema, const Options &options);
    void close();

    bool isOpen() const;
    bool isReadOnly() const { return m_readOnly; }
    QString fileName() const { return m_file; }
    QString connectionName() const { return m_connection; }
    QSqlDatabase database() const; // for QSqlQuery; valid while open
    sqlite3 *handle() const;       // the C handle under Qt's connection, for hot paths; null when closed

    QString errorString() const { return m_error; } // why open() failed
    Problem problem() const { return m_problem; }
    // Something the user should be told although open() succeeded: a damaged file kept aside
    // (naming the kept file), or a newer schema opened read-only. Empty otherwise.
    QString notice() const { return m_notice; }
    QString keptAsideFile() const { return m_keptAside; }

    // SQLITE_CORRUPT or SQLITE_NOTADB: the file's bytes are wrong, as opposed to it being busy,
    // locked or unreadable (which never makes a file be set aside).
    static bool isDamage(const QSqlError &error);
    // Renames `file` with its -wal and -shm to `<file>.corrupt-<yyyyMMdd-HHmmss>` (UTC; "-2", "-3"...
    // when that name is taken), never over an existing file. Returns the new name, "" on failure.
    static QString setAside(const QString &file, QString *error = nullptr);

private:
    bool tryOpen(const Schema &schema, const Options &options);
    bool migrate(const Schema &schema, int from);
    bool fail(const QSqlError &error);
    void setCheckpointOnClose(bool checkpoint);
    void dropConnection();

    const QString m_connection;
    QString m_file;
    QString m_error;
    QString m_notice;
    QString m_keptAside;
    Problem m_problem = Problem::None;
    bool m_readOnly = false;
};
