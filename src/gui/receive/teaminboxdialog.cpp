#include "gui/receive/teaminboxdialog.h"

#include "core/storage/postgresdatabase.h"
#include "ui_teaminboxdialog.h"

#include <QPushButton>
#include <QUrl>

TeamInboxDialog::TeamInboxDialog(QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::TeamInboxDialog>())
{
    m_ui->setupUi(this);
    m_ui->errorLabel->hide();
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setText(tr("Connect"));
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &TeamInboxDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &TeamInboxDialog::reject);
}

TeamInboxDialog::~TeamInboxDialog() = default;

void TeamInboxDialog::setUri(const QString &uri)
{
    QUrl url(uri);
    if (!url.password().isEmpty()) {
        m_ui->passwordEdit->setText(url.password(QUrl::FullyDecoded));
        url.setPassword(QString());
    }
    m_ui->uriEdit->setText(url.isValid() ? url.toString() : uri);
}

void TeamInboxDialog::setPassword(const QString &password)
{
    m_ui->passwordEdit->setText(password);
}

QString TeamInboxDialog::uri() const
{
    return PostgresDatabase::redacted(m_ui->uriEdit->text().trimmed());
}

QString TeamInboxDialog::password() const
{
    // A password typed into the URI counts too: it goes to the secret store like the other.
    if (m_ui->passwordEdit->text().isEmpty())
        return QUrl(m_ui->uriEdit->text().trimmed()).password(QUrl::FullyDecoded);
    return m_ui->passwordEdit->text();
}

QString TeamInboxDialog::location() const
{
    return PostgresDatabase::withPassword(m_ui->uriEdit->text().trimmed(), password());
}

void TeamInboxDialog::accept()
{
    const QString text = m_ui->uriEdit->text().trimmed();
    if (!PostgresDatabase::isLocation(text) || !QUrl(text, QUrl::StrictMode).isValid()) {
        m_ui->errorLabel->setText(tr("The database is a URI such as postgresql://user@host:5432/webhooks."));
        m_ui->errorLabel->show();
        m_ui->uriEdit->setFocus();
        return;
    }
    QDialog::accept();
}
