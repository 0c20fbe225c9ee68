#include "gui/collections/endpointprofiledialog.h"

#include "core/send/keyvaluetablemodel.h"
#include "core/signing/signingscheme.h"
#include "gui/widgets/keyvaluetableview.h"
#include "gui/widgets/statuscolours.h"
#include "ui_endpointprofiledialog.h"

#include <QPushButton>

namespace {

using AuthMode = RequestDraft::AuthMode;

} // namespace

EndpointProfileDialog::EndpointProfileDialog(const EndpointProfile &profile, const QStringList &takenNames,
                                             QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::EndpointProfileDialog>())
    , m_headers(new KeyValueTableModel(this))
    , m_takenNames(takenNames)
{
    m_ui->setupUi(this);
    setWindowTitle(tr("Endpoint Profile \"%1\"").arg(profile.name));
    m_headers->setObjectName(QStringLiteral("profileHeadersModel"));
    m_headers->setHeaderTitles(tr("Header"), tr("Value"));
    KeyValueTableView::setUp(m_ui->headersTable, m_headers);
    m_ui->headersHintLabel->setForegroundRole(QPalette::PlaceholderText);
    m_ui->secretsLabel->setForegroundRole(QPalette::PlaceholderText);
    m_ui->secretsLabel->hide();
    StatusColours::setTextColour(m_ui->errorLabel, StatusColours::bad());

    // In the order of RequestDraft::AuthMode, as the composer's Auth tab lists them.
    m_ui->authTypeCombo->addItems({tr("None"), tr("Bearer token"), tr("Basic (user and password)"),
                                   tr("API key in a header"), tr("API key in the query")});
    m_ui->signingSchemeCombo->addItem(tr("None"), QString());
    for (const QString &name : SigningSchemes::names())
        m_ui->signingSchemeCombo->addItem(name, name);

    m_ui->nameEdit->setText(profile.name);
    m_ui->baseUrlEdit->setText(profile.baseUrl);
    m_ui->methodCombo->setCurrentText(profile.method);
    m_ui->timeoutSpin->setValue(profile.timeoutMs);
    m_headers->setRows(profile.headers);
    m_ui->authTypeCombo->setCurrentIndex(int(profile.authMode));
    m_ui->authUserEdit->setText(profile.authUser);
    m_ui->authSecretEdit->setText(profile.authSecret);
    // A scheme this build does not know is kept visible rather than silently dropped.
    if (!profile.signingScheme.isEmpty() && m_ui->signingSchemeCombo->findData(profile.signingScheme) < 0)
        m_ui->signingSchemeCombo->addItem(profile.signingScheme, profile.signingScheme);
    m_ui->signingSchemeCombo->setCurrentIndex(qMax(0, m_ui->signingSchemeCombo->findData(profile.signingScheme)));
    m_ui->signingSecretEdit->setText(profile.signingSecret);
    onAuthTypeChanged();

    connect(m_ui->authTypeCombo, &QComboBox::currentIndexChanged, this, &EndpointProfileDialog::onAuthTypeChanged);
    for (QLineEdit *edit :
         {m_ui->nameEdit, m_ui->baseUrlEdit, m_ui->authUserEdit, m_ui->authSecretEdit, m_ui->signingSecretEdit})
        connect(edit, &QLineEdit::textChanged, this, &EndpointProfileDialog::validate);
    connect(m_ui->methodCombo, &QComboBox::currentTextChanged, this, &EndpointProfileDialog::validate);
    connect(m_ui->signingSchemeCombo, &QComboBox::currentIndexChanged, this, &EndpointProfileDialog::validate);
    // A secret without a scheme signs nothing: the field waits for one.
    const auto enableSigningSecret = [this] {
        m_ui->signingSecretEdit->setEnabled(!m_ui->signingSchemeCombo->currentData().toString().isEmpty());
    };
    connect(m_ui->signingSchemeCombo, &QComboBox::currentIndexChanged, this, enableSigningSecret);
    enableSigningSecret();
    connect(m_ui->timeoutSpin, &QSpinBox::valueChanged, this, &EndpointProfileDialog::validate);
    connect(m_headers, &KeyValueTableModel::rowsEdited, this, &EndpointProfileDialog::validate);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    validate();
}

EndpointProfileDialog::~EndpointProfileDialog() = default;

EndpointProfile EndpointProfileDialog::profile() const
{
    EndpointProfile profile;
    profile.name = m_ui->nameEdit->text().trimmed();
    profile.baseUrl = m_ui->baseUrlEdit->text().trimmed();
    profile.method = m_ui->methodCombo->currentText().trimmed().toUpper();
    profile.timeoutMs = m_ui->timeoutSpin->value();
    profile.headers = m_headers->rows();
    profile.authMode = AuthMode(m_ui->authTypeCombo->currentIndex());
    if (profile.authMode != AuthMode::None)
        profile.authSecret = m_ui->authSecretEdit->text();
    if (profile.authMode != AuthMode::None && profile.authMode != AuthMode::Bearer)
        profile.authUser = m_ui->authUserEdit->text().trimmed();
    profile.signingScheme = m_ui->signingSchemeCombo->currentData().toString();
    if (!profile.signingScheme.isEmpty())
        profile.signingSecret = m_ui->signingSecretEdit->text();
    return profile;
}

QString EndpointProfileDialog::error() const
{
    return m_ui->errorLabel->text();
}

void EndpointProfileDialog::setSecretsDescription(const QString &text)
{
    m_ui->secretsLabel->setText(
        tr("The token, password, key and signing secret are never written into the collection file. %1").arg(text));
    m_ui->secretsLabel->setVisible(!text.isEmpty());
}

void EndpointProfileDialog::onAuthTypeChanged()
{
    const auto mode = AuthMode(m_ui->authTypeCombo->currentIndex());
    const bool showUser = mode == AuthMode::Basic || mode == AuthMode::ApiKeyHeader || mode == AuthMode::ApiKeyQuery;
    const bool showSecret = mode != AuthMode::None;
    m_ui->authUserLabel->setVisible(showUser);
    m_ui->authUserEdit->setVisible(showUser);
    m_ui->authSecretLabel->setVisible(showSecret);
    m_ui->authSecretEdit->setVisible(showSecret);
    switch (mode) {
    case AuthMode::None:
        break;
    case AuthMode::Bearer:
        m_ui->authSecretLabel->setText(tr("&Token:"));
        break;
    case AuthMode::Basic:
        m_ui->authUserLabel->setText(tr("&User:"));
        m_ui->authSecretLabel->setText(tr("&Password:"));
        break;
    case AuthMode::ApiKeyHeader:
        m_ui->authUserLabel->setText(tr("&Header:"));
        m_ui->authSecretLabel->setText(tr("&Key:"));
        break;
    case AuthMode::ApiKeyQuery:
        m_ui->authUserLabel->setText(tr("&Parameter:"));
        m_ui->authSecretLabel->setText(tr("&Key:"));
        break;
    }
    m_ui->authSecretEdit->setPlaceholderText(tr("the value, or a {{variable}} that holds it"));
    validate();
}

void EndpointProfileDialog::validate()
{
    const QString problem = profile().error(m_takenNames);
    m_ui->errorLabel->setText(problem);
    m_ui->errorLabel->setVisible(!problem.isEmpty());
    m_ui->buttonBox->button(QDialogButtonBox::Save)->setEnabled(problem.isEmpty());
}
