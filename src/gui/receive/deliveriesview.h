#pragma once

#include "core/capture/replaydelivery.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QStackedWidget;
class QStandardItemModel;
class QTableView;
class ReplayDeliveryModel;

// The inspector's Deliveries tab: the shown capture's replays (when, target, status coloured
// as elsewhere, time, signature, error) and, below, the selected one's response headers and
// body. With none yet it says how to replay. Loading them is the caller's job.
class DeliveriesView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DeliveriesView)

public:
    explicit DeliveriesView(QWidget *parent = nullptr);

    // Starts over for capture `seq` (0: none), "Loading…" until setDeliveries().
    void showCapture(qint64 seq, bool accepted);
    qint64 captureSeq() const { return m_seq; }
    // Ignored unless for the capture shown.
    void setDeliveries(qint64 seq, const QList<ReplayDelivery> &deliveries);
    void addDelivery(const ReplayDelivery &delivery);

    int count() const;
    ReplayDeliveryModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    QString emptyText() const;
    QString responseText() const;
    QString detailText() const;

Q_SIGNALS:
    void countChanged(int count);

private:
    void renderSelected();
    void updateState();

    qint64 m_seq = 0;
    bool m_accepted = true;
    bool m_loaded = false;
    ReplayDeliveryModel *m_model;
    QStandardItemModel *m_headers;
    QStackedWidget *m_stack;
    QLabel *m_empty;
    QTableView *m_table;
    QLabel *m_detail;
    QTableView *m_headersTable;
    QPlainTextEdit *m_body;
};
