#pragma once

#include <QDialog>

#include <memory>

namespace Ui {
class TeamInboxDialog;
}

// Asks where the team's shared capture store is (a postgresql:// URI) and its password.
// The password is kept apart from the URI, so that the settings never hold it.
class TeamInboxDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TeamInboxDialog)

public:
    explicit TeamInboxDialog(QWidget *parent = nullptr);
    ~TeamInboxDialog() override;

    void setUri(const QString &uri); // a password in it moves to the password field
    void setPassword(const QString &password);
    QString uri() const; // without the password
    QString password() const;
    // The URI with the password in it: what the store connects to.
    QString location() const;

    void accept() override; // refuses what is not a postgresql:// URI, saying why

private:
    std::unique_ptr<Ui::TeamInboxDialog> m_ui;
};
