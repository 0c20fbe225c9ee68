#pragma once

#include "core/drafts/requesttab.h"
#include "core/send/sendresult.h"
#include "core/send/sendrunner.h"
#include "gui/send/historyview.h"
#include "gui/send/repeatdialog.h"

#include <QPointer>
#include <QWidget>

#include <functional>

class ComposerWidget;
class DraftsStore;
class HistoryStore;
class ResponseView;
class Sender;
class QSplitter;
class QTabBar;
struct HistoryEntry;

// The Send work area: a row of request tabs, the composer above, the response below, and the
// History view for the sidebar. Each tab is a RequestTab (core/drafts): its draft, where it
// came from, and its last answer; the one composer and response pane show the tab in front.
// It turns the composer's draft into a request and hands it to the core (the application's
// Sender and HistoryStore, from AppServices; a SendRunner per send); every network and disk
// operation is asynchronous, so the window never waits. With a DraftsStore, every tab is
// written as it changes and comes back on the next launch.
class SendArea final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SendArea)

public:
    static constexpr int kLargeBodySyncMs = 200;
    enum class UnsavedChoice { Save, Discard, Cancel };

    // `sender` sends, `history` records and lists; both are the application's (AppServices)
    // and must outlive this area.
    SendArea(Sender *sender, HistoryStore *history, QWidget *parent = nullptr);
    ~SendArea() override;

    ComposerWidget *composer() const { return m_composer; }
    ResponseView *responseView() const { return m_response; }
    QTabBar *tabBar() const { return m_tabBar; }
    // For the main window's sidebar; owned by whoever places it.
    HistoryView *historyView() const { return m_historyView; }
    HistoryStore *historyStore() const { return m_history; }
    bool isSending() const;
    // Template variables of the active environment (the Collections sidebar picks it).
    void setVariables(const TemplateVariables &variables) { m_variables = variables; }

    // --- Tabs
    // The tabs as they are now (the one in front with the composer's latest edits).
    const RequestTabSet &tabs() const;
    int currentIndex() const;
    const RequestTab &currentTab() const;
    // Opens `draft` in a new tab in front, clean; `title` empty: from its method and path. For
    // anything that opens a request (a capture, a history entry, a sample): never over another.
    int openInNewTab(const RequestDraft &draft, const QString &title = {}, const TabOrigin &origin = {});
    // A saved request: its tab if one is open, else a new one.
    int openSaved(const RequestDraft &draft, const QString &title, const TabOrigin &origin);
    void setCurrentIndex(int index);
    // Closes a tab, asking Save/Discard/Cancel first when it is dirty; false when it stays. The
    // last tab closed leaves a new empty one.
    bool closeTab(int index);
    // The tab `tabId` was saved as `origin` (named `title`): `savedDraft` is its baseline now.
    void markSaved(const QString &tabId, const TabOrigin &origin, const QString &title, const RequestDraft &savedDraft);
    // Every dirty tab back to what it was when opened or last saved (quitting with Discard).
    void discardAll();
    // Saves the tab in front (Ctrl+S: a saved request in place, a new one through Save As);
    // false when it was not saved. The Collections sidebar provides it.
    void setSaveHandler(std::function<bool()> saveCurrent) { m_saveCurrent = std::move(saveCurrent); }
    QAction *newTabAction() const { return m_newTabAction; }
    QAction *closeTabAction() const { return m_closeTabAction; }
    // Ctrl+L: brings the area to the front (frontWanted) and focuses the URL. Window-wide once
    // the window holds it too, so it works from the other areas.
    QAction *focusUrlAction() const { return m_focusUrlAction; }

    // --- Drafts: restores the tabs `store` holds (once read), then keeps it up to date.
    void setDraftsStore(DraftsStore *store);
    // Hands the tabs to the store now, written before it stops (quitting).
    void flushDrafts();

public Q_SLOTS:
    void send();
    void cancel();
    void newTab();
    void openRepeatDialog();
    void openSimulateDialog();
    void openSample(const QString &sampleId);
    void openHistoryEntry(const HistoryEntry &entry);

Q_SIGNALS:
    void sendFinished(const SendResult &result);
    // Another tab is in front (its origin may name a saved request).
    void currentTabChanged();
    // A tab's title, dirty mark or origin changed, or one opened or closed.
    void tabsChanged();
    void messageShown(const QString &message);
    // Something here wants the user's eyes (Ctrl+L from another area): whoever places the area
    // brings it to the front, at once, before the focus moves.
    void frontWanted();

private:
    void onAttemptFinished(const QString &tabId, const OutgoingRequest &request, const SendResult &result);
    void onTabBarCurrentChanged(int index);
    void showTab(int index);
    void syncFromComposer();
    void queueSync();
    void updateTabText(int index);
    void tabsEdited(); // after any change to m_tabs: tab texts, drafts store, signal
    void restore(const RequestTabSet &set, const QString &notice);
    int insertTab(const RequestTab &tab);
    UnsavedChoice askUnsaved(const QString &title);
    bool eventFilter(QObject *watched, QEvent *event) override;

    Sender *m_sender;
    HistoryStore *m_history;
    QTabBar *m_tabBar;
    ComposerWidget *m_composer;
    ResponseView *m_response;
    QSplitter *m_splitter;
    QAction *m_newTabAction;
    QAction *m_closeTabAction;
    QAction *m_focusUrlAction;
    QPointer<HistoryView> m_historyView;
    QPointer<SendRunner> m_runner;
    QString m_runnerTabId; // the tab whose send is in flight
    QPointer<RepeatDialog> m_repeatDialog;
    QPointer<DraftsStore> m_drafts;
    TemplateVariables m_variables;
    std::function<bool()> m_saveCurrent;

    mutable RequestTabSet m_tabs; // the front tab's draft follows the composer (see tabs())
    mutable bool m_syncQueued = false;
    QString m_shownTabId; // the tab the composer holds
    int m_switching = 0;  // the tab bar is being changed from here
};
