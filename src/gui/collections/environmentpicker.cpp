#include "gui/collections/environmentpicker.h"

#include "core/collections/collectionsworkspace.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

EnvironmentPicker::EnvironmentPicker(CollectionsWorkspace *workspace, QWidget *parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_combo(new QComboBox(this))
    , m_editButton(new QToolButton(this))
{
    setObjectName(QStringLiteral("environmentPicker"));
    m_combo->setObjectName(QStringLiteral("environmentCombo"));
    m_editButton->setObjectName(QStringLiteral("editEnvironmentsButton"));
    m_combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_combo->setMinimumContentsLength(14);
    m_editButton->setText(tr("Edit…"));
    m_editButton->setAutoRaise(true);

    auto *label = new QLabel(tr("Envi&ronment:"), this);
    label->setBuddy(m_combo);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(label);
    layout->addWidget(m_combo);
    layout->addWidget(m_editButton);

    // Only the user's choice reaches the workspace; refresh() fills the combo with signals blocked.
    connect(m_combo, &QComboBox::currentIndexChanged, this,
            [this](int index) { m_workspace->setEnvironment(index > 0 ? m_combo->itemText(index) : QString()); });
    connect(m_editButton, &QToolButton::clicked, this, &EnvironmentPicker::editRequested);
    connect(m_workspace, &CollectionsWorkspace::environmentsChanged, this, &EnvironmentPicker::refresh);
    refresh();
}

void EnvironmentPicker::refresh()
{
    const QStringList names = m_workspace->environmentNames();
    QStringList shown;
    for (int i = 1; i < m_combo->count(); ++i)
        shown.append(m_combo->itemText(i));
    {
        const QSignalBlocker blocker(m_combo);
        // Rebuilt only when the names change, so an open popup is not pulled from under the user.
        if (shown != names || m_combo->count() == 0) {
            m_combo->clear();
            m_combo->addItem(tr("No environment"));
            m_combo->addItems(names);
        }
        m_combo->setCurrentIndex(int(names.indexOf(m_workspace->environment())) + 1);
    }
    const QString collection = m_workspace->currentCollectionName();
    // Environments belong to a collection: say whose these are, as the list follows the sidebar.
    if (collection.isEmpty()) {
        m_combo->setToolTip(tr("The variables templates are expanded with. Create a collection to add environments."));
        m_editButton->setToolTip(tr("Edit environments (they belong to a collection: create one first)"));
    } else {
        m_combo->setToolTip(tr("The variables templates are expanded with: the environments of \"%1\", the "
                               "collection selected in "
                               "the sidebar.")
                                .arg(collection));
        m_editButton->setToolTip(tr("Add, rename or edit the environments of \"%1\"").arg(collection));
    }
}
