#pragma once

#include "core/capture/capture.h"
#include "core/capture/replaydelivery.h"
#include "core/replay/replayrequest.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>

class CaptureStore;
class Sender;

// Replays stored captures to a URL for the window: it reads them on the store's thread, sends
// them through the one Sender (asynchronous, on the Sender's thread, which is this object's),
// optionally signed afresh, and records each outcome with its capture in the store
// (CaptureStore::deliveryRecorded follows). A run sends its captures in the order they
// arrived, one at a time, so the target sees them in that order too.
class Replayer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Replayer)

public:
    Replayer(Sender *sender, CaptureStore *store, QObject *parent = nullptr);
    ~Replayer() override;

    // Starts a run over the stored captures `seqs` and returns its id; check the options
    // first with ReplayRequest::optionsError (a run with refused options skips everything).
    quint64 replay(const QList<qint64> &seqs, const ReplayRequest::Options &options);
    // What is not sent yet is skipped, what is on the wire is aborted (and not recorded).
    void cancel(quint64 run);
    bool isRunning(quint64 run) const { return m_runs.contains(run); }

Q_SIGNALS:
    // A capture that was not sent: rejected, deleted meanwhile, or the run cancelled.
    void skipped(quint64 run, qint64 seq, const QString &reason);
    // The capture `seq` is on the wire.
    void sending(quint64 run, qint64 seq);
    // Once per capture sent, with what came back (recorded in the store as well).
    void delivered(quint64 run, const ReplayDelivery &delivery);
    void finished(quint64 run, int deliveredCount, int skippedCount);

private:
    struct Run {
        ReplayRequest::Options options;
        QList<qint64> seqs;
        QList<Capture> queue; // loaded, not sent yet
        Capture current;      // on the wire
        quint64 sendId = 0;
        int delivered = 0;
        int skipped = 0;
        bool cancelled = false;
    };
    void onLoaded(quint64 run, const QList<Capture> &captures);
    void onSent(quint64 sendId, const SendResult &result);
    void sendNext(quint64 run);
    void skip(quint64 run, Run &state, qint64 seq, const QString &reason);

    QPointer<Sender> m_sender;
    QPointer<CaptureStore> m_store;
    QHash<quint64, Run> m_runs;      // by run id (the store read's token)
    QHash<quint64, quint64> m_sends; // sender id -> run id
};
