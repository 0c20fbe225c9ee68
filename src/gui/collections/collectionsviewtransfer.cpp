// CollectionsView: collections in and out — opening a collection file, importing a Postman
// collection or a cURL command, exporting as Postman v2.1 or cURL.

#include "core/collections/collectionsworkspace.h"
#include "core/collections/collectiontreemodel.h"
#include "core/collections/formats/collectionexport.h"
#include "core/collections/formats/curlimporter.h"
#include "gui/collections/collectionsview.h"
#include "gui/send/composerwidget.h"
#include "gui/send/sendarea.h"

#include <QApplication>
#include <QClipboard>
#include <QTreeView>

void CollectionsView::openFile(const QString &path, std::function<void(const QString &error)> done)
{
    m_workspace->openFile(path, [this, done = std::move(done)](int row, const QString &error, bool wasOpen) {
        // One already open is shown rather than opened twice.
        if (wasOpen)
            m_tree->setCurrentIndex(m_model->collectionIndex(row));
        if (done)
            done(error);
    });
}

void CollectionsView::openFileAsked()
{
    const QString path = askOpenPath(tr("Open collection"), tr("Collections (*.json)"));
    if (path.isEmpty())
        return;
    openFile(path, [this](const QString &error) {
        if (!error.isEmpty())
            warn(tr("Cannot open collection"), tr("%1\n\nThe file was left as it is.").arg(error));
    });
}

void CollectionsView::importPostman()
{
    const QString path = askOpenPath(tr("Import Postman collection"), tr("Postman collections (*.json)"));
    if (path.isEmpty())
        return;
    m_workspace->importPostman(path, [this](int row, const QString &error, const QStringList &warnings) {
        if (row < 0) {
            warn(tr("Import failed"), error);
            return;
        }
        if (!warnings.isEmpty())
            inform(tr("Imported with omissions"),
                   tr("\"%1\" was imported. These parts were not:").arg(m_workspace->collection(row).name), warnings);
    });
}

void CollectionsView::importCurl()
{
    const QString text = askText(tr("Import cURL command"), tr("Paste a cURL command:"), true);
    if (text.trimmed().isEmpty())
        return;
    const CurlImporter::Result result = CurlImporter::parse(text);
    if (!result.ok) {
        warn(tr("Import failed"), result.error);
        return;
    }
    // A tab of its own, a new request until Ctrl+S puts it somewhere.
    m_sendArea->openInNewTab(result.draft);
    if (!result.warnings.isEmpty())
        inform(tr("Imported with omissions"), result.warnings.join(QLatin1Char('\n')));
}

void CollectionsView::exportCurl(const QModelIndex &index)
{
    QStringList warnings;
    const CollectionRequest request = m_model->request(index);
    const Collection collection = m_workspace->collection(m_model->collectionRow(index));
    const EndpointProfile *profile = request.profile.isEmpty() ? nullptr : collection.findProfile(request.profile);
    const QString command = CollectionExport::toCurl(profile ? profile->apply(request.draft) : request.draft,
                                                     &warnings);
    QApplication::clipboard()->setText(command);
    Q_EMIT messageShown(warnings.isEmpty() ? tr("Copied \"%1\" as cURL").arg(request.name)
                                           : tr("Copied as cURL; note: %1").arg(warnings.join(QStringLiteral("; "))));
}

void CollectionsView::exportCurrentAsPostman()
{
    int row = m_model->collectionRow(m_tree->currentIndex());
    if (row < 0 && m_workspace->collectionCount() == 1)
        row = 0;
    if (row < 0) {
        Q_EMIT messageShown(m_workspace->collectionCount() == 0
                                ? tr("There is no collection to export yet")
                                : tr("Select the collection to export in the Collections sidebar"));
        return;
    }
    exportPostman(row);
}

void CollectionsView::exportPostman(int row)
{
    const QString path = askSavePath(tr("Export as Postman v2.1"),
                                     m_workspace->collection(row).name + QStringLiteral(".postman_collection.json"),
                                     tr("Postman collections (*.json)"));
    if (path.isEmpty())
        return;
    m_workspace->exportPostman(row, path, [this, path](const QString &error) {
        if (!error.isEmpty())
            warn(tr("Export failed"), error);
        else
            Q_EMIT messageShown(tr("Exported to %1 (secrets included: Postman needs them)").arg(path));
    });
}
