// ReceiveArea's views across captures: events rather than attempts, the Attempts tab of
// the capture in view, and comparing two captures.
#include "core/app/appsettings.h"
#include "core/capture/capturemodel.h"
#include "core/capture/capturestore.h"
#include "gui/receive/attemptsview.h"
#include "gui/receive/capturediffdialog.h"
#include "gui/receive/captureinspector.h"
#include "gui/receive/receivearea.h"

#include <QAction>
#include <QItemSelectionModel>
#include <QTableView>

void ReceiveArea::createAttemptActions()
{
    m_eventsAction = new QAction(tr("Events"), this);
    m_eventsAction->setObjectName(QStringLiteral("eventsAction"));
    m_eventsAction->setCheckable(true);
    m_eventsAction->setShortcut(QKeySequence(tr("Ctrl+Shift+G")));
    m_eventsAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_eventsAction->setToolTip(
        tr("One row per event: captures with the same delivery id (a provider's retries) are grouped, and the "
           "Attempt column counts them (Ctrl+Shift+G)"));
    connect(m_eventsAction, &QAction::toggled, this, &ReceiveArea::setShowEvents);

    m_compareAction = new QAction(tr("Compare"), this);
    m_compareAction->setObjectName(QStringLiteral("compareAction"));
    m_compareAction->setShortcut(QKeySequence(tr("Ctrl+Shift+D")));
    m_compareAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_compareAction->setToolTip(
        tr("Show the differences between the two selected captures: method, path, query, headers and body "
           "(Ctrl+Shift+D)"));
    connect(m_compareAction, &QAction::triggered, this, &ReceiveArea::compareSelected);

    connect(m_store, &CaptureStore::capturesLoaded, this, [this](quint64 token, const QList<Capture> &captures) {
        if (token != m_compareToken)
            return;
        m_compareToken = 0;
        if (captures.size() != 2) {
            showMessage(tr("One of the two captures was deleted meanwhile"));
            return;
        }
        auto *dialog = new CaptureDiffDialog(captures.at(0), captures.at(1), this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
    });
    // A new attempt of the event in view, or one removed, changes its Attempts tab.
    connect(m_model, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex &from, const QModelIndex &to) {
        if (!m_inspector->hasCapture() || from.column() > CaptureModel::AttemptColumn
            || to.column() < CaptureModel::AttemptColumn)
            return;
        const int row = m_model->rowOfSeq(m_inspector->capture().seq);
        if (row >= from.row() && row <= to.row())
            showAttemptsOfShown();
    });
    connect(m_inspector->attemptsView(), &AttemptsView::attemptActivated, this, &ReceiveArea::selectCapture);

    const bool events = AppSettings().captureTableShowsEvents();
    m_eventsAction->setChecked(events);
    setShowEvents(events);
}

void ReceiveArea::setShowEvents(bool events)
{
    if (m_eventsAction->isChecked() != events)
        m_eventsAction->setChecked(events); // toggled() comes back here
    if (m_filter->isEventsOnly() == events && m_model->isShowingEvents() == events)
        return;
    m_model->setShowingEvents(events);
    refilter([this, events] { m_filter->setEventsOnly(events); });
    AppSettings().setCaptureTableShowsEvents(events);
    showMessage(events ? tr("One row per event: a provider's retries are counted in the Attempt column")
                       : tr("Every attempt in its own row"));
}

void ReceiveArea::compareSelected()
{
    const QList<qint64> seqs = selectedSeqs();
    if (seqs.size() != 2)
        return;
    m_compareToken = m_store->nextToken();
    m_store->requestCaptures(m_compareToken, seqs);
}

void ReceiveArea::showAttemptsOfShown()
{
    if (!m_inspector->hasCapture())
        return;
    const qint64 seq = m_inspector->capture().seq;
    const int row = m_model->rowOfSeq(seq);
    const QByteArray key = row >= 0 ? m_model->summaryAt(row).deliveryKey : QByteArray();
    m_inspector->showAttempts(QString::fromUtf8(key), m_model->attemptsOf(seq));
}

void ReceiveArea::selectCapture(qint64 seq)
{
    const int row = m_model->rowOfSeq(seq);
    if (row < 0)
        return;
    QModelIndex index = m_filter->mapFromSource(m_model->index(row, 0));
    if (!index.isValid() && m_filter->isEventsOnly()) {
        setShowEvents(false); // a later attempt shows only among attempts
        index = m_filter->mapFromSource(m_model->index(row, 0));
    }
    if (!index.isValid()) {
        showMessage(tr("That attempt is hidden by the filter"));
        return;
    }
    setFollowNewest(false);
    m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(index, QAbstractItemView::PositionAtCenter);
}
