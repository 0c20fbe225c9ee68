#include "core/app/appservices.h"

#include "core/app/datapaths.h"
#include "core/capture/capturestore.h"
#include "core/collections/collectionsworkspace.h"
#include "core/drafts/draftsstore.h"
#include "core/forward/forwarder.h"
#include "core/listener/listener.h"
#include "core/replay/replayer.h"
#include "core/send/historystore.h"
#include "core/send/sender.h"

AppServices::AppServices(QObject *parent)
    : AppServices(Options(), parent)
{ }

AppServices::AppServices(const Options &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
{
    if (m_options.captureStore) {
        m_captureStore = std::make_unique<CaptureStore>();
        m_captureStore->setObjectName(QStringLiteral("captureStore"));
        connect(m_captureStore.get(), &CaptureStore::opened, this,
                [this](bool ok, const QString &error, const QString &notice) {
                    m_openResult = {true, ok, error, notice};
                    Q_EMIT captureStoreOpened(ok, error, notice);
                });
    }
    if (m_options.listener) {
        m_listener = std::make_unique<Listener>(m_captureStore.get());
        m_listener->setObjectName(QStringLiteral("listener"));
    }
    if (m_options.history) {
        m_history = m_options.historyFile.isEmpty() ? std::make_unique<HistoryStore>()
                                                    : std::make_unique<HistoryStore>(m_options.historyFile);
        m_history->setObjectName(QStringLiteral("historyStore"));
    }
    if (m_options.sender) {
        m_sender = std::make_unique<Sender>();
        m_sender->setObjectName(QStringLiteral("sender"));
    }
    if (m_listener && m_sender) {
        m_forwarder = std::make_unique<Forwarder>(m_sender.get(), m_listener.get(), m_captureStore.get());
        m_forwarder->setObjectName(QStringLiteral("forwarder"));
    }
    if (m_captureStore && m_sender) {
        m_replayer = std::make_unique<Replayer>(m_sender.get(), m_captureStore.get());
        m_replayer->setObjectName(QStringLiteral("replayer"));
    }
    if (m_options.collections) {
        m_collections = std::make_unique<CollectionsWorkspace>();
        m_collections->setObjectName(QStringLiteral("collections"));
        m_drafts = std::make_unique<DraftsStore>(m_options.draftsFile.isEmpty() ? DataPaths::draftsFile()
                                                                                : m_options.draftsFile);
        m_drafts->setObjectName(QStringLiteral("drafts"));
    }
}

AppServices::~AppServices()
{
    // The last drafts reach the disk whatever else happens.
    m_drafts.reset();
    // Then the collections workspace: its last writes still store their secrets, and
    // nothing it starts may outlive the services below.
    m_collections.reset();
    // Replays on the wire are aborted; what was recorded is queued to the store already.
    m_replayer.reset();
    // Its last outcomes are queued to the store, and proxied senders still waiting are answered.
    m_forwarder.reset();
    // The listener's thread stops before the store it writes into flushes and closes.
    m_listener.reset();
    m_captureStore.reset();
    // Sends still in flight are aborted without finishing, so none records after the history closed.
    m_sender.reset();
    m_history.reset();
}

QString AppServices::captureStoreFile() const
{
    return m_options.captureStoreFile.isEmpty() ? DataPaths::captureStoreFile() : m_options.captureStoreFile;
}

bool AppServices::openCaptureStore(QString *error, QString *notice)
{
    if (!m_captureStore)
        return true;
    return m_captureStore->open(captureStoreFile(), error, notice);
}

void AppServices::openCaptureStoreAsync()
{
    if (m_captureStore)
        m_captureStore->openAsync(captureStoreFile());
}
