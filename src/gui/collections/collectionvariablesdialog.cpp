#include "gui/collections/collectionvariablesdialog.h"

#include "gui/widgets/keyvaluetableview.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
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

    auto *intro = new QLabel(tr("Used as {{name}} in the URL, headers and body of every request in this collection; "
                                "a variable of the same name in the active environment wins. Type in the empty last "
                                "row to add one."),
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
    auto *remove = new QPushButton(tr("&Remove Selected"), this);
    remove->setObjectName(QStringLiteral("removeVariablesButton"));
    remove->setAutoDefault(false);
    remove->setEnabled(false);
    connect(table->selectionModel(), &QItemSelectionModel::selectionChanged, remove,
            [remove, table] { remove->setEnabled(table->selectionModel()->hasSelection()); });
    connect(remove, &QPushButton::clicked, this,
            [this, table] { KeyValueTableView::removeSelectedRows(table, m_model); });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(table, 1);
    auto *rows = new QHBoxLayout;
    rows->addWidget(remove);
    rows->addStretch();
    layout->addLayout(rows);
    layout->addWidget(note);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    // Every cell edits at a keystroke: focus in the table would put the first name under the cursor.
    buttons->button(QDialogButtonBox::Save)->setFocus();
}

KeyValueRows CollectionVariablesDialog::variables() const
{
    KeyValueRows rows = m_model->rows();
    rows.removeIf([](const KeyValueRow &row) { return row.name.trimmed().isEmpty(); });
    return rows;
}
