#include "core/send/formfield.h"

#include <QFileInfo>

QString FormField::fileContentType(const QString &path)
{
    static const QList<std::pair<QLatin1StringView, QLatin1StringView>> types = {
        {QLatin1StringView("gif"), QLatin1StringView("image/gif")},
        {QLatin1StringView("jpg"), QLatin1StringView("image/jpeg")},
        {QLatin1StringView("jpeg"), QLatin1StringView("image/jpeg")},
        {QLatin1StringView("png"), QLatin1StringView("image/png")},
        {QLatin1StringView("svg"), QLatin1StringView("image/svg+xml")},
        {QLatin1StringView("txt"), QLatin1StringView("text/plain")},
        {QLatin1StringView("htm"), QLatin1StringView("text/html")},
        {QLatin1StringView("html"), QLatin1StringView("text/html")},
        {QLatin1StringView("pdf"), QLatin1StringView("application/pdf")},
        {QLatin1StringView("xml"), QLatin1StringView("application/xml")},
    };
    const QString suffix = QFileInfo(path).suffix();
    for (const auto &[extension, type] : types) {
        if (suffix.compare(extension, Qt::CaseInsensitive) == 0)
            return type;
    }
    return QStringLiteral("application/octet-stream");
}
