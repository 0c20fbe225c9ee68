#pragma once

#include "core/capture/capturebackend.h"

#include <QSqlDatabase>

class QSqlQuery;

// What the SQL backends share: reads, deletes and retention through Qt Sql, on a table
// `captures` that SQLite and PostgreSQL lay out alike (seq, then the same named columns).
// Each backend opens its own connection, writes its own way and searches its own way.
class CaptureSqlBackend : public CaptureBackend
{
    Q_DISABLE_COPY_MOVE(CaptureSqlBackend)

public:
    CaptureSqlBackend() = default;

    std::optional<Capture> load(qint64 seq) override;
    std::optional<Capture> loadById(const QString &id) override;
    QList<CaptureSummary> summaries(qint64 afterSeq, int limit) override;
    bool recordForwards(const QList<ForwardOutcome> &outcomes, QString *error) override;
    bool recordDelivery(ReplayDelivery &delivery, QString *error) override;
    QList<ReplayDelivery> deliveries(qint64 captureSeq) override;
    bool remove(const QList<qint64> &seqs) override;
    bool removeAll() override;
    int applyRetention(int maxCount, int maxAgeDays, qint64 nowMs) override;
    qint64 count() override;
    bool forEach(const std::function<bool(const Capture &)> &visit) override;

protected:
    virtual QSqlDatabase database() const = 0; // the open connection, for QSqlQuery
    // Captures stored before their delivery id was kept (delivery_id NULL) get it: once,
    // by the store's own connection after opening.
    bool fillDeliveryIds(QString *error);

private:
    Capture fromCurrentRow(const QSqlQuery &query) const;
    bool removeOrphanDeliveries();
};
