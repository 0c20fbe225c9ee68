#include "collectionvariablesdialog.h"

#include "keyvaluetableview.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

CollectionVariablesDialog::CollectionVariablesDialog(const QString &collectionName, const KeyValueRows &variables,
                                                     QWidget *parent)
    : QDialog(parent)
    , m_model(new KeyValueTableModel(this))
{
    setWindowTitle(tr("Variables of \"%1\"").arg(collectionName));
    resize(560, 380);
    m_model->setObjectName(QStringLiteral("collectionVariablesModel"));
    m_model->setHeaderTitles(tr("Variable"), tr("Value"));
    m_model->setRows(variables);

    auto *intro = new QLabel(tr("Used as {{name}} in the URL, headers and body of every request in this collection. "
                                "A variable of the same name in the active environment wins."),
                             this);
    intro->setWordWrap(true);
    auto *table = new QTableView(this);
    table->setObjectName(QStringLiteral("collectionVariablesTable"));
    KeyValueTableView::setUp(table, m_model);
    // Collection variables are stored as written, secrets included, so say where they go.
    auto *note = new QLabel(tr("These values are saved in the collection file as they are: keep tokens and "
                               "passwords in an environment variable marked secret."),
                            this);
    note->setWordWrap(true);
    note->setForegroundRole(QPalette::PlaceholderText);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(table, 1);
    layout->addWidget(note);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

KeyValueRows CollectionVariablesDialog::variables() const
{
    KeyValueRows rows = m_model->rows();
    rows.removeIf([](const KeyValueRow &row) { return row.name.trimmed().isEmpty(); });
    return rows;
}
