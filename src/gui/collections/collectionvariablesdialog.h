#pragma once

#include "core/send/keyvaluetablemodel.h"

#include <QDialog>

// Edits a collection's variables (those a Postman import brings, or the user's own): a
// name/value table with a check to switch a row off, rows added by typing in the last one
// and removed with Delete or Remove Selected. They apply to every request of the collection, below the active
// environment's variables.
class CollectionVariablesDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CollectionVariablesDialog)

public:
    CollectionVariablesDialog(const QString &collectionName, const KeyValueRows &variables, QWidget *parent = nullptr);

    KeyValueTableModel *model() const { return m_model; }
    KeyValueRows variables() const; // as edited, rows without a name left out

private:
    KeyValueTableModel *m_model;
};
