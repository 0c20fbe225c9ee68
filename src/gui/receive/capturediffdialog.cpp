#include "gui/receive/capturediffdialog.h"

#include "gui/widgets/statuscolours.h"

#include <QCheckBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {
enum Column { MarkColumn, NameColumn, FirstColumn, SecondColumn };

QString describe(const Capture &capture)
{
    const QDateTime at = QDateTime::fromMSecsSinceEpoch(capture.receivedAtMs);
    return QStringLiteral("#%1 %2 %3 at %4")
        .arg(capture.seq)
        .arg(QString::fromLatin1(capture.method), QString::fromUtf8(capture.path()),
             at.toString(at.date() == QDate::currentDate() ? QStringLiteral("HH:mm:ss.zzz")
                                                           : QStringLiteral("yyyy-MM-dd HH:mm:ss")));
}

int differences(const QList<CaptureDiff::Entry> &entries)
{
    return int(std::count_if(entries.cbegin(), entries.cend(),
                             [](const CaptureDiff::Entry &e) { return e.change != CaptureDiff::Change::Same; }));
}

// A tint of the colour that says good or bad elsewhere, light enough for text on it in
// either theme.
QColor tint(const QColor &colour)
{
    QColor tinted = colour;
    tinted.setAlpha(48);
    return tinted;
}
} // namespace

CaptureDiffDialog::CaptureDiffDialog(const Capture &first, const Capture &second, QWidget *parent)
    : QDialog(parent)
    , m_result(CaptureDiff::diff(first, second))
    , m_summary(new QLabel(this))
    , m_showUnchanged(new QCheckBox(tr("Show &unchanged"), this))
    , m_tree(new QTreeWidget(this))
{
    setObjectName(QStringLiteral("captureDiffDialog"));
    setWindowTitle(tr("Compare captures #%1 and #%2").arg(first.seq).arg(second.seq));
    m_summary->setObjectName(QStringLiteral("diffSummary"));
    m_summary->setWordWrap(true);
    m_tree->setObjectName(QStringLiteral("diffTree"));
    m_tree->setColumnCount(4);
    m_tree->setHeaderLabels(
        {QString(), tr("Field"), tr("First: %1").arg(describe(first)), tr("Second: %1").arg(describe(second))});
    m_tree->setUniformRowHeights(true);
    m_tree->setWordWrap(false);
    m_tree->setTextElideMode(Qt::ElideMiddle);
    m_tree->header()->setSectionResizeMode(MarkColumn, QHeaderView::ResizeToContents);
    m_tree->header()->setSectionResizeMode(NameColumn, QHeaderView::Interactive);
    m_tree->header()->setSectionResizeMode(FirstColumn, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(SecondColumn, QHeaderView::Stretch);
    m_tree->setColumnWidth(NameColumn, 200);
    m_tree->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_showUnchanged->setObjectName(QStringLiteral("showUnchangedCheck"));
    connect(m_showUnchanged, &QCheckBox::toggled, this, &CaptureDiffDialog::fill);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_showUnchanged);
    layout->addWidget(m_tree, 1);
    layout->addWidget(buttons);
    resize(900, 560);

    m_summary->setText(summaryText());
    fill();
}

QString CaptureDiffDialog::summaryText() const
{
    if (m_result.identical())
        return tr("The two captures are identical in method, path, query, headers and body.");
    QStringList parts;
    if (const int n = differences(m_result.request))
        parts << tr("%n in the request line or query", nullptr, n);
    if (const int n = differences(m_result.headers))
        parts << tr("%n in the headers", nullptr, n);
    if (const int n = differences(m_result.body))
        parts << (m_result.jsonBody ? tr("%n in the JSON body (key order ignored)", nullptr, n)
                                    : tr("%n lines in the body", nullptr, n));
    return tr("Differences: %1.").arg(parts.join(QStringLiteral("; ")));
}

void CaptureDiffDialog::setShowUnchanged(bool show)
{
    m_showUnchanged->setChecked(show);
}

void CaptureDiffDialog::fill()
{
    m_tree->clear();
    const bool all = m_showUnchanged->isChecked();
    const auto section = [this, all](const QString &title, const QList<CaptureDiff::Entry> &entries) {
        auto *parent = new QTreeWidgetItem(m_tree);
        const int changed = differences(entries);
        // The section's title spans the row, so it sits in the first column.
        parent->setText(MarkColumn,
                        changed ? tr("%1 — %n different", nullptr, changed).arg(title)
                                : tr("%1 — the same").arg(title));
        parent->setFirstColumnSpanned(true);
        QFont bold = parent->font(MarkColumn);
        bold.setBold(true);
        parent->setFont(MarkColumn, bold);
        for (const CaptureDiff::Entry &entry : entries) {
            if (entry.change == CaptureDiff::Change::Same && !all)
                continue;
            auto *item = new QTreeWidgetItem(parent);
            item->setText(NameColumn, entry.name);
            item->setText(FirstColumn, entry.left);
            item->setText(SecondColumn, entry.right);
            item->setToolTip(FirstColumn, entry.left);
            item->setToolTip(SecondColumn, entry.right);
            QColor colour;
            switch (entry.change) {
            case CaptureDiff::Change::Same:
                break;
            case CaptureDiff::Change::Changed:
                item->setText(MarkColumn, QStringLiteral("~"));
                item->setToolTip(MarkColumn, tr("changed"));
                colour = StatusColours::forStatus(400); // the warning colour
                break;
            case CaptureDiff::Change::Added:
                item->setText(MarkColumn, QStringLiteral("+"));
                item->setToolTip(MarkColumn, tr("only in the second"));
                colour = StatusColours::good();
                break;
            case CaptureDiff::Change::Removed:
                item->setText(MarkColumn, QStringLiteral("−"));
                item->setToolTip(MarkColumn, tr("only in the first"));
                colour = StatusColours::bad();
                break;
            }
            if (colour.isValid()) {
                for (int column = MarkColumn; column <= SecondColumn; ++column)
                    item->setBackground(column, tint(colour));
            }
        }
        parent->setExpanded(true);
    };
    section(tr("Request"), m_result.request);
    section(tr("Headers"), m_result.headers);
    section(m_result.jsonBody ? tr("Body, JSON by path") : tr("Body, line by line"), m_result.body);
}
