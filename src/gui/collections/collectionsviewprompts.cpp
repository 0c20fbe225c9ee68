// CollectionsView: every question and message box the sidebar opens, in one place, each
// through Dialogs, so tests answer them with the one hook (TestSupport::ScriptedDialogs).

#include "gui/collections/collectionsview.h"
#include "gui/widgets/dialogs.h"

#include <QDialog>

bool CollectionsView::confirm(const QString &question)
{
    return Dialogs::question(this, tr("Delete"), question) == QMessageBox::Yes;
}

QString CollectionsView::askText(const QString &title, const QString &label, bool multiLine)
{
    bool ok = false;
    const QString text = multiLine ? Dialogs::getMultiLineText(this, title, label, {}, &ok)
                                   : Dialogs::getText(this, title, label, {}, &ok);
    return ok ? text : QString();
}

std::optional<int> CollectionsView::askNumber(const QString &title, const QString &label, int value, int min, int max)
{
    bool ok = false;
    const int number = Dialogs::getInt(this, title, label, value, min, max, 1, &ok);
    return ok ? std::optional<int>(number) : std::nullopt;
}

QString CollectionsView::askOpenPath(const QString &title, const QString &filter)
{
    return Dialogs::getOpenFileName(this, title, QString(), filter);
}

QString CollectionsView::askSavePath(const QString &title, const QString &suggested, const QString &filter)
{
    return Dialogs::getSaveFileName(this, title, suggested, filter);
}

void CollectionsView::warn(const QString &title, const QString &text)
{
    Dialogs::warning(this, title, text);
}

void CollectionsView::inform(const QString &title, const QString &text, const QStringList &details)
{
    // The first few in sight, all of them a click away: an import can omit hundreds of parts.
    if (details.isEmpty())
        Dialogs::information(this, title, text);
    else
        Dialogs::information(this, title, text, details.mid(0, 8).join(QLatin1Char('\n')),
                             details.join(QLatin1Char('\n')));
}

bool CollectionsView::accepted(QDialog &dialog)
{
    return dialog.exec() == QDialog::Accepted;
}
