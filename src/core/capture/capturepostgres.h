#pragma once

#include "core/capture/capturesqlbackend.h"
#include "core/storage/postgresdatabase.h"

#include <QByteArray>
#include <QList>

// The capture store in a PostgreSQL database that a team shares (`--store postgresql://…`):
// several listeners, on several machines, write into it; every window attached sees new
// captures as the database pushes them (LISTEN/NOTIFY, fed by a trigger, so any writer is
// heard). Reads go through Qt's QPSQL driver (CaptureSqlBackend); a batch is one
// multi-row INSERT through libpq on QPSQL's connection, its bytes sent as binary
// parameters rather than escaped into text, committed before any 2xx is sent.
class CapturePostgres final : public CaptureSqlBackend
{
    Q_DISABLE_COPY_MOVE(CapturePostgres)

public:
    static constexpr int kSchemaVersion = 3;
    static const PostgresDatabase::Schema &schema();
    static constexpr const char *kChannel = "hookbench_captures";

    CapturePostgres();
    ~CapturePostgres() override;

    bool open(const QString &location, QString *error, QString *notice = nullptr) override;
    bool openExisting(const QString &location, QString *error) override;
    void close() override;
    bool isOpen() const override;
    QString fileName() const override { return m_db.location(); }
    QString displayName() const override { return PostgresDatabase::redacted(m_db.location()); }
    bool isShared() const override { return true; }

    bool insert(QList<Capture> &captures, QString *error) override;
    QSet<qint64> search(const QString &text) override;
    bool watchArrivals(std::function<void(qint64 firstSeq, qint64 lastSeq)> arrived) override;

protected:
    QSqlDatabase database() const override { return m_db.database(); }

private:
    bool openAs(const QString &location, PostgresDatabase::Mode mode, QString *error);
    bool insertRows(Capture *captures, int count, QString *error);
    void addRow(const Capture &capture);

    PostgresDatabase m_db;
    PostgresDatabase::Mode m_mode = PostgresDatabase::Mode::OpenOrCreate;
    // A batch's parameters: libpq reads them while the statement is sent.
    QList<QByteArray> m_values;
    QList<bool> m_isNull, m_isBinary;
};
