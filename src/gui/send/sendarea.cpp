#include "gui/send/sendarea.h"

#include "core/send/requestdraft.h"
#include "core/send/requesttemplate.h"
#include "core/send/sendrunner.h"
#include "gui/send/composerwidget.h"
#include "gui/send/historyview.h"
#include "gui/send/repeatdialog.h"
#include "gui/send/responseview.h"
#include "gui/send/simulatedialog.h"
#include "gui/widgets/jsoneditor.h"

#include <QSplitter>
#include <QVBoxLayout>

SendArea::SendArea(Sender *sender, HistoryStore *history, QWidget *parent)
    : QWidget(parent)
    , m_sender(sender)
    , m_history(history)
    , m_composer(new ComposerWidget(this))
    , m_response(new ResponseView(this))
    , m_splitter(new QSplitter(Qt::Vertical, this))
{
    setObjectName(QStringLiteral("sendAreaWidget"));
    m_composer->setObjectName(QStringLiteral("composer"));
    m_response->setObjectName(QStringLiteral("responseView"));
    m_splitter->setObjectName(QStringLiteral("sendSplitter"));
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(m_composer);
    m_splitter->addWidget(m_response);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_splitter);

    m_historyView = new HistoryView(m_history);
    m_historyView->setObjectName(QStringLiteral("historyView"));
    connect(m_historyView, &HistoryView::entryOpened, this, &SendArea::openHistoryEntry);

    connect(m_composer, &ComposerWidget::sendRequested, this, &SendArea::send);
    connect(m_composer, &ComposerWidget::cancelRequested, this, &SendArea::cancel);
    connect(m_composer, &ComposerWidget::repeatRequested, this, &SendArea::openRepeatDialog);
    connect(m_composer, &ComposerWidget::simulateRequested, this, &SendArea::openSimulateDialog);

    // A sample to start from rather than an empty page.
    m_composer->loadSample(QStringLiteral("user-registered"));
    m_composer->bodyEditor()->document()->clearUndoRedoStacks();
}

SendArea::~SendArea()
{
    // The history view lives in the sidebar, owned by whoever placed it; unplaced, it goes with the area.
    if (m_historyView && !m_historyView->parent())
        delete m_historyView;
}

bool SendArea::isSending() const
{
    return m_runner && m_runner->isRunning();
}

void SendArea::send()
{
    if (isSending())
        return;
    RequestTemplate request;
    RequestDraft draft;
    QString error;
    // With the bound endpoint profile applied: the GUI sends what `hookbench run` sends.
    if (!m_composer->draftToSend(&draft, &error) || !draft.toTemplate(&request, &error)) {
        m_composer->showError(error);
        m_response->showNotSent();
        return;
    }
    auto *runner = new SendRunner(m_sender, this);
    runner->setRequest(request);
    runner->setEngine(TemplateEngine(m_variables));
    runner->setCount(1);
    runner->setHistoryStore(m_history);
    // Every attempt, not only settled requests: a cancelled one settles nothing but must
    // still say "Cancelled".
    connect(
        runner, &SendRunner::attemptFinished, this,
        [this](int, int, const OutgoingRequest &sent, const SendResult &result) { onAttemptFinished(sent, result); });
    connect(runner, &SendRunner::finished, this, [this, runner] {
        m_composer->setBusy(false);
        runner->deleteLater();
    });
    if (!runner->start(&error)) {
        m_composer->showError(error);
        m_response->showNotSent();
        delete runner;
        return;
    }
    m_runner = runner;
    m_composer->showError({});
    m_composer->setBusy(true);
    m_response->showSending(tr("Sending %1 %2…").arg(QString::fromUtf8(request.method), request.url));
}

void SendArea::cancel()
{
    if (m_runner)
        m_runner->cancel();
}

void SendArea::onAttemptFinished(const OutgoingRequest &request, const SendResult &result)
{
    m_response->showResult(request, result);
    Q_EMIT sendFinished(result);
}

void SendArea::openRepeatDialog()
{
    RequestTemplate request;
    RequestDraft draft;
    QString error;
    if (!m_composer->draftToSend(&draft, &error) || !draft.toTemplate(&request, &error)) {
        m_composer->showError(error);
        m_response->showNotSent();
        return;
    }
    m_composer->showError({});
    if (!m_repeatDialog) {
        m_repeatDialog = new RepeatDialog(m_sender, m_history, this);
        m_repeatDialog->setObjectName(QStringLiteral("repeatDialog"));
    }
    if (!m_repeatDialog->isRunning()) {
        m_repeatDialog->setRequest(request, tr("%1 %2").arg(QString::fromUtf8(request.method), request.url));
        m_repeatDialog->setEngine(TemplateEngine(m_variables));
    }
    m_repeatDialog->show();
    m_repeatDialog->raise();
    m_repeatDialog->activateWindow();
}

void SendArea::openSimulateDialog()
{
    auto *dialog = new SimulateDialog(m_composer->draft().url, this);
    dialog->setObjectName(QStringLiteral("simulateDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        m_composer->applyProviderEvent(dialog->sample(), dialog->secret());
        m_composer->setUrl(dialog->url());
        send();
    });
    dialog->open();
}

void SendArea::openHistoryEntry(const HistoryEntry &entry)
{
    m_composer->setDraft(RequestDraft::fromRequest(entry.request));
    m_response->showResult(entry.request, entry.result);
}
