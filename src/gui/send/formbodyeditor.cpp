#include "gui/send/formbodyeditor.h"

#include "gui/widgets/dialogs.h"
#include "ui_formbodyeditor.h"

#include <QFileInfo>
#include <QHeaderView>
#include <QScopedValueRollback>

namespace {
enum Column { Enabled, Name, File, Value, ContentType, FileName };

QTableWidgetItem *checkItem(bool checked)
{
    auto *item = new QTableWidgetItem;
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
    item->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
    return item;
}
} // namespace

FormBodyEditor::FormBodyEditor(QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::FormBodyEditor>())
{
    m_ui->setupUi(this);
    QHeaderView *header = m_ui->fieldTable->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(Enabled, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(File, QHeaderView::ResizeToContents);
    // The value wide, and the type and file name still in sight in a narrow window.
    header->resizeSection(Name, 140);
    header->resizeSection(Value, 280);
    header->resizeSection(ContentType, 160);
    header->setStretchLastSection(true);
    m_ui->fieldTable->setEditTriggers(QAbstractItemView::AllEditTriggers);

    connect(m_ui->addTextButton, &QPushButton::clicked, this, [this] {
        appendRow({});
        m_ui->fieldTable->setCurrentCell(m_ui->fieldTable->rowCount() - 1, Name);
        m_ui->fieldTable->editItem(m_ui->fieldTable->currentItem());
        Q_EMIT edited();
    });
    connect(m_ui->addFileButton, &QPushButton::clicked, this, &FormBodyEditor::addFile);
    connect(m_ui->removeButton, &QPushButton::clicked, this, [this] {
        QList<int> rows;
        for (const QModelIndex &index : m_ui->fieldTable->selectionModel()->selectedRows())
            rows.append(index.row());
        std::sort(rows.rbegin(), rows.rend());
        for (const int row : std::as_const(rows))
            m_ui->fieldTable->removeRow(row);
        if (!rows.isEmpty())
            Q_EMIT edited();
    });
    connect(m_ui->fieldTable, &QTableWidget::itemChanged, this, [this] {
        if (!m_filling)
            Q_EMIT edited();
    });
}

FormBodyEditor::~FormBodyEditor() = default;

void FormBodyEditor::addFile()
{
    const QString path = Dialogs::getOpenFileName(this, tr("File to send"));
    if (path.isEmpty())
        return;
    FormField field;
    field.isFile = true;
    field.name = QFileInfo(path).completeBaseName();
    field.value = path;
    appendRow(field);
    m_ui->fieldTable->setCurrentCell(m_ui->fieldTable->rowCount() - 1, Name);
    Q_EMIT edited();
}

void FormBodyEditor::appendRow(const FormField &field)
{
    const QScopedValueRollback filling(m_filling, true);
    QTableWidget *table = m_ui->fieldTable;
    const int row = table->rowCount();
    table->insertRow(row);
    table->setItem(row, Enabled, checkItem(field.enabled));
    table->setItem(row, Name, new QTableWidgetItem(field.name));
    QTableWidgetItem *file = checkItem(field.isFile);
    file->setToolTip(tr("Checked: the value is the path of a file, read at each send"));
    table->setItem(row, File, file);
    table->setItem(row, Value, new QTableWidgetItem(field.value));
    auto *type = new QTableWidgetItem(field.contentType);
    type->setToolTip(tr("Empty: none for text; for a file, the type its extension suggests"));
    table->setItem(row, ContentType, type);
    table->setItem(row, FileName, new QTableWidgetItem(field.fileName));
}

FormFields FormBodyEditor::fields() const
{
    FormFields out;
    const QTableWidget *table = m_ui->fieldTable;
    for (int row = 0; row < table->rowCount(); ++row) {
        FormField field;
        field.enabled = table->item(row, Enabled)->checkState() == Qt::Checked;
        field.name = table->item(row, Name)->text();
        field.isFile = table->item(row, File)->checkState() == Qt::Checked;
        field.value = table->item(row, Value)->text();
        field.contentType = table->item(row, ContentType)->text().trimmed();
        field.fileName = table->item(row, FileName)->text();
        if (field.name.isEmpty() && field.value.isEmpty() && !field.isFile)
            continue;
        out.append(field);
    }
    return out;
}

void FormBodyEditor::setFields(const FormFields &fields)
{
    const QScopedValueRollback filling(m_filling, true);
    m_ui->fieldTable->setRowCount(0);
    for (const FormField &field : fields)
        appendRow(field);
}
