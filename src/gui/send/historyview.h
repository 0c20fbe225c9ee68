#pragma once

#include "core/send/historystore.h"

#include <QPointer>
#include <QWidget>

#include <memory>

namespace Ui {
class HistoryView;
}
class HistoryTableModel;
class QTimer;

// The sidebar's History tab: every send, newest first, searchable; a double-click
// loads the entry (asynchronously, through HistoryStore) and hands it on.
class HistoryView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryView)

public:
    explicit HistoryView(HistoryStore *store, QWidget *parent = nullptr);
    ~HistoryView() override;

    HistoryTableModel *model() const { return m_model; }
    void refresh();
    // Loads the entry on the given row; entryOpened() follows.
    void openRow(int row);

Q_SIGNALS:
    void entryOpened(const HistoryEntry &entry);

private:
    void updateEmptyState();

    std::unique_ptr<Ui::HistoryView> m_ui;
    QPointer<HistoryStore> m_store;
    HistoryTableModel *m_model;
    QTimer *m_searchTimer;
    quint64 m_listTicket = 0;
    quint64 m_loadTicket = 0;
    bool m_loaded = false;
};
