#include "gui/receive/replaydialog.h"

#include "core/replay/replaydeliverymodel.h"
#include "core/replay/replayer.h"
#include "core/signing/signingscheme.h"
#include "gui/widgets/statuscolours.h"
#include "ui_replaydialog.h"

#include <QCloseEvent>
#include <QHeaderView>
#include <QPushButton>
#include <QStandardItemModel>

#include <algorithm>

ReplayDialog::ReplayDialog(Replayer *replayer, const QList<Item> &items, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::ReplayDialog>())
    , m_replayer(replayer)
    , m_items(items)
    , m_results(new QStandardItemModel(0, ColumnCount, this))
{
    m_ui->setupUi(this);
    m_ui->schemeCombo->addItems(SigningSchemes::names());
    m_ui->errorLabel->hide();
    StatusColours::setTextColour(m_ui->errorLabel, StatusColours::bad());
    m_ui->hintLabel->setForegroundRole(QPalette::PlaceholderText);

    m_results->setHorizontalHeaderLabels({tr("Capture"), tr("Time"), tr("Result")});
    m_ui->resultsTable->setModel(m_results);
    m_ui->resultsTable->verticalHeader()->setVisible(false);
    m_ui->resultsTable->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_ui->resultsTable->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    // The result takes what is left: it is what the user reads (a status, or why not).
    m_ui->resultsTable->horizontalHeader()->resizeSection(CaptureColumn, 220);
    m_ui->resultsTable->horizontalHeader()->resizeSection(TimeColumn, 70);
    m_ui->resultsTable->horizontalHeader()->setStretchLastSection(true);
    m_ui->resultsTable->horizontalHeader()->setHighlightSections(false);
    m_ui->resultsTable->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);

    m_send = m_ui->buttonBox->addButton(tr("&Send"), QDialogButtonBox::ActionRole);
    m_send->setObjectName(QStringLiteral("replaySendButton"));
    m_send->setDefault(true);
    m_stop = m_ui->buttonBox->addButton(tr("Sto&p"), QDialogButtonBox::ActionRole);
    m_stop->setObjectName(QStringLiteral("replayStopButton"));
    connect(m_send, &QPushButton::clicked, this, &ReplayDialog::send);
    connect(m_stop, &QPushButton::clicked, this, &ReplayDialog::stop);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &ReplayDialog::close);
    connect(m_ui->resignCheck, &QCheckBox::toggled, this, &ReplayDialog::updateSigningRows);
    connect(m_ui->schemeCombo, &QComboBox::currentTextChanged, this, [this](const QString &scheme) {
        if (m_secretFor)
            m_ui->secretEdit->setText(m_secretFor(scheme));
    });
    connect(m_ui->targetEdit, &QLineEdit::textEdited, this, [this] { m_ui->errorLabel->hide(); });

    connect(m_replayer, &Replayer::sending, this, [this](quint64 run, qint64 seq) {
        if (run == m_run)
            setResult(seq, tr("sending…"), {});
    });
    connect(m_replayer, &Replayer::skipped, this, [this](quint64 run, qint64 seq, const QString &reason) {
        if (run == m_run)
            setResult(seq, tr("skipped: %1").arg(reason), StatusColours::bad());
    });
    connect(m_replayer, &Replayer::delivered, this, &ReplayDialog::onDelivered);
    connect(m_replayer, &Replayer::finished, this, &ReplayDialog::onFinished);

    const int count = int(m_items.size());
    const int replayable = replayableCount();
    QString summary = count == 1 ? tr("1 capture selected.") : tr("%1 captures selected.").arg(count);
    if (replayable < count)
        summary += QLatin1Char(' ')
            + tr("%1 of them will be skipped: only accepted requests that were stored can be replayed.")
                  .arg(count - replayable);
    m_ui->summaryLabel->setText(summary);
    fillResults();
    updateSigningRows();
    updateButtons();
}

ReplayDialog::~ReplayDialog()
{
    stop();
}

int ReplayDialog::replayableCount() const
{
    return int(std::count_if(m_items.cbegin(), m_items.cend(),
                             [](const Item &item) { return item.seq != 0 && item.accepted; }));
}

void ReplayDialog::setTarget(const QString &url)
{
    m_ui->targetEdit->setText(url);
}

void ReplayDialog::setScheme(const QString &scheme)
{
    m_ui->resignCheck->setChecked(!scheme.isEmpty());
    if (!scheme.isEmpty())
        m_ui->schemeCombo->setCurrentText(scheme);
}

void ReplayDialog::setSecretSource(std::function<QString(const QString &)> secretFor)
{
    m_secretFor = std::move(secretFor);
    if (m_secretFor)
        m_ui->secretEdit->setText(m_secretFor(m_ui->schemeCombo->currentText()));
}

QString ReplayDialog::target() const
{
    return m_ui->targetEdit->text().trimmed();
}

QString ReplayDialog::scheme() const
{
    return m_ui->resignCheck->isChecked() ? m_ui->schemeCombo->currentText() : QString();
}

QString ReplayDialog::secret() const
{
    return m_ui->secretEdit->text();
}

ReplayRequest::Options ReplayDialog::options() const
{
    ReplayRequest::Options options;
    options.target = QUrl(target(), QUrl::StrictMode);
    options.scheme = scheme();
    if (!options.scheme.isEmpty())
        options.signing.secret = secret().toUtf8();
    return options;
}

QString ReplayDialog::summaryText() const
{
    return m_ui->summaryLabel->text();
}

QString ReplayDialog::errorText() const
{
    return m_ui->errorLabel->isHidden() ? QString() : m_ui->errorLabel->text();
}

QString ReplayDialog::progressText() const
{
    return m_ui->progressLabel->text();
}

void ReplayDialog::showError(const QString &text)
{
    m_ui->errorLabel->setText(text);
    m_ui->errorLabel->setVisible(!text.isEmpty());
}

void ReplayDialog::updateSigningRows()
{
    const bool resign = m_ui->resignCheck->isChecked();
    m_ui->formLayout->setRowVisible(m_ui->schemeCombo, resign);
    m_ui->formLayout->setRowVisible(m_ui->secretEdit, resign);
    m_ui->hintLabel->setVisible(resign);
}

void ReplayDialog::updateButtons()
{
    m_send->setEnabled(!isRunning() && replayableCount() > 0);
    m_stop->setEnabled(isRunning());
}

void ReplayDialog::fillResults()
{
    m_results->removeRows(0, m_results->rowCount());
    for (const Item &item : std::as_const(m_items)) {
        auto *capture = new QStandardItem(item.label);
        capture->setToolTip(item.label);
        QString why;
        if (item.seq == 0)
            why = tr("skipped: not stored, so there is nothing to send");
        else if (!item.accepted)
            why = tr("skipped: rejected as malformed; only accepted requests can be replayed");
        auto *result = new QStandardItem(why);
        result->setToolTip(why);
        if (!why.isEmpty())
            result->setForeground(StatusColours::bad());
        m_results->appendRow({capture, new QStandardItem(), result});
    }
}

int ReplayDialog::rowOf(qint64 seq) const
{
    for (int row = 0; row < m_items.size(); ++row) {
        if (m_items.at(row).seq == seq)
            return row;
    }
    return -1;
}

void ReplayDialog::setResult(qint64 seq, const QString &text, const QColor &colour, const QString &time)
{
    const int row = rowOf(seq);
    if (row < 0)
        return;
    QStandardItem *result = m_results->item(row, ResultColumn);
    result->setText(text);
    result->setToolTip(text);
    result->setData(colour.isValid() ? QVariant::fromValue(colour) : QVariant(), Qt::ForegroundRole);
    m_results->item(row, TimeColumn)->setText(time);
    m_ui->resultsTable->scrollTo(m_results->index(row, 0));
}

void ReplayDialog::send()
{
    if (isRunning() || !m_replayer)
        return;
    const ReplayRequest::Options chosen = options();
    if (const QString problem = ReplayRequest::optionsError(chosen); !problem.isEmpty()) {
        showError(tr("Cannot replay: %1.").arg(problem));
        (chosen.scheme.isEmpty() || !chosen.target.isValid() ? static_cast<QWidget *>(m_ui->targetEdit)
                                                             : m_ui->secretEdit)
            ->setFocus();
        return;
    }
    showError({});
    fillResults();
    QList<qint64> seqs;
    for (const Item &item : std::as_const(m_items)) {
        if (item.seq != 0 && item.accepted) {
            seqs.append(item.seq);
            setResult(item.seq, tr("waiting"), {});
        }
    }
    m_answered = m_failed = 0;
    m_run = m_replayer->replay(seqs, chosen);
    m_ui->progressLabel->setText(tr("Sending %1 to %2…").arg(seqs.size()).arg(chosen.target.toString()));
    updateButtons();
    Q_EMIT started(chosen);
}

void ReplayDialog::stop()
{
    if (isRunning() && m_replayer)
        m_replayer->cancel(m_run);
}

void ReplayDialog::onDelivered(quint64 run, const ReplayDelivery &delivery)
{
    if (run != m_run)
        return;
    if (delivery.answered()) {
        ++m_answered;
        setResult(delivery.captureSeq, ReplayDeliveryModel::statusText(delivery),
                  StatusColours::forStatus(delivery.status), tr("%1 ms").arg(delivery.ms));
    } else {
        ++m_failed;
        setResult(delivery.captureSeq, tr("no answer: %1").arg(delivery.error), StatusColours::bad(),
                  delivery.ms >= 0 ? tr("%1 ms").arg(delivery.ms) : QString());
    }
    m_ui->progressLabel->setText(tr("%1 answered, %2 without an answer…").arg(m_answered).arg(m_failed));
}

void ReplayDialog::onFinished(quint64 run, int, int skippedCount)
{
    if (run != m_run)
        return;
    m_run = 0;
    const int skipped = skippedCount + int(m_items.size()) - replayableCount();
    m_ui->progressLabel->setText(tr("Done: %1 answered, %2 without an answer, %3 skipped. Each answer is kept with "
                                    "its capture (inspector, Deliveries tab).")
                                     .arg(m_answered)
                                     .arg(m_failed)
                                     .arg(skipped));
    updateButtons();
}

void ReplayDialog::closeEvent(QCloseEvent *event)
{
    stop();
    QDialog::closeEvent(event);
}
