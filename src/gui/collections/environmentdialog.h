#pragma once

#include "core/collections/environment.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QTableWidget;

// Edits a collection's environments: add, rename, remove, and per environment a table of
// variables (name, value, secret). Secret values show as dots and are typed in a
// password field; they are saved to the secret store, never to the collection file.
class EnvironmentDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EnvironmentDialog)

public:
    explicit EnvironmentDialog(const QList<Environment> &environments, const QString &current,
                               QWidget *parent = nullptr);

    QList<Environment> environments(); // with the table's edits
    QString currentName() const;
    // Says under the table where secret values go (the system keychain or a 0600 file).
    void setSecretsDescription(const QString &text);

    static QString maskedText(); // what a secret value shows as

private:
    void storeTable();
    void loadTable();
    void addEnvironment();
    void renameEnvironment();
    void removeEnvironment();

    QList<Environment> m_environments;
    int m_shown = -1;
    QComboBox *m_combo;
    QTableWidget *m_table;
    QLabel *m_secretsLabel;
};
