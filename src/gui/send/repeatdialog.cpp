#include "gui/send/repeatdialog.h"

#include "core/send/historystore.h"
#include "core/send/sender.h"
#include "ui_repeatdialog.h"

#include <QFontDatabase>

RepeatDialog::RepeatDialog(Sender *sender, HistoryStore *history, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::RepeatDialog>())
    , m_sender(sender)
    , m_history(history)
{
    m_ui->setupUi(this);
    m_ui->summaryView->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    connect(m_ui->startButton, &QPushButton::clicked, this, &RepeatDialog::start);
    connect(m_ui->stopButton, &QPushButton::clicked, this, &RepeatDialog::cancelRun);
    connect(m_ui->closeButton, &QPushButton::clicked, this, &RepeatDialog::reject);
}

RepeatDialog::~RepeatDialog() = default;

void RepeatDialog::setRequest(const RequestTemplate &request, const QString &description)
{
    m_request = request;
    m_ui->repeatRequestLabel->setText(description);
}

bool RepeatDialog::isRunning() const
{
    return m_runner && m_runner->isRunning();
}

void RepeatDialog::start()
{
    if (isRunning() || !m_sender)
        return;
    if (m_runner)
        m_runner->deleteLater();
    m_runner = new SendRunner(m_sender, this);
    m_runner->setRequest(m_request);
    m_runner->setEngine(m_engine);
    m_runner->setCount(m_ui->countSpin->value());
    m_runner->setConcurrency(m_ui->concurrencySpin->value());
    m_runner->setRateLimit(m_ui->rateSpin->value());
    RetryPolicy retry;
    retry.maxRetries = m_ui->retriesSpin->value();
    m_runner->setRetryPolicy(retry);
    m_runner->setHistoryStore(m_history);

    m_ui->repeatProgress->setRange(0, m_ui->countSpin->value());
    m_ui->repeatProgress->setValue(0);
    m_ui->summaryView->clear();
    connect(m_runner, &SendRunner::progressed, this, [this](int done, int total) {
        m_ui->repeatProgress->setRange(0, total);
        m_ui->repeatProgress->setValue(done);
    });
    connect(m_runner, &SendRunner::finished, this, [this](const SendSummary &summary) {
        m_summary = summary;
        m_ui->summaryView->setPlainText(summary.toText());
        setRunning(false);
        Q_EMIT runFinished(summary);
    });
    QString error;
    if (!m_runner->start(&error)) {
        m_ui->summaryView->setPlainText(tr("Nothing was sent: %1").arg(error));
        return;
    }
    setRunning(true);
}

void RepeatDialog::cancelRun()
{
    if (isRunning())
        m_runner->cancel();
}

void RepeatDialog::reject()
{
    cancelRun();
    QDialog::reject();
}

void RepeatDialog::setRunning(bool running)
{
    m_ui->startButton->setEnabled(!running);
    m_ui->stopButton->setEnabled(running);
    m_ui->countSpin->setEnabled(!running);
    m_ui->concurrencySpin->setEnabled(!running);
    m_ui->rateSpin->setEnabled(!running);
    m_ui->retriesSpin->setEnabled(!running);
}
