#include "core/capture/capturemodel.h"

#include "core/http/responsebody.h"
#include "core/listener/responsepolicy.h"

#include <QDateTime>
#include <QSet>

#include <algorithm>

namespace {
// Captures persist across days: the date is shown once it is not today's.
QString timeText(qint64 msecsSinceEpoch)
{
    const QDateTime at = QDateTime::fromMSecsSinceEpoch(msecsSinceEpoch);
    return at.toString(at.date() == QDate::currentDate() ? QStringLiteral("HH:mm:ss.zzz")
                                                         : QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString forwardText(const CaptureSummary &s)
{
    switch (s.forward) {
    case CaptureSummary::Forward::None:
        return {};
    case CaptureSummary::Forward::Pending:
        return CaptureModel::tr("forwarding…");
    case CaptureSummary::Forward::Answered:
        return CaptureModel::tr("%1 in %2 ms").arg(s.forwardStatus).arg(s.forwardMs);
    case CaptureSummary::Forward::Failed:
        return CaptureModel::tr("failed");
    }
    return {};
}
} // namespace

CaptureModel::CaptureModel(QObject *parent)
    : QAbstractTableModel(parent)
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(kBatchIntervalMs);
    connect(&m_flushTimer, &QTimer::timeout, this, &CaptureModel::flushQueued);
}

int CaptureModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int CaptureModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CaptureModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const CaptureSummary &s = m_rows.at(index.row());
    switch (role) {
    case SeqRole:
        return s.seq;
    case AcceptedRole:
        return s.accepted;
    case SignatureRole:
        return int(s.signature);
    case MethodRole:
        return QString::fromLatin1(s.method());
    case PathRole:
        return QString::fromUtf8(s.path);
    case ForwardRole:
        return int(s.forward);
    case AttemptCountRole:
        return s.deliveryKey.isEmpty() ? 1 : int(m_attempts.value(s.deliveryKey).size());
    case Qt::ToolTipRole:
        if (index.column() == VerdictColumn && !s.accepted)
            return tr("Rejected: the request was malformed or over a limit. Select it to see why.");
        if (index.column() == ForwardColumn && s.forward == CaptureSummary::Forward::Failed)
            return tr("The forward target gave no answer. Select the capture to see why; Retry Forwarding sends "
                      "it again.");
        if (index.column() == AttemptColumn && !s.deliveryKey.isEmpty())
            return tr("Delivery id %1. Select the capture and open the Attempts tab for every attempt.")
                .arg(QString::fromUtf8(s.deliveryKey));
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == SizeColumn || index.column() == ResponseColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case TimeColumn:
        return timeText(s.receivedAtMs);
    case MethodColumn:
        return QString::fromLatin1(s.method());
    case PathColumn:
        return QString::fromUtf8(s.path);
    case VerdictColumn: {
        QString verdict = s.accepted ? tr("accepted") : tr("rejected");
        if (s.signature == CaptureSummary::Signature::Valid)
            verdict += tr(", signature valid");
        else if (s.signature == CaptureSummary::Signature::Invalid)
            verdict += tr(", signature invalid");
        return verdict;
    }
    case ResponseColumn:
        return s.responseStatus ? QString::number(s.responseStatus) : tr("none");
    case SizeColumn:
        return ResponseBody::formatSize(s.bodySize);
    case ContentTypeColumn:
        return QString::fromLatin1(s.contentType());
    case PeerColumn:
        return QStringLiteral("%1:%2").arg(QString::fromLatin1(s.remoteAddress())).arg(s.remotePort);
    case ForwardColumn:
        return forwardText(s);
    case AttemptColumn:
        return attemptText(s);
    default:
        return {};
    }
}

QString CaptureModel::attemptText(const CaptureSummary &s) const
{
    if (s.deliveryKey.isEmpty())
        return {};
    const QList<qint64> seqs = m_attempts.value(s.deliveryKey);
    if (m_showingEvents) {
        const int last = rowOfSeq(seqs.constLast());
        const int status = last >= 0 ? m_rows.at(last).responseStatus : 0;
        return seqs.size() == 1 ? tr("1 attempt")
                                : tr("%1 attempts, last answered %2")
                                      .arg(seqs.size())
                                      .arg(status ? QString::number(status) : tr("nothing"));
    }
    const qsizetype at = seqs.indexOf(s.seq);
    if (at <= 0)
        return seqs.size() == 1 ? tr("1 of 1") : tr("1 of %1").arg(seqs.size());
    const int previous = rowOfSeq(seqs.at(at - 1));
    const QString gap = previous >= 0 ? DeliveryAttempts::gapText(s.receivedAtMs - m_rows.at(previous).receivedAtMs)
                                      : QString();
    return tr("%1 of %2  %3").arg(at + 1).arg(seqs.size()).arg(gap).trimmed();
}

QList<DeliveryAttempts::Attempt> CaptureModel::attemptsOf(qint64 seq) const
{
    QList<DeliveryAttempts::Attempt> attempts;
    const int row = rowOfSeq(seq);
    if (row < 0)
        return attempts;
    const CaptureSummary &summary = m_rows.at(row);
    const QList<qint64> seqs = summary.deliveryKey.isEmpty() ? QList<qint64>{seq}
                                                             : m_attempts.value(summary.deliveryKey);
    for (const qint64 attemptSeq : seqs) {
        const int at = rowOfSeq(attemptSeq);
        if (at < 0)
            continue;
        const CaptureSummary &s = m_rows.at(at);
        const qint64 gap = attempts.isEmpty() ? -1 : s.receivedAtMs - attempts.constLast().receivedAtMs;
        attempts.append({s.seq, s.receivedAtMs, s.responseStatus, gap});
    }
    return attempts;
}

bool CaptureModel::isFirstAttempt(int row) const
{
    const CaptureSummary &s = m_rows.at(row);
    return s.deliveryKey.isEmpty() || m_attempts.value(s.deliveryKey).value(0) == s.seq;
}

void CaptureModel::setShowingEvents(bool events)
{
    if (events == m_showingEvents)
        return;
    m_showingEvents = events;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, AttemptColumn), index(rowCount() - 1, AttemptColumn));
}

void CaptureModel::addAttempt(const CaptureSummary &summary)
{
    if (summary.deliveryKey.isEmpty() || summary.seq == 0)
        return;
    QList<qint64> &seqs = m_attempts[summary.deliveryKey];
    seqs.insert(std::lower_bound(seqs.begin(), seqs.end(), summary.seq), summary.seq);
}

void CaptureModel::removeAttempt(const CaptureSummary &summary)
{
    if (summary.deliveryKey.isEmpty())
        return;
    const auto it = m_attempts.find(summary.deliveryKey);
    if (it == m_attempts.end())
        return;
    it->removeOne(summary.seq);
    if (it->isEmpty())
        m_attempts.erase(it);
}

// Every attempt's text names the count ("2 of 3"), so a new or removed one changes them all.
void CaptureModel::attemptsChanged(const QByteArray &key)
{
    for (const qint64 seq : m_attempts.value(key)) {
        if (const int row = rowOfSeq(seq); row >= 0)
            Q_EMIT dataChanged(index(row, AttemptColumn), index(row, AttemptColumn));
    }
}

QVariant CaptureModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case MethodColumn:
        return tr("Method");
    case PathColumn:
        return tr("Path");
    case VerdictColumn:
        return tr("Verdict");
    case ResponseColumn:
        return tr("Answer");
    case SizeColumn:
        return tr("Size");
    case ContentTypeColumn:
        return tr("Content type");
    case PeerColumn:
        return tr("Peer");
    case ForwardColumn:
        return tr("Forward");
    case AttemptColumn:
        return tr("Attempt");
    default:
        return {};
    }
}

void CaptureModel::enqueue(const QList<Capture> &captures)
{
    for (const Capture &capture : captures)
        m_queued.append(CaptureSummary::from(capture));
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void CaptureModel::flushQueued()
{
    m_flushTimer.stop();
    append(std::exchange(m_queued, {}));
}

void CaptureModel::append(const QList<CaptureSummary> &summaries)
{
    // Rows stay in seq order, which rowOfSeq relies on. Listeners commit on their own
    // threads, so a batch can arrive after a later one, or repeat a capture that a
    // summaries load already brought: those few go to their place or are skipped.
    QList<CaptureSummary> tail;
    const auto appendTail = [this, &tail] {
        if (tail.isEmpty())
            return;
        const int first = int(m_rows.size());
        for (const CaptureSummary &summary : std::as_const(tail))
            addAttempt(summary);
        beginInsertRows({}, first, first + int(tail.size()) - 1);
        m_rows.append(tail.begin(), tail.end());
        endInsertRows();
        for (const CaptureSummary &summary : std::as_const(tail)) {
            if (!summary.deliveryKey.isEmpty())
                attemptsChanged(summary.deliveryKey);
        }
        Q_EMIT rowsAppended(int(tail.size()));
        tail.clear();
    };
    for (const CaptureSummary &summary : summaries) {
        const qint64 last = !tail.isEmpty() ? tail.constLast().seq : m_rows.isEmpty() ? 0 : m_rows.constLast().seq;
        if (summary.seq == 0 || summary.seq > last) {
            tail.append(summary);
            continue;
        }
        appendTail();
        if (rowOfSeq(summary.seq) >= 0)
            continue;
        const auto at = std::lower_bound(m_rows.cbegin(), m_rows.cend(), summary.seq,
                                         [](const CaptureSummary &s, qint64 value) { return s.seq < value; });
        const int row = int(at - m_rows.cbegin());
        addAttempt(summary);
        beginInsertRows({}, row, row);
        m_rows.insert(row, summary);
        endInsertRows();
        if (!summary.deliveryKey.isEmpty())
            attemptsChanged(summary.deliveryKey);
    }
    appendTail();
}

int CaptureModel::rowOfSeq(qint64 seq) const
{
    // Rows arrive in commit order, so seq ascends (unstored captures have seq 0 and are not found).
    const auto it = std::lower_bound(m_rows.cbegin(), m_rows.cend(), seq,
                                     [](const CaptureSummary &s, qint64 value) { return s.seq < value; });
    return it != m_rows.cend() && it->seq == seq ? int(it - m_rows.cbegin()) : -1;
}

void CaptureModel::removeSeqs(const QList<qint64> &seqs)
{
    QList<int> rows;
    for (qint64 seq : seqs) {
        if (const int row = rowOfSeq(seq); row >= 0)
            rows << row;
    }
    std::sort(rows.begin(), rows.end(), std::greater<int>());
    QSet<QByteArray> changedKeys;
    for (int row : rows) {
        const CaptureSummary removed = m_rows.at(row);
        removeAttempt(removed);
        beginRemoveRows({}, row, row);
        m_rows.removeAt(row);
        endRemoveRows();
        if (!removed.deliveryKey.isEmpty())
            changedKeys.insert(removed.deliveryKey);
    }
    for (const QByteArray &key : std::as_const(changedKeys))
        attemptsChanged(key);
}

void CaptureModel::changeForward(qint64 seq, const std::function<void(CaptureSummary &)> &change)
{
    // A capture still queued for the table gets it there.
    for (CaptureSummary &queued : m_queued) {
        if (queued.seq == seq)
            return change(queued);
    }
    const int row = rowOfSeq(seq);
    if (row < 0)
        return;
    change(m_rows[row]);
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1)); // the answer too, in proxy mode
}

void CaptureModel::setForwardPending(qint64 seq)
{
    changeForward(seq, [](CaptureSummary &s) { s.forward = CaptureSummary::Forward::Pending; });
}

void CaptureModel::applyForwards(const QList<ForwardOutcome> &outcomes)
{
    for (const ForwardOutcome &outcome : outcomes) {
        changeForward(outcome.seq, [&outcome](CaptureSummary &s) {
            s.setForward(outcome.forward.status, outcome.forward.ms);
            if (outcome.proxied)
                s.responseStatus = qint16(outcome.response.status);
        });
    }
}

void CaptureModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_rows.squeeze();
    m_queued.clear();
    m_attempts.clear();
    endResetModel();
}

CaptureFilterModel::CaptureFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{ }

void CaptureFilterModel::setFilterText(const QString &text)
{
    m_methodId = 0;
    m_pathGlob.clear();
    m_status.clear();
    m_signature.clear();
    QStringList words;
    for (const QString &token : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (token.startsWith(QLatin1String("method:"), Qt::CaseInsensitive))
            m_methodId = CaptureSummary::pool(token.mid(7).toUpper().toLatin1());
        else if (token.startsWith(QLatin1String("path:"), Qt::CaseInsensitive))
            m_pathGlob = token.mid(5);
        else if (token.startsWith(QLatin1String("status:"), Qt::CaseInsensitive))
            m_status = token.mid(7).toLower();
        else if (token.startsWith(QLatin1String("sig:"), Qt::CaseInsensitive))
            m_signature = token.mid(4).toLower();
        else
            words << token;
    }
    m_freeText = words.join(QLatin1Char(' '));
    if (!m_pathGlob.isEmpty()) {
        // A path filter without `*` matches anywhere in the path.
        const QString glob = m_pathGlob.contains(QLatin1Char('*')) ? m_pathGlob
                                                                   : QLatin1Char('*') + m_pathGlob + QLatin1Char('*');
        m_pathExpression = pathGlobExpression(glob, Qt::CaseInsensitive);
    }
    m_contentMatches.clear();
    // invalidate() rebuilds the mapping in one pass; invalidateRowsFilter() diffs it
    // range by range, which took 20 s over 100,000 rows.
    invalidate();
}

void CaptureFilterModel::setSourceModel(QAbstractItemModel *model)
{
    if (sourceModel())
        disconnect(sourceModel(), &QAbstractItemModel::rowsRemoved, this, nullptr);
    QSortFilterProxyModel::setSourceModel(model);
    connect(model, &QAbstractItemModel::rowsRemoved, this, [this] {
        if (m_eventsOnly)
            QMetaObject::invokeMethod(this, &CaptureFilterModel::invalidate, Qt::QueuedConnection);
    });
}

void CaptureFilterModel::setEventsOnly(bool events)
{
    if (events == m_eventsOnly)
        return;
    m_eventsOnly = events;
    invalidate();
}

void CaptureFilterModel::setContentMatches(const QSet<qint64> &seqs)
{
    m_contentMatches = seqs;
    invalidate();
}

bool CaptureFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &) const
{
    const auto *model = static_cast<const CaptureModel *>(sourceModel());
    const CaptureSummary &s = model->summaryAt(sourceRow);
    if (m_eventsOnly && !model->isFirstAttempt(sourceRow))
        return false;
    if (m_methodId != 0 && s.methodId != m_methodId)
        return false;
    if (!m_pathGlob.isEmpty() && !m_pathExpression.match(QString::fromUtf8(s.path)).hasMatch())
        return false;
    if (!m_status.isEmpty()) {
        const bool wantAccepted = m_status.startsWith(QLatin1String("acc"));
        const bool wantRejected = m_status.startsWith(QLatin1String("rej"));
        if ((wantAccepted && !s.accepted) || (wantRejected && s.accepted))
            return false;
        if (!wantAccepted && !wantRejected && QString::number(s.responseStatus) != m_status)
            return false;
    }
    if (!m_signature.isEmpty()) {
        const bool valid = s.signature == CaptureSummary::Signature::Valid;
        const bool invalid = s.signature == CaptureSummary::Signature::Invalid;
        if ((m_signature == QLatin1String("valid") && !valid) || (m_signature == QLatin1String("invalid") && !invalid))
            return false;
    }
    if (m_freeText.isEmpty())
        return true;
    const auto contains = [this](const QByteArray &field) {
        return QString::fromUtf8(field).contains(m_freeText, Qt::CaseInsensitive);
    };
    return contains(s.method()) || contains(s.path) || contains(s.contentType()) || m_contentMatches.contains(s.seq);
}
