#pragma once

#include "core/listener/listenerconfig.h"
#include "gui/receive/responsesettingsdialog.h"

#include <QPointer>
#include <QTimer>
#include <QUrl>
#include <QWidget>

#include <memory>

namespace Ui {
class ListenerPanel;
}
class CaptureStore;
class Forwarder;
class Listener;
class QAction;

// The Receive area's listener controls: where to listen, Start/Stop, the URL to
// give a sender, what to answer (status or sequence, delay, close without answering,
// headers, body, rules), optional signature checks, and the listener's state in
// words. It drives the application's Listener (AppServices owns it, and the CaptureStore
// it writes into; both outlive the panel) and stops it when it goes.
class ListenerPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ListenerPanel)

public:
    enum class State { Stopped, Starting, Listening, Stopping };

    // `store` (may be null) takes the retention settings.
    ListenerPanel(Listener *listener, CaptureStore *store, QWidget *parent = nullptr);
    ~ListenerPanel() override;

    Listener *listener() const { return m_listener; }
    // Start or Stop, as the panel's button: for the window's toolbar, so the listener can be
    // started from the Send area too. Disabled while starting or stopping.
    QAction *startStopAction() const { return m_startStopAction; }
    State state() const { return m_state; }
    QString lastError() const { return m_error; }
    // The URL being listened on, or the one Start would use.
    QUrl url() const;
    // One line for the main window's status bar.
    QString statusText() const;
    int receivedCount() const { return m_received; }

    ResponseSettings responseSettings() const;
    void setResponseSettings(const ResponseSettings &settings); // applied at once when listening

    // Live forwarding: the Forward row drives it (hidden until set); remembered per listener.
    void setForwarder(Forwarder *forwarder);
    Forwarder *forwarder() const { return m_forwarder; }
    // "127.0.0.1:8765": what the forward and replay targets are remembered by.
    QString listenerKey() const;

    // The dialog for headers, body, rules and retention; applied when accepted.
    ResponseSettingsDialog *openSettings();

public Q_SLOTS:
    // Preferences changed: the address and port (when stopped) and the retention, from AppSettings;
    // the body limit is read at each start.
    void applySettings();
    void start();
    void stop();
    void toggle(); // Start when stopped, Stop when listening

Q_SIGNALS:
    // Listening, stopped, failed, or the counts changed.
    void stateChanged();

private:
    void setState(State state);
    void onStarted();
    void onStartFailed(const QString &error);
    bool buildPolicy(ResponsePolicy *policy, QString *error) const;
    // An empty verifier with no error: verification is off (or waits for a secret).
    bool buildVerifier(SignatureVerifier *verifier, QString *error, QString *notice) const;
    void applyAnswer();
    void showProblems(const QString &error, const QString &notice);
    void updateExposedWarning();
    void updateStatus();
    void saveSettings() const;
    void loadForward();
    void applyForward();
    void updateForwardStatus();

    std::unique_ptr<Ui::ListenerPanel> m_ui;
    CaptureStore *m_store;
    Listener *m_listener;
    QAction *m_startStopAction;
    State m_state = State::Stopped;
    QString m_error;
    int m_received = 0;
    int m_connections = 0;
    // What the inline fields do not hold.
    QString m_headers;
    QByteArray m_body;
    QList<ResponseRuleSettings> m_rules;
    QTimer m_applyTimer;
    QPointer<ResponseSettingsDialog> m_dialog;
    Forwarder *m_forwarder = nullptr; // AppServices' (outlives the panel)
    QString m_forwardKey;             // the listener the row's target belongs to
    int m_forwardAnswered = 0;
    int m_forwardFailed = 0;
    int m_forwardFailedInARow = 0;
    QString m_forwardLastError;
};
