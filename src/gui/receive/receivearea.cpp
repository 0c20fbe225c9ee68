#include "gui/receive/receivearea.h"

#include "core/app/appsettings.h"
#include "core/capture/capturecurl.h"
#include "core/capture/captureexportjob.h"
#include "core/capture/capturemodel.h"
#include "core/capture/capturerequest.h"
#include "core/capture/capturestore.h"
#include "core/forward/forwarder.h"
#include "core/http/responsebody.h"
#include "core/json/utf8.h"
#include "core/listener/listener.h"
#include "core/secrets/secretstore.h"
#include "core/storage/postgresdatabase.h"
#include "core/tls/trustcommands.h"
#include "gui/receive/captureinspector.h"
#include "gui/receive/listenerpanel.h"
#include "gui/receive/receivereplay.h"
#include "gui/receive/teaminboxdialog.h"
#include "gui/send/samplecatalog.h"
#include "gui/widgets/dialogs.h"
#include "gui/widgets/flowlayout.h"
#include "gui/widgets/statuscolours.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMimeData>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace {

// Colours the verdict and the answer so a rejected request or a 5xx stands out
// while scrolling; it reads the model's roles, so it costs nothing per row kept.
class VerdictDelegate final : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        QColor colour;
        if (index.column() == CaptureModel::VerdictColumn) {
            const bool accepted = index.data(CaptureModel::AcceptedRole).toBool();
            const int signature = index.data(CaptureModel::SignatureRole).toInt();
            if (!accepted || signature == int(CaptureSummary::Signature::Invalid))
                colour = StatusColours::bad();
        } else if (index.column() == CaptureModel::ResponseColumn) {
            // Only what went wrong is coloured: a table of green 200s would say nothing.
            const int status = index.data(Qt::DisplayRole).toInt();
            if (status >= 400 || status == 0)
                colour = StatusColours::forStatus(status);
        } else if (index.column() == CaptureModel::ForwardColumn) {
            // A target that is down must stand out: the captures wait for a retry.
            if (index.data(CaptureModel::ForwardRole).toInt() == int(CaptureSummary::Forward::Failed))
                colour = StatusColours::bad();
        }
        if (colour.isValid() && !(option->state & QStyle::State_Selected))
            option->palette.setColor(QPalette::Text, colour);
    }
};

// No translations are loaded, so "%n capture(s)" would show as written.
QString capturesText(qint64 count)
{
    return count == 1 ? ReceiveArea::tr("1 capture") : ReceiveArea::tr("%1 captures").arg(count);
}

constexpr int kColumnWidths[CaptureModel::ColumnCount] = {96, 66, 250, 150, 60, 76, 150, 120, 110, 120};

} // namespace

ReceiveArea::ReceiveArea(CaptureStore *store, Listener *listener, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_panel(new ListenerPanel(listener, store, this))
    , m_model(new CaptureModel(this))
    , m_filter(new CaptureFilterModel(this))
    , m_filterEdit(new QLineEdit(this))
    , m_followButton(new QToolButton(this))
    , m_tableStack(new QStackedWidget(this))
    , m_emptyPage(new QWidget(this))
    , m_emptyLabel(new QLabel(m_emptyPage))
    , m_emptyStartButton(new QPushButton(tr("Start Listener"), m_emptyPage))
    , m_testWebhookButton(new QPushButton(tr("Send a Test Webhook"), m_emptyPage))
    , m_table(new QTableView(this))
    , m_inspector(new CaptureInspector(this))
    , m_splitter(new QSplitter(Qt::Vertical, this))
{
    setObjectNames();
    setUpTable();
    setUpEmptyState();
    setUpFilter();
    createActions();
    layOut(buildToolRow());
    connectFollowing();
    connectTable();
    connectListener();
    connectStore();

    reloadSummaries();
    updateActions();
}

ReceiveArea::~ReceiveArea() = default;

bool ReceiveArea::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_table->viewport() && event->type() == QEvent::Resize)
        fitPathColumn();
    return QWidget::eventFilter(watched, event);
}

void ReceiveArea::fitPathColumn()
{
    QHeaderView *columns = m_table->horizontalHeader();
    int others = 0;
    for (int column = 0; column < CaptureModel::ColumnCount; ++column) {
        if (column != CaptureModel::PathColumn && !columns->isSectionHidden(column))
            others += columns->sectionSize(column);
    }
    const int width = qMax(m_pathMinimum, m_table->viewport()->width() - others);
    if (columns->sectionSize(CaptureModel::PathColumn) == width)
        return;
    m_fittingPath = true;
    columns->resizeSection(CaptureModel::PathColumn, width);
    m_fittingPath = false;
}

// Names for tests, style sheets and accessibility tools.
void ReceiveArea::setObjectNames()
{
    setObjectName(QStringLiteral("receiveAreaWidget"));
    m_panel->setObjectName(QStringLiteral("listenerPanel"));
    m_filterEdit->setObjectName(QStringLiteral("captureFilter"));
    m_followButton->setObjectName(QStringLiteral("followNewestButton"));
    m_tableStack->setObjectName(QStringLiteral("captureStack"));
    m_emptyPage->setObjectName(QStringLiteral("captureEmptyPage"));
    m_emptyLabel->setObjectName(QStringLiteral("captureEmptyLabel"));
    m_emptyStartButton->setObjectName(QStringLiteral("emptyStartButton"));
    m_testWebhookButton->setObjectName(QStringLiteral("testWebhookButton"));
    m_table->setObjectName(QStringLiteral("captureTable"));
    m_table->setAccessibleName(tr("capture table"));
    m_inspector->setObjectName(QStringLiteral("captureInspector"));
    m_splitter->setObjectName(QStringLiteral("receiveSplitter"));
    m_model->setObjectName(QStringLiteral("captureModel"));
    m_filter->setObjectName(QStringLiteral("captureFilterModel"));
}

void ReceiveArea::setUpTable()
{
    m_filter->setSourceModel(m_model);
    m_filter->setDynamicSortFilter(true);

    // The table: fixed row height and set column widths, so 100,000 rows cost only
    // what is on screen; nothing is measured per row.
    m_table->setModel(m_filter);
    m_table->setItemDelegate(new VerdictDelegate(m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);
    m_table->setShowGrid(false);
    m_table->setAlternatingRowColors(true);
    m_table->setSortingEnabled(false);
    m_table->setTextElideMode(Qt::ElideRight);
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_table->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    QHeaderView *rows = m_table->verticalHeader();
    rows->setVisible(false);
    rows->setSectionResizeMode(QHeaderView::Fixed);
    rows->setMinimumSectionSize(fontMetrics().height() + 2);
    rows->setDefaultSectionSize(fontMetrics().height() + 8);
    QHeaderView *columns = m_table->horizontalHeader();
    columns->setSectionResizeMode(QHeaderView::Interactive);
    columns->setHighlightSections(false);
    columns->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    columns->setStretchLastSection(false);
    for (int column = 0; column < CaptureModel::ColumnCount; ++column)
        columns->resizeSection(column, kColumnWidths[column]);
    // The path takes the width the other columns leave (fitPathColumn), so a wide window
    // shows long paths rather than a wide last column; every column stays resizable.
    m_pathMinimum = kColumnWidths[CaptureModel::PathColumn];
    m_table->viewport()->installEventFilter(this);
    connect(columns, &QHeaderView::sectionResized, this, [this](int column, int, int size) {
        if (column != CaptureModel::PathColumn)
            fitPathColumn();
        else if (!m_fittingPath)
            m_pathMinimum = size; // the user's own width: the path never gets narrower than it
    });
    // Shown beside the answer it explains; the model keeps it last so that older layouts still fit.
    columns->moveSection(columns->visualIndex(CaptureModel::AttemptColumn),
                         columns->visualIndex(CaptureModel::ResponseColumn) + 1);
}

// What the table's place shows while there is nothing to list (see updateEmptyState()): what to
// do, in two lines, and the two clicks that get a first webhook into the table.
void ReceiveArea::setUpEmptyState()
{
    m_emptyLabel->setAlignment(Qt::AlignCenter);
    m_emptyLabel->setWordWrap(true);
    m_emptyLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_emptyLabel->setForegroundRole(QPalette::PlaceholderText);
    m_emptyStartButton->setToolTip(tr("Listen on the address and port above (%1)")
                                       .arg(m_panel->startStopAction()->shortcut().toString(QKeySequence::NativeText)));
    m_testWebhookButton->setToolTip(
        tr("Open a sample request aimed at this listener in a new Send tab and send it (starting the listener "
           "first if needed)"));
    connect(m_emptyStartButton, &QPushButton::clicked, m_panel, &ListenerPanel::start);
    connect(m_testWebhookButton, &QPushButton::clicked, this, &ReceiveArea::sendTestWebhook);

    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_emptyStartButton);
    buttons->addWidget(m_testWebhookButton);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(m_emptyPage);
    layout->setContentsMargins(24, 24, 24, 24);
    layout->addStretch();
    layout->addWidget(m_emptyLabel);
    layout->addLayout(buttons);
    layout->addStretch(2);
    m_emptyPage->setAutoFillBackground(true);
    m_emptyPage->setBackgroundRole(QPalette::Base);
    m_tableStack->addWidget(m_emptyPage);
    m_tableStack->addWidget(m_table);
}

void ReceiveArea::sendTestWebhook()
{
    if (m_panel->state() != ListenerPanel::State::Listening) {
        // Sent once the listener is up (connectListener); a start that fails says why in the panel.
        m_testPending = true;
        m_panel->start();
        return;
    }
    m_testPending = false;
    RequestDraft draft;
    draft.method = QStringLiteral("POST");
    draft.url = m_panel->url().resolved(QUrl(QStringLiteral("/webhooks/test"))).toString();
    draft.body = QString::fromUtf8(SampleCatalog::find(QStringLiteral("user-registered")).load()).trimmed();
    Q_EMIT testWebhookRequested(draft);
}

void ReceiveArea::setUpFilter()
{
    m_filterEdit->setClearButtonEnabled(true);
    m_filterEdit->setMinimumWidth(220);
    m_filterEdit->setPlaceholderText(tr("Filter: method:POST  path:/hooks/*  status:rejected  sig:invalid  or text"));
    m_filterEdit->setToolTip(
        tr("<p>Narrow the table down. Combine any of:</p>"
           "<ul><li><b>method:POST</b> — the request method</li>"
           "<li><b>path:/hooks/*</b> — the path; * matches anything</li>"
           "<li><b>status:rejected</b>, <b>status:accepted</b> or <b>status:500</b> — the verdict or the "
           "answer</li>"
           "<li><b>sig:valid</b> or <b>sig:invalid</b> — the signature check</li>"
           "<li>other words — found in the method, path, content type, headers or body</li></ul>"));

    m_followButton->setText(tr("Auto-scroll"));
    m_followButton->setCheckable(true);
    m_followButton->setChecked(true);
    m_followButton->setToolTip(tr("Keep the newest request in view. Scrolling up pauses this; scrolling back "
                                  "to the bottom resumes it."));

    // Typing is coalesced: a filter pass over 100,000 rows per keystroke would show.
    m_filterTimer.setSingleShot(true);
    m_filterTimer.setInterval(150);
    connect(&m_filterTimer, &QTimer::timeout, this, &ReceiveArea::applyFilter);
    connect(m_filterEdit, &QLineEdit::textChanged, &m_filterTimer, qOverload<>(&QTimer::start));
    m_searchTimer.setSingleShot(true);
    m_searchTimer.setInterval(400);
    connect(&m_searchTimer, &QTimer::timeout, this, &ReceiveArea::startSearch);
}

QWidget *ReceiveArea::buildToolRow()
{
    // The filter takes what the line has left; the actions wrap below it in a narrow window.
    auto *filterGroup = new QWidget(this);
    filterGroup->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    auto *filterLayout = new QHBoxLayout(filterGroup);
    filterLayout->setContentsMargins(0, 0, 0, 0);
    filterLayout->setSpacing(6);
    filterLayout->addWidget(m_filterEdit, 1);
    filterLayout->addWidget(m_followButton);
    auto *eventsButton = new QToolButton(this);
    eventsButton->setObjectName(QStringLiteral("eventsButton"));
    eventsButton->setDefaultAction(m_eventsAction);
    eventsButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    filterLayout->addWidget(eventsButton);
    auto *actionsGroup = new QWidget(this);
    auto *actionsLayout = new QHBoxLayout(actionsGroup);
    actionsLayout->setContentsMargins(0, 0, 0, 0);
    actionsLayout->setSpacing(4);
    const auto addButton = [this, actionsLayout](QAction *action, const QString &name) {
        auto *button = new QToolButton(this);
        button->setObjectName(name);
        button->setDefaultAction(action);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        actionsLayout->addWidget(button);
        return button;
    };
    addButton(m_copyCurlAction, QStringLiteral("copyCurlButton"));
    addButton(m_copyBodyAction, QStringLiteral("copyBodyButton"));
    addButton(m_compareAction, QStringLiteral("compareButton"));
    addButton(m_replay->action(), QStringLiteral("replayButton"));
    auto *exportMenu = new QMenu(this);
    exportMenu->addAction(m_exportSelectedAction);
    exportMenu->addAction(m_exportAllAction);
    auto *exportButton = new QToolButton(this);
    exportButton->setObjectName(QStringLiteral("exportButton"));
    exportButton->setText(tr("Export"));
    exportButton->setMenu(exportMenu);
    exportButton->setPopupMode(QToolButton::InstantPopup);
    actionsLayout->addWidget(exportButton);
    addButton(m_deleteAction, QStringLiteral("deleteButton"));
    addButton(m_clearAllAction, QStringLiteral("clearAllButton"));
    addButton(m_teamInboxAction, QStringLiteral("teamInboxButton"));
    auto *toolRow = new QWidget(this);
    toolRow->setObjectName(QStringLiteral("captureToolRow"));
    auto *toolFlow = new FlowLayout(toolRow, 10, 4);
    toolFlow->setContentsMargins(8, 4, 8, 4);
    toolFlow->addWidget(filterGroup);
    toolFlow->addWidget(actionsGroup);
    return toolRow;
}

// The listener's controls above, then the table (under its tool row) and the inspector, split.
void ReceiveArea::layOut(QWidget *toolRow)
{
    auto *tablePane = new QWidget(this);
    auto *tableLayout = new QVBoxLayout(tablePane);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    tableLayout->setSpacing(0);
    tableLayout->addWidget(toolRow);
    tableLayout->addWidget(m_tableStack, 1);

    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(tablePane);
    m_splitter->addWidget(m_inspector);
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({420, 330});

    auto *line = new QFrame(this);
    line->setFrameShape(QFrame::HLine);
    line->setFrameShadow(QFrame::Sunken);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_panel);
    layout->addWidget(line);
    layout->addWidget(m_splitter, 1);
}

void ReceiveArea::connectFollowing()
{
    // Follow the newest row while the view is at the bottom; the user scrolling away pauses it.
    QScrollBar *scrollBar = m_table->verticalScrollBar();
    connect(scrollBar, &QScrollBar::valueChanged, this, [this, scrollBar](int value) {
        if (m_refiltering)
            return;
        const bool atBottom = value >= scrollBar->maximum();
        if (atBottom != m_follow) {
            m_follow = atBottom;
            const QSignalBlocker block(m_followButton);
            m_followButton->setChecked(atBottom);
        }
    });
    connect(scrollBar, &QScrollBar::rangeChanged, this, [this, scrollBar](int, int maximum) {
        if (m_follow && !m_refiltering)
            scrollBar->setValue(maximum);
    });
    connect(m_followButton, &QToolButton::toggled, this, &ReceiveArea::setFollowNewest);
}

void ReceiveArea::connectTable()
{
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &ReceiveArea::onCurrentRowChanged);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ReceiveArea::updateActions);

    for (QAbstractItemModel *model :
         {static_cast<QAbstractItemModel *>(m_model), static_cast<QAbstractItemModel *>(m_filter)}) {
        connect(model, &QAbstractItemModel::rowsInserted, this, &ReceiveArea::updateEmptyState);
        connect(model, &QAbstractItemModel::rowsRemoved, this, &ReceiveArea::updateEmptyState);
        connect(model, &QAbstractItemModel::modelReset, this, &ReceiveArea::updateEmptyState);
        connect(model, &QAbstractItemModel::layoutChanged, this, &ReceiveArea::updateEmptyState);
    }
}

void ReceiveArea::connectListener()
{
    connect(m_panel, &ListenerPanel::stateChanged, this, [this] {
        if (m_testPending && m_panel->state() == ListenerPanel::State::Listening)
            sendTestWebhook();
        else if (m_panel->state() == ListenerPanel::State::Stopped)
            m_testPending = false; // the start failed: the panel says why
        updateEmptyState();
        Q_EMIT statusChanged(statusText());
    });
}

void ReceiveArea::connectStore()
{
    connect(m_store, &CaptureStore::committed, this, &ReceiveArea::onCommitted);
    connect(m_store, &CaptureStore::summariesLoaded, this, [this](const QList<CaptureSummary> &summaries) {
        if (!summaries.isEmpty())
            m_loadedUpTo = qMax(m_loadedUpTo, summaries.constLast().seq);
        m_model->append(summaries);
    });
    connect(m_store, &CaptureStore::summariesDone, this, &ReceiveArea::onSummariesDone);
    connect(m_store, &CaptureStore::captureLoaded, this, &ReceiveArea::onCaptureLoaded);
    connect(m_store, &CaptureStore::searchFinished, this, [this](quint64 token, const QSet<qint64> &seqs) {
        if (token == m_searchToken)
            refilter([this, seqs] { m_filter->setContentMatches(seqs); });
    });
    connect(m_store, &CaptureStore::removed, this, &ReceiveArea::onRemoved);
    connect(m_store, &CaptureStore::forwardsRecorded, this, [this](const QList<ForwardOutcome> &outcomes) {
        m_model->applyForwards(outcomes);
        const qint64 shown = m_inspector->hasCapture() ? m_inspector->capture().seq : 0;
        for (const ForwardOutcome &outcome : outcomes) {
            if (shown != 0 && outcome.seq == shown && m_wantedSeq == 0) {
                m_wantedSeq = shown; // its Forwarded line is out of date
                m_store->requestCapture(shown);
                break;
            }
        }
    });
    connect(m_store, &CaptureStore::capturesLoaded, this, [this](quint64 token, const QList<Capture> &captures) {
        if (token != m_retryToken || !m_forwarder || captures.isEmpty())
            return;
        m_forwarder->retry(captures);
        showMessage(tr("Forwarding %1 again to %2, retrying with backoff until it answers")
                        .arg(capturesText(captures.size()), m_forwarder->target().toString()));
    });
    connect(m_store, &CaptureStore::cleared, this, &ReceiveArea::onCleared);
    connect(m_store, &CaptureStore::retentionApplied, this, [this](int removedCount) {
        // Retention does not say which captures went; reading the summaries again is cheap.
        if (removedCount > 0)
            reloadSummaries();
    });
    connect(m_store, &CaptureStore::commitFailed, this,
            [this](const QString &error) { showMessage(tr("Captures could not be stored: %1").arg(error)); });
    // A shared store (team inbox) pushes what other listeners commit; a file store has no others.
    connect(m_store, &CaptureStore::arrived, this, [this](const QList<CaptureSummary> &summaries) {
        m_model->append(summaries);
        if (!m_filter->freeText().isEmpty())
            m_searchTimer.start();
    });
    connect(m_store, &CaptureStore::connectionChanged, this, &ReceiveArea::onConnectionChanged);
    connect(m_store, &CaptureStore::opened, this,
            [this](bool ok, const QString &error, const QString &) { onStoreOpened(ok, error); });
    m_store->watchArrivals();
}

void ReceiveArea::setSecretStore(SecretStore *secrets)
{
    m_secrets = secrets;
    const QString remembered = AppSettings().teamInboxUri();
    if (remembered.isEmpty() || !m_secrets)
        return;
    const auto reconnect = [this, remembered] {
        switchStore(
            PostgresDatabase::withPassword(remembered, m_secrets->value(QStringLiteral("teamInbox/") + remembered)));
    };
    if (m_secrets->isReady())
        reconnect();
    else
        connect(m_secrets, &SecretStore::ready, this, reconnect, Qt::SingleShotConnection);
}

void ReceiveArea::connectTeamInbox()
{
    TeamInboxDialog dialog(this);
    const QString remembered = AppSettings().teamInboxUri();
    dialog.setUri(remembered);
    if (m_secrets && !remembered.isEmpty())
        dialog.setPassword(m_secrets->value(QStringLiteral("teamInbox/") + remembered));
    if (dialog.exec() != QDialog::Accepted)
        return;
    AppSettings().setTeamInboxUri(dialog.uri());
    if (m_secrets) {
        QString error;
        if (!m_secrets->setValue(QStringLiteral("teamInbox/") + dialog.uri(), dialog.password(), &error))
            showMessage(tr("The password could not be kept: %1").arg(error));
    }
    switchStore(dialog.location());
}

void ReceiveArea::switchStore(const QString &location)
{
    m_switching = true;
    m_previousStore = m_store->fileName();
    m_storeUnreachable = false;
    showMessage(tr("Connecting to %1…")
                    .arg(PostgresDatabase::isLocation(location) ? PostgresDatabase::redacted(location) : location));
    m_store->openAsync(location);
}

void ReceiveArea::onStoreOpened(bool ok, const QString &error)
{
    if (!std::exchange(m_switching, false))
        return; // the application's own open at start, which the window reports
    const QString previous = std::exchange(m_previousStore, QString());
    if (ok) {
        showMessage(tr("Captures are now kept in %1").arg(m_store->displayName()));
    } else {
        showMessage(tr("Could not open %1").arg(error.section(QLatin1Char('\n'), 0, 0)));
        if (!previous.isEmpty())
            m_store->openAsync(previous);
    }
    reloadSummaries();
    Q_EMIT statusChanged(statusText());
}

void ReceiveArea::onConnectionChanged(bool connected, const QString &error)
{
    m_storeUnreachable = !connected;
    if (connected) {
        showMessage(tr("Connected again to %1").arg(m_store->displayName()));
        reloadSummaries(); // what was committed meanwhile was not announced
    } else {
        // libpq's messages run on over several lines; the first says what happened.
        showMessage(tr("Lost the connection to the team inbox (%1). Listeners answer 503 until it is back.")
                        .arg(error.section(QLatin1Char('\n'), 0, 0)));
    }
    Q_EMIT statusChanged(statusText());
}

void ReceiveArea::createActions()
{
    const auto make = [this](const QString &text, const QString &name, const QKeySequence &shortcut,
                             Qt::ShortcutContext context, void (ReceiveArea::*slot)()) {
        auto *action = new QAction(text, this);
        action->setObjectName(name);
        action->setShortcut(shortcut);
        action->setShortcutContext(context);
        if (!shortcut.isEmpty())
            action->setToolTip(
                QStringLiteral("%1 (%2)").arg(QString(text).remove(QLatin1Char('&')).remove(QStringLiteral("…")),
                                              shortcut.toString(QKeySequence::NativeText)));
        connect(action, &QAction::triggered, this, slot);
        return action;
    };
    // Copy and Delete act on the table only, so Ctrl+C and Delete keep their usual
    // meaning in the filter box and in the inspector's text.
    m_copyCurlAction = make(tr("Copy as cURL"), QStringLiteral("copyCurlAction"), QKeySequence(tr("Ctrl+Shift+C")),
                            Qt::WidgetWithChildrenShortcut, &ReceiveArea::copyAsCurl);
    m_openInComposerAction = make(tr("Open in composer"), QStringLiteral("openInComposerAction"),
                                  QKeySequence(tr("Ctrl+Shift+O")), Qt::WidgetWithChildrenShortcut,
                                  &ReceiveArea::openInComposer);
    m_openInComposerAction->setToolTip(
        tr("Open this capture as a new request in the Send area, aimed at the forward target or, without one, "
           "back at where it came in (Ctrl+Shift+O)"));
    m_copyBodyAction = make(tr("Copy body"), QStringLiteral("copyBodyAction"), QKeySequence::Copy, Qt::WidgetShortcut,
                            &ReceiveArea::copyBody);
    m_exportSelectedAction = make(tr("Export Selected Captures…"), QStringLiteral("exportSelectedAction"),
                                  QKeySequence(tr("Ctrl+E")), Qt::WidgetWithChildrenShortcut,
                                  &ReceiveArea::exportSelected);
    m_exportAllAction = make(tr("Export All Captures…"), QStringLiteral("exportAllAction"),
                             QKeySequence(tr("Ctrl+Shift+E")), Qt::WidgetWithChildrenShortcut, &ReceiveArea::exportAll);
    m_deleteAction = make(tr("Delete"), QStringLiteral("deleteAction"), QKeySequence::Delete, Qt::WidgetShortcut,
                          &ReceiveArea::deleteSelected);
    m_clearAllAction = make(tr("Clear all…"), QStringLiteral("clearAllAction"), QKeySequence(), Qt::WidgetShortcut,
                            &ReceiveArea::clearAll);
    m_clearAllAction->setToolTip(tr("Delete every capture from the store"));
    m_retryForwardAction = make(tr("Retry forwarding"), QStringLiteral("retryForwardAction"),
                                QKeySequence(tr("Ctrl+Shift+R")), Qt::WidgetWithChildrenShortcut,
                                &ReceiveArea::retryForwarding);
    m_retryForwardAction->setToolTip(
        tr("Forward the selected captures to the forward target again, retrying with backoff until it answers "
           "(Ctrl+Shift+R)"));
    m_teamInboxAction = make(tr("Connect to team inbox…"), QStringLiteral("teamInboxAction"), QKeySequence(),
                             Qt::WidgetWithChildrenShortcut, &ReceiveArea::connectTeamInbox);
    m_teamInboxAction->setToolTip(tr("Keep captures in a PostgreSQL database that your team shares"));
    createAttemptActions();

    // The table gets them all (shortcuts and its context menu); the area gets the
    // ones that make sense wherever the focus is inside it.
    m_replay = new ReceiveReplay(this, m_store);
    m_table->addActions({m_copyCurlAction, m_openInComposerAction, m_replay->action(), m_compareAction,
                         m_copyBodyAction, m_exportSelectedAction, m_exportAllAction, m_deleteAction, m_clearAllAction,
                         m_retryForwardAction, m_eventsAction});
    addActions({m_copyCurlAction, m_openInComposerAction, m_replay->action(), m_compareAction, m_exportSelectedAction,
                m_exportAllAction, m_eventsAction});

    auto *focusFilter = new QAction(tr("Filter Captures"), this);
    focusFilter->setObjectName(QStringLiteral("filterCapturesAction"));
    focusFilter->setShortcut(QKeySequence::Find);
    focusFilter->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(focusFilter, &QAction::triggered, this, [this] {
        m_filterEdit->setFocus(Qt::ShortcutFocusReason);
        m_filterEdit->selectAll();
    });
    addAction(focusFilter);
    // Enter in the filter goes on to what it filtered.
    connect(m_filterEdit, &QLineEdit::returnPressed, this, &ReceiveArea::focusCaptures);
}

void ReceiveArea::focusCaptures()
{
    if (m_tableStack->currentWidget() == m_emptyPage) {
        // Nothing to list: the first step to take instead.
        if (m_emptyStartButton->isVisible())
            m_emptyStartButton->setFocus(Qt::ShortcutFocusReason);
        else if (m_testWebhookButton->isVisible())
            m_testWebhookButton->setFocus(Qt::ShortcutFocusReason);
        return;
    }
    m_table->setFocus(Qt::ShortcutFocusReason);
    // A table with rows but no current one would make the first arrow key only pick a row.
    if (!m_table->currentIndex().isValid() && m_filter->rowCount() > 0)
        m_table->setCurrentIndex(m_filter->index(m_follow ? m_filter->rowCount() - 1 : 0, 0));
}

QString ReceiveArea::statusText() const
{
    const QString store = m_store->displayName();
    if (!PostgresDatabase::isLocation(store))
        return m_panel->statusText();
    // Short: it sits in the status bar; the reason went by as a message.
    const QString state = !m_storeUnreachable ? tr("team inbox %1").arg(store)
                                              : tr("team inbox %1 unreachable").arg(store);
    return m_panel->statusText() + QStringLiteral(" · ") + state;
}

QList<qint64> ReceiveArea::selectedSeqs() const
{
    QList<qint64> seqs;
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    seqs.reserve(rows.size());
    for (const QModelIndex &index : rows) {
        if (const qint64 seq = index.data(CaptureModel::SeqRole).toLongLong(); seq > 0)
            seqs.append(seq);
    }
    std::sort(seqs.begin(), seqs.end());
    return seqs;
}

void ReceiveArea::reloadSummaries()
{
    m_loading = true;
    m_loadedUpTo = 0;
    m_heldBack.clear();
    m_model->clear();
    m_store->requestSummaries();
    updateEmptyState();
}

void ReceiveArea::onSummariesDone()
{
    m_loading = false;
    // What was committed while loading is in the summaries when it was committed first.
    QList<Capture> fresh;
    for (const Capture &capture : std::as_const(m_heldBack)) {
        if (capture.seq == 0 || capture.seq > m_loadedUpTo)
            fresh.append(capture);
    }
    m_heldBack.clear();
    if (!fresh.isEmpty())
        m_model->enqueue(fresh);
    updateEmptyState();
    updateActions();
}

void ReceiveArea::onCommitted(const QList<Capture> &captures)
{
    if (m_loading) {
        m_heldBack.append(captures);
        return;
    }
    m_model->enqueue(captures);
    // New captures may match a running text search; ask again once the burst settles.
    if (!m_filter->freeText().isEmpty())
        m_searchTimer.start();
}

void ReceiveArea::applyFilter()
{
    const QString text = m_filterEdit->text();
    refilter([this, text] { m_filter->setFilterText(text); });
    m_searchTimer.stop();
    startSearch();
}

void ReceiveArea::refilter(const std::function<void()> &change)
{
    // CaptureFilterModel rebuilds its rows in one pass as a layout change, so the
    // selection and the current row follow by themselves; only the scroll bar's
    // jumps while rows come and go must not pause or resume following.
    m_refiltering = true;
    change();
    m_refiltering = false;
    m_table->viewport()->update();
    if (m_follow)
        m_table->scrollToBottom();
    else if (m_table->currentIndex().isValid())
        m_table->scrollTo(m_table->currentIndex(), QAbstractItemView::PositionAtCenter);
    updateEmptyState();
}

void ReceiveArea::startSearch()
{
    const QString text = m_filter->freeText();
    ++m_searchToken;
    if (!text.isEmpty())
        m_store->requestSearch(m_searchToken, text);
}

void ReceiveArea::setFollowNewest(bool follow)
{
    m_follow = follow;
    {
        const QSignalBlocker block(m_followButton);
        m_followButton->setChecked(follow);
    }
    if (follow)
        m_table->scrollToBottom();
}

void ReceiveArea::updateEmptyState()
{
    QString text;
    const bool none = m_model->rowCount() == 0;
    const bool listening = m_panel->state() == ListenerPanel::State::Listening;
    if (none) {
        if (m_loading) {
            text = tr("Loading captures…");
        } else {
            const QString url = m_panel->url().toString();
            const QString ca = m_panel->listener()->caCertificateFile();
            // A client must be told to trust Hookbench's CA, or the example fails.
            const QString trust = ca.isEmpty() || !m_panel->listener()->isTls()
                ? QString()
                : QStringLiteral("--cacert ") + TrustCommands::shellQuoted(ca) + QLatin1Char(' ');
            if (listening)
                text = tr("Listening on %1 — nothing has arrived yet.\nPoint your app or provider here, or send a "
                          "test webhook and watch it arrive.\n\nFrom a terminal:\ncurl %2-H 'Content-Type: "
                          "application/json' -d '{\"hello\": \"world\"}' %1")
                           .arg(url, trust);
            else
                text = tr("No webhooks yet. Start a listener and point your app or provider at %1,\nor send a test "
                          "webhook from here and watch it arrive.")
                           .arg(url);
        }
    } else if (m_filter->rowCount() == 0) {
        text = tr("No request matches the filter “%1”.").arg(m_filterEdit->text().trimmed());
    }
    const bool firstSteps = none && !m_loading;
    m_emptyStartButton->setVisible(firstSteps && m_panel->state() == ListenerPanel::State::Stopped);
    m_testWebhookButton->setVisible(firstSteps);
    m_testWebhookButton->setEnabled(!m_testPending);
    if (text.isEmpty()) {
        m_tableStack->setCurrentWidget(m_table);
    } else {
        m_emptyLabel->setText(text);
        m_tableStack->setCurrentWidget(m_emptyPage);
    }
    updateActions();
}

void ReceiveArea::updateActions()
{
    const bool shown = currentCaptureShown();
    const bool selected = m_table->selectionModel()->hasSelection();
    const bool any = m_model->rowCount() > 0;
    m_copyCurlAction->setEnabled(shown);
    m_openInComposerAction->setEnabled(shown);
    m_copyBodyAction->setEnabled(shown);
    m_exportSelectedAction->setEnabled(selected);
    m_exportAllAction->setEnabled(any);
    m_deleteAction->setEnabled(selected);
    m_clearAllAction->setEnabled(any);
    m_retryForwardAction->setEnabled(selected && m_forwarder && m_forwarder->isForwarding());
    m_compareAction->setEnabled(m_table->selectionModel()->selectedRows().size() == 2);
}

bool ReceiveArea::currentCaptureShown() const
{
    const QModelIndex current = m_table->currentIndex();
    return current.isValid() && m_inspector->hasCapture()
        && m_inspector->capture().seq == current.data(CaptureModel::SeqRole).toLongLong();
}

void ReceiveArea::onCurrentRowChanged()
{
    const QModelIndex current = m_table->currentIndex();
    if (!current.isValid()) {
        m_wantedSeq = 0;
        m_inspector->clear();
        updateActions();
        return;
    }
    const qint64 seq = current.data(CaptureModel::SeqRole).toLongLong();
    if (seq == 0) {
        m_wantedSeq = 0;
        m_inspector->showMessage(tr("This request was not stored (the capture store failed), so its details "
                                    "are not available."));
    } else if (!(m_inspector->hasCapture() && m_inspector->capture().seq == seq)) {
        // The previous capture stays in view until this one arrives: no flicker while arrowing down.
        m_wantedSeq = seq;
        m_store->requestCapture(seq);
    }
    updateActions();
}

void ReceiveArea::onCaptureLoaded(const Capture &capture)
{
    if (capture.seq != m_wantedSeq)
        return;
    m_wantedSeq = 0;
    m_inspector->showCapture(capture);
    showAttemptsOfShown();
    updateActions();
}

void ReceiveArea::copyAsCurl()
{
    if (!currentCaptureShown())
        return;
    QApplication::clipboard()->setText(CaptureCurl::command(m_inspector->capture()));
    showMessage(tr("Copied as a cURL command"));
}

void ReceiveArea::openInComposer()
{
    if (!currentCaptureShown())
        return;
    const Capture &capture = m_inspector->capture();
    // Aimed where the developer's code is (the forward target) or, without one, back at the
    // host the sender used, so Send reproduces the delivery until the URL is changed.
    QUrl target = m_forwarder && m_forwarder->isForwarding() ? m_forwarder->target() : QUrl();
    if (!target.isValid()) {
        const QByteArray host = Headers::value(capture.headers, "Host");
        target = QUrl(QStringLiteral("%1://%2").arg(capture.tls.used ? QStringLiteral("https") : QStringLiteral("http"),
                                                    QString::fromLatin1(host.isEmpty() ? "127.0.0.1" : host)));
    }
    bool exact = true;
    Q_EMIT openInComposerRequested(CaptureRequest::toDraft(capture, target, &exact));
    showMessage(exact ? tr("Opened the capture in a new request tab")
                      : tr("Opened the capture in a new request tab; its body is not UTF-8 text, so the composer "
                           "holds it changed (Replay sends the exact bytes)"));
}

void ReceiveArea::copyBody()
{
    if (!currentCaptureShown())
        return;
    const QByteArray &body = m_inspector->capture().body;
    auto *mime = new QMimeData;
    // Bytes that are not text go out exactly as application/octet-stream, and as a
    // hex dump for whatever pastes only text.
    mime->setData(QStringLiteral("application/octet-stream"), body);
    const bool text = Utf8::isValid(body);
    mime->setText(text ? QString::fromUtf8(body) : ResponseBody::hexDump(body, body.size()));
    QApplication::clipboard()->setMimeData(mime);
    showMessage(text ? tr("Copied the body (%1)").arg(ResponseBody::formatSize(body.size()))
                     : tr("Copied the binary body (%1) as a hex dump").arg(ResponseBody::formatSize(body.size())));
}

void ReceiveArea::setForwarder(Forwarder *forwarder)
{
    m_forwarder = forwarder;
    m_panel->setForwarder(forwarder);
    connect(forwarder, &Forwarder::forwardStarted, m_model, &CaptureModel::setForwardPending);
    connect(m_panel, &ListenerPanel::stateChanged, this, &ReceiveArea::updateActions);
    updateActions();
}

void ReceiveArea::setReplayer(Replayer *replayer)
{
    m_replay->setReplayer(replayer);
}

void ReceiveArea::retryForwarding()
{
    const QList<qint64> seqs = selectedSeqs();
    if (seqs.isEmpty() || !m_forwarder || !m_forwarder->isForwarding())
        return;
    m_retryToken = m_store->nextToken(); // the Replayer reads captures through the store too
    m_store->requestCaptures(m_retryToken, seqs);
}

void ReceiveArea::exportSelected()
{
    const QList<qint64> seqs = selectedSeqs();
    if (seqs.isEmpty())
        return;
    startExport(seqs, tr("Export %1").arg(capturesText(seqs.size())),
                seqs.size() == 1 ? QStringLiteral("capture-%1.jsonl").arg(seqs.constFirst())
                                 : QStringLiteral("captures.jsonl"));
}

void ReceiveArea::exportAll()
{
    if (m_model->rowCount() == 0)
        return;
    startExport({}, tr("Export all captures"), QStringLiteral("captures.jsonl"));
}

void ReceiveArea::startExport(const QList<qint64> &seqs, const QString &caption, const QString &suggestedName)
{
    if (m_export) {
        showMessage(tr("An export is still running"));
        return;
    }
    const QString file = chooseExportFile(caption, suggestedName);
    if (file.isEmpty())
        return;
    auto *job = new CaptureExportJob(m_store->fileName(), file, CaptureExportJob::formatForFile(file), seqs, this);
    m_export = job;
    connect(job, &CaptureExportJob::finished, this, [this, job](bool ok, qint64 count, const QString &error) {
        const QString message = ok
            ? tr("Exported %1 to %2").arg(capturesText(count), QDir::toNativeSeparators(job->outputFile()))
            : tr("Export failed: %1").arg(error);
        showMessage(message);
        Q_EMIT exportFinished(ok, message);
        job->deleteLater();
    });
    showMessage(tr("Exporting to %1…").arg(QDir::toNativeSeparators(file)));
    job->start();
}

QString ReceiveArea::chooseExportFile(const QString &caption, const QString &suggestedName)
{
    // The format follows the name: *.har is HAR 1.2, anything else JSON Lines.
    QString filter = tr("JSON Lines (*.jsonl)");
    const QString har = tr("HAR 1.2 (*.har)");
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    QString file = Dialogs::getSaveFileName(this, caption, QDir(dir).filePath(suggestedName),
                                            filter + QStringLiteral(";;") + har, &filter);
    if (!file.isEmpty() && QFileInfo(file).suffix().isEmpty())
        file += filter == har ? QStringLiteral(".har") : QStringLiteral(".jsonl");
    return file;
}

void ReceiveArea::deleteSelected()
{
    const QList<qint64> seqs = selectedSeqs();
    if (seqs.isEmpty())
        return;
    // Where the selection was, so the next capture is selected once these are gone.
    int firstRow = m_filter->rowCount();
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        firstRow = qMin(firstRow, index.row());
    m_rowAfterDelete = firstRow;
    m_store->removeCaptures(seqs);
}

void ReceiveArea::clearAll()
{
    const int count = m_model->rowCount();
    if (count == 0)
        return;
    if (!Dialogs::confirm(this, tr("Clear all captures"),
                          tr("Delete all %1 from the store? This cannot be undone.").arg(capturesText(count))))
        return;
    m_store->removeAll();
}

void ReceiveArea::onRemoved(const QList<qint64> &seqs)
{
    const bool inspected = m_inspector->hasCapture() && seqs.contains(m_inspector->capture().seq);
    m_model->removeSeqs(seqs);
    if (inspected)
        m_inspector->clear();
    if (m_rowAfterDelete >= 0 && m_filter->rowCount() > 0) {
        m_table->selectRow(qMin(m_rowAfterDelete, m_filter->rowCount() - 1));
    }
    m_rowAfterDelete = -1;
    showMessage(tr("Deleted %1").arg(capturesText(seqs.size())));
    updateActions();
}

void ReceiveArea::onCleared()
{
    m_model->clear();
    m_inspector->clear();
    m_wantedSeq = 0;
    showMessage(tr("All captures deleted"));
    updateEmptyState();
}

void ReceiveArea::showMessage(const QString &text)
{
    Q_EMIT messageShown(text);
}
