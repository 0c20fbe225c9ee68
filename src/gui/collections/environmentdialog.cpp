#include "gui/collections/environmentdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStyledItemDelegate>
#include <QTableWidget>
#include <QVBoxLayout>

namespace {

enum Column { NameColumn, ValueColumn, SecretColumn };

bool isSecretRow(const QModelIndex &index)
{
    return index.sibling(index.row(), SecretColumn).data(Qt::CheckStateRole).toInt() == Qt::Checked;
}

// Secret values are never shown: dots in the table, a password field while typing.
class MaskingDelegate final : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        if (index.column() == ValueColumn && isSecretRow(index) && !option->text.isEmpty())
            option->text = EnvironmentDialog::maskedText();
    }
    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QWidget *editor = QStyledItemDelegate::createEditor(parent, option, index);
        if (auto *line = qobject_cast<QLineEdit *>(editor); line && index.column() == ValueColumn && isSecretRow(index))
            line->setEchoMode(QLineEdit::Password);
        return editor;
    }
};

} // namespace

QString EnvironmentDialog::maskedText()
{
    return QStringLiteral("\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022");
}

EnvironmentDialog::EnvironmentDialog(const QList<Environment> &environments, const QString &current, QWidget *parent)
    : QDialog(parent)
    , m_environments(environments)
    , m_combo(new QComboBox(this))
    , m_table(new QTableWidget(0, 3, this))
    , m_secretsLabel(new QLabel(this))
{
    setWindowTitle(tr("Environments"));
    resize(560, 380);
    m_combo->setObjectName(QStringLiteral("environmentCombo"));
    m_table->setObjectName(QStringLiteral("variablesTable"));
    m_table->setHorizontalHeaderLabels({tr("Variable"), tr("Value"), tr("Secret")});
    m_table->horizontalHeader()->setSectionResizeMode(ValueColumn, QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    m_table->setItemDelegate(new MaskingDelegate(m_table));

    auto *add = new QPushButton(tr("New…"), this);
    auto *rename = new QPushButton(tr("Rename…"), this);
    auto *remove = new QPushButton(tr("Delete"), this);
    auto *addVariable = new QPushButton(tr("Add variable"), this);
    auto *removeVariable = new QPushButton(tr("Remove variable"), this);
    addVariable->setObjectName(QStringLiteral("addVariableButton"));
    auto *top = new QHBoxLayout;
    top->addWidget(m_combo, 1);
    top->addWidget(add);
    top->addWidget(rename);
    top->addWidget(remove);
    auto *rows = new QHBoxLayout;
    rows->addWidget(addVariable);
    rows->addWidget(removeVariable);
    rows->addStretch();
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_table);
    layout->addLayout(rows);
    layout->addWidget(m_secretsLabel);
    layout->addWidget(buttons);
    m_secretsLabel->setObjectName(QStringLiteral("secretsLocationLabel"));
    m_secretsLabel->setWordWrap(true);
    m_secretsLabel->setForegroundRole(QPalette::PlaceholderText);
    m_secretsLabel->hide();

    for (const Environment &environment : m_environments)
        m_combo->addItem(environment.name);
    m_combo->setCurrentIndex(qMax(0, m_combo->findText(current)));
    loadTable();

    connect(m_combo, &QComboBox::currentIndexChanged, this, [this] {
        storeTable();
        loadTable();
    });
    connect(add, &QPushButton::clicked, this, &EnvironmentDialog::addEnvironment);
    connect(rename, &QPushButton::clicked, this, &EnvironmentDialog::renameEnvironment);
    connect(remove, &QPushButton::clicked, this, &EnvironmentDialog::removeEnvironment);
    connect(addVariable, &QPushButton::clicked, this, [this] {
        if (m_shown < 0)
            addEnvironment();
        if (m_shown < 0)
            return;
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        m_table->setItem(row, NameColumn, new QTableWidgetItem);
        m_table->setItem(row, ValueColumn, new QTableWidgetItem);
        auto *secret = new QTableWidgetItem;
        secret->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsSelectable);
        secret->setCheckState(Qt::Unchecked);
        m_table->setItem(row, SecretColumn, secret);
        m_table->editItem(m_table->item(row, NameColumn));
    });
    connect(removeVariable, &QPushButton::clicked, this, [this] {
        if (m_table->currentRow() >= 0)
            m_table->removeRow(m_table->currentRow());
    });
    // Toggling "secret" repaints the value masked or plain.
    connect(m_table, &QTableWidget::itemChanged, this, [this](QTableWidgetItem *item) {
        if (item->column() == SecretColumn)
            m_table->viewport()->update();
    });
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

void EnvironmentDialog::loadTable()
{
    m_shown = m_combo->currentIndex();
    const QSignalBlocker blocker(m_table);
    m_table->setRowCount(0);
    if (m_shown < 0 || m_shown >= m_environments.size())
        return;
    for (const EnvironmentVariable &variable : m_environments.at(m_shown).variables) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        m_table->setItem(row, NameColumn, new QTableWidgetItem(variable.name));
        m_table->setItem(row, ValueColumn, new QTableWidgetItem(variable.value));
        auto *secret = new QTableWidgetItem;
        secret->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsSelectable);
        secret->setCheckState(variable.secret ? Qt::Checked : Qt::Unchecked);
        m_table->setItem(row, SecretColumn, secret);
    }
}

void EnvironmentDialog::storeTable()
{
    if (m_shown < 0 || m_shown >= m_environments.size())
        return;
    QList<EnvironmentVariable> variables;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QString name = m_table->item(row, NameColumn) ? m_table->item(row, NameColumn)->text().trimmed()
                                                            : QString();
        if (name.isEmpty())
            continue;
        EnvironmentVariable variable;
        variable.name = name;
        variable.value = m_table->item(row, ValueColumn) ? m_table->item(row, ValueColumn)->text() : QString();
        variable.secret = m_table->item(row, SecretColumn)
            && m_table->item(row, SecretColumn)->checkState() == Qt::Checked;
        variables.append(variable);
    }
    m_environments[m_shown].variables = variables;
}

void EnvironmentDialog::addEnvironment()
{
    const QString name = QInputDialog::getText(this, tr("New environment"), tr("Name:"), QLineEdit::Normal,
                                               m_environments.isEmpty() ? tr("local") : QString())
                             .trimmed();
    if (name.isEmpty())
        return;
    storeTable();
    Environment environment;
    environment.name = name;
    m_environments.append(environment);
    m_combo->addItem(name);
    m_combo->setCurrentIndex(m_combo->count() - 1);
}

void EnvironmentDialog::renameEnvironment()
{
    const int index = m_combo->currentIndex();
    if (index < 0)
        return;
    const QString name = QInputDialog::getText(this, tr("Rename environment"), tr("Name:"), QLineEdit::Normal,
                                               m_environments.at(index).name)
                             .trimmed();
    if (name.isEmpty())
        return;
    m_environments[index].name = name;
    m_combo->setItemText(index, name);
}

void EnvironmentDialog::removeEnvironment()
{
    const int index = m_combo->currentIndex();
    if (index < 0)
        return;
    m_shown = -1; // nothing to store from the table
    m_environments.removeAt(index);
    m_combo->removeItem(index);
    loadTable();
}

QList<Environment> EnvironmentDialog::environments()
{
    storeTable();
    return m_environments;
}

void EnvironmentDialog::setSecretsDescription(const QString &text)
{
    m_secretsLabel->setText(tr("Values marked secret are never written into the collection file. %1").arg(text));
    m_secretsLabel->setVisible(!text.isEmpty());
    m_table->horizontalHeaderItem(SecretColumn)->setToolTip(text);
}

QString EnvironmentDialog::currentName() const
{
    return m_combo->currentText();
}
