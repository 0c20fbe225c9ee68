#include "gui/receive/listenerpanel.h"

#include "core/app/appsettings.h"
#include "core/capture/capturestore.h"
#include "core/forward/forwarder.h"
#include "core/listener/listener.h"
#include "core/signing/signatureverifiers.h"
#include "core/signing/signingscheme.h"
#include "core/tls/localca.h"
#include "core/tls/trustcommands.h"
#include "gui/widgets/flowlayout.h"
#include "gui/widgets/statuscolours.h"
#include "ui_listenerpanel.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHostAddress>
#include <QMenu>
#include <QRegularExpression>

namespace {

QString connectionsText(int connections)
{
    if (connections == 0)
        return ListenerPanel::tr("no open connections");
    return connections == 1 ? ListenerPanel::tr("1 open connection")
                            : ListenerPanel::tr("%1 open connections").arg(connections);
}

QString receivedText(int received)
{
    return received == 1 ? ListenerPanel::tr("1 request received")
                         : ListenerPanel::tr("%1 requests received").arg(received);
}

QStringList splitNames(const QString &text)
{
    static const QRegularExpression separators(QStringLiteral("[,\\s]+"));
    return text.split(separators, Qt::SkipEmptyParts);
}

} // namespace

ListenerPanel::ListenerPanel(Listener *listener, CaptureStore *store, QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::ListenerPanel>())
    , m_store(store)
    , m_listener(listener)
    , m_startStopAction(new QAction(tr("Start Listener"), this))
{
    m_ui->setupUi(this);
    // Each row is one line in a wide window and wraps in a narrow one.
    auto *bindFlow = new FlowLayout(m_ui->bindRow, 6, 6);
    bindFlow->addWidget(m_ui->bindGroup);
    bindFlow->addWidget(m_ui->urlGroup);
    bindFlow->addWidget(m_ui->statusLabel);
    auto *tlsFlow = new FlowLayout(m_ui->tlsRow, 6, 6);
    tlsFlow->addWidget(m_ui->tlsNamesGroup);
    tlsFlow->addWidget(m_ui->caGroup);
    auto *answerFlow = new FlowLayout(m_ui->answerRow, 6, 6);
    answerFlow->addWidget(m_ui->answerGroup);
    answerFlow->addWidget(m_ui->closeCheck);
    answerFlow->addWidget(m_ui->settingsButton);
    answerFlow->addWidget(m_ui->verifyGroup);
    m_startStopAction->setObjectName(QStringLiteral("startStopListenerAction"));
    // Window-wide: the toolbar shows it in every area. Not F5, which reads as "reload".
    m_startStopAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    m_startStopAction->setShortcutContext(Qt::WindowShortcut);
    StatusColours::setTextColour(m_ui->policyErrorLabel, StatusColours::bad());
    QPalette warning = m_ui->exposedWarning->palette();
    warning.setColor(QPalette::Window, QColor(0xff, 0xf3, 0xe0));
    warning.setColor(QPalette::WindowText, QColor(0x8a, 0x3b, 0x00));
    m_ui->exposedWarning->setPalette(warning);
    m_ui->urlGroup->setVisible(false);
    m_ui->forwardRow->setVisible(false); // until there is a forwarder

    m_ui->verifyCombo->addItem(tr("Off"), QString());
    for (const QString &scheme : SigningSchemes::names())
        m_ui->verifyCombo->addItem(scheme, scheme);

    const AppSettings settings;
    m_ui->addressCombo->setCurrentText(settings.listenerAddress());
    m_ui->portSpin->setValue(settings.listenerPort());
    m_ui->httpsCheck->setChecked(settings.listenerTls());
    m_ui->tlsNamesEdit->setText(settings.listenerTlsNames());
    m_ui->tlsRow->setVisible(m_ui->httpsCheck->isChecked());
    m_ui->caPathEdit->setText(LocalCa::caCertificateFile(LocalCa::defaultFolder()));
    auto *trustMenu = new QMenu(m_ui->trustCommandsButton);
    trustMenu->setObjectName(QStringLiteral("trustCommandsMenu"));
    m_ui->trustCommandsButton->setMenu(trustMenu);
    // Built as it opens: the commands name the URL of this moment.
    connect(trustMenu, &QMenu::aboutToShow, this, [this, trustMenu] {
        trustMenu->clear();
        for (const TrustCommands::Command &command : TrustCommands::forCa(m_ui->caPathEdit->text(), url())) {
            QAction *action = trustMenu->addAction(command.label);
            action->setToolTip(command.text);
            connect(action, &QAction::triggered, this,
                    [text = command.text] { QApplication::clipboard()->setText(text); });
        }
    });
    connect(m_ui->copyCaPathButton, &QToolButton::clicked, this,
            [this] { QApplication::clipboard()->setText(m_ui->caPathEdit->text()); });
    connect(m_ui->httpsCheck, &QCheckBox::toggled, this, [this](bool on) {
        m_ui->tlsRow->setVisible(on);
        Q_EMIT stateChanged();
    });
    m_ui->statusesEdit->setText(settings.listenerResponseStatuses());
    m_ui->delaySpin->setValue(settings.listenerResponseDelayMs());
    m_headers = settings.listenerResponseHeaders();
    m_body = settings.listenerResponseBody();
    m_rules = ResponseSettings::rulesFromJson(settings.listenerResponseRules());
    if (const int index = m_ui->verifyCombo->findData(settings.listenerVerifyScheme()); index >= 0)
        m_ui->verifyCombo->setCurrentIndex(index);
    if (m_store)
        m_store->setRetention(settings.captureRetentionCount(), settings.captureRetentionDays());

    // Edits reach a running listener at once, without a restart; typing is coalesced.
    m_applyTimer.setSingleShot(true);
    m_applyTimer.setInterval(300);
    connect(&m_applyTimer, &QTimer::timeout, this, &ListenerPanel::applyAnswer);
    connect(m_ui->statusesEdit, &QLineEdit::textChanged, &m_applyTimer, qOverload<>(&QTimer::start));
    connect(m_ui->secretEdit, &QLineEdit::textChanged, &m_applyTimer, qOverload<>(&QTimer::start));
    connect(m_ui->delaySpin, &QSpinBox::valueChanged, &m_applyTimer, qOverload<>(&QTimer::start));
    // Enter (or leaving the field) applies at once.
    connect(m_ui->statusesEdit, &QLineEdit::editingFinished, this, &ListenerPanel::applyAnswer);
    connect(m_ui->secretEdit, &QLineEdit::editingFinished, this, &ListenerPanel::applyAnswer);
    connect(m_ui->closeCheck, &QCheckBox::toggled, this, &ListenerPanel::applyAnswer);
    connect(m_ui->verifyCombo, &QComboBox::currentIndexChanged, this, &ListenerPanel::applyAnswer);

    connect(m_ui->addressCombo, &QComboBox::currentTextChanged, this, &ListenerPanel::updateExposedWarning);
    connect(m_ui->addressCombo, &QComboBox::currentTextChanged, this, &ListenerPanel::stateChanged);
    connect(m_ui->portSpin, &QSpinBox::valueChanged, this, &ListenerPanel::stateChanged);
    connect(m_ui->startStopButton, &QPushButton::clicked, this, &ListenerPanel::toggle);
    connect(m_startStopAction, &QAction::triggered, this, &ListenerPanel::toggle);
    // Away from the Receive area, the toolbar's tooltip says where Start would listen.
    connect(this, &ListenerPanel::stateChanged, this, [this] {
        const QString shortcut = m_startStopAction->shortcut().toString(QKeySequence::NativeText);
        m_startStopAction->setToolTip(
            m_state == State::Listening
                ? tr("Stop listening on %1 (%2)").arg(url().toString(), shortcut)
                : tr("Listen on %1, answering as set in the Receive area (%2)").arg(url().toString(), shortcut));
    });
    connect(m_ui->copyUrlButton, &QToolButton::clicked, this,
            [this] { QApplication::clipboard()->setText(m_ui->urlEdit->text()); });
    connect(m_ui->settingsButton, &QPushButton::clicked, this, &ListenerPanel::openSettings);

    connect(m_listener, &Listener::started, this, &ListenerPanel::onStarted);
    connect(m_listener, &Listener::startFailed, this, &ListenerPanel::onStartFailed);
    connect(m_listener, &Listener::stopped, this, [this] { setState(State::Stopped); });
    connect(m_listener, &Listener::captured, this, [this](const QList<Capture> &captures) {
        m_received += int(captures.size());
        updateStatus();
    });
    connect(m_listener, &Listener::connectionCountChanged, this, [this](int connections) {
        m_connections = connections;
        updateStatus();
    });

    applyAnswer();
    updateExposedWarning();
    updateStatus();
}

ListenerPanel::~ListenerPanel()
{
    // The listener outlives its controls (AppServices owns it); nobody could stop it after this.
    m_listener->stop();
}

void ListenerPanel::setForwarder(Forwarder *forwarder)
{
    m_forwarder = forwarder;
    m_ui->forwardRow->setVisible(forwarder != nullptr);
    if (!forwarder)
        return;
    connect(m_ui->forwardEdit, &QLineEdit::editingFinished, this, &ListenerPanel::applyForward);
    connect(m_ui->forwardModeCombo, &QComboBox::currentIndexChanged, this, &ListenerPanel::applyForward);
    // Another listener (address or port) has its own remembered target.
    connect(this, &ListenerPanel::stateChanged, this, [this] {
        if (listenerKey() != m_forwardKey)
            loadForward();
    });
    connect(forwarder, &Forwarder::forwarded, this, [this](const Capture &, const ForwardOutcome &outcome) {
        if (outcome.forward.answered()) {
            ++m_forwardAnswered;
            m_forwardFailedInARow = 0;
        } else {
            ++m_forwardFailed;
            ++m_forwardFailedInARow;
            m_forwardLastError = outcome.forward.error;
        }
        updateForwardStatus();
    });
    loadForward();
}

QString ListenerPanel::listenerKey() const
{
    return m_ui->addressCombo->currentText().trimmed() + u':' + QString::number(m_ui->portSpin->value());
}

void ListenerPanel::loadForward()
{
    m_forwardKey = listenerKey();
    const AppSettings settings;
    if (!settings.hasListenerForward(m_forwardKey)) {
        // A listener with nothing remembered keeps the target in the row (typed, then the
        // port changed), which becomes its own.
        applyForward();
        return;
    }
    const QSignalBlocker blockEdit(m_ui->forwardEdit);
    const QSignalBlocker blockCombo(m_ui->forwardModeCombo);
    m_ui->forwardEdit->setText(settings.listenerForwardUrl(m_forwardKey));
    Forwarder::Mode mode = Forwarder::Mode::Rule;
    Forwarder::modeFromName(settings.listenerForwardMode(m_forwardKey), &mode);
    m_ui->forwardModeCombo->setCurrentIndex(mode == Forwarder::Mode::Proxy ? 1 : 0);
    applyForward();
}

void ListenerPanel::applyForward()
{
    if (!m_forwarder)
        return;
    const QString text = m_ui->forwardEdit->text().trimmed();
    const Forwarder::Mode mode = m_ui->forwardModeCombo->currentIndex() == 1 ? Forwarder::Mode::Proxy
                                                                             : Forwarder::Mode::Rule;
    const QUrl url(text, QUrl::StrictMode);
    const bool valid = url.isValid()
        && (url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https")) && !url.host().isEmpty();
    if (!text.isEmpty() && !valid) {
        m_forwarder->setTarget({});
        StatusColours::setTextColour(m_ui->forwardStatusLabel, StatusColours::bad());
        m_ui->forwardStatusLabel->setText(tr("Not forwarding: give an http:// or https:// URL"));
        Q_EMIT stateChanged();
        return;
    }
    if (m_forwarder->target() != url || m_forwarder->mode() != mode) {
        m_forwardAnswered = m_forwardFailed = m_forwardFailedInARow = 0;
        m_forwarder->setTarget(text.isEmpty() ? QUrl() : url, mode);
    }
    AppSettings().setListenerForward(m_forwardKey, text, Forwarder::modeName(mode));
    updateForwardStatus();
    Q_EMIT stateChanged();
}

void ListenerPanel::updateForwardStatus()
{
    if (!m_forwarder || !m_forwarder->isForwarding()) {
        StatusColours::setTextColour(m_ui->forwardStatusLabel, QColor());
        m_ui->forwardStatusLabel->setText(m_forwarder ? tr("Off") : QString());
        return;
    }
    QString text = tr("%1 forwarded").arg(m_forwardAnswered);
    if (m_forwardFailed > 0)
        text += tr(" · %1 without answer").arg(m_forwardFailed);
    QColor colour;
    if (m_forwardFailedInARow > 0) {
        // Said plainly: the captures are safe, the target is what is missing.
        colour = StatusColours::bad();
        text = tr("Target down: %1 (%2 in a row; captures kept — select them and Retry forwarding)")
                   .arg(m_forwardLastError)
                   .arg(m_forwardFailedInARow)
            + QStringLiteral(" · ") + text;
    }
    StatusColours::setTextColour(m_ui->forwardStatusLabel, colour);
    m_ui->forwardStatusLabel->setText(text);
    m_ui->forwardStatusLabel->setToolTip(text); // a narrow window clips it
}

QUrl ListenerPanel::url() const
{
    if (m_state == State::Listening)
        return m_listener->url();
    QHostAddress address;
    QUrl url;
    url.setScheme(m_ui->httpsCheck->isChecked() ? QStringLiteral("https") : QStringLiteral("http"));
    url.setHost(ListenerConfig::parseAddress(m_ui->addressCombo->currentText(), &address)
                    ? address.toString()
                    : QStringLiteral("127.0.0.1"));
    url.setPort(m_ui->portSpin->value() == 0 ? -1 : m_ui->portSpin->value());
    url.setPath(QStringLiteral("/"));
    return url;
}

QString ListenerPanel::statusText() const
{
    switch (m_state) {
    case State::Starting:
        return tr("Listener starting…");
    case State::Stopping:
        return tr("Listener stopping…");
    case State::Listening: {
        QString text = tr("Listening on %1").arg(m_listener->url().toString());
        text += QStringLiteral(" · ") + receivedText(m_received);
        if (m_connections > 0)
            text += QStringLiteral(" · ") + connectionsText(m_connections);
        return text;
    }
    case State::Stopped:
        break;
    }
    return m_error.isEmpty() ? tr("Listener stopped") : tr("Listener: %1").arg(m_error);
}

ResponseSettings ListenerPanel::responseSettings() const
{
    ResponseSettings s;
    s.statuses = m_ui->statusesEdit->text().trimmed();
    s.delayMs = m_ui->delaySpin->value();
    s.closeWithoutAnswer = m_ui->closeCheck->isChecked();
    s.headers = m_headers;
    s.body = m_body;
    s.rules = m_rules;
    return s;
}

void ListenerPanel::setResponseSettings(const ResponseSettings &settings)
{
    {
        const QSignalBlocker blockStatuses(m_ui->statusesEdit);
        const QSignalBlocker blockDelay(m_ui->delaySpin);
        const QSignalBlocker blockClose(m_ui->closeCheck);
        m_ui->statusesEdit->setText(settings.statuses);
        m_ui->delaySpin->setValue(settings.delayMs);
        m_ui->closeCheck->setChecked(settings.closeWithoutAnswer);
    }
    m_headers = settings.headers;
    m_body = settings.body;
    m_rules = settings.rules;
    applyAnswer();
}

ResponseSettingsDialog *ListenerPanel::openSettings()
{
    if (m_dialog) {
        m_dialog->raise();
        m_dialog->activateWindow();
        return m_dialog;
    }
    auto *dialog = new ResponseSettingsDialog(this);
    dialog->setObjectName(QStringLiteral("responseSettingsDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setSettings(responseSettings());
    const AppSettings settings;
    dialog->setRetention(settings.captureRetentionCount(), settings.captureRetentionDays());
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        // The inline fields may have changed while the dialog was open: keep them.
        ResponseSettings edited = dialog->settings();
        const ResponseSettings current = responseSettings();
        edited.statuses = current.statuses;
        edited.delayMs = current.delayMs;
        edited.closeWithoutAnswer = current.closeWithoutAnswer;
        setResponseSettings(edited);
        AppSettings appSettings;
        appSettings.setCaptureRetentionCount(dialog->retentionCount());
        appSettings.setCaptureRetentionDays(dialog->retentionDays());
        if (m_store)
            m_store->setRetention(dialog->retentionCount(), dialog->retentionDays());
    });
    m_dialog = dialog;
    dialog->open();
    return dialog;
}

void ListenerPanel::applySettings()
{
    const AppSettings settings;
    // A running listener keeps its address; the next start takes the new one.
    if (m_state == State::Stopped) {
        m_ui->addressCombo->setCurrentText(settings.listenerAddress());
        m_ui->portSpin->setValue(settings.listenerPort());
        m_error.clear(); // said of the old address or port
        updateStatus();
    }
    if (m_store)
        m_store->setRetention(settings.captureRetentionCount(), settings.captureRetentionDays());
}

void ListenerPanel::start()
{
    if (m_state != State::Stopped)
        return;
    ListenerConfig config;
    QString error, notice;
    if (!ListenerConfig::parseAddress(m_ui->addressCombo->currentText(), &config.address)) {
        m_error = tr("'%1' is not an IP address (try 127.0.0.1, ::1 or 0.0.0.0)")
                      .arg(m_ui->addressCombo->currentText().trimmed());
        updateStatus();
        return;
    }
    config.port = quint16(m_ui->portSpin->value());
    config.tls.enabled = m_ui->httpsCheck->isChecked();
    config.tls.extraNames = splitNames(m_ui->tlsNamesEdit->text());
    for (const QString &name : std::as_const(config.tls.extraNames)) {
        if (config.tls.enabled && !LocalCa::isValidName(name)) {
            m_error = tr("Extra names: '%1' is not a host name or IP address").arg(name);
            updateStatus();
            return;
        }
    }
    if (!buildPolicy(&config.policy, &error) || !buildVerifier(&config.verifier, &error, &notice)) {
        showProblems(error, notice);
        m_error = error;
        updateStatus();
        return;
    }
    m_error.clear();
    m_received = 0;
    m_connections = 0;
    AppSettings settings;
    config.limits.maxBodyBytes = settings.listenerMaxBodyBytes();
    settings.setListenerAddress(m_ui->addressCombo->currentText().trimmed());
    settings.setListenerPort(config.port);
    settings.setListenerTls(config.tls.enabled);
    settings.setListenerTlsNames(m_ui->tlsNamesEdit->text().trimmed());
    saveSettings();
    setState(State::Starting);
    m_listener->start(config);
}

void ListenerPanel::stop()
{
    if (m_state != State::Listening)
        return;
    setState(State::Stopping);
    m_listener->stop();
}

void ListenerPanel::toggle()
{
    if (m_state == State::Listening)
        stop();
    else if (m_state == State::Stopped)
        start();
}

void ListenerPanel::setState(State state)
{
    m_state = state;
    const bool stopped = state == State::Stopped;
    m_ui->addressCombo->setEnabled(stopped);
    m_ui->portSpin->setEnabled(stopped);
    m_ui->httpsCheck->setEnabled(stopped);
    m_ui->tlsNamesEdit->setEnabled(stopped);
    // Never disabled, even while starting: a disabled button would hand the keyboard focus
    // to the next field (the answer), where a keystroke would change what is answered.
    m_ui->startStopButton->setText(state == State::Listening ? tr("&Stop") : tr("&Start"));
    m_startStopAction->setText(state == State::Listening ? tr("Stop Listener") : tr("Start Listener"));
    m_startStopAction->setEnabled(stopped || state == State::Listening);
    const bool listening = state == State::Listening;
    const QString url = listening ? m_listener->url().toString() : QString();
    m_ui->urlEdit->setText(url);
    m_ui->urlEdit->setMinimumWidth(m_ui->urlEdit->fontMetrics().horizontalAdvance(url) + 16);
    m_ui->urlGroup->setVisible(listening);
    updateExposedWarning();
    updateStatus();
}

void ListenerPanel::onStarted()
{
    m_error.clear();
    if (!m_listener->caCertificateFile().isEmpty())
        m_ui->caPathEdit->setText(m_listener->caCertificateFile());
    setState(State::Listening);
}

void ListenerPanel::onStartFailed(const QString &error)
{
    m_error = error;
    setState(State::Stopped);
}

bool ListenerPanel::buildPolicy(ResponsePolicy *policy, QString *error) const
{
    return responseSettings().toPolicy(policy, error);
}

bool ListenerPanel::buildVerifier(SignatureVerifier *verifier, QString *error, QString *notice) const
{
    *verifier = {};
    const QString scheme = m_ui->verifyCombo->currentData().toString();
    if (scheme.isEmpty())
        return true;
    if (m_ui->secretEdit->text().isEmpty()) {
        // A scheme remembered from the last run, but the secret never is: say so, do not block.
        *notice = tr("Signatures are not checked until you enter the %1 secret.").arg(scheme);
        return true;
    }
    SigningOptions options;
    options.secret = m_ui->secretEdit->text().toUtf8();
    QString why;
    *verifier = makeSignatureVerifier(scheme, options, &why);
    if (!*verifier) {
        *error = tr("Verify signatures: %1").arg(why);
        return false;
    }
    return true;
}

void ListenerPanel::applyAnswer()
{
    m_applyTimer.stop();
    ResponsePolicy policy;
    SignatureVerifier verifier;
    QString error, notice;
    const bool policyOk = buildPolicy(&policy, &error);
    const bool verifierOk = policyOk && buildVerifier(&verifier, &error, &notice);
    showProblems(error, notice);
    if (!policyOk || !verifierOk)
        return;
    saveSettings();
    // Before start() the configuration carries these; a running listener takes them now.
    if (m_state == State::Listening || m_state == State::Starting) {
        m_listener->setPolicy(policy);
        m_listener->setVerifier(verifier);
    }
}

void ListenerPanel::showProblems(const QString &error, const QString &notice)
{
    const QString text = error.isEmpty() ? notice : error;
    StatusColours::setTextColour(m_ui->policyErrorLabel, error.isEmpty() ? QColor() : StatusColours::bad());
    m_ui->policyErrorLabel->setText(text);
    m_ui->policyErrorLabel->setVisible(!text.isEmpty());
}

void ListenerPanel::updateExposedWarning()
{
    QHostAddress address;
    const QString text = m_state == State::Listening ? m_listener->address() : m_ui->addressCombo->currentText();
    const bool exposed = ListenerConfig::parseAddress(text, &address) && Listener::isExposed(address);
    m_ui->exposedWarning->setText(
        tr("⚠ %1 makes the listener reachable from other machines on your network. Use 127.0.0.1 to keep "
           "it on this machine.")
            .arg(address.toString()));
    m_ui->exposedWarning->setVisible(exposed);
}

void ListenerPanel::updateStatus()
{
    QString text;
    QColor colour;
    switch (m_state) {
    case State::Starting:
        text = tr("Starting…");
        break;
    case State::Stopping:
        text = tr("Stopping…");
        break;
    case State::Listening:
        colour = StatusColours::good();
        text = QStringLiteral("● ") + tr("Listening") + QStringLiteral(" · ") + receivedText(m_received)
            + QStringLiteral(" · ") + connectionsText(m_connections);
        break;
    case State::Stopped:
        if (!m_error.isEmpty()) {
            colour = StatusColours::bad();
            text = m_error;
        } else {
            text = tr("Stopped");
        }
        break;
    }
    StatusColours::setTextColour(m_ui->statusLabel, colour);
    m_ui->statusLabel->setText(text);
    m_ui->statusLabel->setToolTip(text);
    Q_EMIT stateChanged();
}

void ListenerPanel::saveSettings() const
{
    AppSettings settings;
    settings.setListenerResponseStatuses(m_ui->statusesEdit->text().trimmed());
    settings.setListenerResponseDelayMs(m_ui->delaySpin->value());
    settings.setListenerResponseHeaders(m_headers);
    settings.setListenerResponseBody(m_body);
    settings.setListenerResponseRules(ResponseSettings::rulesToJson(m_rules));
    settings.setListenerVerifyScheme(m_ui->verifyCombo->currentData().toString());
    // "Close without answering" is a fault injected on purpose; it is not carried into the next run.
}
