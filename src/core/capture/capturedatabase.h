#pragma once

#include "core/capture/capturesqlbackend.h"
#include "core/storage/sqlitedatabase.h"

#include <memory>

class CaptureInsert;

// The capture store as an SQLite file (the embedded backend): schema, migrations, the
// insert path and search, over the shared SqliteDatabase foundation (reads and deletes are
// CaptureSqlBackend's). Used from one thread only
// (CaptureStore's worker, a listener's writer, or the CLI's main thread).
class CaptureDatabase final : public CaptureSqlBackend
{
    Q_DISABLE_COPY_MOVE(CaptureDatabase)

public:
    static constexpr int kSchemaVersion = 7;
    static const SqliteDatabase::Schema &schema();

    CaptureDatabase();
    ~CaptureDatabase() override;

    // Opens or creates `file`. A file SQLite calls damaged is set aside
    // (`<file>.corrupt-<time>`, SqliteDatabase::setAside), reported in *notice, and a new
    // store is created; a store from a newer Hookbench is refused untouched.
    bool open(const QString &file, QString *error, QString *notice = nullptr) override;
    bool openExisting(const QString &file, QString *error) override;
    void close() override;
    bool isOpen() const override;
    QString fileName() const override { return m_db.fileName(); }

    bool insert(QList<Capture> &captures, QString *error) override;
    // Commits on a writing connection no longer checkpoint the WAL but call `request`.
    void deferMaintenance(std::function<void()> request) override;
    // WhileWriting: a passive checkpoint (copies what it can beside the writers);
    // Paused: a truncating one (copies everything and empties the WAL file).
    void maintain(Maintenance kind) override;

    QSet<qint64> search(const QString &text) override;

protected:
    QSqlDatabase database() const override { return m_db.database(); }

private:
    bool openFile(const QString &file, QString *error, QString *notice, SqliteDatabase::Mode mode);
    bool prepareInsert(QString *error);

    SqliteDatabase m_db;
    std::unique_ptr<CaptureInsert> m_insert;
};

// Header lists are stored as a compact length-prefixed blob: values may hold any
// byte (obs-text), which JSON or text columns could not keep exactly.
namespace HeaderBlob {
QByteArray encode(const HeaderList &headers);
HeaderList decode(const QByteArray &blob);
} // namespace HeaderBlob
