#include "core/collections/collectionsworkspace.h"
#include "core/collections/collectiontreemodel.h"
#include "core/http/headerlist.h"
#include "core/send/keyvaluetablemodel.h"
#include "gui/collections/collectionsview.h"
#include "gui/collections/endpointprofiledialog.h"
#include "gui/send/composerwidget.h"
#include "gui/window/mainwindow.h"
#include "support/collectionstestsupport.h"
#include "support/dialogtestsupport.h"
#include "support/listenertestsupport.h"
#include "support/testsupport.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>

// The endpoint-profile editor: its checks in words, and an edit made in it reaching the
// collection file (without secrets), the secret store, bound requests and the wire.
class TestEndpointProfileDialog : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;

    template <typename T> static T *child(QObject *parent, const char *name)
    {
        T *found = parent->findChild<T *>(QLatin1String(name));
        if (!found)
            qFatal("no child %s", name);
        return found;
    }
    static void setText(QLineEdit *edit, const QString &text)
    {
        edit->selectAll();
        QTest::keyClicks(edit, text);
        if (text.isEmpty())
            QTest::keyClick(edit, Qt::Key_Delete);
    }
    static QPushButton *saveButton(EndpointProfileDialog *dialog)
    {
        return child<QDialogButtonBox>(dialog, "buttonBox")->button(QDialogButtonBox::Save);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        QVERIFY(TestSupport::isolateUserDataIn(m_home.path()));
    }

    void problemsAreSaidInWords()
    {
        EndpointProfile profile;
        profile.name = QStringLiteral("api");
        profile.baseUrl = QStringLiteral("https://api.example.com/v1");
        EndpointProfileDialog dialog(profile, {QStringLiteral("other")});
        dialog.show();
        auto *error = child<QLabel>(&dialog, "errorLabel");
        QVERIFY(saveButton(&dialog)->isEnabled());
        QVERIFY(!error->isVisible());

        auto *baseUrl = child<QLineEdit>(&dialog, "baseUrlEdit");
        setText(baseUrl, QStringLiteral("ftp://files.example.com"));
        QVERIFY(!saveButton(&dialog)->isEnabled());
        QVERIFY(error->isVisible());
        QCOMPARE(error->text(), QStringLiteral("The base URL must start with http:// or https://, not ftp://."));
        setText(baseUrl, QStringLiteral("https://{{host}}/v2"));
        QVERIFY(saveButton(&dialog)->isEnabled());
        QVERIFY(dialog.error().isEmpty());

        setText(child<QLineEdit>(&dialog, "nameEdit"), QStringLiteral("other"));
        QCOMPARE(dialog.error(), QStringLiteral("This collection already has a profile called \"other\"."));
        setText(child<QLineEdit>(&dialog, "nameEdit"), QStringLiteral("api"));

        // Basic auth shows a user and a password field and wants the user.
        child<QComboBox>(&dialog, "authTypeCombo")->setCurrentIndex(int(RequestDraft::AuthMode::Basic));
        QVERIFY(child<QLineEdit>(&dialog, "authUserEdit")->isVisible());
        QCOMPARE(child<QLabel>(&dialog, "authSecretLabel")->text(), QStringLiteral("&Password:"));
        QCOMPARE(dialog.error(), QStringLiteral("Basic authentication needs a user name."));
        setText(child<QLineEdit>(&dialog, "authUserEdit"), QStringLiteral("ops"));
        QVERIFY(saveButton(&dialog)->isEnabled());

        // A secret without a scheme signs nothing, so it cannot be typed until one is chosen.
        QVERIFY(!child<QLineEdit>(&dialog, "signingSecretEdit")->isEnabled());
        child<QComboBox>(&dialog, "signingSchemeCombo")->setCurrentText(QStringLiteral("standard-webhooks"));
        QVERIFY(child<QLineEdit>(&dialog, "signingSecretEdit")->isEnabled());
        QVERIFY(dialog.error().startsWith(QLatin1String("Signing (standard-webhooks):")));
        QVERIFY(!saveButton(&dialog)->isEnabled());
    }

    void editIsSavedWithSecretsInTheStore()
    {
        ListenerFixture listener;
        Collection collection;
        collection.name = QStringLiteral("Profiles");
        EndpointProfile old;
        old.name = QStringLiteral("api");
        old.baseUrl = QStringLiteral("https://old.example.com");
        old.authMode = RequestDraft::AuthMode::Bearer;
        old.authSecret = QStringLiteral("OLD_TOKEN_123");
        collection.profiles = {old};
        CollectionRequest request;
        request.name = QStringLiteral("orders");
        request.profile = old.name;
        request.draft.method = QStringLiteral("POST");
        request.draft.url = QStringLiteral("/orders");
        request.draft.body = QStringLiteral("{\"order\": 7}");
        collection.root.requests = {request};
        collection.assignIds();
        const QString file = TestSupport::writeCollection(collection);
        const QString requestId = collection.root.requests.at(0).id;
        const QString oldKey = collection.id + QStringLiteral("/profile/api/authSecret");
        QCOMPARE(TestSupport::storedSecret(oldKey), QStringLiteral("OLD_TOKEN_123"));

        AppServices services(TestSupport::servicesIn(m_home.path()));
        services.openCaptureStoreAsync();
        MainWindow window(&services);
        auto *view = window.findChild<CollectionsView *>();
        auto *composer = window.findChild<ComposerWidget *>();
        QTRY_VERIFY(TestSupport::collectionRow(view->workspace(), collection.name) >= 0);
        const int row = TestSupport::collectionRow(view->workspace(), collection.name);

        // Renamed, pointed at the listener, a header, a new token and a signing secret.
        TestSupport::whenDialogOpens<EndpointProfileDialog>(this, [&listener](EndpointProfileDialog *dialog) {
            setText(child<QLineEdit>(dialog, "nameEdit"), QStringLiteral("api-v2"));
            setText(child<QLineEdit>(dialog, "baseUrlEdit"),
                    QStringLiteral("http://127.0.0.1:%1/v2").arg(listener.port));
            auto *headers = child<KeyValueTableModel>(dialog, "profileHeadersModel");
            headers->setData(headers->index(headers->rowCount() - 1, KeyValueTableModel::NameColumn),
                             QStringLiteral("X-Tenant"));
            headers->setData(headers->index(0, KeyValueTableModel::ValueColumn), QStringLiteral("acme"));
            setText(child<QLineEdit>(dialog, "authSecretEdit"), QStringLiteral("PROFILE_SECRET_991"));
            child<QComboBox>(dialog, "signingSchemeCombo")->setCurrentText(QStringLiteral("github"));
            setText(child<QLineEdit>(dialog, "signingSecretEdit"), QStringLiteral("GH_SIGNING_SECRET_7"));
            QVERIFY2(dialog->error().isEmpty(), qPrintable(dialog->error()));
            QTest::mouseClick(saveButton(dialog), Qt::LeftButton);
        });
        view->editProfile(row, QStringLiteral("api"));

        // The file: the new fields, never a secret.
        QTRY_VERIFY(TestSupport::readFile(file).contains("\"api-v2\""));
        const QByteArray json = TestSupport::readFile(file);
        QVERIFY(json.contains(QStringLiteral("http://127.0.0.1:%1/v2").arg(listener.port).toUtf8()));
        QVERIFY(json.contains("X-Tenant"));
        QVERIFY(json.contains("\"github\""));
        QVERIFY(!json.contains("PROFILE_SECRET_991"));
        QVERIFY(!json.contains("GH_SIGNING_SECRET_7"));
        QVERIFY(!json.contains("OLD_TOKEN_123"));
        // The secret store: the new secrets under the new name, the old name's gone.
        const QString newPrefix = collection.id + QStringLiteral("/profile/api-v2/");
        QTRY_COMPARE(TestSupport::storedSecret(newPrefix + QStringLiteral("authSecret")),
                     QStringLiteral("PROFILE_SECRET_991"));
        QCOMPARE(TestSupport::storedSecret(newPrefix + QStringLiteral("signingSecret")),
                 QStringLiteral("GH_SIGNING_SECRET_7"));
        QTRY_VERIFY(TestSupport::storedSecret(oldKey).isEmpty());
        QVERIFY(!TestSupport::readFile(SecretStore::defaultPath()).contains("OLD_TOKEN_123"));
        // Read back as a new window would: the profile whole, the request still bound to it.
        SecretStore secrets(SecretStore::defaultPath());
        Collection onDisk;
        CollectionFileError error;
        QVERIFY2(CollectionFile::read(file, &onDisk, &secrets, &error), qPrintable(error.toString()));
        const EndpointProfile *saved = onDisk.findProfile(QStringLiteral("api-v2"));
        QVERIFY(saved);
        QCOMPARE(saved->authSecret, QStringLiteral("PROFILE_SECRET_991"));
        QCOMPARE(saved->headers.value(0).name, QStringLiteral("X-Tenant"));
        QVERIFY(!onDisk.findProfile(QStringLiteral("api")));
        QCOMPARE(onDisk.findRequest(requestId)->profile, QStringLiteral("api-v2"));

        // And on the wire: the bound request is sent with the edited profile applied.
        QVERIFY(view->select(view->model()->findRequest(row, requestId)));
        QTest::mouseClick(composer->findChild<QPushButton *>(QStringLiteral("sendButton")), Qt::LeftButton);
        QTRY_COMPARE(listener.captures.size(), 1);
        const Capture &capture = listener.captures.first();
        QCOMPARE(capture.target, QByteArray("/v2/orders"));
        QCOMPARE(Headers::value(capture.headers, "X-Tenant"), QByteArray("acme"));
        QCOMPARE(Headers::value(capture.headers, "Authorization"), QByteArray("Bearer PROFILE_SECRET_991"));
        QVERIFY(Headers::value(capture.headers, "X-Hub-Signature-256").startsWith("sha256="));
    }

    void composerIsSavedAsANewProfile()
    {
        Collection collection;
        collection.name = QStringLiteral("From composer");
        EndpointProfile existing;
        existing.name = QStringLiteral("api");
        existing.baseUrl = QStringLiteral("https://api.example.com");
        collection.profiles = {existing};
        collection.assignIds();
        const QString file = TestSupport::writeCollection(collection);

        AppServices services(TestSupport::servicesIn(m_home.path()));
        services.openCaptureStoreAsync();
        MainWindow window(&services);
        auto *view = window.findChild<CollectionsView *>();
        auto *composer = window.findChild<ComposerWidget *>();
        QTRY_VERIFY(TestSupport::collectionRow(view->workspace(), collection.name) >= 0);
        const int row = TestSupport::collectionRow(view->workspace(), collection.name);
        RequestDraft draft = composer->draft();
        draft.method = QStringLiteral("PUT");
        draft.url = QStringLiteral("https://hooks.example.com/in");
        draft.headers = {{true, QStringLiteral("X-Tenant"), QStringLiteral("acme")}};
        draft.authMode = RequestDraft::AuthMode::Bearer;
        draft.bearerToken = QStringLiteral("COMPOSER_TOKEN_42");
        composer->setDraft(draft);

        QString unnamed, taken;
        TestSupport::whenDialogOpens<EndpointProfileDialog>(this, [&](EndpointProfileDialog *dialog) {
            // The composer's values are there; the name is asked for, and not one already taken.
            QCOMPARE(child<QLineEdit>(dialog, "baseUrlEdit")->text(), QStringLiteral("https://hooks.example.com/in"));
            unnamed = dialog->error();
            QVERIFY(!saveButton(dialog)->isEnabled());
            setText(child<QLineEdit>(dialog, "nameEdit"), QStringLiteral("api"));
            taken = dialog->error();
            QVERIFY(!saveButton(dialog)->isEnabled());
            setText(child<QLineEdit>(dialog, "nameEdit"), QStringLiteral("from-composer"));
            QVERIFY2(dialog->error().isEmpty(), qPrintable(dialog->error()));
            QTest::mouseClick(saveButton(dialog), Qt::LeftButton);
        });
        view->saveComposerAsProfile(row);
        QVERIFY2(unnamed.contains(QLatin1String("name"), Qt::CaseInsensitive), qPrintable(unnamed));
        QVERIFY2(taken.contains(QLatin1String("api")), qPrintable(taken));

        QTRY_VERIFY(TestSupport::readFile(file).contains("\"from-composer\""));
        const QByteArray json = TestSupport::readFile(file);
        QVERIFY(json.contains("https://hooks.example.com/in"));
        QVERIFY(json.contains("X-Tenant"));
        QVERIFY(json.contains("\"api\"")); // the other profile is kept
        QVERIFY(!json.contains("COMPOSER_TOKEN_42"));
        QTRY_COMPARE(TestSupport::storedSecret(collection.id + QStringLiteral("/profile/from-composer/authSecret")),
                     QStringLiteral("COMPOSER_TOKEN_42"));
    }

    void composerLinkOpensTheEditorAndCancelKeepsTheFile()
    {
        AppServices services(TestSupport::servicesIn(m_home.path()));
        services.openCaptureStoreAsync();
        MainWindow window(&services);
        auto *view = window.findChild<CollectionsView *>();
        auto *composer = window.findChild<ComposerWidget *>();
        QTRY_VERIFY(TestSupport::collectionRow(view->workspace(), QStringLiteral("Profiles")) >= 0);
        const int row = TestSupport::collectionRow(view->workspace(), QStringLiteral("Profiles"));
        const QString file = view->workspace()->filePath(row);
        const Collection collection = view->workspace()->collection(row);
        QCOMPARE(collection.allRequests().size(), 1);
        QVERIFY(view->select(view->model()->findRequest(row, collection.allRequests().first().request->id)));
        auto *label = child<QLabel>(composer, "profileLabel");
        QVERIFY(label->text().contains(QLatin1String(">api-v2</a>")));

        const QByteArray unchanged = TestSupport::readFile(file);
        QString title;
        TestSupport::whenDialogOpens<EndpointProfileDialog>(this, [&title](EndpointProfileDialog *dialog) {
            title = dialog->windowTitle();
            setText(child<QLineEdit>(dialog, "baseUrlEdit"), QStringLiteral("https://changed.example.com"));
            dialog->reject();
        });
        Q_EMIT label->linkActivated(QStringLiteral("edit"));
        QCOMPARE(title, QStringLiteral("Endpoint Profile \"api-v2\""));
        QVERIFY(!view->workspace()
                     ->collection(row)
                     .findProfile(QStringLiteral("api-v2"))
                     ->baseUrl.contains(QLatin1String("changed")));
        QCOMPARE(TestSupport::readFile(file), unchanged);
    }
};

QTEST_MAIN(TestEndpointProfileDialog)
#include "tst_endpointprofiledialog.moc"
