#include "gui/send/sendarea.h"

#include "core/drafts/draftsstore.h"
#include "core/send/historystore.h"
#include "core/send/requestdraft.h"
#include "core/send/requesttemplate.h"
#include "core/send/sendrunner.h"
#include "gui/send/composerwidget.h"
#include "gui/send/historyview.h"
#include "gui/send/repeatdialog.h"
#include "gui/send/responseview.h"
#include "gui/send/samplecatalog.h"
#include "gui/send/simulatedialog.h"
#include "gui/widgets/dialogs.h"
#include "gui/widgets/jsoneditor.h"

#include <QAction>
#include <QMouseEvent>
#include <QScopedValueRollback>
#include <QSplitter>
#include <QTabBar>
#include <QTimer>
#include <QVBoxLayout>

namespace {

// What a launch with no drafts starts from, and what Ctrl+T opens: a sample to start from
// rather than an empty page.
RequestDraft starterDraft()
{
    RequestDraft draft;
    draft.body = QString::fromUtf8(SampleCatalog::find(QStringLiteral("user-registered")).load()).trimmed();
    return draft;
}

} // namespace

SendArea::SendArea(Sender *sender, HistoryStore *history, QWidget *parent)
    : QWidget(parent)
    , m_sender(sender)
    , m_history(history)
    , m_tabBar(new QTabBar(this))
    , m_composer(new ComposerWidget(this))
    , m_response(new ResponseView(this))
    , m_splitter(new QSplitter(Qt::Vertical, this))
    , m_newTabAction(new QAction(tr("New Request Tab"), this))
    , m_closeTabAction(new QAction(tr("Close Tab"), this))
    , m_focusUrlAction(new QAction(tr("Go to the URL"), this))
{
    setObjectName(QStringLiteral("sendAreaWidget"));
    m_tabBar->setObjectName(QStringLiteral("requestTabBar"));
    m_composer->setObjectName(QStringLiteral("composer"));
    m_response->setObjectName(QStringLiteral("responseView"));
    m_splitter->setObjectName(QStringLiteral("sendSplitter"));
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(m_composer);
    m_splitter->addWidget(m_response);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);

    m_tabBar->setTabsClosable(true);
    m_tabBar->setMovable(true);
    m_tabBar->setDocumentMode(true);
    m_tabBar->setExpanding(false);
    m_tabBar->setElideMode(Qt::ElideMiddle);
    m_tabBar->setUsesScrollButtons(true);
    m_tabBar->installEventFilter(this);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_tabBar);
    layout->addWidget(m_splitter, 1);

    m_newTabAction->setObjectName(QStringLiteral("newTabAction"));
    m_newTabAction->setShortcut(QKeySequence::AddTab);
    m_newTabAction->setShortcutContext(Qt::WindowShortcut);
    m_closeTabAction->setObjectName(QStringLiteral("closeTabAction"));
    m_closeTabAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_W));
    m_closeTabAction->setShortcutContext(Qt::WindowShortcut);
    m_focusUrlAction->setObjectName(QStringLiteral("focusUrlAction"));
    m_focusUrlAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    m_focusUrlAction->setShortcutContext(Qt::WindowShortcut);
    addAction(m_newTabAction);
    addAction(m_closeTabAction);
    addAction(m_focusUrlAction);
    connect(m_focusUrlAction, &QAction::triggered, this, [this] {
        Q_EMIT frontWanted();
        m_composer->focusUrl();
    });
    connect(m_newTabAction, &QAction::triggered, this, &SendArea::newTab);
    connect(m_closeTabAction, &QAction::triggered, this, [this] { closeTab(currentIndex()); });

    m_historyView = new HistoryView(m_history);
    m_historyView->setObjectName(QStringLiteral("historyView"));
    connect(m_historyView, &HistoryView::entryOpened, this, &SendArea::openHistoryEntry);

    connect(m_composer, &ComposerWidget::sendRequested, this, &SendArea::send);
    connect(m_composer, &ComposerWidget::cancelRequested, this, &SendArea::cancel);
    connect(m_composer, &ComposerWidget::repeatRequested, this, &SendArea::openRepeatDialog);
    connect(m_composer, &ComposerWidget::simulateRequested, this, &SendArea::openSimulateDialog);
    connect(m_composer, &ComposerWidget::sampleRequested, this, &SendArea::openSample);
    connect(m_composer, &ComposerWidget::draftChanged, this, &SendArea::queueSync);

    connect(m_tabBar, &QTabBar::currentChanged, this, &SendArea::onTabBarCurrentChanged);
    connect(m_tabBar, &QTabBar::tabCloseRequested, this, [this](int index) { closeTab(index); });
    connect(m_tabBar, &QTabBar::tabMoved, this, [this](int from, int to) {
        m_tabs.tabs.move(from, to);
        m_tabs.current = m_tabBar->currentIndex();
        tabsEdited();
    });

    openInNewTab(starterDraft());
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

// --- Tabs

const RequestTabSet &SendArea::tabs() const
{
    // setDraft() says nothing (see ComposerWidget::draftChanged), so the composer is asked.
    if (const int shown = m_tabs.indexOf(m_shownTabId); shown >= 0)
        m_tabs.tabs[shown].draft = m_composer->draft();
    return m_tabs;
}

int SendArea::currentIndex() const
{
    return m_tabs.current;
}

const RequestTab &SendArea::currentTab() const
{
    return tabs().tabs.at(m_tabs.current);
}

int SendArea::insertTab(const RequestTab &tab)
{
    const int index = m_tabs.current + 1;
    m_tabs.tabs.insert(index, tab);
    {
        const QScopedValueRollback switching(m_switching, m_switching + 1);
        m_tabBar->insertTab(index, tab.title);
    }
    setCurrentIndex(index);
    return index;
}

int SendArea::openInNewTab(const RequestDraft &draft, const QString &title, const TabOrigin &origin)
{
    syncFromComposer();
    const int index = insertTab(RequestTab::open(draft, title, origin));
    // As the composer gives it back: what later edits are compared with.
    RequestTab &tab = m_tabs.tabs[index];
    tab.draft = tab.baseline = m_composer->draft();
    if (title.isEmpty())
        tab.title = RequestTab::titleFor(tab.draft);
    tabsEdited();
    Q_EMIT frontWanted(); // whatever opened it (a capture, a saved request) wants it seen
    return index;
}

int SendArea::openSaved(const RequestDraft &draft, const QString &title, const TabOrigin &origin)
{
    if (const int open = m_tabs.indexOf(origin); open >= 0) {
        setCurrentIndex(open);
        Q_EMIT frontWanted();
        return open;
    }
    return openInNewTab(draft, title, origin);
}

void SendArea::setCurrentIndex(int index)
{
    if (index < 0 || index >= m_tabs.tabs.size())
        return;
    if (m_tabBar->currentIndex() != index)
        m_tabBar->setCurrentIndex(index); // onTabBarCurrentChanged shows it
    else if (m_tabs.tabs.at(index).id != m_shownTabId)
        showTab(index);
}

void SendArea::onTabBarCurrentChanged(int index)
{
    if (m_switching || index < 0)
        return;
    showTab(index);
}

void SendArea::showTab(int index)
{
    syncFromComposer();
    m_tabs.current = index;
    const RequestTab &tab = m_tabs.tabs.at(index);
    m_shownTabId = tab.id;
    {
        const QScopedValueRollback switching(m_switching, m_switching + 1);
        m_tabBar->setCurrentIndex(index);
    }
    m_composer->setDraft(tab.draft);
    m_composer->bodyEditor()->clearUndoHistory();
    if (isSending() && m_runnerTabId == tab.id)
        m_response->showSending(tr("Sending…"));
    else if (tab.exchange)
        m_response->showResult(tab.exchange->request, tab.exchange->result);
    else if (!tab.lastResponse.isEmpty())
        m_response->clear(tr("Last answer, before Hookbench was restarted: %1\nPress Send (Ctrl+Enter) to send again.")
                              .arg(tab.lastResponse));
    else
        m_response->clear();
    Q_EMIT currentTabChanged();
    tabsEdited();
}

void SendArea::queueSync()
{
    if (std::exchange(m_syncQueued, true))
        return;
    // A burst of edits in one pass of the event loop (a paste, a sample) is read once: the
    // tab's draft gets its own copy of the body at the next keystroke, and the dirty check
    // compares it whole. With a large body that is tens of milliseconds a key, so typing there
    // is read at most every kLargeBodySyncMs (the drafts file is still written within 1.2 s).
    const int delay = m_composer->bodyEditor()->isLargeDocument() ? kLargeBodySyncMs : 0;
    QTimer::singleShot(delay, this, [this] {
        if (!m_syncQueued)
            return;
        syncFromComposer();
        tabsEdited();
    });
}

void SendArea::syncFromComposer()
{
    const int index = m_tabs.indexOf(m_shownTabId);
    if (index >= 0)
        m_tabs.tabs[index].draft = m_composer->draft();
    m_syncQueued = false;
}

void SendArea::updateTabText(int index)
{
    const RequestTab &tab = m_tabs.tabs.at(index);
    // The dot Postman and editors use for "changed, not saved".
    m_tabBar->setTabText(index, tab.isDirty() ? tab.title + QStringLiteral(" \u25CF") : tab.title);
    m_tabBar->setTabToolTip(index,
                            tab.origin.isNull()
                                ? tr("%1 — not saved in a collection (Ctrl+S asks where)").arg(tab.title)
                                : tr("%1 — saved request (Ctrl+S updates it)").arg(tab.title));
}

void SendArea::tabsEdited()
{
    for (int i = 0; i < m_tabs.tabs.size(); ++i)
        updateTabText(i);
    if (m_drafts)
        m_drafts->update(m_tabs);
    Q_EMIT tabsChanged();
}

void SendArea::newTab()
{
    RequestDraft draft = starterDraft();
    draft.body = QStringLiteral("{}");
    openInNewTab(draft, tr("New request"));
    m_composer->focusUrl();
}

bool SendArea::closeTab(int index)
{
    if (index < 0 || index >= m_tabs.tabs.size())
        return false;
    syncFromComposer();
    if (m_tabs.tabs.at(index).isDirty()) {
        setCurrentIndex(index); // what is asked about is in sight
        switch (askUnsaved(m_tabs.tabs.at(index).title)) {
        case UnsavedChoice::Save:
            if (!m_saveCurrent || !m_saveCurrent())
                return false;
            index = m_tabs.current;
            break;
        case UnsavedChoice::Discard:
            break;
        case UnsavedChoice::Cancel:
            return false;
        }
    }
    const QString closedId = m_tabs.tabs.at(index).id;
    if (m_runnerTabId == closedId)
        cancel();
    m_tabs.tabs.removeAt(index);
    if (closedId == m_shownTabId)
        m_shownTabId.clear(); // its edits go with it
    {
        const QScopedValueRollback switching(m_switching, m_switching + 1);
        m_tabBar->removeTab(index);
    }
    if (m_tabs.tabs.isEmpty()) {
        m_tabs.current = -1;
        newTab();
        return true;
    }
    m_tabs.current = m_tabs.indexOf(m_shownTabId);
    if (m_tabs.current < 0)
        showTab(qMin(index, int(m_tabs.tabs.size()) - 1));
    else
        tabsEdited();
    return true;
}

SendArea::UnsavedChoice SendArea::askUnsaved(const QString &title)
{
    const QMessageBox::StandardButton answer = Dialogs::question(
        this, tr("Unsaved changes"), tr("The tab \"%1\" has changes that are not saved.").arg(title),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    return answer == QMessageBox::Save   ? UnsavedChoice::Save
        : answer == QMessageBox::Discard ? UnsavedChoice::Discard
                                         : UnsavedChoice::Cancel;
}

void SendArea::markSaved(const QString &tabId, const TabOrigin &origin, const QString &title,
                         const RequestDraft &savedDraft)
{
    syncFromComposer();
    const int index = m_tabs.indexOf(tabId);
    if (index < 0)
        return; // closed meanwhile
    RequestTab &tab = m_tabs.tabs[index];
    tab.origin = origin;
    tab.title = title;
    tab.baseline = savedDraft;
    tabsEdited();
}

void SendArea::discardAll()
{
    syncFromComposer();
    for (RequestTab &tab : m_tabs.tabs)
        tab.draft = tab.baseline;
    m_composer->setDraft(m_tabs.tabs.at(m_tabs.current).draft);
    tabsEdited();
}

bool SendArea::eventFilter(QObject *watched, QEvent *event)
{
    // Middle-click closes a tab, as in browsers.
    if (watched == m_tabBar && event->type() == QEvent::MouseButtonRelease) {
        const auto *mouse = static_cast<QMouseEvent *>(event);
        if (mouse->button() == Qt::MiddleButton) {
            if (const int index = m_tabBar->tabAt(mouse->position().toPoint()); index >= 0)
                closeTab(index);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

// --- Drafts

void SendArea::setDraftsStore(DraftsStore *store)
{
    m_drafts = store;
    if (!store)
        return;
    store->load([this, guard = QPointer<SendArea>(this)](const RequestTabSet &set, const QString &notice) {
        if (guard)
            restore(set, notice);
    });
}

void SendArea::restore(const RequestTabSet &set, const QString &notice)
{
    if (!notice.isEmpty())
        Q_EMIT messageShown(notice);
    syncFromComposer();
    if (set.tabs.isEmpty()) {
        tabsEdited(); // nothing to restore: the store gets the tabs as they are
        return;
    }
    // Tabs opened before the file was read (a click in the first instant) stay, after the
    // restored ones; the untouched starter tab gives way to them.
    RequestTabSet merged = set;
    for (const RequestTab &tab : std::as_const(m_tabs.tabs)) {
        const bool untouchedStarter = m_tabs.tabs.size() == 1 && !tab.isDirty() && tab.origin.isNull();
        if (!untouchedStarter)
            merged.tabs.append(tab);
    }
    {
        const QScopedValueRollback switching(m_switching, m_switching + 1);
        while (m_tabBar->count() > 0)
            m_tabBar->removeTab(0);
        m_tabs = merged;
        m_shownTabId.clear();
        for (const RequestTab &tab : std::as_const(m_tabs.tabs))
            m_tabBar->addTab(tab.title);
    }
    showTab(qBound(0, set.current, int(m_tabs.tabs.size()) - 1));
}

void SendArea::flushDrafts()
{
    if (!m_drafts)
        return;
    syncFromComposer();
    m_drafts->update(m_tabs);
    m_drafts->flush();
}

// --- Sending

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
    const QString tabId = m_shownTabId;
    // Every attempt, not only settled requests: a cancelled one settles nothing but must
    // still say "Cancelled".
    connect(runner, &SendRunner::attemptFinished, this,
            [this, tabId](int, int, const OutgoingRequest &sent, const SendResult &result) {
                onAttemptFinished(tabId, sent, result);
            });
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
    m_runnerTabId = tabId;
    m_composer->showError({});
    m_composer->setBusy(true);
    m_response->showSending(tr("Sending %1 %2…").arg(QString::fromUtf8(request.method), request.url));
}

void SendArea::cancel()
{
    if (m_runner)
        m_runner->cancel();
}

void SendArea::onAttemptFinished(const QString &tabId, const OutgoingRequest &request, const SendResult &result)
{
    // The answer belongs to the tab that sent, wherever the user has gone since.
    if (const int index = m_tabs.indexOf(tabId); index >= 0) {
        RequestTab &tab = m_tabs.tabs[index];
        tab.exchange = RequestTab::Exchange{request, result};
        tab.lastResponse = RequestTab::summarize(result);
        if (tabId == m_shownTabId)
            m_response->showResult(request, result);
        tabsEdited();
    }
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
        // A tab of its own: the event never lands over the request in front.
        RequestDraft draft;
        draft.url = dialog->url();
        openInNewTab(draft, dialog->sample().title);
        m_composer->applyProviderEvent(dialog->sample(), dialog->secret());
        m_tabs.tabs[m_tabs.current].draft = m_tabs.tabs[m_tabs.current].baseline = m_composer->draft();
        tabsEdited();
        send();
    });
    dialog->open();
}

void SendArea::openSample(const QString &sampleId)
{
    RequestDraft draft;
    draft.url = m_composer->draft().url; // where the user was sending
    const Sample sample = SampleCatalog::find(sampleId);
    openInNewTab(draft, sample.title);
    m_composer->loadSample(sampleId);
    // A sample as opened is not an unsaved change.
    m_tabs.tabs[m_tabs.current].draft = m_tabs.tabs[m_tabs.current].baseline = m_composer->draft();
    m_syncQueued = false;
    tabsEdited();
}

void SendArea::openHistoryEntry(const HistoryEntry &entry)
{
    const int index = openInNewTab(RequestDraft::fromRequest(entry.request));
    m_tabs.tabs[index].exchange = RequestTab::Exchange{entry.request, entry.result};
    m_tabs.tabs[index].lastResponse = RequestTab::summarize(entry.result);
    m_response->showResult(entry.request, entry.result);
    tabsEdited();
}
