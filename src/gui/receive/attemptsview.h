#pragma once

#include "core/capture/deliveryattempts.h"

#include <QWidget>

class QLabel;
class QTreeWidget;

// The inspector's Attempts tab: every capture that carries the selected one's delivery id,
// as a provider's retries look from here — when each came, the gap since the one before,
// and what the listener answered. Activating a row selects that capture in the table.
class AttemptsView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AttemptsView)

public:
    explicit AttemptsView(QWidget *parent = nullptr);

    // `deliveryKey` empty: the capture carries no delivery id; `attempts` then holds it alone.
    void showAttempts(const QString &deliveryKey, const QList<DeliveryAttempts::Attempt> &attempts, qint64 currentSeq);
    int attemptCount() const;

Q_SIGNALS:
    void attemptActivated(qint64 seq);

private:
    QLabel *m_summary;
    QTreeWidget *m_list;
};
