#pragma once

#include <QMainWindow>
#include <QPointer>

#include <memory>

namespace Ui {
class MainWindow;
}
class CaptureStore;
class CollectionsView;
class QLabel;
class ReceiveArea;

// The application shell: the toolbar (the primary actions and the environment picker),
// a sidebar (collections, history), the Send and Receive work areas, and the status bar.
// Each area is its own widget; this class only places them and remembers the layout.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildToolBar(CollectionsView *collections);
    void restoreLayout();
    void saveLayout() const;
    void showAbout();

    std::unique_ptr<Ui::MainWindow> m_ui;
    CaptureStore *m_captureStore = nullptr; // one for the whole application
    QPointer<ReceiveArea> m_receiveArea;
    QLabel *m_listenerStatus = nullptr;
};
