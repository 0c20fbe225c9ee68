#pragma once

#include <QMainWindow>

#include <memory>

namespace Ui {
class MainWindow;
}
class AppServices;
class CollectionsView;
class HistoryStore;
class QLabel;
class ReceiveArea;
class SendArea;

// The application shell: the toolbar (the primary actions and the environment picker),
// a sidebar (collections, history), the Send and Receive work areas, and the status bar.
// Each area is its own widget; this class only places them, hands each the services it
// needs and remembers the layout. It builds no service: AppServices does, and outlives it.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(AppServices *services, QWidget *parent = nullptr);
    ~MainWindow() override;

    SendArea *sendArea() const { return m_sendArea; }
    // SIGTERM: every tab is written to the drafts file and the window closes without asking
    // (nothing is lost: the tabs come back on the next launch).
    void closeKeepingDrafts();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildToolBar(CollectionsView *collections);
    void buildFileMenu(CollectionsView *collections);
    void showShortcuts();
    void showPreferences();
    void restoreLayout();
    void saveLayout() const;
    void showAbout();
    // Closing with tabs not saved asks once for all of them: Save all, Discard or Cancel.
    bool confirmClose();

    std::unique_ptr<Ui::MainWindow> m_ui;
    ReceiveArea *m_receiveArea = nullptr;
    SendArea *m_sendArea = nullptr;
    HistoryStore *m_history = nullptr; // AppServices'; its limit follows Preferences
    CollectionsView *m_collectionsView = nullptr;
    bool m_closeWithoutAsking = false;
    QLabel *m_listenerStatus = nullptr;
};
