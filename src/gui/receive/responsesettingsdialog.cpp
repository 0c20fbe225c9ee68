#include "gui/receive/responsesettingsdialog.h"

#include "gui/widgets/statuscolours.h"
#include "ui_responsesettingsdialog.h"

#include <QFontDatabase>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPushButton>
#include <QRegularExpression>

namespace {
enum RuleColumn { MethodColumn, PathColumn, StatusesColumn, DelayColumn, CloseColumn, BodyColumn };
} // namespace

bool ResponseSettings::parseHeaders(const QString &text, HeaderList *headers, QString *error)
{
    headers->clear();
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        const QString line = lines.at(i).trimmed();
        if (line.isEmpty())
            continue;
        const qsizetype colon = line.indexOf(QLatin1Char(':'));
        const QString name = colon > 0 ? line.left(colon) : QString();
        // A field name is a token (RFC 9110 §5.1): no spaces, no separators.
        static const QRegularExpression token(QStringLiteral("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"));
        if (name.isEmpty() || !token.match(name).hasMatch()) {
            *error = QObject::tr("header line %1 is not \"Name: value\": %2").arg(i + 1).arg(line);
            return false;
        }
        headers->append({name.toLatin1(), line.mid(colon + 1).trimmed().toUtf8()});
    }
    return true;
}

QByteArray ResponseSettings::rulesToJson(const QList<ResponseRuleSettings> &rules)
{
    QJsonArray array;
    for (const ResponseRuleSettings &rule : rules) {
        array.append(QJsonObject{
            {QStringLiteral("method"), rule.method},
            {QStringLiteral("path"), rule.path},
            {QStringLiteral("statuses"), rule.statuses},
            {QStringLiteral("delayMs"), rule.delayMs},
            {QStringLiteral("closeWithoutAnswer"), rule.closeWithoutAnswer},
            // Any bytes: base64 keeps them exact.
            {QStringLiteral("bodyBase64"), QString::fromLatin1(rule.body.toBase64())},
        });
    }
    return QJsonDocument(array).toJson(QJsonDocument::Compact);
}

QList<ResponseRuleSettings> ResponseSettings::rulesFromJson(const QByteArray &json)
{
    // Settings a user edited by hand into something else give no rules, not a crash.
    QList<ResponseRuleSettings> rules;
    const QJsonArray array = QJsonDocument::fromJson(json).array();
    for (const QJsonValue &value : array) {
        const QJsonObject object = value.toObject();
        ResponseRuleSettings rule;
        rule.method = object.value(QLatin1String("method")).toString();
        rule.path = object.value(QLatin1String("path")).toString();
        rule.statuses = object.value(QLatin1String("statuses")).toString(rule.statuses);
        rule.delayMs = object.value(QLatin1String("delayMs")).toInt();
        rule.closeWithoutAnswer = object.value(QLatin1String("closeWithoutAnswer")).toBool();
        rule.body = QByteArray::fromBase64(object.value(QLatin1String("bodyBase64")).toString().toLatin1());
        rules.append(rule);
    }
    return rules;
}

bool ResponseSettings::toPolicy(ResponsePolicy *policy, QString *error) const
{
    ResponseSpec base;
    if (!parseHeaders(headers, &base.headers, error))
        return false;
    base.body = body;
    base.delayMs = delayMs;
    base.closeWithoutAnswer = closeWithoutAnswer;
    QList<ResponseSpec> defaultSteps;
    QString why;
    if (!ResponsePolicy::parseStatusSequence(statuses, base, &defaultSteps, &why)) {
        *error = QObject::tr("Answer: %1").arg(why);
        return false;
    }
    QList<ResponseRule> parsedRules;
    for (int i = 0; i < rules.size(); ++i) {
        const ResponseRuleSettings &r = rules.at(i);
        ResponseSpec ruleBase = base;
        ruleBase.body = r.body;
        ruleBase.delayMs = r.delayMs;
        ruleBase.closeWithoutAnswer = r.closeWithoutAnswer;
        ResponseRule rule;
        rule.method = r.method.trimmed().toUpper().toLatin1();
        if (rule.method == "*" || rule.method == "ANY")
            rule.method.clear();
        rule.path = r.path.trimmed();
        if (!ResponsePolicy::parseStatusSequence(r.statuses, ruleBase, &rule.steps, &why)) {
            *error = QObject::tr("Rule %1: %2").arg(i + 1).arg(why);
            return false;
        }
        parsedRules.append(rule);
    }
    *policy = ResponsePolicy(defaultSteps, parsedRules);
    return true;
}

ResponseSettingsDialog::ResponseSettingsDialog(QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::ResponseSettingsDialog>())
{
    m_ui->setupUi(this);
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_ui->headersEdit->setFont(fixed);
    m_ui->bodyEdit->setFont(fixed);
    QPalette errorPalette = m_ui->errorLabel->palette();
    errorPalette.setColor(QPalette::WindowText, StatusColours::bad());
    m_ui->errorLabel->setPalette(errorPalette);

    QHeaderView *header = m_ui->rulesTable->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setStretchLastSection(true);
    header->resizeSection(MethodColumn, 80);
    header->resizeSection(PathColumn, 170);
    header->resizeSection(StatusesColumn, 110);
    header->resizeSection(DelayColumn, 80);
    header->resizeSection(CloseColumn, 55);
    m_ui->rulesTable->verticalHeader()->setVisible(false);
    m_ui->rulesTable->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_ui->rulesTable->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 10);

    connect(m_ui->addRuleButton, &QPushButton::clicked, this, [this] {
        addRule();
        m_ui->rulesTable->setCurrentCell(m_ui->rulesTable->rowCount() - 1, PathColumn);
        m_ui->rulesTable->editItem(m_ui->rulesTable->currentItem());
    });
    connect(m_ui->removeRuleButton, &QPushButton::clicked, this, &ResponseSettingsDialog::removeSelectedRule);
    connect(m_ui->ruleUpButton, &QPushButton::clicked, this, [this] { moveSelectedRule(-1); });
    connect(m_ui->ruleDownButton, &QPushButton::clicked, this, [this] { moveSelectedRule(1); });
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &ResponseSettingsDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

ResponseSettingsDialog::~ResponseSettingsDialog() = default;

void ResponseSettingsDialog::setSettings(const ResponseSettings &settings)
{
    m_inline = settings;
    m_ui->headersEdit->setPlainText(settings.headers);
    m_ui->bodyEdit->setPlainText(QString::fromUtf8(settings.body));
    m_ui->rulesTable->setRowCount(0);
    for (const ResponseRuleSettings &rule : settings.rules)
        addRule(rule);
}

ResponseSettings ResponseSettingsDialog::settings() const
{
    ResponseSettings s = m_inline;
    s.headers = m_ui->headersEdit->toPlainText();
    s.body = m_ui->bodyEdit->toPlainText().toUtf8();
    s.rules.clear();
    for (int row = 0; row < m_ui->rulesTable->rowCount(); ++row)
        s.rules.append(ruleAt(row));
    return s;
}

void ResponseSettingsDialog::setRetention(int maxCount, int maxAgeDays)
{
    m_ui->retentionCountSpin->setValue(maxCount);
    m_ui->retentionDaysSpin->setValue(maxAgeDays);
}

int ResponseSettingsDialog::retentionCount() const
{
    return m_ui->retentionCountSpin->value();
}

int ResponseSettingsDialog::retentionDays() const
{
    return m_ui->retentionDaysSpin->value();
}

void ResponseSettingsDialog::addRule(const ResponseRuleSettings &rule)
{
    const int row = m_ui->rulesTable->rowCount();
    m_ui->rulesTable->insertRow(row);
    setRuleAt(row, rule);
}

void ResponseSettingsDialog::setRuleAt(int row, const ResponseRuleSettings &rule)
{
    QTableWidget *table = m_ui->rulesTable;
    table->setItem(row, MethodColumn, new QTableWidgetItem(rule.method));
    table->setItem(row, PathColumn, new QTableWidgetItem(rule.path));
    table->setItem(row, StatusesColumn, new QTableWidgetItem(rule.statuses));
    table->setItem(row, DelayColumn, new QTableWidgetItem(QString::number(rule.delayMs)));
    auto *close = new QTableWidgetItem;
    close->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
    close->setCheckState(rule.closeWithoutAnswer ? Qt::Checked : Qt::Unchecked);
    close->setToolTip(tr("Close the connection without answering"));
    table->setItem(row, CloseColumn, close);
    table->setItem(row, BodyColumn, new QTableWidgetItem(QString::fromUtf8(rule.body)));
}

ResponseRuleSettings ResponseSettingsDialog::ruleAt(int row) const
{
    const QTableWidget *table = m_ui->rulesTable;
    const auto text = [table, row](int column) {
        const QTableWidgetItem *item = table->item(row, column);
        return item ? item->text() : QString();
    };
    ResponseRuleSettings rule;
    rule.method = text(MethodColumn).trimmed();
    rule.path = text(PathColumn).trimmed();
    rule.statuses = text(StatusesColumn).trimmed();
    rule.delayMs = qMax(0, text(DelayColumn).trimmed().toInt());
    const QTableWidgetItem *close = table->item(row, CloseColumn);
    rule.closeWithoutAnswer = close && close->checkState() == Qt::Checked;
    rule.body = text(BodyColumn).toUtf8();
    return rule;
}

void ResponseSettingsDialog::removeSelectedRule()
{
    const int row = m_ui->rulesTable->currentRow();
    if (row >= 0)
        m_ui->rulesTable->removeRow(row);
}

void ResponseSettingsDialog::moveSelectedRule(int delta)
{
    const int row = m_ui->rulesTable->currentRow();
    const int target = row + delta;
    if (row < 0 || target < 0 || target >= m_ui->rulesTable->rowCount())
        return;
    const ResponseRuleSettings moving = ruleAt(row);
    setRuleAt(row, ruleAt(target));
    setRuleAt(target, moving);
    m_ui->rulesTable->setCurrentCell(target, m_ui->rulesTable->currentColumn());
}

void ResponseSettingsDialog::accept()
{
    ResponsePolicy policy;
    QString error;
    for (int row = 0; row < m_ui->rulesTable->rowCount() && error.isEmpty(); ++row) {
        const QTableWidgetItem *item = m_ui->rulesTable->item(row, DelayColumn);
        const QString delay = item ? item->text().trimmed() : QString();
        bool ok = delay.isEmpty();
        if (!ok) {
            const int ms = delay.toInt(&ok);
            ok = ok && ms >= 0;
        }
        if (!ok)
            error = tr("Rule %1: the delay must be a whole number of milliseconds").arg(row + 1);
    }
    const ResponseSettings s = settings();
    if (error.isEmpty())
        s.toPolicy(&policy, &error);
    m_ui->errorLabel->setText(error);
    m_ui->errorLabel->setVisible(!error.isEmpty());
    if (error.isEmpty())
        QDialog::accept();
}
