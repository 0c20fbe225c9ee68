#pragma once

#include "core/capture/replaydelivery.h"
#include "core/replay/replayrequest.h"

#include <QDialog>
#include <QPointer>

#include <functional>
#include <memory>

namespace Ui {
class ReplayDialog;
}
class QPushButton;
class QStandardItemModel;
class Replayer;

// Replay… on the capture table: the selected captures (rejected ones listed and explained,
// never sent), where to send them, and optionally a scheme and secret to sign them afresh.
// Send starts a run on the application's Replayer; each capture's outcome appears in the
// list as it comes, without blocking the window (the dialog is not modal). Closing it
// while a run goes on stops the run.
class ReplayDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReplayDialog)

public:
    struct Item {
        qint64 seq = 0; // 0: never stored, so nothing to replay
        QString label;  // "#12 POST /hooks/github"
        bool accepted = true;
    };
    enum Column { CaptureColumn, TimeColumn, ResultColumn, ColumnCount };

    ReplayDialog(Replayer *replayer, const QList<Item> &items, QWidget *parent = nullptr);
    ~ReplayDialog() override;

    void setTarget(const QString &url);
    // "" leaves re-signing off; else the scheme, chosen and checked.
    void setScheme(const QString &scheme);
    // Where the secret for a scheme is read from when the scheme changes.
    void setSecretSource(std::function<QString(const QString &scheme)> secretFor);

    QString target() const;
    QString scheme() const; // "" when not re-signing
    QString secret() const;
    ReplayRequest::Options options() const;

    bool isRunning() const { return m_run != 0; }
    int replayableCount() const;
    QString summaryText() const;
    QString errorText() const;
    QString progressText() const;
    QStandardItemModel *results() const { return m_results; }
    QPushButton *sendButton() const { return m_send; }

public Q_SLOTS:
    // What Send does: refuses a bad target or signing inline, else starts the run.
    void send();
    void stop();

Q_SIGNALS:
    // A run started with these options: the caller remembers them for next time.
    void started(const ReplayRequest::Options &options);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void fillResults();
    int rowOf(qint64 seq) const;
    void setResult(qint64 seq, const QString &text, const QColor &colour, const QString &time = {});
    void onDelivered(quint64 run, const ReplayDelivery &delivery);
    void onFinished(quint64 run, int deliveredCount, int skippedCount);
    void updateButtons();
    void updateSigningRows();
    void showError(const QString &text);

    std::unique_ptr<Ui::ReplayDialog> m_ui;
    QPointer<Replayer> m_replayer;
    QList<Item> m_items;
    QStandardItemModel *m_results;
    QPushButton *m_send;
    QPushButton *m_stop;
    std::function<QString(const QString &)> m_secretFor;
    quint64 m_run = 0;
    int m_answered = 0;
    int m_failed = 0;
};
