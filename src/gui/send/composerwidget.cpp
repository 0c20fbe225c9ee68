#include "gui/send/composerwidget.h"

#include "core/collections/formats/curlimporter.h"
#include "core/http/responsebody.h"
#include "core/send/keyvaluetablemodel.h"
#include "core/signing/signingscheme.h"
#include "gui/send/formbodyeditor.h"
#include "gui/send/samplecatalog.h"
#include "gui/widgets/jsoneditor.h"
#include "gui/widgets/keyvaluetableview.h"
#include "gui/widgets/statuscolours.h"
#include "ui_composerwidget.h"

#include <QAction>
#include <QLocale>
#include <QMenu>
#include <QScopedValueRollback>

#include <utility>

namespace {

using AuthMode = RequestDraft::AuthMode;
using BodyMode = RequestDraft::BodyMode;

QString schemeHint(const QString &scheme)
{
    if (scheme == QLatin1String("github"))
        return ComposerWidget::tr("Adds X-Hub-Signature-256, X-GitHub-Event (the event, default ping) and "
                                  "X-GitHub-Delivery.");
    if (scheme == QLatin1String("stripe"))
        return ComposerWidget::tr("Adds Stripe-Signature (t=…,v1=…). The whsec_… secret is used as text.");
    if (scheme == QLatin1String("standard-webhooks"))
        return ComposerWidget::tr("Adds webhook-id, webhook-timestamp and webhook-signature. The secret is "
                                  "whsec_ followed by base64.");
    if (scheme == QLatin1String("svix"))
        return ComposerWidget::tr("Adds svix-id, svix-timestamp and svix-signature. The secret is whsec_ "
                                  "followed by base64.");
    if (scheme == QLatin1String("slack"))
        return ComposerWidget::tr("Adds X-Slack-Request-Timestamp and X-Slack-Signature (v0=…).");
    if (scheme == QLatin1String("shopify"))
        return ComposerWidget::tr("Adds X-Shopify-Hmac-Sha256 and, with an event, X-Shopify-Topic.");
    if (scheme == QLatin1String("hmac"))
        return ComposerWidget::tr("Generic HMAC-SHA256 of the body, hex, in X-Signature.");
    return ComposerWidget::tr("Signatures are computed at send time over the exact bytes sent, with a fresh "
                              "timestamp and id on every attempt.");
}

} // namespace

ComposerWidget::ComposerWidget(QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::ComposerWidget>())
    , m_headers(new KeyValueTableModel(this))
    , m_query(new KeyValueTableModel(this))
    , m_form(new KeyValueTableModel(this))
    , m_multipart(new FormBodyEditor)
    , m_sendAction(new QAction(tr("Send Request"), this))
    , m_cancelAction(new QAction(tr("Cancel Sending"), this))
{
    m_ui->setupUi(this);
    m_ui->methodCombo->setCurrentText(QStringLiteral("POST"));
    m_ui->methodCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);

    m_headers->setHeaderTitles(tr("Header"), tr("Value"));
    m_query->setHeaderTitles(tr("Parameter"), tr("Value"));
    m_form->setHeaderTitles(tr("Field"), tr("Value"));
    m_headers->setObjectName(QStringLiteral("headersModel"));
    m_query->setObjectName(QStringLiteral("queryModel"));
    m_form->setObjectName(QStringLiteral("formModel"));
    KeyValueTableView::setUp(m_ui->headersTable, m_headers);
    KeyValueTableView::setUp(m_ui->queryTable, m_query);
    KeyValueTableView::setUp(m_ui->formTable, m_form);
    m_multipart->setObjectName(QStringLiteral("multipartEditor"));
    m_ui->bodyStack->addWidget(m_multipart);

    QPalette warning = m_ui->composerErrorLabel->palette();
    warning.setColor(QPalette::WindowText, StatusColours::bad());
    m_ui->composerErrorLabel->setPalette(warning);
    m_ui->tlsWarningLabel->setPalette(warning);
    m_ui->headersHintLabel->setForegroundRole(QPalette::PlaceholderText);
    m_ui->queryHintLabel->setForegroundRole(QPalette::PlaceholderText);
    m_ui->authHintLabel->setForegroundRole(QPalette::PlaceholderText);
    m_ui->signingHintLabel->setForegroundRole(QPalette::PlaceholderText);

    // Send and Cancel
    connect(m_ui->sendButton, &QPushButton::clicked, this, &ComposerWidget::sendRequested);
    connect(m_ui->cancelButton, &QPushButton::clicked, this, &ComposerWidget::cancelRequested);
    connect(m_ui->urlEdit, &QLineEdit::returnPressed, this, [this] {
        // A cURL command typed by hand is imported with Enter rather than sent as a URL.
        if (CurlImporter::looksLikeCurl(m_ui->urlEdit->text()))
            importCurl(m_ui->urlEdit->text());
        else
            Q_EMIT sendRequested();
    });
    // Window-wide while the composer is in view, so Ctrl+Enter sends wherever the focus is in
    // the Send area (the tab bar, the response, nowhere yet after another area handed over).
    m_sendAction->setObjectName(QStringLiteral("sendAction"));
    m_sendAction->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    m_sendAction->setShortcutContext(Qt::WindowShortcut);
    connect(m_sendAction, &QAction::triggered, this, &ComposerWidget::sendRequested);
    addAction(m_sendAction);
    // Esc is the body editor's way out too; while a request is in flight it cancels instead
    // (see setBusy(): only one of the two holds Esc at a time, or Qt would call it ambiguous).
    m_cancelAction->setObjectName(QStringLiteral("cancelSendAction"));
    m_cancelAction->setShortcut(QKeySequence(Qt::Key_Escape));
    m_cancelAction->setShortcutContext(Qt::WindowShortcut);
    connect(m_cancelAction, &QAction::triggered, this, &ComposerWidget::cancelRequested);
    addAction(m_cancelAction);
    buildMoreMenu();

    // Body
    JsonEditor *editor = m_ui->bodyEditor;
    m_ui->formatButton->setDefaultAction(editor->formatAction());
    m_ui->minifyButton->setDefaultAction(editor->minifyAction());
    m_ui->formatButton->setText(tr("Format"));
    m_ui->minifyButton->setText(tr("Minify"));
    // Format and Minify from anywhere in the composer (the URL, a header), not only the editor.
    addActions({editor->formatAction(), editor->minifyAction()});
    editor->setEscapeLeaves(true);
    editor->setAccessibleName(tr("request body"));
    // One edit: switching JSON highlighting on or off re-highlights, which the editor reports
    // as a text change too.
    connect(m_ui->bodyModeCombo, &QComboBox::currentIndexChanged, this, [this] {
        changeAsOneEdit([this] {
            onBodyModeChanged();
            noteDraftChanged();
        });
    });
    connect(editor, &JsonEditor::validated, this, &ComposerWidget::onBodyValidated);
    connect(editor, &JsonEditor::highlightingChanged, this, &ComposerWidget::onBodyValidated);
    connect(editor, &JsonEditor::activityChanged, this, &ComposerWidget::onBodyValidated);
    connect(editor, &JsonEditor::wrappingChanged, this, &ComposerWidget::onBodyValidated);
    connect(editor, &JsonEditor::actionFailed, this, [this](const QString &message) {
        m_ui->bodyStatusLabel->setText(QStringLiteral("<span style='color:%1'>%2</span>")
                                           .arg(StatusColours::bad().name(), message.toHtmlEscaped()));
    });
    connect(editor, &QPlainTextEdit::textChanged, this, [this] {
        // Only while a check is on its way: re-highlighting (a theme switch) says "changed" too,
        // with nothing to check and no answer to come; a large text still loading is said by the loader.
        const JsonEditor *body = m_ui->bodyEditor;
        if (body->isJsonMode() && body->isValidationPending() && !body->isLoading() && !body->currentError().isError())
            m_ui->bodyStatusLabel->setText(tr("Checking…"));
    });

    // A reported problem goes away as soon as the user changes something.
    connect(m_ui->urlEdit, &QLineEdit::textEdited, this, [this] { showError({}); });
    connect(editor, &QPlainTextEdit::textChanged, this, [this] {
        if (m_ui->composerErrorLabel->isVisible())
            showError({});
    });

    // URL and query, kept in step both ways
    connect(m_ui->urlEdit, &QLineEdit::textChanged, this, &ComposerWidget::onUrlEdited);
    // A cURL command pasted (or dropped) into the URL field fills the whole composer.
    connect(m_ui->urlEdit, &QLineEdit::textEdited, this, &ComposerWidget::onUrlTextEdited);
    connect(m_ui->composerNoticeLabel, &QLabel::linkActivated, this, [this](const QString &link) {
        if (link == QLatin1String("undo"))
            undoCurlImport();
    });
    m_ui->profileLabel->setObjectName(QStringLiteral("profileLabel"));
    m_ui->profileLabel->setForegroundRole(QPalette::PlaceholderText);
    m_ui->profileLabel->setTextFormat(Qt::RichText);
    connect(m_ui->profileLabel, &QLabel::linkActivated, this, &ComposerWidget::boundProfileActivated);
    connect(m_query, &KeyValueTableModel::rowsEdited, this, &ComposerWidget::onQueryEdited);

    // Auth
    connect(m_ui->authTypeCombo, &QComboBox::currentIndexChanged, this, &ComposerWidget::onAuthTypeChanged);
    connect(m_ui->authField1Edit, &QLineEdit::textEdited, this, [this](const QString &text) {
        switch (AuthMode(m_authMode)) {
        case AuthMode::Bearer:
            m_bearerToken = text;
            break;
        case AuthMode::Basic:
            m_basicUser = text;
            break;
        case AuthMode::ApiKeyHeader:
        case AuthMode::ApiKeyQuery:
            m_apiKeyName = text;
            break;
        case AuthMode::None:
            break;
        }
    });
    connect(m_ui->authField2Edit, &QLineEdit::textEdited, this, [this](const QString &text) {
        if (AuthMode(m_authMode) == AuthMode::Basic)
            m_basicPassword = text;
        else
            m_apiKeyValue = text;
    });

    // Signing
    m_ui->signingSchemeCombo->addItem(tr("None"), QString());
    for (const QString &name : SigningSchemes::names())
        m_ui->signingSchemeCombo->addItem(name, name);
    connect(m_ui->signingSchemeCombo, &QComboBox::currentIndexChanged, this, &ComposerWidget::onSigningSchemeChanged);

    // Options
    connect(m_ui->followRedirectsCheck, &QCheckBox::toggled, m_ui->maxRedirectsSpin, &QWidget::setEnabled);
    connect(m_ui->ignoreTlsCheck, &QCheckBox::toggled, this, &ComposerWidget::updateTlsWarning);
    connect(m_ui->proxyModeCombo, &QComboBox::currentIndexChanged, this,
            [this](int index) { m_ui->proxyUrlEdit->setEnabled(index == int(ProxyMode::Manual)); });

    onBodyModeChanged();
    onAuthTypeChanged();
    onSigningSchemeChanged();
    updateTlsWarning();
    onBodyValidated();
    setBusy(false);
    setFocusProxy(m_ui->urlEdit);
    connectDraftChanges();
}

void ComposerWidget::connectDraftChanges()
{
    // One connection per field draft() reads (the body mode's is in the constructor). The Query table is left out on
    // purpose: it only edits the URL (onQueryEdited), whose change is the one signal; the auth fields count when typed
    // in (textEdited), since onAuthTypeChanged() refills them from what was kept.
    const auto note = [this] { noteDraftChanged(); };
    connect(m_ui->methodCombo, &QComboBox::currentTextChanged, this, note);
    connect(m_ui->urlEdit, &QLineEdit::textChanged, this, note);
    connect(m_headers, &KeyValueTableModel::rowsEdited, this, note);
    // A large body goes in a slice at a time: one change when it is all in, not one per slice.
    connect(m_ui->bodyEditor, &QPlainTextEdit::textChanged, this, [this] {
        if (!m_ui->bodyEditor->isLoading())
            noteDraftChanged();
    });
    connect(m_ui->contentTypeEdit, &QComboBox::currentTextChanged, this, note);
    connect(m_form, &KeyValueTableModel::rowsEdited, this, note);
    connect(m_multipart, &FormBodyEditor::edited, this, note);
    connect(m_ui->authTypeCombo, &QComboBox::currentIndexChanged, this, note);
    connect(m_ui->authField1Edit, &QLineEdit::textEdited, this, note);
    connect(m_ui->authField2Edit, &QLineEdit::textEdited, this, note);
    connect(m_ui->signingSchemeCombo, &QComboBox::currentIndexChanged, this, note);
    connect(m_ui->signingSecretEdit, &QLineEdit::textChanged, this, note);
    connect(m_ui->signingEventEdit, &QLineEdit::textChanged, this, note);
    connect(m_ui->timeoutSpin, &QSpinBox::valueChanged, this, note);
    connect(m_ui->followRedirectsCheck, &QCheckBox::toggled, this, note);
    connect(m_ui->maxRedirectsSpin, &QSpinBox::valueChanged, this, note);
    connect(m_ui->ignoreTlsCheck, &QCheckBox::toggled, this, note);
    connect(m_ui->http2Check, &QCheckBox::toggled, this, note);
    connect(m_ui->proxyModeCombo, &QComboBox::currentIndexChanged, this, note);
    connect(m_ui->proxyUrlEdit, &QLineEdit::textChanged, this, note);
}

void ComposerWidget::noteDraftChanged()
{
    if (m_settingDraft > 0)
        return;
    if (m_oneEdit > 0) {
        m_draftChangedHeld = true;
        return;
    }
    Q_EMIT draftChanged();
}

void ComposerWidget::changeAsOneEdit(const std::function<void()> &change)
{
    ++m_oneEdit;
    change();
    if (--m_oneEdit == 0 && std::exchange(m_draftChangedHeld, false))
        Q_EMIT draftChanged();
}

ComposerWidget::~ComposerWidget() = default;

JsonEditor *ComposerWidget::bodyEditor() const
{
    return m_ui->bodyEditor;
}

void ComposerWidget::buildMoreMenu()
{
    m_moreMenu = new QMenu(this);
    m_moreMenu->setObjectName(QStringLiteral("moreMenu"));
    QMenu *samples = m_moreMenu->addMenu(tr("&Samples"));
    samples->setObjectName(QStringLiteral("samplesMenu"));
    for (const Sample &sample : SampleCatalog::all()) {
        QAction *action = samples->addAction(sample.title);
        action->setObjectName(QStringLiteral("sample:") + sample.id);
        action->setToolTip(tr("Open this sample payload in a new tab"));
        connect(action, &QAction::triggered, this, [this, id = sample.id] { Q_EMIT sampleRequested(id); });
    }
    QAction *simulate = m_moreMenu->addAction(tr("Simulate a &provider event…"));
    simulate->setObjectName(QStringLiteral("simulateAction"));
    connect(simulate, &QAction::triggered, this, &ComposerWidget::simulateRequested);
    m_moreMenu->addSeparator();
    QAction *repeat = m_moreMenu->addAction(tr("Send &N times…"));
    repeat->setObjectName(QStringLiteral("repeatAction"));
    repeat->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Return));
    connect(repeat, &QAction::triggered, this, &ComposerWidget::repeatRequested);
    m_ui->moreButton->setMenu(m_moreMenu);
    addAction(repeat);
}

RequestDraft ComposerWidget::draft() const
{
    RequestDraft draft;
    draft.method = m_ui->methodCombo->currentText().trimmed().toUpper();
    draft.url = m_ui->urlEdit->text().trimmed();
    draft.headers = m_headers->rows();
    draft.bodyMode = BodyMode(m_ui->bodyModeCombo->currentIndex());
    draft.body = m_ui->bodyEditor->text();
    draft.textContentType = m_ui->contentTypeEdit->currentText().trimmed();
    draft.form = m_form->rows();
    draft.multipart = m_multipart->fields();
    draft.authMode = AuthMode(m_ui->authTypeCombo->currentIndex());
    draft.bearerToken = m_bearerToken;
    draft.basicUser = m_basicUser;
    draft.basicPassword = m_basicPassword;
    draft.apiKeyName = m_apiKeyName;
    draft.apiKeyValue = m_apiKeyValue;
    draft.signingScheme = m_ui->signingSchemeCombo->currentData().toString();
    draft.signingSecret = m_ui->signingSecretEdit->text();
    draft.signingEvent = m_ui->signingEventEdit->text().trimmed();
    draft.options.timeoutMs = m_ui->timeoutSpin->value();
    draft.options.followRedirects = m_ui->followRedirectsCheck->isChecked();
    draft.options.maxRedirects = m_ui->maxRedirectsSpin->value();
    draft.options.ignoreTlsErrors = m_ui->ignoreTlsCheck->isChecked();
    draft.options.allowHttp2 = m_ui->http2Check->isChecked();
    draft.options.proxyMode = ProxyMode(m_ui->proxyModeCombo->currentIndex());
    draft.options.proxyUrl = m_ui->proxyUrlEdit->text().trimmed();
    return draft;
}

void ComposerWidget::setDraft(const RequestDraft &draft)
{
    const QScopedValueRollback quiet(m_settingDraft, m_settingDraft + 1);
    showNotice({});
    m_beforeCurl.reset();
    m_ui->methodCombo->setCurrentText(draft.method);
    m_ui->urlEdit->setText(draft.url); // fills the Query table
    m_headers->setRows(draft.headers);
    m_ui->bodyModeCombo->setCurrentIndex(int(draft.bodyMode));
    m_ui->bodyEditor->setText(draft.body);
    m_ui->contentTypeEdit->setCurrentText(draft.textContentType);
    m_form->setRows(draft.form);
    m_multipart->setFields(draft.multipart);
    m_bearerToken = draft.bearerToken;
    m_basicUser = draft.basicUser;
    m_basicPassword = draft.basicPassword;
    m_apiKeyName = draft.apiKeyName;
    m_apiKeyValue = draft.apiKeyValue;
    m_ui->authTypeCombo->setCurrentIndex(int(draft.authMode));
    onAuthTypeChanged();
    const int scheme = m_ui->signingSchemeCombo->findData(draft.signingScheme);
    m_ui->signingSchemeCombo->setCurrentIndex(qMax(0, scheme));
    m_ui->signingSecretEdit->setText(draft.signingSecret);
    m_ui->signingEventEdit->setText(draft.signingEvent);
    m_ui->timeoutSpin->setValue(draft.options.timeoutMs);
    m_ui->followRedirectsCheck->setChecked(draft.options.followRedirects);
    m_ui->maxRedirectsSpin->setValue(draft.options.maxRedirects);
    m_ui->ignoreTlsCheck->setChecked(draft.options.ignoreTlsErrors);
    m_ui->http2Check->setChecked(draft.options.allowHttp2);
    m_ui->proxyModeCombo->setCurrentIndex(int(draft.options.proxyMode));
    m_ui->proxyUrlEdit->setText(draft.options.proxyUrl);
    showError({});
}

void ComposerWidget::setUrl(const QString &url)
{
    m_ui->urlEdit->setText(url);
}

bool ComposerWidget::loadSample(const QString &id)
{
    const Sample sample = SampleCatalog::find(id);
    const QByteArray bytes = sample.load();
    if (sample.id.isEmpty() || bytes.isEmpty())
        return false;
    changeAsOneEdit([this, &bytes] {
        m_ui->bodyModeCombo->setCurrentIndex(int(BodyMode::Json));
        // As an edit, so that Undo brings back what was there.
        m_ui->bodyEditor->replaceText(QString::fromUtf8(bytes).trimmed());
    });
    m_ui->bodyEditor->moveCursor(QTextCursor::Start);
    m_ui->requestTabs->setCurrentWidget(m_ui->bodyTab);
    return true;
}

void ComposerWidget::applyProviderEvent(const Sample &sample, const QString &secret)
{
    changeAsOneEdit([&] {
        loadSample(sample.id);
        if (m_ui->methodCombo->currentText() != QLatin1String("POST"))
            m_ui->methodCombo->setCurrentText(QStringLiteral("POST"));
        m_ui->signingSchemeCombo->setCurrentIndex(qMax(0, m_ui->signingSchemeCombo->findData(sample.scheme)));
        m_ui->signingSecretEdit->setText(secret);
        m_ui->signingEventEdit->setText(sample.event);
    });
}

void ComposerWidget::setBusy(bool busy)
{
    m_busy = busy;
    m_ui->sendButton->setEnabled(!busy);
    m_ui->cancelButton->setEnabled(busy);
    m_ui->sendButton->setText(busy ? tr("Sending…") : tr("Send"));
    m_sendAction->setEnabled(!busy);
    m_cancelAction->setEnabled(busy);
    m_ui->bodyEditor->setEscapeLeaves(!busy);
}

void ComposerWidget::focusUrl()
{
    m_ui->urlEdit->setFocus(Qt::ShortcutFocusReason);
    m_ui->urlEdit->selectAll();
}

void ComposerWidget::showError(const QString &message)
{
    QString text = message;
    if (!text.isEmpty())
        text[0] = text.at(0).toUpper();
    m_ui->composerErrorLabel->setText(text);
    m_ui->composerErrorLabel->setVisible(!message.isEmpty());
}

void ComposerWidget::onBodyModeChanged()
{
    const auto mode = BodyMode(m_ui->bodyModeCombo->currentIndex());
    m_ui->bodyStack->setCurrentWidget(mode == BodyMode::Form            ? m_ui->bodyFormPage
                                          : mode == BodyMode::Multipart ? static_cast<QWidget *>(m_multipart)
                                                                        : m_ui->bodyEditorPage);
    m_ui->bodyEditor->setJsonMode(mode == BodyMode::Json);
    m_ui->contentTypeLabel->setVisible(mode == BodyMode::Text);
    m_ui->contentTypeEdit->setVisible(mode == BodyMode::Text);
    m_ui->formatButton->setVisible(mode == BodyMode::Json);
    m_ui->minifyButton->setVisible(mode == BodyMode::Json);
    onBodyValidated();
}

void ComposerWidget::onBodyValidated()
{
    const auto mode = BodyMode(m_ui->bodyModeCombo->currentIndex());
    QLabel *label = m_ui->bodyStatusLabel;
    const JsonEditor *editor = m_ui->bodyEditor;
    QString suffix;
    if (editor->isLargeDocument())
        suffix = tr(" · Large document (%1): highlighting off")
                     .arg(ResponseBody::formatSize(editor->isLoading() ? editor->text().size()
                                                                       : editor->document()->characterCount()));
    if (editor->hasWrappedLines() && !editor->isLoading())
        suffix += tr(" · Long line shown wrapped (%1 characters)")
                      .arg(QLocale().toString(qlonglong(editor->longestWrappedLine())));
    if (mode != BodyMode::Form && mode != BodyMode::Multipart) {
        if (editor->isLoading()) {
            label->setText(tr("Loading… %1%").arg(editor->loadPercent()) + suffix);
            return;
        }
        if (editor->isReformatting()) {
            label->setText(tr("Formatting…") + suffix);
            return;
        }
    }
    switch (mode) {
    case BodyMode::Form:
        label->setText(tr("Sent as application/x-www-form-urlencoded; placeholders are expanded at send time."));
        return;
    case BodyMode::Multipart:
        label->setText(tr("Sent as multipart/form-data; files are read at each send, placeholders expanded."));
        return;
    case BodyMode::Text:
        label->setText(tr("Sent as it is, with the Content-Type above.") + suffix);
        return;
    case BodyMode::Json:
        break;
    }
    const JsonError error = editor->currentError();
    if (error.isError()) {
        label->setText(QStringLiteral("<span style='color:%1'>✗ %2</span>")
                           .arg(StatusColours::bad().name(), error.toString().toHtmlEscaped()));
        label->setToolTip(tr("Click the underlined spot in the editor"));
    } else if (editor->document()->isEmpty()) {
        label->setText(tr("Empty body") + suffix);
        label->setToolTip({});
    } else if (editor->isValidationPending()) {
        label->setText(tr("Checking…") + suffix);
    } else {
        label->setText(QStringLiteral("<span style='color:#2e7d32'>✓</span> ") + tr("Valid JSON") + suffix);
        label->setToolTip({});
    }
}

void ComposerWidget::onAuthTypeChanged()
{
    m_authMode = m_ui->authTypeCombo->currentIndex();
    const auto mode = AuthMode(m_authMode);
    QLineEdit *first = m_ui->authField1Edit;
    QLineEdit *second = m_ui->authField2Edit;
    const bool showFirst = mode != AuthMode::None;
    const bool showSecond = mode == AuthMode::Basic || mode == AuthMode::ApiKeyHeader || mode == AuthMode::ApiKeyQuery;
    m_ui->authField1Label->setVisible(showFirst);
    first->setVisible(showFirst);
    m_ui->authField2Label->setVisible(showSecond);
    second->setVisible(showSecond);
    second->setEchoMode(mode == AuthMode::Basic ? QLineEdit::PasswordEchoOnEdit : QLineEdit::Normal);
    first->setEchoMode(mode == AuthMode::Bearer ? QLineEdit::PasswordEchoOnEdit : QLineEdit::Normal);
    switch (mode) {
    case AuthMode::None:
        m_ui->authHintLabel->setText(
            tr("No authentication is added. Headers set on the Headers tab are sent as they are."));
        break;
    case AuthMode::Bearer:
        m_ui->authField1Label->setText(tr("Token:"));
        first->setText(m_bearerToken);
        first->setPlaceholderText(tr("Sent as Authorization: Bearer <token>"));
        m_ui->authHintLabel->setText(tr("Replaces any Authorization header on the Headers tab."));
        break;
    case AuthMode::Basic:
        m_ui->authField1Label->setText(tr("User:"));
        m_ui->authField2Label->setText(tr("Password:"));
        first->setText(m_basicUser);
        second->setText(m_basicPassword);
        first->setPlaceholderText({});
        second->setPlaceholderText({});
        m_ui->authHintLabel->setText(
            tr("Sent as Authorization: Basic base64(user:password); replaces any Authorization header."));
        break;
    case AuthMode::ApiKeyHeader:
    case AuthMode::ApiKeyQuery:
        m_ui->authField1Label->setText(mode == AuthMode::ApiKeyHeader ? tr("Header:") : tr("Parameter:"));
        m_ui->authField2Label->setText(tr("Key:"));
        first->setText(m_apiKeyName);
        second->setText(m_apiKeyValue);
        first->setPlaceholderText(mode == AuthMode::ApiKeyHeader ? tr("X-API-Key") : tr("api_key"));
        second->setPlaceholderText({});
        m_ui->authHintLabel->setText(mode == AuthMode::ApiKeyHeader
                                         ? tr("Added as a header; replaces a header of the same name.")
                                         : tr("Appended to the query string at send time."));
        break;
    }
}

void ComposerWidget::onSigningSchemeChanged()
{
    const QString scheme = m_ui->signingSchemeCombo->currentData().toString();
    const bool on = !scheme.isEmpty();
    m_ui->signingSecretLabel->setEnabled(on);
    m_ui->signingSecretEdit->setEnabled(on);
    const bool hasEvent = scheme == QLatin1String("github") || scheme == QLatin1String("shopify");
    m_ui->signingEventLabel->setVisible(hasEvent);
    m_ui->signingEventEdit->setVisible(hasEvent);
    m_ui->signingEventEdit->setPlaceholderText(scheme == QLatin1String("github") ? tr("ping, push, pull_request…")
                                                                                 : tr("orders/create…"));
    m_ui->signingHintLabel->setText(schemeHint(scheme));
    m_ui->requestTabs->setTabText(m_ui->requestTabs->indexOf(m_ui->signingTab),
                                  on ? tr("Signing (%1)").arg(scheme) : tr("Signing"));
}

void ComposerWidget::onUrlTextEdited(const QString &text)
{
    // textChanged may come before or after textEdited: either way, this is the text before.
    const QString before = m_urlShown == text ? m_urlBefore : m_urlShown;
    // A paste or drop inserts many characters at once; "curl ..." typed by hand one key at a
    // time is left alone until Enter.
    if (text.size() > before.size() + 1 && CurlImporter::looksLikeCurl(text) && !CurlImporter::looksLikeCurl(before)) {
        // Not from inside the line edit's own signal: it is still in the middle of the paste.
        QMetaObject::invokeMethod(
            this,
            [this, text, before] {
                if (m_ui->urlEdit->text() != text)
                    return; // changed again meanwhile
                m_urlBefore = before;
                importCurl(text);
            },
            Qt::QueuedConnection);
    }
}

bool ComposerWidget::importCurl(const QString &commandLine)
{
    const CurlImporter::Result result = CurlImporter::parse(commandLine);
    if (!result.ok) {
        // The field as it was, the reason under it.
        if (m_ui->urlEdit->text() == commandLine && !CurlImporter::looksLikeCurl(m_urlBefore)) {
            const QString before = m_urlBefore; // a copy: setText() moves m_urlBefore on
            m_ui->urlEdit->setText(before);
        }
        showError(tr("Not a cURL command Hookbench can read: %1").arg(result.error));
        return false;
    }
    RequestDraft before = draft();
    if (CurlImporter::looksLikeCurl(before.url))
        before.url = m_urlBefore;
    setDraft(result.draft);
    m_beforeCurl = before;
    // The user's doing, unlike a setDraft() from outside.
    Q_EMIT draftChanged();
    showError({});
    QString notice = tr("Filled from the cURL command: %1 %2, %n header(s).", nullptr, int(result.draft.headers.size()))
                         .arg(result.draft.method, result.draft.url)
                         .toHtmlEscaped();
    for (const QString &warning : result.warnings)
        notice += QStringLiteral("<br>") + tr("Not imported: %1").arg(warning).toHtmlEscaped();
    showNotice(notice + QStringLiteral(" <a href=\"undo\">%1</a>").arg(tr("Undo")));
    return true;
}

void ComposerWidget::undoCurlImport()
{
    if (!m_beforeCurl)
        return;
    const RequestDraft before = *m_beforeCurl; // setDraft() forgets it
    setDraft(before);
    Q_EMIT draftChanged();
}

void ComposerWidget::showNotice(const QString &html)
{
    m_ui->composerNoticeLabel->setText(html);
    m_ui->composerNoticeLabel->setVisible(!html.isEmpty());
}

void ComposerWidget::setBoundProfile(const QString &name, const EndpointProfile *profile)
{
    m_profileName = name;
    m_profile = profile ? std::optional<EndpointProfile>(*profile) : std::nullopt;
    QLabel *label = m_ui->profileLabel;
    label->setVisible(!name.isEmpty());
    if (name.isEmpty())
        return;
    if (!profile) {
        label->setText(tr("Profile: %1 (missing)").arg(name.toHtmlEscaped()));
        label->setToolTip(
            tr("This request is bound to the endpoint profile \"%1\", which its collection does not have: "
               "it cannot be sent until it is bound to another one.")
                .arg(name));
        return;
    }
    label->setText(tr("Profile: %1").arg(QStringLiteral("<a href=\"edit\">%1</a>").arg(name.toHtmlEscaped())));
    label->setToolTip(tr("Sent with the endpoint profile \"%1\" applied, as hookbench run sends it: its base URL "
                         "(%2) before a path, its headers where the request sets none, its auth and signing where "
                         "the request has none, and its timeout. Click its name to edit it.")
                          .arg(name, profile->baseUrl));
}

bool ComposerWidget::draftToSend(RequestDraft *out, QString *error) const
{
    const RequestDraft current = draft();
    if (m_profileName.isEmpty()) {
        *out = current;
        return true;
    }
    if (!m_profile) {
        *error = tr("bound to profile '%1', which the collection does not have").arg(m_profileName);
        return false;
    }
    *out = m_profile->apply(current);
    return true;
}

void ComposerWidget::onUrlEdited()
{
    m_urlBefore = m_urlShown;
    m_urlShown = m_ui->urlEdit->text();
    if (m_syncingQuery)
        return;
    m_syncingQuery = true;
    // Rows switched off are not in the URL; keep them so a parameter can be toggled.
    KeyValueRows rows = RequestDraft::queryRows(m_ui->urlEdit->text());
    for (const KeyValueRow &row : m_query->rows()) {
        if (!row.enabled)
            rows.append(row);
    }
    m_query->setRows(rows);
    m_syncingQuery = false;
}

void ComposerWidget::onQueryEdited()
{
    if (m_syncingQuery)
        return;
    m_syncingQuery = true;
    const QString url = RequestDraft::urlWithQuery(m_ui->urlEdit->text(), m_query->rows());
    if (url != m_ui->urlEdit->text())
        m_ui->urlEdit->setText(url);
    m_syncingQuery = false;
}

void ComposerWidget::updateTlsWarning()
{
    m_ui->tlsWarningLabel->setVisible(m_ui->ignoreTlsCheck->isChecked());
    const int index = m_ui->requestTabs->indexOf(m_ui->optionsTab);
    m_ui->requestTabs->setTabText(index, m_ui->ignoreTlsCheck->isChecked() ? tr("Options ⚠") : tr("Options"));
}
