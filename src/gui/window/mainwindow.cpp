#include "gui/window/mainwindow.h"

#include "core/app/appinfo.h"
#include "core/app/appservices.h"
#include "core/app/appsettings.h"
#include "core/collections/collectionsworkspace.h"
#include "core/drafts/draftsstore.h"
#include "core/listener/listener.h"
#include "core/send/historystore.h"
#include "gui/collections/collectionsview.h"
#include "gui/collections/environmentpicker.h"
#include "gui/receive/listenerpanel.h"
#include "gui/receive/receivearea.h"
#include "gui/send/composerwidget.h"
#include "gui/send/historyview.h"
#include "gui/send/sendarea.h"
#include "gui/widgets/dialogs.h"
#include "gui/widgets/jsoneditor.h"
#include "gui/widgets/theme.h"
#include "gui/window/preferencesdialog.h"
#include "gui/window/shortcutsdialog.h"
#include "ui_mainwindow.h"

#include <QCloseEvent>
#include <QLabel>
#include <QMenu>
#include <QScreen>
#include <QToolBar>

MainWindow::MainWindow(AppServices *services, QWidget *parent)
    : QMainWindow(parent)
    , m_ui(std::make_unique<Ui::MainWindow>())
{
    m_ui->setupUi(this);
    setWindowIcon(QIcon(QStringLiteral(":/icons/hookbench-256.png")));
    m_ui->mainSplitter->setStretchFactor(0, 0);
    m_ui->mainSplitter->setStretchFactor(1, 1);
    m_ui->mainSplitter->setSizes({260, 1000});

    m_history = services->history();
    m_history->setLimit(AppSettings().historyLimit());
    auto *sendArea = new SendArea(services->sender(), m_history, m_ui->sendArea);
    m_sendArea = sendArea;
    m_ui->sendLayout->addWidget(sendArea);
    m_ui->historyLayout->addWidget(sendArea->historyView());
    CollectionsWorkspace *workspace = services->collections();
    auto *collectionsView = new CollectionsView(workspace, sendArea, m_ui->collectionsPage);
    m_collectionsView = collectionsView;
    m_ui->collectionsLayout->addWidget(collectionsView);
    connect(workspace, &CollectionsWorkspace::variablesChanged, sendArea, &SendArea::setVariables);
    sendArea->setVariables(workspace->variables());

    m_receiveArea = new ReceiveArea(services->captureStore(), services->listener(), m_ui->receiveArea);
    m_ui->receiveLayout->addWidget(m_receiveArea);
    if (services->forwarder())
        m_receiveArea->setForwarder(services->forwarder());
    m_receiveArea->setSecretStore(workspace->secretStore());
    m_receiveArea->setReplayer(services->replayer());
    m_listenerStatus = new QLabel(this);
    m_listenerStatus->setObjectName(QStringLiteral("listenerStatusLabel"));
    m_listenerStatus->setText(m_receiveArea->statusText());
    statusBar()->addPermanentWidget(m_listenerStatus);
    connect(m_receiveArea, &ReceiveArea::statusChanged, m_listenerStatus, &QLabel::setText);
    connect(m_receiveArea, &ReceiveArea::openInComposerRequested, this, [this](const RequestDraft &draft) {
        m_sendArea->openInNewTab(draft); // brings the Send area to the front (frontWanted)
        // The table that had the focus is hidden now: the new tab's URL takes it, and
        // Ctrl+Enter sends from there (or from anywhere in the area).
        m_sendArea->composer()->focusUrl();
    });
    // The test webhook goes out from a tab of its own, while the Receive area stays in front to
    // show it arrive; the tab stays for editing and sending again.
    connect(m_receiveArea, &ReceiveArea::testWebhookRequested, this, [this](const RequestDraft &draft) {
        m_sendArea->openInNewTab(draft, tr("Test webhook"));
        m_sendArea->send();
        m_ui->workAreas->setCurrentWidget(m_ui->receiveArea);
        statusBar()->showMessage(tr("Test webhook sent to %1 from a new Send tab (Ctrl+1 to edit it)").arg(draft.url),
                                 8000);
    });
    connect(m_receiveArea, &ReceiveArea::messageShown, this,
            [this](const QString &text) { statusBar()->showMessage(text, 5000); });
    connect(collectionsView, &CollectionsView::messageShown, this,
            [this](const QString &text) { statusBar()->showMessage(text, 5000); });
    // A broken drafts file set aside is said until the next message, not for five seconds.
    connect(sendArea, &SendArea::messageShown, this, [this](const QString &text) { statusBar()->showMessage(text); });

    buildToolBar(collectionsView);

    connect(m_ui->quitAction, &QAction::triggered, this, &QWidget::close);
    connect(m_ui->aboutAction, &QAction::triggered, this, &MainWindow::showAbout);
    connect(m_ui->showSendAction, &QAction::triggered, this, [this] {
        m_ui->workAreas->setCurrentWidget(m_ui->sendArea);
        // Into the area, unless the focus is in it already (Ctrl+1 from the body keeps it there).
        if (!m_sendArea->isAncestorOf(focusWidget()))
            m_sendArea->composer()->setFocus(Qt::ShortcutFocusReason);
    });
    connect(m_ui->showReceiveAction, &QAction::triggered, this, [this] {
        m_ui->workAreas->setCurrentWidget(m_ui->receiveArea);
        m_receiveArea->focusCaptures();
    });
    connect(sendArea, &SendArea::frontWanted, this, [this] { m_ui->workAreas->setCurrentWidget(m_ui->sendArea); });
    m_ui->shortcutsAction->setShortcut(QKeySequence::HelpContents);
    connect(m_ui->shortcutsAction, &QAction::triggered, this, &MainWindow::showShortcuts);
    connect(m_ui->preferencesAction, &QAction::triggered, this, &MainWindow::showPreferences);

    statusBar()->showMessage(tr("Ready"));
    // How the capture store opened, now or once it has: a damaged file set aside is worth saying.
    const auto showOpened = [this](bool ok, const QString &error, const QString &notice) {
        if (!ok)
            statusBar()->showMessage(tr("Captures cannot be stored: %1").arg(error));
        else if (!notice.isEmpty())
            statusBar()->showMessage(notice);
    };
    if (const AppServices::OpenResult opened = services->captureStoreOpenResult(); opened.finished)
        showOpened(opened.ok, opened.error, opened.notice);
    else
        connect(services, &AppServices::captureStoreOpened, this, showOpened);
    restoreLayout();
    // Last: the restored tabs meet a sidebar that follows them.
    sendArea->setDraftsStore(services->drafts());
}

MainWindow::~MainWindow() = default;

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!m_closeWithoutAsking && !confirmClose()) {
        event->ignore();
        return;
    }
    m_sendArea->flushDrafts();
    saveLayout();
    event->accept();
}

void MainWindow::closeKeepingDrafts()
{
    m_closeWithoutAsking = true;
    close();
}

bool MainWindow::confirmClose()
{
    const RequestTabSet &tabs = m_sendArea->tabs();
    QStringList dirty;
    for (const RequestTab &tab : tabs.tabs) {
        if (tab.isDirty())
            dirty.append(tab.title);
    }
    if (dirty.isEmpty())
        return true;
    const QString what = dirty.size() == 1
        ? tr("The tab \"%1\" has changes that are not saved.").arg(dirty.first())
        : tr("%1 tabs have changes that are not saved: %2.").arg(dirty.size()).arg(dirty.join(QStringLiteral(", ")));
    const QMessageBox::StandardButton answer = Dialogs::question(
        this, tr("Unsaved changes"),
        what
            + tr("\n\nSave All updates the saved requests they came from; new requests stay open as drafts and "
                 "come back next time. Discard drops every change."),
        QMessageBox::SaveAll | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::SaveAll);
    if (answer == QMessageBox::Discard) {
        m_sendArea->discardAll();
        return true;
    }
    if (answer != QMessageBox::SaveAll)
        return false;
    const int front = tabs.current;
    for (int i = 0; i < m_sendArea->tabs().tabs.size(); ++i) {
        if (!m_sendArea->tabs().tabs.at(i).isDirty())
            continue;
        m_sendArea->setCurrentIndex(i);
        // A tab whose request is in the sidebar is saved into it; the others stay drafts.
        if (m_collectionsView->workspace()->loadedRequest())
            m_collectionsView->saveComposer();
    }
    m_sendArea->setCurrentIndex(front);
    return true;
}

void MainWindow::buildToolBar(CollectionsView *collections)
{
    // Text only and fixed in place (see the form): the actions on the left, the environment
    // picker on the right, where Postman and Bruno users look for it.
    QToolBar *bar = m_ui->mainToolBar;
    bar->addAction(collections->saveAction());
    bar->addAction(m_receiveArea->listenerPanel()->startStopAction());
    auto *spacer = new QWidget(bar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    bar->addWidget(spacer);
    auto *picker = new EnvironmentPicker(collections->workspace(), bar);
    connect(picker, &EnvironmentPicker::editRequested, collections, &CollectionsView::editEnvironments);
    bar->addWidget(picker);
    buildFileMenu(collections);
}

void MainWindow::buildFileMenu(CollectionsView *collections)
{
    // The areas' own actions, so the menu, the + menu, the toolbar and the keys do one thing.
    QMenu *file = m_ui->fileMenu;
    const auto add = [&](QAction *action) { file->insertAction(m_ui->quitAction, action); };
    const auto separator = [&] { file->insertSeparator(m_ui->quitAction); };
    add(m_sendArea->newTabAction());
    add(collections->newCollectionAction());
    add(collections->openFileAction());
    separator();
    add(collections->importPostmanAction());
    add(collections->importCurlAction());
    add(m_receiveArea->exportAllAction());
    add(collections->exportPostmanAction());
    separator();
    add(collections->saveAction());
    add(collections->saveAsAction());
    add(m_sendArea->closeTabAction());
    separator();
    add(m_ui->preferencesAction);
    separator();
    // Held by the window too, so the keys work in every area (Qt ignores hidden holders).
    addActions({m_sendArea->focusUrlAction(), m_receiveArea->listenerPanel()->startStopAction()});
}

void MainWindow::showPreferences()
{
    Listener *listener = m_receiveArea->listenerPanel()->listener();
    PreferencesDialog dialog(listener->isListening() ? listener->port() : 0, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_receiveArea->listenerPanel()->applySettings();
    m_history->setLimit(AppSettings().historyLimit());
    Theme::apply(Theme::fromName(AppSettings().theme()));
    for (JsonEditor *editor : findChildren<JsonEditor *>())
        editor->applyPreferredFont();
    statusBar()->showMessage(listener->isListening()
                                 ? tr("Preferences saved; the listener takes the new address, port and body limit at "
                                      "its next start")
                                 : tr("Preferences saved"),
                             5000);
}

void MainWindow::showShortcuts()
{
    ShortcutsDialog dialog(this);
    dialog.exec();
}

void MainWindow::restoreLayout()
{
    const AppSettings settings;
    if (const QByteArray geometry = settings.mainWindowGeometry(); !geometry.isEmpty())
        restoreGeometry(geometry);
    else if (const QScreen *screen = this->screen())
        resize(size().boundedTo(screen->availableGeometry().size())); // a first run on a small screen
    if (const QByteArray state = settings.mainWindowState(); !state.isEmpty())
        restoreState(state);
    if (const QByteArray splitter = settings.mainSplitterState(); !splitter.isEmpty())
        m_ui->mainSplitter->restoreState(splitter);
    m_ui->workAreas->setCurrentIndex(qBound(0, settings.currentWorkArea(), m_ui->workAreas->count() - 1));
}

void MainWindow::saveLayout() const
{
    AppSettings settings;
    settings.setMainWindowGeometry(saveGeometry());
    settings.setMainWindowState(saveState());
    settings.setMainSplitterState(m_ui->mainSplitter->saveState());
    settings.setCurrentWorkArea(m_ui->workAreas->currentIndex());
    settings.sync();
}

void MainWindow::showAbout()
{
    QString licences = AppInfo::dependencyLicences().toHtmlEscaped();
    licences.replace(QLatin1Char('\n'), QLatin1String("<br>"));
    Dialogs::about(this, tr("About Hookbench"),
                   tr("<h3>Hookbench %1</h3>"
                      "<p>A native workbench for webhooks: compose, sign and send them; "
                      "receive and inspect them byte for byte.</p>"
                      "<p>Built with Qt %2, running on Qt %3.</p>"
                      "<p><b>Third-party components</b><br>%4</p>")
                       .arg(AppInfo::version(), QLatin1String(QT_VERSION_STR), QLatin1String(qVersion()), licences));
}
