#pragma once

#include "core/replay/replayrequest.h"

#include <QObject>
#include <QPointer>

class CaptureStore;
class QAction;
class ReceiveArea;
class ReplayDialog;
class Replayer;

// The Receive area's replay wiring: the Replay… action on the capture table (Ctrl+R), its
// dialog (target remembered per listener, defaulting to the forward target; the secret in
// the secret store, never the settings), and the inspector's Deliveries tab fed from the
// store (read when a capture is shown, grown as replays are recorded).
class ReceiveReplay final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReceiveReplay)

public:
    ReceiveReplay(ReceiveArea *area, CaptureStore *store);

    // The application's (AppServices); without one the action stays disabled.
    void setReplayer(Replayer *replayer);
    QAction *action() const { return m_action; }
    ReplayDialog *dialog() const; // the open one, or null

public Q_SLOTS:
    // Opens the dialog for the selected captures (or brings the open one forward).
    void openDialog();

private:
    void updateAction();
    void remember(const ReplayRequest::Options &options);
    QString secretFor(const QString &scheme) const;
    QString listenerKey() const;

    ReceiveArea *m_area;
    CaptureStore *m_store;
    QPointer<Replayer> m_replayer;
    QAction *m_action;
    QPointer<ReplayDialog> m_dialog;
    quint64 m_deliveriesToken = 0;
};
