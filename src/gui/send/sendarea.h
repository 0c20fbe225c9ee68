#pragma once

#include "core/send/sendresult.h"
#include "core/send/sendrunner.h"
#include "gui/send/historyview.h"
#include "gui/send/repeatdialog.h"

#include <QPointer>
#include <QWidget>

class ComposerWidget;
class HistoryStore;
class ResponseView;
class Sender;
class QSplitter;
struct HistoryEntry;

// The Send work area: the composer above, the response below, and the History view
// for the sidebar. It turns the composer's draft into a request and hands it to the
// core (the application's Sender and HistoryStore, from AppServices; a SendRunner per
// send); every network and disk operation is asynchronous, so the window never waits.
class SendArea final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SendArea)

public:
    // `sender` sends, `history` records and lists; both are the application's (AppServices)
    // and must outlive this area.
    SendArea(Sender *sender, HistoryStore *history, QWidget *parent = nullptr);
    ~SendArea() override;

    ComposerWidget *composer() const { return m_composer; }
    ResponseView *responseView() const { return m_response; }
    // For the main window's sidebar; owned by whoever places it.
    HistoryView *historyView() const { return m_historyView; }
    HistoryStore *historyStore() const { return m_history; }
    bool isSending() const;
    // Template variables of the active environment (the Collections sidebar picks it).
    void setVariables(const TemplateVariables &variables) { m_variables = variables; }

public Q_SLOTS:
    void send();
    void cancel();
    void openRepeatDialog();
    void openSimulateDialog();
    void openHistoryEntry(const HistoryEntry &entry);

Q_SIGNALS:
    void sendFinished(const SendResult &result);

private:
    void onAttemptFinished(const OutgoingRequest &request, const SendResult &result);

    Sender *m_sender;
    HistoryStore *m_history;
    ComposerWidget *m_composer;
    ResponseView *m_response;
    QSplitter *m_splitter;
    QPointer<HistoryView> m_historyView;
    QPointer<SendRunner> m_runner;
    QPointer<RepeatDialog> m_repeatDialog;
    TemplateVariables m_variables;
};
