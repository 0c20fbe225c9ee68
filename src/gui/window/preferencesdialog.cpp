#include "gui/window/preferencesdialog.h"

#include "core/app/appsettings.h"
#include "core/listener/listenerconfig.h"
#include "gui/widgets/jsoneditor.h"
#include "gui/widgets/statuscolours.h"
#include "gui/widgets/theme.h"
#include "ui_preferencesdialog.h"

#include <QPushButton>
#include <QTcpServer>

namespace {

constexpr qint64 kMegabyte = 1024 * 1024;

} // namespace

PreferencesDialog::PreferencesDialog(quint16 runningPort, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::PreferencesDialog>())
    , m_runningPort(runningPort)
{
    m_ui->setupUi(this);
    m_ui->themeCombo->addItem(tr("System"), Theme::name(Theme::Mode::System));
    m_ui->themeCombo->addItem(tr("Light"), Theme::name(Theme::Mode::Light));
    m_ui->themeCombo->addItem(tr("Dark"), Theme::name(Theme::Mode::Dark));
    StatusColours::setTextColour(m_ui->preferencesErrorLabel, StatusColours::bad());
    load();
    connect(m_ui->addressCombo, &QComboBox::currentTextChanged, this, &PreferencesDialog::validate);
    connect(m_ui->portSpin, &QSpinBox::valueChanged, this, &PreferencesDialog::validate);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    validate();
}

PreferencesDialog::~PreferencesDialog() = default;

void PreferencesDialog::load()
{
    const AppSettings settings;
    m_ui->addressCombo->setCurrentText(settings.listenerAddress());
    m_ui->portSpin->setValue(settings.listenerPort());
    m_ui->maxBodySpin->setValue(int(qBound(qint64(1), settings.listenerMaxBodyBytes() / kMegabyte, qint64(4096))));
    m_ui->retentionCountSpin->setValue(settings.captureRetentionCount());
    m_ui->retentionDaysSpin->setValue(settings.captureRetentionDays());
    m_ui->historyLimitSpin->setValue(settings.historyLimit());
    m_ui->themeCombo->setCurrentIndex(qMax(0, m_ui->themeCombo->findData(settings.theme())));
    const QFont font = JsonEditor::preferredFont();
    m_ui->fontCombo->setCurrentFont(font);
    m_ui->fontSizeSpin->setValue(font.pointSize() > 0 ? font.pointSize() : 10);
    m_loadedFont = {m_ui->fontCombo->currentFont().family(), m_ui->fontSizeSpin->value()};
}

void PreferencesDialog::save() const
{
    AppSettings settings;
    settings.setListenerAddress(m_ui->addressCombo->currentText().trimmed());
    settings.setListenerPort(quint16(m_ui->portSpin->value()));
    settings.setListenerMaxBodyBytes(qint64(m_ui->maxBodySpin->value()) * kMegabyte);
    settings.setCaptureRetentionCount(m_ui->retentionCountSpin->value());
    settings.setCaptureRetentionDays(m_ui->retentionDaysSpin->value());
    settings.setHistoryLimit(m_ui->historyLimitSpin->value());
    settings.setTheme(m_ui->themeCombo->currentData().toString());
    // Untouched, the font stays as it was: unset, it follows the desktop's fixed font.
    QFont font = m_ui->fontCombo->currentFont();
    font.setPointSize(m_ui->fontSizeSpin->value());
    if (qMakePair(font.family(), font.pointSize()) != m_loadedFont)
        settings.setEditorFont(font.toString());
    settings.sync();
}

QString PreferencesDialog::problem() const
{
    const QString text = m_ui->addressCombo->currentText().trimmed();
    QHostAddress address;
    if (!ListenerConfig::parseAddress(text, &address))
        return tr("\"%1\" is not an IP address: try 127.0.0.1 (this machine only), ::1 or 0.0.0.0.").arg(text);
    const quint16 port = quint16(m_ui->portSpin->value());
    if (port == 0 || port == m_runningPort)
        return {};
    // Bound and released at once: the answer a listener would get, without waiting on anything.
    QTcpServer probe;
    if (!probe.listen(address, port))
        return tr("Port %1 cannot be used on %2: %3. Pick another, or \"any free port\".")
            .arg(port)
            .arg(address.toString(), probe.errorString());
    return {};
}

void PreferencesDialog::validate()
{
    const QString problem = this->problem();
    m_ui->preferencesErrorLabel->setText(problem);
    m_ui->preferencesErrorLabel->setVisible(!problem.isEmpty());
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

void PreferencesDialog::accept()
{
    if (!problem().isEmpty()) {
        validate();
        return;
    }
    save();
    QDialog::accept();
}
