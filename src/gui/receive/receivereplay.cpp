#include "gui/receive/receivereplay.h"

#include "core/app/appsettings.h"
#include "core/capture/capturemodel.h"
#include "core/capture/capturestore.h"
#include "core/forward/forwarder.h"
#include "core/replay/replayer.h"
#include "core/secrets/secretstore.h"
#include "gui/receive/captureinspector.h"
#include "gui/receive/deliveriesview.h"
#include "gui/receive/listenerpanel.h"
#include "gui/receive/receivearea.h"
#include "gui/receive/replaydialog.h"

#include <QAction>
#include <QItemSelectionModel>
#include <QTableView>

namespace {
QString secretKey(const QString &listener, const QString &scheme)
{
    return QStringLiteral("replay/%1/%2").arg(listener, scheme);
}
} // namespace

ReceiveReplay::ReceiveReplay(ReceiveArea *area, CaptureStore *store)
    : QObject(area)
    , m_area(area)
    , m_store(store)
    , m_action(new QAction(tr("Replay…"), area))
{
    m_action->setObjectName(QStringLiteral("replayAction"));
    m_action->setShortcut(QKeySequence(tr("Ctrl+R")));
    m_action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_action->setToolTip(tr("Send the selected captures to a URL again, optionally signed afresh; each answer is "
                            "kept with its capture (Ctrl+R)"));
    connect(m_action, &QAction::triggered, this, &ReceiveReplay::openDialog);
    connect(area->table()->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ReceiveReplay::updateAction);

    // The inspector's Deliveries tab: read when another capture is shown (so `hookbench replay`'s
    // deliveries appear too), grown as this window's replays are recorded.
    DeliveriesView *deliveries = area->inspector()->deliveriesView();
    connect(area->inspector(), &CaptureInspector::deliveriesWanted, this, [this](qint64 seq) {
        m_deliveriesToken = m_store->nextToken();
        m_store->requestDeliveries(m_deliveriesToken, seq);
    });
    connect(m_store, &CaptureStore::deliveriesLoaded, deliveries,
            [this, deliveries](quint64 token, qint64 seq, const QList<ReplayDelivery> &list) {
                if (token == m_deliveriesToken)
                    deliveries->setDeliveries(seq, list);
            });
    connect(m_store, &CaptureStore::deliveryRecorded, deliveries, &DeliveriesView::addDelivery);
    connect(m_store, &CaptureStore::deliveryNotRecorded, this,
            [this](const ReplayDelivery &delivery, const QString &error) {
                Q_EMIT m_area->messageShown(tr("The answer from %1 could not be kept: %2").arg(delivery.url, error));
            });
    updateAction();
}

ReplayDialog *ReceiveReplay::dialog() const
{
    return m_dialog;
}

void ReceiveReplay::setReplayer(Replayer *replayer)
{
    m_replayer = replayer;
    updateAction();
}

void ReceiveReplay::updateAction()
{
    m_action->setEnabled(m_replayer && m_area->table()->selectionModel()->hasSelection());
}

QString ReceiveReplay::listenerKey() const
{
    return m_area->listenerPanel()->listenerKey();
}

QString ReceiveReplay::secretFor(const QString &scheme) const
{
    SecretStore *secrets = m_area->secretStore();
    return secrets ? secrets->value(secretKey(listenerKey(), scheme)) : QString();
}

void ReceiveReplay::openDialog()
{
    if (!m_replayer)
        return;
    if (m_dialog && m_dialog->isRunning()) {
        m_dialog->raise();
        m_dialog->activateWindow();
        return;
    }
    QList<ReplayDialog::Item> items;
    QModelIndexList rows = m_area->table()->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    for (const QModelIndex &index : std::as_const(rows)) {
        ReplayDialog::Item item;
        item.seq = index.data(CaptureModel::SeqRole).toLongLong();
        item.accepted = index.data(CaptureModel::AcceptedRole).toBool();
        item.label = QStringLiteral("#%1 %2 %3")
                         .arg(item.seq)
                         .arg(index.data(CaptureModel::MethodRole).toString(),
                              index.data(CaptureModel::PathRole).toString());
        items.append(item);
    }
    if (items.isEmpty())
        return;
    delete m_dialog;
    auto *dialog = new ReplayDialog(m_replayer, items, m_area);
    m_dialog = dialog;
    dialog->setAttribute(Qt::WA_DeleteOnClose);

    const AppSettings settings;
    QString target = settings.replayUrl(listenerKey());
    if (target.isEmpty()) {
        const Forwarder *forwarder = m_area->listenerPanel()->forwarder();
        if (forwarder && forwarder->isForwarding())
            target = forwarder->target().toString();
    }
    dialog->setTarget(target);
    dialog->setSecretSource([this](const QString &scheme) { return secretFor(scheme); });
    dialog->setScheme(settings.replayScheme(listenerKey()));
    connect(dialog, &ReplayDialog::started, this, [this](const ReplayRequest::Options &options) {
        remember(options);
        m_area->inspector()->showDeliveriesTab();
    });
    dialog->show();
}

void ReceiveReplay::remember(const ReplayRequest::Options &options)
{
    const QString listener = listenerKey();
    AppSettings().setReplay(listener, options.target.toString(), options.scheme);
    SecretStore *secrets = m_area->secretStore();
    if (options.scheme.isEmpty() || !secrets)
        return;
    const QString secret = QString::fromUtf8(options.signing.secret);
    if (secrets->value(secretKey(listener, options.scheme)) == secret)
        return;
    if (QString error; !secrets->setValue(secretKey(listener, options.scheme), secret, &error))
        Q_EMIT m_area->messageShown(tr("The replay secret could not be kept: %1").arg(error));
}
