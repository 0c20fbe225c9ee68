#include "core/capture/capturesqlbackend.h"

#include "core/app/logging.h"
#include "core/capture/capturedatabase.h"
#include "core/capture/deliveryattempts.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace {
// Columns shared by load() and forEach(), in fromCurrentRow()'s order.
const QString kSelectColumns = QStringLiteral(
    "seq, id, received_at_ms, completed_at_ms, remote_address, remote_port, local_port, method, target, "
    "http_version, headers, body, body_offset, body_size, raw, status, error, error_offset, response_status, "
    "response_headers, response_body, response_delay_ms, response_closed, signature_scheme, signature_valid, "
    "signature_reason, signature_expected, listener_host, listener_port, forward_url, forward_status, forward_error, "
    "forward_ms, forward_at_ms, tls");
} // namespace

Capture CaptureSqlBackend::fromCurrentRow(const QSqlQuery &q) const
{
    Capture c;
    int i = 0;
    c.seq = q.value(i++).toLongLong();
    c.id = q.value(i++).toString();
    c.receivedAtMs = q.value(i++).toLongLong();
    c.completedAtMs = q.value(i++).toLongLong();
    c.remoteAddress = q.value(i++).toString();
    c.remotePort = quint16(q.value(i++).toUInt());
    c.localPort = quint16(q.value(i++).toUInt());
    c.method = q.value(i++).toByteArray();
    c.target = q.value(i++).toByteArray();
    c.httpVersion = q.value(i++).toByteArray();
    c.headers = HeaderBlob::decode(q.value(i++).toByteArray());
    const QVariant body = q.value(i++);
    const QVariant bodyOffset = q.value(i++);
    const qint64 bodySize = q.value(i++).toLongLong();
    c.raw = q.value(i++).toByteArray();
    if (!bodyOffset.isNull())
        c.body = c.raw.mid(bodyOffset.toLongLong(), bodySize);
    else
        c.body = body.toByteArray();
    c.status = q.value(i++).toString() == QLatin1String("accepted") ? Capture::Status::Accepted
                                                                    : Capture::Status::Rejected;
    c.error = q.value(i++).toString();
    const QVariant errorOffset = q.value(i++);
    c.errorOffset = errorOffset.isNull() ? -1 : errorOffset.toLongLong();
    c.response.status = q.value(i++).toInt();
    c.response.headers = HeaderBlob::decode(q.value(i++).toByteArray());
    c.response.body = q.value(i++).toByteArray();
    c.response.delayMs = q.value(i++).toInt();
    c.response.closedWithoutAnswer = q.value(i++).toInt() != 0;
    c.signature.scheme = q.value(i++).toString();
    c.signature.valid = q.value(i++).toInt() != 0;
    c.signature.reason = q.value(i++).toString();
    c.signature.expected = q.value(i++).toByteArray();
    c.listenerHost = q.value(i++).toString();
    c.listenerPort = quint16(q.value(i++).toUInt());
    c.forward.url = q.value(i++).toString();
    c.forward.status = q.value(i++).toInt();
    c.forward.error = q.value(i++).toString();
    const QVariant forwardMs = q.value(i++);
    c.forward.ms = forwardMs.isNull() ? -1 : forwardMs.toLongLong();
    c.forward.atMs = q.value(i++).toLongLong();
    c.tls = CaptureTls::fromStored(q.value(i++).toByteArray());
    return c;
}

std::optional<Capture> CaptureSqlBackend::load(qint64 seq)
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("SELECT %1 FROM captures WHERE seq = ?").arg(kSelectColumns));
    q.addBindValue(seq);
    if (!q.exec()) {
        qCWarning(lcStore).noquote() << "cannot read capture" << seq << ":" << q.lastError().text();
        return std::nullopt;
    }
    if (!q.next())
        return std::nullopt;
    return fromCurrentRow(q);
}

std::optional<Capture> CaptureSqlBackend::loadById(const QString &id)
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("SELECT %1 FROM captures WHERE id = ?").arg(kSelectColumns));
    q.addBindValue(id);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return fromCurrentRow(q);
}

QList<CaptureSummary> CaptureSqlBackend::summaries(qint64 afterSeq, int limit)
{
    QList<CaptureSummary> result;
    QSqlQuery q(database());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral(
                  "SELECT seq, received_at_ms, body_size, method, substr(path, 1, %1), content_type, remote_address,"
                  " remote_port, response_status, response_closed, status, signature_scheme, signature_valid,"
                  " forward_url IS NOT NULL, forward_status, forward_ms, delivery_id"
                  " FROM captures WHERE seq > ? ORDER BY seq LIMIT ?")
                  .arg(CaptureSummary::kMaxPathBytes));
    q.addBindValue(afterSeq);
    q.addBindValue(limit);
    if (!q.exec())
        return result;
    while (q.next()) {
        CaptureSummary s;
        s.seq = q.value(0).toLongLong();
        s.receivedAtMs = q.value(1).toLongLong();
        s.bodySize = q.value(2).toLongLong();
        s.setMethod(q.value(3).toByteArray());
        s.path = q.value(4).toByteArray();
        s.path.squeeze();
        s.setContentType(q.value(5).toByteArray());
        s.setRemoteAddress(q.value(6).toByteArray());
        s.remotePort = quint16(q.value(7).toUInt());
        s.responseStatus = qint16(q.value(9).toInt() ? 0 : q.value(8).toInt());
        s.accepted = q.value(10).toString() == QLatin1String("accepted");
        if (!q.value(11).isNull())
            s.signature = q.value(12).toInt() ? CaptureSummary::Signature::Valid : CaptureSummary::Signature::Invalid;
        if (q.value(13).toBool())
            s.setForward(q.value(14).toInt(), q.value(15).toLongLong());
        s.deliveryKey = q.value(16).toByteArray();
        result << s;
    }
    return result;
}

bool CaptureSqlBackend::fillDeliveryIds(QString *error)
{
    QSqlDatabase db = database();
    QVariantList keys, seqs;
    {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        if (!q.exec(QStringLiteral("SELECT %1 FROM captures WHERE delivery_id IS NULL").arg(kSelectColumns))) {
            *error = q.lastError().text();
            return false;
        }
        while (q.next()) {
            const Capture capture = fromCurrentRow(q);
            const QString key = DeliveryAttempts::deliveryIdOf(capture).key();
            // '' (not NULL) for none: NULL is what "not computed yet" looks like.
            keys << QVariant(key.isEmpty() ? QStringLiteral("") : key);
            seqs << capture.seq;
        }
    }
    if (seqs.isEmpty())
        return true;
    if (!db.transaction()) {
        *error = db.lastError().text();
        return false;
    }
    QSqlQuery update(db);
    update.prepare(QStringLiteral("UPDATE captures SET delivery_id = ? WHERE seq = ?"));
    update.addBindValue(keys);
    update.addBindValue(seqs);
    if (!update.execBatch() || !db.commit()) {
        *error = update.lastError().isValid() ? update.lastError().text() : db.lastError().text();
        db.rollback();
        return false;
    }
    qCInfo(lcStore).noquote() << "delivery ids filled in for" << seqs.size() << "earlier captures";
    return true;
}

bool CaptureSqlBackend::recordForwards(const QList<ForwardOutcome> &outcomes, QString *error)
{
    QSqlDatabase db = database();
    if (!db.transaction()) {
        *error = db.lastError().text();
        return false;
    }
    QSqlQuery forward(db);
    forward.prepare(QStringLiteral("UPDATE captures SET forward_url = ?, forward_status = ?, forward_error = ?,"
                                   " forward_ms = ?, forward_at_ms = ? WHERE seq = ?"));
    QSqlQuery answer(db);
    answer.prepare(QStringLiteral("UPDATE captures SET response_status = ?, response_headers = ?, response_body = ?"
                                  " WHERE seq = ?"));
    for (const ForwardOutcome &o : outcomes) {
        if (o.seq <= 0)
            continue;
        forward.addBindValue(o.forward.url);
        forward.addBindValue(o.forward.status);
        forward.addBindValue(o.forward.error.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : o.forward.error);
        forward.addBindValue(o.forward.ms);
        forward.addBindValue(o.forward.atMs);
        forward.addBindValue(o.seq);
        bool ok = forward.exec();
        if (ok && o.proxied) {
            answer.addBindValue(o.response.status);
            answer.addBindValue(HeaderBlob::encode(o.response.headers));
            answer.addBindValue(o.response.body);
            answer.addBindValue(o.seq);
            ok = answer.exec();
        }
        if (!ok) {
            *error = (forward.lastError().isValid() ? forward : answer).lastError().text();
            db.rollback();
            return false;
        }
    }
    if (!db.commit()) {
        *error = db.lastError().text();
        db.rollback();
        return false;
    }
    return true;
}

bool CaptureSqlBackend::remove(const QList<qint64> &seqs)
{
    QSqlDatabase db = database();
    db.transaction();
    QSqlQuery deliveries(db);
    deliveries.prepare(QStringLiteral("DELETE FROM deliveries WHERE capture_seq = ?"));
    QSqlQuery q(db);
    q.prepare(QStringLiteral("DELETE FROM captures WHERE seq = ?"));
    for (qint64 seq : seqs) {
        deliveries.addBindValue(seq);
        q.addBindValue(seq);
        if (!deliveries.exec() || !q.exec()) {
            db.rollback();
            return false;
        }
    }
    return db.commit();
}

bool CaptureSqlBackend::removeAll()
{
    QSqlDatabase db = database();
    db.transaction();
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("DELETE FROM deliveries")) || !q.exec(QStringLiteral("DELETE FROM captures"))) {
        db.rollback();
        return false;
    }
    return db.commit();
}

int CaptureSqlBackend::applyRetention(int maxCount, int maxAgeDays, qint64 nowMs)
{
    QSqlDatabase db = database();
    int removed = 0;
    QSqlQuery q(db);
    if (maxAgeDays > 0) {
        // Captures are stored in arrival order, so the old ones are the first rows: the scan
        // in seq order stops at the first young one, and everything before it goes. (A slow
        // upload can be stored after a younger capture; it goes on a later run.)
        q.prepare(QStringLiteral("DELETE FROM captures WHERE received_at_ms < ? AND seq < coalesce("
                                 "(SELECT seq FROM captures WHERE received_at_ms >= ? ORDER BY seq LIMIT 1),"
                                 " 9223372036854775807)"));
        const qint64 cutoff = nowMs - qint64(maxAgeDays) * 24 * 3600 * 1000;
        q.addBindValue(cutoff);
        q.addBindValue(cutoff);
        if (q.exec())
            removed += q.numRowsAffected();
    }
    if (maxCount > 0) {
        q.prepare(QStringLiteral("DELETE FROM captures WHERE seq <= (SELECT seq FROM captures ORDER BY seq DESC"
                                 " LIMIT 1 OFFSET ?)"));
        q.addBindValue(maxCount);
        if (q.exec())
            removed += q.numRowsAffected();
    }
    if (removed > 0)
        removeOrphanDeliveries();
    return removed;
}

qint64 CaptureSqlBackend::count()
{
    QSqlQuery q(database());
    if (q.exec(QStringLiteral("SELECT count(*) FROM captures")) && q.next())
        return q.value(0).toLongLong();
    return 0;
}

bool CaptureSqlBackend::forEach(const std::function<bool(const Capture &)> &visit)
{
    constexpr int kPage = 500;
    qint64 after = 0;
    for (;;) {
        QSqlQuery q(database());
        q.setForwardOnly(true);
        q.prepare(QStringLiteral("SELECT %1 FROM captures WHERE seq > ? ORDER BY seq LIMIT %2")
                      .arg(kSelectColumns)
                      .arg(kPage));
        q.addBindValue(after);
        if (!q.exec())
            return false;
        int rows = 0;
        while (q.next()) {
            const Capture c = fromCurrentRow(q);
            after = c.seq;
            ++rows;
            if (!visit(c))
                return true;
        }
        if (rows < kPage)
            return true;
    }
}
