// CollectionsView: every question and message box the sidebar opens, in one place, so tests
// answer them through one hook (setUnsavedPrompt / setConfirmPrompt today) and a window never
// opens a dialog from anywhere else.

#include "gui/collections/collectionsview.h"

#include <QDialog>
#include <QFileDialog>
#include <QInputDialog>
#include <QMessageBox>

CollectionsView::UnsavedChoice CollectionsView::askUnsaved(const QString &requestName)
{
    if (m_unsavedPrompt)
        return m_unsavedPrompt(requestName);
    const auto answer = QMessageBox::question(
        this, tr("Unsaved changes"), tr("The request \"%1\" has changes that are not saved.").arg(requestName),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    return answer == QMessageBox::Save   ? UnsavedChoice::Save
        : answer == QMessageBox::Discard ? UnsavedChoice::Discard
                                         : UnsavedChoice::Cancel;
}

bool CollectionsView::confirm(const QString &question)
{
    if (m_confirmPrompt)
        return m_confirmPrompt(question);
    return QMessageBox::question(this, tr("Delete"), question) == QMessageBox::Yes;
}

QString CollectionsView::askText(const QString &title, const QString &label, bool multiLine)
{
    bool ok = false;
    const QString text = multiLine ? QInputDialog::getMultiLineText(this, title, label, {}, &ok)
                                   : QInputDialog::getText(this, title, label, QLineEdit::Normal, {}, &ok);
    return ok ? text : QString();
}

std::optional<int> CollectionsView::askNumber(const QString &title, const QString &label, int value, int min, int max)
{
    bool ok = false;
    const int number = QInputDialog::getInt(this, title, label, value, min, max, 1, &ok);
    return ok ? std::optional<int>(number) : std::nullopt;
}

QString CollectionsView::askOpenPath(const QString &title, const QString &filter)
{
    return QFileDialog::getOpenFileName(this, title, QString(), filter);
}

QString CollectionsView::askSavePath(const QString &title, const QString &suggested, const QString &filter)
{
    return QFileDialog::getSaveFileName(this, title, suggested, filter);
}

void CollectionsView::warn(const QString &title, const QString &text)
{
    QMessageBox::warning(this, title, text);
}

void CollectionsView::inform(const QString &title, const QString &text, const QStringList &details)
{
    if (details.isEmpty()) {
        QMessageBox::information(this, title, text);
        return;
    }
    // The first few in sight, all of them a click away: an import can omit hundreds of parts.
    QMessageBox box(QMessageBox::Information, title, text, QMessageBox::Ok, this);
    box.setDetailedText(details.join(QLatin1Char('\n')));
    box.setInformativeText(details.mid(0, 8).join(QLatin1Char('\n')));
    box.exec();
}

bool CollectionsView::accepted(QDialog &dialog)
{
    return dialog.exec() == QDialog::Accepted;
}
