#pragma once

#include "core/capture/capture.h"
#include "core/capture/capturesummary.h"
#include "core/capture/deliveryattempts.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QRegularExpression>
#include <QSortFilterProxyModel>
#include <QTimer>
#include <QVector>

#include <functional>

// The live capture table's model: compact summaries in arrival order. Captures
// are queued and inserted together at most every kBatchIntervalMs, so a flood of
// deliveries costs the view one insert per batch, not one per request.
class CaptureModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CaptureModel)

public:
    enum Column {
        TimeColumn,
        MethodColumn,
        PathColumn,
        VerdictColumn,
        ResponseColumn,
        SizeColumn,
        ContentTypeColumn,
        PeerColumn,
        ForwardColumn, // after the others, so that a saved header layout from before it still fits
        AttemptColumn, // likewise
        ColumnCount
    };
    enum Role {
        SeqRole = Qt::UserRole + 1,
        AcceptedRole,
        SignatureRole,
        MethodRole,
        PathRole,
        ForwardRole,
        AttemptCountRole, // how many captures share this one's delivery id (1 without one)
    };
    static constexpr int kBatchIntervalMs = 50;

    explicit CaptureModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void enqueue(const QList<Capture> &captures);        // batched into the model
    void append(const QList<CaptureSummary> &summaries); // inserted now
    void flushQueued();
    void removeSeqs(const QList<qint64> &seqs);
    // Live forwarding: a forward began, or its outcomes were stored.
    void setForwardPending(qint64 seq);
    void applyForwards(const QList<ForwardOutcome> &outcomes);
    void clear();

    const CaptureSummary &summaryAt(int row) const { return m_rows.at(row); }
    int rowOfSeq(qint64 seq) const; // -1 when absent

    // Delivery attempts: captures sharing a delivery id (DeliveryAttempts), in arrival order.
    // A capture without one is an event of its own, its only attempt.
    QList<DeliveryAttempts::Attempt> attemptsOf(qint64 seq) const;
    bool isFirstAttempt(int row) const;
    // The table shows events (one row each, its first attempt) rather than every attempt:
    // only the Attempt column's text changes here; CaptureFilterModel hides the rest.
    void setShowingEvents(bool events);
    bool isShowingEvents() const { return m_showingEvents; }

Q_SIGNALS:
    void rowsAppended(int count);

private:
    QString attemptText(const CaptureSummary &summary) const;
    void addAttempt(const CaptureSummary &summary);
    void removeAttempt(const CaptureSummary &summary);
    void attemptsChanged(const QByteArray &key);

    QVector<CaptureSummary> m_rows;
    QList<CaptureSummary> m_queued;
    QHash<QByteArray, QList<qint64>> m_attempts; // delivery key -> seqs, ascending
    bool m_showingEvents = false;
    void changeForward(qint64 seq, const std::function<void(CaptureSummary &)> &change);
    QTimer m_flushTimer;
};

// Filters the table: `method:POST`, `path:/hooks/*`, `status:rejected`, `sig:invalid`,
// and free words that must appear in the method, path or content type — or, once
// the store has searched, anywhere in the headers or body (setContentMatches).
class CaptureFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CaptureFilterModel)

public:
    explicit CaptureFilterModel(QObject *parent = nullptr);

    void setFilterText(const QString &text);
    QString freeText() const { return m_freeText; }
    void setContentMatches(const QSet<qint64> &seqs);
    // Events rather than attempts: a row per delivery id, its first attempt (CaptureModel).
    void setEventsOnly(bool events);
    bool isEventsOnly() const { return m_eventsOnly; }
    // Must be a CaptureModel. Removing an event's first attempt shows its next one.
    void setSourceModel(QAbstractItemModel *model) override;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    quint16 m_methodId = 0; // 0: any method
    QString m_pathGlob;
    QRegularExpression m_pathExpression;
    QString m_status;
    QString m_signature;
    QString m_freeText;
    QSet<qint64> m_contentMatches;
    bool m_eventsOnly = false;
};
