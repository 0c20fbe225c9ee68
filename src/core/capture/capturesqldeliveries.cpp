// CaptureSqlBackend's replays (table `deliveries`), shared by SQLite and PostgreSQL.
#include "core/capture/capturedatabase.h"
#include "core/capture/capturesqlbackend.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace {
QVariant nullableText(const QString &text)
{
    return text.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(text);
}
} // namespace

bool CaptureSqlBackend::recordDelivery(ReplayDelivery &delivery, QString *error)
{
    QSqlDatabase db = database();
    if (!db.transaction()) {
        *error = db.lastError().text();
        return false;
    }
    const auto fail = [&](const QSqlQuery &q) {
        *error = q.lastError().text();
        db.rollback();
        return false;
    };
    // The capture may have been deleted while its replay was on the way: nothing to link to.
    QSqlQuery exists(db);
    exists.prepare(QStringLiteral("SELECT 1 FROM captures WHERE seq = ?"));
    exists.addBindValue(delivery.captureSeq);
    if (!exists.exec())
        return fail(exists);
    if (!exists.next()) {
        db.rollback();
        *error = QStringLiteral("capture %1 is no longer stored").arg(delivery.captureSeq);
        return false;
    }
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO deliveries (capture_seq, sent_at_ms, url, signed_with, status, ms, error,"
                             " response_headers, response_body, response_size) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                             " RETURNING id"));
    q.addBindValue(delivery.captureSeq);
    q.addBindValue(delivery.sentAtMs);
    q.addBindValue(delivery.url);
    q.addBindValue(nullableText(delivery.signedWith));
    q.addBindValue(delivery.status);
    q.addBindValue(delivery.ms);
    q.addBindValue(nullableText(delivery.error));
    q.addBindValue(HeaderBlob::encode(delivery.responseHeaders));
    q.addBindValue(delivery.responseBody.left(ReplayDelivery::kMaxBody));
    q.addBindValue(delivery.responseSize);
    if (!q.exec() || !q.next())
        return fail(q);
    const qint64 id = q.value(0).toLongLong();
    q.finish();
    if (!db.commit()) {
        *error = db.lastError().text();
        db.rollback();
        return false;
    }
    delivery.id = id;
    return true;
}

QList<ReplayDelivery> CaptureSqlBackend::deliveries(qint64 captureSeq)
{
    QList<ReplayDelivery> result;
    QSqlQuery q(database());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT id, capture_seq, sent_at_ms, url, signed_with, status, ms, error,"
                             " response_headers, response_body, response_size FROM deliveries"
                             " WHERE capture_seq = ? ORDER BY id"));
    q.addBindValue(captureSeq);
    if (!q.exec())
        return result;
    while (q.next()) {
        ReplayDelivery d;
        int i = 0;
        d.id = q.value(i++).toLongLong();
        d.captureSeq = q.value(i++).toLongLong();
        d.sentAtMs = q.value(i++).toLongLong();
        d.url = q.value(i++).toString();
        d.signedWith = q.value(i++).toString();
        d.status = q.value(i++).toInt();
        const QVariant ms = q.value(i++);
        d.ms = ms.isNull() ? -1 : ms.toLongLong();
        d.error = q.value(i++).toString();
        d.responseHeaders = HeaderBlob::decode(q.value(i++).toByteArray());
        d.responseBody = q.value(i++).toByteArray();
        d.responseSize = q.value(i++).toLongLong();
        result << d;
    }
    return result;
}

// Retention removes captures by age or count inside SQL; their deliveries follow here.
bool CaptureSqlBackend::removeOrphanDeliveries()
{
    QSqlQuery q(database());
    return q.exec(QStringLiteral("DELETE FROM deliveries WHERE capture_seq NOT IN (SELECT seq FROM captures)"));
}
