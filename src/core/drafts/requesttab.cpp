#include "core/drafts/requesttab.h"

#include "core/collections/collection.h"

#include <QUrl>
#include <QUuid>

bool RequestTab::isDirty() const
{
    return !sameDraft(draft, baseline);
}

RequestTab RequestTab::open(const RequestDraft &draft, const QString &title, const TabOrigin &origin)
{
    RequestTab tab;
    tab.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    tab.title = title.isEmpty() ? titleFor(draft) : title;
    tab.draft = draft;
    tab.baseline = draft;
    tab.origin = origin;
    return tab;
}

QString RequestTab::titleFor(const RequestDraft &draft)
{
    // The path says what the request is for; a {{base}}/path template keeps its text.
    QString path = draft.url.trimmed();
    if (path.isEmpty())
        return QStringLiteral("New request");
    if (const int scheme = path.indexOf(QLatin1String("://")); scheme >= 0) {
        const int slash = path.indexOf(QLatin1Char('/'), scheme + 3);
        path = slash >= 0 ? path.mid(slash) : QString();
    } else if (path.startsWith(QLatin1String("{{"))) {
        const int close = path.indexOf(QLatin1String("}}"));
        path = close >= 0 ? path.mid(close + 2) : path;
    }
    path = path.section(QLatin1Char('?'), 0, 0).section(QLatin1Char('#'), 0, 0);
    if (path.isEmpty())
        path = QStringLiteral("/");
    return QStringLiteral("%1 %2").arg(draft.method, path);
}

QString RequestTab::summarize(const SendResult &result)
{
    if (!result.hasResponse())
        return result.errorText.isEmpty() ? SendResult::errorName(result.error) : result.errorText;
    QString text = QString::number(result.status);
    if (!result.reason.isEmpty())
        text += QLatin1Char(' ') + QString::fromUtf8(result.reason);
    return text + QStringLiteral(" · %1 ms").arg(qRound(result.totalMs));
}

bool RequestTabSet::hasDirty() const
{
    for (const RequestTab &tab : tabs) {
        if (tab.isDirty())
            return true;
    }
    return false;
}

int RequestTabSet::indexOf(const QString &tabId) const
{
    for (int i = 0; i < tabs.size(); ++i) {
        if (tabs.at(i).id == tabId)
            return i;
    }
    return -1;
}

int RequestTabSet::indexOf(const TabOrigin &origin) const
{
    for (int i = 0; !origin.isNull() && i < tabs.size(); ++i) {
        if (tabs.at(i).origin == origin)
            return i;
    }
    return -1;
}
