#pragma once

#include "core/send/requesttemplate.h"
#include "core/send/sendrunner.h"

#include <QDialog>
#include <QPointer>

#include <memory>

namespace Ui {
class RepeatDialog;
}
class HistoryStore;
class Sender;

// "Send N times": count, concurrency, rate limit and retries, a progress bar, Cancel,
// and the run's summary (counts by status, latency percentiles, requests/s). The run
// itself is a SendRunner; the dialog only configures and watches it.
class RepeatDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RepeatDialog)

public:
    RepeatDialog(Sender *sender, HistoryStore *history, QWidget *parent = nullptr);
    ~RepeatDialog() override;

    void setRequest(const RequestTemplate &request, const QString &description);
    // The variables {{name}} placeholders expand from (the active environment).
    void setEngine(const TemplateEngine &engine) { m_engine = engine; }
    bool isRunning() const;
    SendSummary lastSummary() const { return m_summary; }

public Q_SLOTS:
    void start();
    void cancelRun();

Q_SIGNALS:
    void runFinished(const SendSummary &summary);

protected:
    void reject() override;

private:
    void setRunning(bool running);

    std::unique_ptr<Ui::RepeatDialog> m_ui;
    QPointer<Sender> m_sender;
    QPointer<HistoryStore> m_history;
    RequestTemplate m_request;
    TemplateEngine m_engine;
    SendRunner *m_runner = nullptr;
    SendSummary m_summary;
};
