#pragma once

#include <QObject>
#include <QString>

#include <memory>

class CaptureStore;
class CollectionsWorkspace;
class DraftsStore;
class Forwarder;
class HistoryStore;
class Listener;
class Replayer;
class Sender;

// The application's services, created and owned in one place so that neither the window
// nor any widget builds a store, a sender or a listener: the GUI (main.cpp hands it to
// MainWindow, which passes each area what it needs) and the CLI commands (each asks only
// for what it uses) both start from here.
//
// Order, which is this class's job and nobody else's:
//   built      capture store -> listener -> history -> sender -> forwarder -> replayer -> collections workspace
//              -> drafts
//   destroyed  drafts -> collections workspace -> replayer -> forwarder -> listener -> capture store -> sender
//              -> history
// The listener writes into the capture store from its own thread, so it stops before the
// store flushes and closes; the sender goes before the history, so no send finishing
// late records into a closed history. Whatever uses a service (widgets, SendRunner,
// CollectionRunner) must be gone before this object: main() declares it before the
// window, a command before its runners.
class AppServices final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AppServices)

public:
    // What to build and where the files are. The defaults are the GUI's: every service,
    // the files in the data folder (DataPaths).
    struct Options {
        bool captureStore = true; // false: `listen --no-store`, captures are kept nowhere
        QString captureStoreFile; // empty: DataPaths::captureStoreFile(); `--store FILE`
        bool listener = true;     // the application's listener, writing into the capture store
        bool history = true;      // false: `send --no-history`
        QString historyFile;      // empty: DataPaths::historyStoreFile(); `--history FILE`
        bool sender = true;
        // The window's collections (files, secrets, the active environment). It starts reading
        // the data folder's collection files at once, so commands leave it out: `run` reads
        // its one file itself.
        bool collections = true;
        // The Send area's open tabs, written as they change (with the collections: the window's).
        QString draftsFile; // empty: DataPaths::draftsFile()
    };

    // What the capture store's openAsync() answered, kept so that a window built after it
    // finished still learns it.
    struct OpenResult {
        bool finished = false;
        bool ok = false;
        QString error;
        QString notice; // e.g. a damaged file set aside
    };

    explicit AppServices(QObject *parent = nullptr);
    explicit AppServices(const Options &options, QObject *parent = nullptr);
    ~AppServices() override; // in the order above

    const Options &options() const { return m_options; }
    // The capture store's file, as given or the default (also when no store is built).
    QString captureStoreFile() const;

    // Opens the capture store, blocking (the CLI, tests). True without a store.
    bool openCaptureStore(QString *error, QString *notice = nullptr);
    // Opens it on its own thread (the GUI): captureStoreOpened() follows. Reads queued
    // after this call (a model's first load) run after the open.
    void openCaptureStoreAsync();
    OpenResult captureStoreOpenResult() const { return m_openResult; }

    // nullptr when the options left them out.
    CaptureStore *captureStore() const { return m_captureStore.get(); }
    Listener *listener() const { return m_listener.get(); }
    HistoryStore *history() const { return m_history.get(); }
    Sender *sender() const { return m_sender.get(); }
    CollectionsWorkspace *collections() const { return m_collections.get(); }
    DraftsStore *drafts() const { return m_drafts.get(); }
    // The listener's live forwarding; built when both the listener and the sender are.
    Forwarder *forwarder() const { return m_forwarder.get(); }
    // Replays of stored captures (the window's Replay…); built when both the capture store and
    // the sender are.
    Replayer *replayer() const { return m_replayer.get(); }

Q_SIGNALS:
    void captureStoreOpened(bool ok, const QString &error, const QString &notice);

private:
    Options m_options;
    OpenResult m_openResult;
    // Declared in the order they are built; the destructor resets them explicitly.
    std::unique_ptr<CaptureStore> m_captureStore;
    std::unique_ptr<Listener> m_listener;
    std::unique_ptr<HistoryStore> m_history;
    std::unique_ptr<Sender> m_sender;
    std::unique_ptr<Forwarder> m_forwarder;
    std::unique_ptr<Replayer> m_replayer;
    std::unique_ptr<CollectionsWorkspace> m_collections;
    std::unique_ptr<DraftsStore> m_drafts;
};
