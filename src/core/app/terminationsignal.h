#pragma once

#include <QObject>

class QSocketNotifier;

// SIGTERM and SIGINT as a Qt signal on the thread that made this, so the window can write its
// drafts and quit in an orderly way (Qt's default is to die on the spot, losing them). The
// handler only writes a byte to a pipe, the one thing a signal handler may safely do. One
// instance per process.
class TerminationSignal final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TerminationSignal)

public:
    explicit TerminationSignal(QObject *parent = nullptr);
    ~TerminationSignal() override; // the default handlers come back

Q_SIGNALS:
    void received(int signalNumber);

private:
    QSocketNotifier *m_notifier = nullptr;
};
