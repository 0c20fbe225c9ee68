#pragma once

#include "core/collections/endpointprofile.h"

#include <QDialog>

#include <memory>

namespace Ui {
class EndpointProfileDialog;
}
class KeyValueTableModel;

// Edits every field of an endpoint profile: name, base URL, method, timeout, headers, auth
// and signing. What is wrong is said in words under the form (EndpointProfile::error) and
// Save waits until nothing is. Secret fields show masked; the caller saves the profile
// through the collection, whose file never holds them (they go to the SecretStore).
class EndpointProfileDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EndpointProfileDialog)

public:
    // takenNames: the collection's other profiles, which this one may not be renamed to.
    EndpointProfileDialog(const EndpointProfile &profile, const QStringList &takenNames, QWidget *parent = nullptr);
    ~EndpointProfileDialog() override;

    // As edited; fields the chosen auth mode or signing scheme does not use are emptied,
    // so no stale secret is kept for them.
    EndpointProfile profile() const;
    QString error() const; // what stops Save, in words; empty when nothing does
    // Says under the form where secret values go (the system keychain or a 0600 file).
    void setSecretsDescription(const QString &text);

private:
    void onAuthTypeChanged();
    void validate();

    std::unique_ptr<Ui::EndpointProfileDialog> m_ui;
    KeyValueTableModel *m_headers;
    QStringList m_takenNames;
};
