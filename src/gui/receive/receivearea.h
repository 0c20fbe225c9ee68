#pragma once

#include "core/capture/capture.h"
#include "core/send/requestdraft.h"

#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <functional>

class CaptureExportJob;
class CaptureFilterModel;
class CaptureInspector;
class CaptureModel;
class CaptureStore;
class Forwarder;
class Listener;
class ListenerPanel;
class QAction;
class QLabel;
class QLineEdit;
class QPushButton;
class QSplitter;
class QStackedWidget;
class QTableView;
class QHBoxLayout;
class QToolButton;
class ReceiveReplay;
class Replayer;
class SecretStore;

// The Receive work area: the listener's controls above, the live table of captures
// with its filter, and the inspector for the selected capture. Captures come from the
// store (every listener writing to it, and earlier runs), reach the model in batches,
// and are loaded in full only when selected; every store call is asynchronous, so
// the window never waits on the disk.
class ReceiveArea final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReceiveArea)

public:
    // `store` and `listener` are the application's (AppServices) and must outlive this area.
    ReceiveArea(CaptureStore *store, Listener *listener, QWidget *parent = nullptr);
    ~ReceiveArea() override;

    // The listener's live forwarding (AppServices'; may stay unset): the panel's target, the
    // table's Forward column, Retry Forwarding.
    void setForwarder(Forwarder *forwarder);
    // Where "Connect to team inbox…" keeps the database's password (the window's secrets).
    // The team inbox connected to last time is connected to again once they can be read.
    void setSecretStore(SecretStore *secrets);
    // Replay… (AppServices' replayer; without one the action stays disabled): ReceiveReplay.
    void setReplayer(Replayer *replayer);

    SecretStore *secretStore() const { return m_secrets; }
    ReceiveReplay *replay() const { return m_replay; }

    ListenerPanel *listenerPanel() const { return m_panel; }
    CaptureInspector *inspector() const { return m_inspector; }
    QTableView *table() const { return m_table; }
    CaptureModel *model() const { return m_model; }
    CaptureFilterModel *filterModel() const { return m_filter; }

    // One line for the main window's status bar: the listener's state and the counts.
    QString statusText() const;
    bool isLoading() const { return m_loading; }
    bool isFollowingNewest() const { return m_follow; }
    QList<qint64> selectedSeqs() const;
    QAction *exportAllAction() const { return m_exportAllAction; }
    QAction *exportSelectedAction() const { return m_exportSelectedAction; }

public Q_SLOTS:
    // The capture table gets the focus (Ctrl+2, Enter in the filter), on the newest row when
    // none is current yet.
    void focusCaptures();
    // First run: a sample webhook sent to this listener (started first when stopped) from a new
    // request tab in the Send area (testWebhookRequested), so it arrives in the table.
    void sendTestWebhook();
    void copyAsCurl();
    void copyBody();
    void exportSelected();
    void exportAll();
    void deleteSelected();
    void retryForwarding();
    void openInComposer();
    // The two selected captures' differences, in a CaptureDiffDialog (not modal).
    void compareSelected();
    // One row per event (delivery id) rather than per attempt; remembered.
    void setShowEvents(bool events);
    void clearAll();
    void setFollowNewest(bool follow);
    // Asks for a team inbox (a PostgreSQL store) and switches the capture store to it.
    void connectTeamInbox();
    // Switches the capture store to `location` (a file or a postgresql:// URI); when that
    // fails the store goes back to the one it had, and the message says why.
    void switchStore(const QString &location);

Q_SIGNALS:
    // Open in composer: the capture in view as a request (MainWindow opens it in a new tab).
    void openInComposerRequested(const RequestDraft &draft);
    // Send a test webhook: `draft` (a sample aimed at the listener) is to be opened and sent.
    void testWebhookRequested(const RequestDraft &draft);
    void statusChanged(const QString &text);
    // Short feedback for the status bar ("Copied as cURL", "Exported 12 captures to …").
    void messageShown(const QString &text);
    void exportFinished(bool ok, const QString &message);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override; // the table's width: fitPathColumn()

private:
    void fitPathColumn();
    // The constructor's steps, in order.
    void setObjectNames();
    void setUpTable();
    void setUpEmptyState();
    void setUpFilter();
    void createActions();
    QWidget *buildToolRow(); // the filter, Auto-scroll and the action buttons
    void layOut(QWidget *toolRow);
    void connectFollowing(); // Auto-scroll and the scroll bar
    void connectTable();     // selection and row counts
    void connectListener();
    void connectStore();
    void createAttemptActions(); // Events and Compare (receiveareaattempts.cpp)
    void showAttemptsOfShown();  // the inspector's Attempts tab, from the table's model
    void selectCapture(qint64 seq);

    void onCommitted(const QList<Capture> &captures);
    void onStoreOpened(bool ok, const QString &error);
    void onConnectionChanged(bool connected, const QString &error);
    void onSummariesDone();
    void reloadSummaries();
    void onCurrentRowChanged();
    void onCaptureLoaded(const Capture &capture);
    void onRemoved(const QList<qint64> &seqs);
    void onCleared();
    void applyFilter();
    void refilter(const std::function<void()> &change);
    void startSearch();
    void updateEmptyState();
    void updateActions();
    void startExport(const QList<qint64> &seqs, const QString &caption, const QString &suggestedName);
    // The file to write, or an empty string when the user cancelled.
    QString chooseExportFile(const QString &caption, const QString &suggestedName);
    void showMessage(const QString &text);
    bool currentCaptureShown() const;

    CaptureStore *m_store;
    ListenerPanel *m_panel;
    CaptureModel *m_model;
    CaptureFilterModel *m_filter;
    QLineEdit *m_filterEdit;
    QToolButton *m_followButton;
    QStackedWidget *m_tableStack;
    QWidget *m_emptyPage; // what the table's place shows while there is nothing to list
    QLabel *m_emptyLabel;
    QPushButton *m_emptyStartButton;
    QPushButton *m_testWebhookButton;
    bool m_testPending = false; // Send a test webhook waits for the listener to start
    QTableView *m_table;
    CaptureInspector *m_inspector;
    QSplitter *m_splitter;

    QAction *m_copyCurlAction = nullptr;
    QAction *m_openInComposerAction = nullptr;
    QAction *m_copyBodyAction = nullptr;
    QAction *m_exportSelectedAction = nullptr;
    QAction *m_exportAllAction = nullptr;
    QAction *m_deleteAction = nullptr;
    QAction *m_clearAllAction = nullptr;
    QAction *m_retryForwardAction = nullptr;
    Forwarder *m_forwarder = nullptr;
    quint64 m_retryToken = 0;
    QAction *m_teamInboxAction = nullptr;
    QAction *m_eventsAction = nullptr;
    QAction *m_compareAction = nullptr;
    quint64 m_compareToken = 0;
    ReceiveReplay *m_replay = nullptr;

    SecretStore *m_secrets = nullptr;
    bool m_switching = false;        // switchStore() waits for the store's answer
    QString m_previousStore;         // what a failed switch goes back to
    bool m_storeUnreachable = false; // a shared store lost its connection

    // Captures committed while earlier ones load are held back, so none shows twice.
    bool m_loading = false;
    qint64 m_loadedUpTo = 0;
    QList<Capture> m_heldBack;

    qint64 m_wantedSeq = 0; // the capture the inspector waits for
    int m_rowAfterDelete = -1;
    bool m_follow = true;
    bool m_refiltering = false;
    int m_pathMinimum = 0; // the Path column's narrowest, or the width the user gave it
    bool m_fittingPath = false;
    QTimer m_filterTimer;
    QTimer m_searchTimer;
    quint64 m_searchToken = 0;
    QPointer<CaptureExportJob> m_export;
};
