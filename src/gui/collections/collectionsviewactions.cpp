// CollectionsView: the + menu and the tree's context menu, and the small edits they make.

#include "core/collections/collectionsworkspace.h"
#include "core/collections/collectiontreemodel.h"
#include "gui/collections/collectionsview.h"
#include "gui/send/composerwidget.h"
#include "gui/send/sendarea.h"

#include <QFileInfo>
#include <QMenu>
#include <QTreeView>

void CollectionsView::createTransferActions()
{
    const auto make = [this](const QString &text, const char *name) {
        auto *action = new QAction(text, this);
        action->setObjectName(QLatin1String(name));
        return action;
    };
    m_newCollectionAction = make(tr("New Collection…"), "newCollectionAction");
    connect(m_newCollectionAction, &QAction::triggered, this, [this] { newCollection(true); });
    m_openFileAction = make(tr("Open Collection File…"), "openCollectionAction");
    m_openFileAction->setShortcut(QKeySequence::Open);
    m_openFileAction->setShortcutContext(Qt::WindowShortcut);
    addAction(m_openFileAction);
    connect(m_openFileAction, &QAction::triggered, this, &CollectionsView::openFileAsked);
    m_importPostmanAction = make(tr("Import Postman Collection…"), "importPostmanAction");
    connect(m_importPostmanAction, &QAction::triggered, this, &CollectionsView::importPostman);
    m_importCurlAction = make(tr("Import cURL Command…"), "importCurlAction");
    connect(m_importCurlAction, &QAction::triggered, this, &CollectionsView::importCurl);
    m_exportPostmanAction = make(tr("Export Collection as Postman v2.1…"), "exportPostmanAction");
    connect(m_exportPostmanAction, &QAction::triggered, this, &CollectionsView::exportCurrentAsPostman);
}

QMenu *CollectionsView::buildAddMenu(QWidget *parent)
{
    auto *menu = new QMenu(parent);
    menu->addActions({m_newCollectionAction, m_openFileAction, m_importPostmanAction, m_importCurlAction});
    return menu;
}

void CollectionsView::newCollection(bool selectIt)
{
    const QString name = askText(tr("New collection"), tr("Name:")).trimmed();
    if (name.isEmpty())
        return;
    m_workspace->createCollection(name, [this, selectIt](int row) {
        if (selectIt)
            m_tree->setCurrentIndex(m_model->collectionIndex(row));
    });
}

void CollectionsView::showContextMenu(const QPoint &pos)
{
    const QModelIndex index = m_tree->indexAt(pos);
    QMenu menu(this);
    if (!index.isValid()) {
        menu.addAction(tr("New Collection…"), this, [this] { newCollection(false); });
        menu.exec(m_tree->viewport()->mapToGlobal(pos));
        return;
    }
    const CollectionTreeModel::Kind kind = m_model->kind(index);
    if (kind != CollectionTreeModel::Kind::Request) {
        menu.addAction(tr("New Folder…"), this, [this, index] {
            const QString name = askText(tr("New folder"), tr("Name:")).trimmed();
            if (!name.isEmpty())
                m_tree->expand(m_model->addFolder(index, name).parent());
        });
        menu.addAction(tr("Save Tab Here as New Request…"), this, [this, index] {
            selectQuietly(index);
            saveComposerAs();
        });
    }
    menu.addAction(tr("Rename"), this, [this, index] { m_tree->edit(index); });
    if (kind != CollectionTreeModel::Kind::Collection)
        menu.addAction(tr("Duplicate"), this, [this, index] { m_model->duplicate(index); });
    if (kind == CollectionTreeModel::Kind::Request) {
        menu.addAction(tr("Copy as cURL"), this, [this, index] { exportCurl(index); });
        menu.addAction(tr("Expected Status…"), this, [this, index] { setExpectedStatus(index); });
    }
    addProfileActions(&menu, index);
    if (kind == CollectionTreeModel::Kind::Collection) {
        menu.addSeparator();
        menu.addAction(tr("Export as Postman v2.1…"), this, [this, index] { exportPostman(index.row()); });
        menu.addAction(tr("Edit Environments…"), this, [this, index] {
            m_tree->setCurrentIndex(index);
            editEnvironments();
        });
        menu.addAction(tr("Edit Variables…"), this, [this, index] { editVariables(index.row()); });
    }
    menu.addSeparator();
    menu.addAction(kind == CollectionTreeModel::Kind::Collection ? tr("Close or Delete…") : tr("Delete"), this,
                   [this, index] { deleteItem(index); });
    menu.exec(m_tree->viewport()->mapToGlobal(pos));
}

void CollectionsView::addProfileActions(QMenu *menu, const QModelIndex &index)
{
    const int row = m_model->collectionRow(index);
    const QList<EndpointProfile> profiles = m_workspace->collection(row).profiles;
    menu->addSeparator();
    menu->addAction(tr("Save Composer as Endpoint Profile…"), this, [this, row] { saveComposerAsProfile(row); });
    if (profiles.isEmpty())
        return;
    QMenu *fill = menu->addMenu(tr("Fill Composer from Profile"));
    for (const EndpointProfile &profile : profiles)
        fill->addAction(profile.name, this, [this, profile] { m_sendArea->openInNewTab(profile.toDraft()); });
    QMenu *edit = menu->addMenu(tr("Edit Endpoint Profile"));
    for (const EndpointProfile &profile : profiles)
        edit->addAction(profile.name + QStringLiteral("…"), this,
                        [this, row, name = profile.name] { editProfile(row, name); });
    QMenu *forget = menu->addMenu(tr("Delete Endpoint Profile"));
    for (const EndpointProfile &profile : profiles) {
        forget->addAction(profile.name, this, [this, row, name = profile.name] {
            if (confirm(tr("Delete the endpoint profile \"%1\"? Requests bound to it can no longer be sent until "
                           "they are bound to another one.")
                            .arg(name)))
                m_workspace->removeProfile(row, name);
        });
    }
    if (m_model->kind(index) != CollectionTreeModel::Kind::Request)
        return;
    // A bound request is sent with its profile applied: by Send, `hookbench run` and Copy as cURL.
    QMenu *bind = menu->addMenu(tr("Bind to Profile"));
    const QString current = m_model->request(index).profile;
    QStringList names{QString()};
    for (const EndpointProfile &profile : profiles)
        names.append(profile.name);
    for (const QString &name : names) {
        QAction *action = bind->addAction(name.isEmpty() ? tr("None") : name, this, [this, index, name] {
            CollectionRequest request = m_model->request(index);
            request.profile = name;
            m_model->setRequest(index, request);
        });
        action->setCheckable(true);
        action->setChecked(name == current);
    }
}

void CollectionsView::setExpectedStatus(const QModelIndex &index)
{
    CollectionRequest request = m_model->request(index);
    const std::optional<int> status = askNumber(
        tr("Expected status"), tr("The status `hookbench run` expects for \"%1\" (0: any 2xx):").arg(request.name),
        request.expectedStatus.value_or(0), 0, 599);
    if (!status)
        return;
    request.expectedStatus = *status > 0 ? std::optional<int>(*status) : std::nullopt;
    m_model->setRequest(index, request);
}

void CollectionsView::deleteItem(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    const QString name = m_model->data(index, Qt::EditRole).toString();
    if (m_model->kind(index) == CollectionTreeModel::Kind::Collection) {
        const int row = index.row();
        const QString folder = QFileInfo(m_workspace->filePath(row)).absolutePath();
        const QString question = m_workspace->isInDataFolder(row)
            ? tr("Delete the collection \"%1\"? Its file goes to the trash.").arg(name)
            : tr("Close the collection \"%1\"? Its file stays in %2.").arg(name, folder);
        if (!confirm(question))
            return;
        m_workspace->removeCollection(row);
        updateComposerProfile();
        return;
    }
    if (confirm(tr("Delete \"%1\"?").arg(name)))
        m_model->remove(index);
}
