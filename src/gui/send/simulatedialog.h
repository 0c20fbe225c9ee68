#pragma once

#include "gui/send/samplecatalog.h"

#include <QDialog>

#include <memory>

namespace Ui {
class SimulateDialog;
}

// Picks a provider's sample event, the secret to sign it with and where to send it.
class SimulateDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SimulateDialog)

public:
    explicit SimulateDialog(const QString &url, QWidget *parent = nullptr);
    ~SimulateDialog() override;

    Sample sample() const;
    QString secret() const;
    QString url() const;

private:
    void onProviderChanged();
    void updateSendEnabled();

    std::unique_ptr<Ui::SimulateDialog> m_ui;
    QList<Sample> m_samples;
    bool m_secretEdited = false;
};
