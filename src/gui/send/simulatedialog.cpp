#include "gui/send/simulatedialog.h"

#include "ui_simulatedialog.h"

#include <QPushButton>

SimulateDialog::SimulateDialog(const QString &url, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::SimulateDialog>())
    , m_samples(SampleCatalog::providerEvents())
{
    m_ui->setupUi(this);
    m_ui->simulateHintLabel->setForegroundRole(QPalette::PlaceholderText);
    for (const Sample &sample : std::as_const(m_samples))
        m_ui->providerCombo->addItem(sample.title, sample.id);
    m_ui->simulateUrlEdit->setText(url);
    QPushButton *send = m_ui->simulateButtons->addButton(tr("Sign and &send"), QDialogButtonBox::AcceptRole);
    send->setObjectName(QStringLiteral("simulateSendButton"));
    send->setDefault(true);
    connect(m_ui->simulateButtons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_ui->simulateButtons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_ui->providerCombo, &QComboBox::currentIndexChanged, this, &SimulateDialog::onProviderChanged);
    connect(m_ui->simulateSecretEdit, &QLineEdit::textEdited, this, [this] {
        m_secretEdited = true;
        updateSendEnabled();
    });
    connect(m_ui->simulateUrlEdit, &QLineEdit::textChanged, this, &SimulateDialog::updateSendEnabled);
    onProviderChanged();
}

SimulateDialog::~SimulateDialog() = default;

Sample SimulateDialog::sample() const
{
    const int index = m_ui->providerCombo->currentIndex();
    return index >= 0 && index < m_samples.size() ? m_samples.at(index) : Sample{};
}

QString SimulateDialog::secret() const
{
    return m_ui->simulateSecretEdit->text();
}

QString SimulateDialog::url() const
{
    return m_ui->simulateUrlEdit->text().trimmed();
}

void SimulateDialog::onProviderChanged()
{
    const Sample current = sample();
    if (!m_secretEdited)
        m_ui->simulateSecretEdit->setText(current.testSecret);
    QString hint = tr("Signed with the %1 scheme").arg(current.scheme);
    if (!current.event.isEmpty())
        hint += tr(", event %1").arg(current.event);
    hint += tr(". The prefilled secret is the provider's documentation example; use your receiver's secret.");
    m_ui->simulateHintLabel->setText(hint);
    updateSendEnabled();
}

void SimulateDialog::updateSendEnabled()
{
    for (QAbstractButton *button : m_ui->simulateButtons->buttons()) {
        if (m_ui->simulateButtons->buttonRole(button) == QDialogButtonBox::AcceptRole)
            button->setEnabled(!url().isEmpty() && !secret().isEmpty());
    }
}
