#include "gui/receive/captureformview.h"

#include "core/http/responsebody.h"
#include "core/json/utf8.h"
#include "gui/widgets/statuscolours.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

CaptureFormView::CaptureFormView(QWidget *parent)
    : QWidget(parent)
    , m_model(new QStandardItemModel(0, 4, this))
    , m_table(new QTableView)
    , m_problem(new QLabel)
    , m_partMode(new QComboBox)
    , m_partView(new QPlainTextEdit)
{
    m_model->setHorizontalHeaderLabels({tr("Name"), tr("Value or file name"), tr("Size"), tr("Content-Type")});
    m_table->setObjectName(QStringLiteral("formFieldTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->setVisible(false);
    // Size and type stay in sight in a narrow window; the type takes what is left.
    m_table->horizontalHeader()->resizeSection(Name, 160);
    m_table->horizontalHeader()->resizeSection(Value, 320);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_problem->setObjectName(QStringLiteral("formProblemLabel"));
    m_problem->setWordWrap(true);
    StatusColours::setTextColour(m_problem, StatusColours::bad());
    m_partMode->setObjectName(QStringLiteral("formPartModeCombo"));
    m_partMode->addItems({tr("Text"), tr("Hex")});
    m_partMode->setToolTip(tr("How the selected field's bytes are shown"));
    m_partView->setObjectName(QStringLiteral("formPartView"));
    m_partView->setReadOnly(true);
    m_partView->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_partView->setLineWrapMode(QPlainTextEdit::NoWrap);

    auto *partBox = new QWidget;
    auto *partLayout = new QVBoxLayout(partBox);
    partLayout->setContentsMargins(0, 0, 0, 0);
    auto *partBar = new QHBoxLayout;
    auto *partLabel = new QLabel(tr("Selected field's &bytes:"));
    partLabel->setBuddy(m_partMode);
    partBar->addWidget(partLabel);
    partBar->addWidget(m_partMode);
    partBar->addStretch();
    partLayout->addLayout(partBar);
    partLayout->addWidget(m_partView);

    auto *splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(m_table);
    splitter->addWidget(partBox);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_problem);
    layout->addWidget(splitter);

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &CaptureFormView::renderPart);
    connect(m_partMode, &QComboBox::activated, this, &CaptureFormView::renderPart);
}

bool CaptureFormView::showBody(QByteArrayView contentType, QByteArrayView body)
{
    m_decoded = FormBody::decode(contentType, body);
    m_model->removeRows(0, m_model->rowCount());
    m_problem->setText(m_decoded.error);
    m_problem->setVisible(!m_decoded.error.isEmpty());
    for (const FormBody::Field &field : std::as_const(m_decoded.fields)) {
        QString value;
        if (field.isFile)
            value = tr("file: %1").arg(field.fileName);
        else if (Utf8::isValid(field.data))
            value = QString::fromUtf8(field.data.left(1024)).replace(QLatin1Char('\n'), QChar(0x21b5));
        else
            value = tr("(binary)");
        QList<QStandardItem *> row{new QStandardItem(field.name), new QStandardItem(value),
                                   new QStandardItem(QString::number(field.data.size())),
                                   new QStandardItem(QString::fromUtf8(field.contentType))};
        m_model->appendRow(row);
    }
    if (m_model->rowCount() > 0)
        m_table->setCurrentIndex(m_model->index(0, Name));
    renderPart();
    return m_decoded.kind != FormBody::Kind::None;
}

void CaptureFormView::setHex(bool hex)
{
    m_partMode->setCurrentIndex(hex ? 1 : 0);
    renderPart();
}

QString CaptureFormView::partText() const
{
    return m_partView->toPlainText();
}

void CaptureFormView::renderPart()
{
    const int row = m_table->currentIndex().row();
    if (row < 0 || row >= m_decoded.fields.size()) {
        m_partView->clear();
        return;
    }
    const QByteArray &data = m_decoded.fields.at(row).data;
    const bool binary = !Utf8::isValid(data);
    if (binary && m_partMode->currentIndex() == 0)
        m_partMode->setCurrentIndex(1);
    m_partView->setPlainText(m_partMode->currentIndex() == 1 ? ResponseBody::hexDump(data)
                                                             : QString::fromUtf8(data.left(1024 * 1024)));
}
