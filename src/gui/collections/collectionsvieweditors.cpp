// CollectionsView: the editors for what the tree does not show — a collection's environments,
// endpoint profiles and variables. Each edits a copy; the workspace takes the result (and
// writes the file, secrets to the secret store) when the dialog is accepted.

#include "core/collections/collectionsworkspace.h"
#include "gui/collections/collectionsview.h"
#include "gui/collections/collectionvariablesdialog.h"
#include "gui/collections/endpointprofiledialog.h"
#include "gui/collections/environmentdialog.h"
#include "gui/send/composerwidget.h"

void CollectionsView::editEnvironments()
{
    const int row = m_workspace->currentCollectionRow();
    if (row < 0) {
        Q_EMIT messageShown(tr("Select or create a collection first: environments belong to a collection."));
        return;
    }
    EnvironmentDialog dialog(m_workspace->collection(row).environments, m_workspace->environment(), this);
    dialog.setSecretsDescription(m_workspace->secretsDescription());
    if (!accepted(dialog))
        return;
    m_workspace->setEnvironments(row, dialog.environments());
    m_workspace->setEnvironment(dialog.currentName());
}

void CollectionsView::saveComposerAsProfile(int row)
{
    // No name yet: the dialog asks for one, not taken by another profile.
    const EndpointProfile profile = EndpointProfile::fromDraft(m_composer->draft());
    QList<EndpointProfile> all = m_workspace->collection(row).profiles;
    QStringList taken;
    for (const EndpointProfile &other : std::as_const(all))
        taken.append(other.name);
    // The same editor as for an existing profile: the user sees what is kept, and nothing the
    // checks refuse (a base URL that is not http(s), a bad header name) is saved.
    EndpointProfileDialog dialog(profile, taken, this);
    dialog.setWindowTitle(tr("New Endpoint Profile from the Composer"));
    dialog.setSecretsDescription(m_workspace->secretsDescription());
    if (!accepted(dialog))
        return;
    all.append(dialog.profile());
    m_workspace->setProfiles(row, all);
}

void CollectionsView::editProfile(int row, const QString &name)
{
    const Collection collection = m_workspace->collection(row);
    const EndpointProfile *profile = collection.findProfile(name);
    if (!profile)
        return;
    QStringList taken;
    for (const EndpointProfile &other : collection.profiles) {
        if (other.name != name)
            taken.append(other.name);
    }
    EndpointProfileDialog dialog(*profile, taken, this);
    dialog.setSecretsDescription(m_workspace->secretsDescription());
    if (!accepted(dialog))
        return;
    m_workspace->replaceProfile(row, name, dialog.profile());
}

void CollectionsView::editVariables(int row)
{
    const Collection collection = m_workspace->collection(row);
    CollectionVariablesDialog dialog(collection.name, collection.variables, this);
    if (!accepted(dialog))
        return;
    m_workspace->setVariables(row, dialog.variables());
}
