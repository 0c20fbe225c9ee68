#include "core/app/datapaths.h"
#include "core/collections/collectionfile.h"
#include "core/secrets/secretstore.h"
#include "support/testsupport.h"

#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

namespace {

// Set in the copy of this test that runs on its own session bus with its own keyring.
constexpr char kChildVariable[] = "HOOKBENCH_KEYCHAIN_CHILD";

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

int modeOf(const QString &path)
{
    struct stat info {
    };
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return -1;
    return int(info.st_mode & 0777);
}

Collection collectionWithSecrets(const QString &token, const QString &variable)
{
    Collection c;
    c.name = QStringLiteral("secrets");
    Environment staging;
    staging.name = QStringLiteral("staging");
    staging.variables = {{QStringLiteral("baseUrl"), QStringLiteral("https://staging.example"), false, true},
                         {QStringLiteral("apiKey"), variable, true, true}};
    c.environments = {staging};
    CollectionRequest request;
    request.name = QStringLiteral("auth");
    request.draft.url = QStringLiteral("{{baseUrl}}/hook");
    request.draft.authMode = RequestDraft::AuthMode::Bearer;
    request.draft.bearerToken = token;
    c.root.requests = {request};
    return c;
}

} // namespace

class TestSecretStore : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        const QByteArray bus = qgetenv("DBUS_SESSION_BUS_ADDRESS");
        if (qEnvironmentVariableIsSet(kChildVariable)) {
            // Both sessions share the home the parent made (the keyring's files and the 0600 file).
            QVERIFY(TestSupport::isolateUserDataIn(qEnvironmentVariable("HOME")));
            qputenv("DBUS_SESSION_BUS_ADDRESS", bus); // the private bus this copy was started on
        } else {
            TestSupport::isolateUserData();
        }
        QDir().mkpath(DataPaths::dataDir());
    }

    // The normal test environment: no session bus, so no keychain. Secrets go to the 0600
    // file, never into the collection file, and come back from it.
    void fileWithoutSessionBus()
    {
        if (qEnvironmentVariableIsSet(kChildVariable))
            QSKIP("runs in the parent copy, without a session bus");
        QCOMPARE(SecretStore::availableBackend(), SecretStore::Backend::File);
        const SecretStore chosen;
        QCOMPARE(chosen.backend(), SecretStore::Backend::File);
        QCOMPARE(chosen.path(), SecretStore::defaultPath());
        QVERIFY(chosen.isReady());
        QVERIFY(chosen.description().contains(chosen.path()));
        QVERIFY(chosen.description().contains(QLatin1String("readable by you only")));

        // The same backend on a file of this test's own: the data folder is shared with the
        // GUI tests running alongside.
        QTemporaryDir dir;
        SecretStore store(SecretStore::availableBackend(), dir.filePath(QStringLiteral("secrets.json")));
        const QString file = dir.filePath(QStringLiteral("c.json"));
        Collection c = collectionWithSecrets(QStringLiteral("FILE_TOKEN_1"), QStringLiteral("FILE_KEY_2"));
        QString error;
        QVERIFY2(CollectionFile::write(file, c, &store, &error), qPrintable(error));
        QVERIFY(!readAll(file).contains("FILE_TOKEN_1"));
        QVERIFY(!readAll(file).contains("FILE_KEY_2"));
        QVERIFY(readAll(store.path()).contains("FILE_TOKEN_1"));
        QVERIFY(readAll(store.path()).contains("FILE_KEY_2"));
        QCOMPARE(modeOf(store.path()), 0600);

        SecretStore again(SecretStore::availableBackend(), store.path());
        Collection back;
        CollectionFileError problem;
        QVERIFY2(CollectionFile::read(file, &back, &again, &problem), qPrintable(problem.toString()));
        QCOMPARE(back.root.requests.first().draft.bearerToken, QStringLiteral("FILE_TOKEN_1"));
        QCOMPARE(back.environments.first().variables.at(1).value, QStringLiteral("FILE_KEY_2"));
    }

    // A real Secret Service: gnome-keyring on a private session bus with an unlocked test
    // keyring in a temporary HOME. This copy starts another copy of the test there.
    void keychain()
    {
        if (qEnvironmentVariableIsSet(kChildVariable)) {
            if (qgetenv(kChildVariable) == "1")
                keychainInChild();
            else
                keychainAfterLock();
            return;
        }
        const QString runSession = QStandardPaths::findExecutable(QStringLiteral("dbus-run-session"));
        const QString keyring = QStandardPaths::findExecutable(QStringLiteral("gnome-keyring-daemon"));
        if (runSession.isEmpty() || keyring.isEmpty())
            QSKIP("needs dbus-run-session (dbus-daemon) and gnome-keyring-daemon (gnome-keyring) for a "
                  "private Secret Service");
        QTemporaryDir home;
        QVERIFY(home.isValid());
        QDir(home.path()).mkpath(QStringLiteral("run"));
        QFile::setPermissions(home.filePath(QStringLiteral("run")),
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        // Two sessions on the same keyring files: the second unlocks what the first left locked.
        for (const char *phase : {"1", "2"}) {
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
            env.insert(QString::fromLatin1(kChildVariable), QString::fromLatin1(phase));
            env.insert(QStringLiteral("HOME"), home.path());
            env.insert(QStringLiteral("XDG_RUNTIME_DIR"), home.filePath(QStringLiteral("run")));
            env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
            env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
            env.insert(QStringLiteral("XDG_CACHE_HOME"), home.filePath(QStringLiteral("cache")));
            QProcess child;
            child.setProcessEnvironment(env);
            child.setProcessChannelMode(QProcess::MergedChannels);
            // --unlock reads the login keyring's password from stdin (creating it the first
            // time); the daemon leaves with the bus.
            child.start(runSession,
                        {QStringLiteral("--"), QStringLiteral("sh"), QStringLiteral("-c"),
                         QStringLiteral("printf test | \"$1\" --unlock --components=secrets --daemonize "
                                        ">/dev/null && exec \"$0\" keychain"),
                         QCoreApplication::applicationFilePath(), keyring});
            QVERIFY(child.waitForStarted());
            QVERIFY(child.waitForFinished(90000));
            const QByteArray output = child.readAll();
            QVERIFY2(child.exitStatus() == QProcess::NormalExit && child.exitCode() == 0, output.constData());
            QVERIFY2(output.contains("PASS   : TestSecretStore::keychain()"), output.constData());
        }
    }

private:
    void keychainInChild()
    {
        QTRY_COMPARE_WITH_TIMEOUT(SecretStore::availableBackend(), SecretStore::Backend::Keychain, 20000);

        // A secret from before the keychain (or from a run without a session bus).
        const QString legacyPath = SecretStore::defaultPath();
        {
            SecretStore legacy(legacyPath);
            QVERIFY(legacy.setValue(QStringLiteral("old/request/1/token"), QStringLiteral("LEGACY_TOKEN_3")));
        }
        QVERIFY(QFile::exists(legacyPath));

        SecretStore store;
        QCOMPARE(store.backend(), SecretStore::Backend::Keychain);
        QSignalSpy ready(&store, &SecretStore::ready);
        QVERIFY(store.waitForReady());
        QCOMPARE(ready.count(), 1);
        QVERIFY2(store.isUsable(), qPrintable(store.errorString()));
        QVERIFY(store.description().contains(QStringLiteral("system keychain")));
        QCOMPARE(store.value(QStringLiteral("old/request/1/token")), QStringLiteral("LEGACY_TOKEN_3"));
        QVERIFY(store.waitForWrites());
        QVERIFY2(!QFile::exists(legacyPath), "the file's secrets moved into the keychain and the file went");

        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("c.json"));
        Collection c = collectionWithSecrets(QStringLiteral("KEYCHAIN_TOKEN_4"), QStringLiteral("KEYCHAIN_KEY_5"));
        QString error;
        QVERIFY2(CollectionFile::write(file, c, &store, &error), qPrintable(error));
        QVERIFY(store.hasPendingWrites());
        QVERIFY(store.waitForWrites());
        QVERIFY2(store.errorString().isEmpty(), qPrintable(store.errorString()));
        QVERIFY(!readAll(file).contains("KEYCHAIN_TOKEN_4"));
        QVERIFY(!readAll(file).contains("KEYCHAIN_KEY_5"));
        QVERIFY2(!QFile::exists(legacyPath), "nothing was written to secrets.json");

        // Another process: the hookbench binary adds a secret of its own (read, merge, write).
        const QString curl = dir.filePath(QStringLiteral("c.txt"));
        QFile command(curl);
        QVERIFY(command.open(QIODevice::WriteOnly));
        command.write("curl -u alice:CLI_PASSWORD_6 -d '{}' http://127.0.0.1:9/x\n");
        command.close();
        const QString imported = dir.filePath(QStringLiteral("imported.json"));
        const auto r = TestSupport::runHookbench(
            {QStringLiteral("import"), curl, QStringLiteral("--output"), imported});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.err.contains("kept in the system keychain"), r.err.constData());
        QVERIFY(!readAll(imported).contains("CLI_PASSWORD_6"));

        // A fresh store reads the keychain, not a cache: everything is there, no file anywhere.
        SecretStore fresh;
        QVERIFY(fresh.waitForReady());
        Collection back;
        CollectionFileError problem;
        QVERIFY2(CollectionFile::read(file, &back, &fresh, &problem), qPrintable(problem.toString()));
        QCOMPARE(back.root.requests.first().draft.bearerToken, QStringLiteral("KEYCHAIN_TOKEN_4"));
        QCOMPARE(back.environments.first().variables.at(1).value, QStringLiteral("KEYCHAIN_KEY_5"));
        QCOMPARE(fresh.value(QStringLiteral("old/request/1/token")), QStringLiteral("LEGACY_TOKEN_3"));
        Collection cli;
        QVERIFY(CollectionFile::read(imported, &cli, &fresh, &problem));
        QCOMPARE(cli.root.requests.first().draft.basicPassword, QStringLiteral("CLI_PASSWORD_6"));
        QVERIFY(!QFile::exists(legacyPath));
        QVERIFY(!QFile::exists(QString::fromLocal8Bit(qgetenv("XDG_DATA_HOME"))
                               + QStringLiteral("/hookbench/secrets.json")));

        // Deleting a collection's secrets reaches the keychain too.
        QVERIFY(fresh.removePrefix(back.id + QLatin1Char('/')));
        QVERIFY(fresh.waitForWrites());
        SecretStore after;
        QVERIFY(after.waitForReady());
        Collection gone;
        QVERIFY(CollectionFile::read(file, &gone, &after, &problem));
        QVERIFY(gone.root.requests.first().draft.bearerToken.isEmpty());
        QCOMPARE(after.value(QStringLiteral("old/request/1/token")), QStringLiteral("LEGACY_TOKEN_3"));

        // Locked: the keychain is not taken for empty (a write would replace every secret in
        // it), the reason is given in words, and a change goes to the 0600 file, not lost.
        QDBusMessage lock = QDBusMessage::createMethodCall(
            QStringLiteral("org.freedesktop.secrets"), QStringLiteral("/org/freedesktop/secrets"),
            QStringLiteral("org.freedesktop.Secret.Service"), QStringLiteral("Lock"));
        lock << QVariant::fromValue(
            QList<QDBusObjectPath>{QDBusObjectPath(QStringLiteral("/org/freedesktop/secrets/collection/login"))});
        const QDBusMessage locked = QDBusConnection::sessionBus().call(lock);
        QVERIFY2(locked.type() == QDBusMessage::ReplyMessage, qPrintable(locked.errorMessage()));
        SecretStore whileLocked;
        QSignalSpy errors(&whileLocked, &SecretStore::errorOccurred);
        QVERIFY(whileLocked.waitForReady());
        QVERIFY(!whileLocked.isUsable());
        QVERIFY2(whileLocked.errorString().contains(QLatin1String("locked")), qPrintable(whileLocked.errorString()));
        QCOMPARE(errors.count(), 1);
        QVERIFY(whileLocked.setValue(QStringLiteral("new/key"), QStringLiteral("WHILE_LOCKED_8")));
        QCOMPARE(whileLocked.value(QStringLiteral("new/key")), QStringLiteral("WHILE_LOCKED_8"));
        QVERIFY(whileLocked.waitForWrites());
        QVERIFY(readAll(legacyPath).contains("WHILE_LOCKED_8"));
        QCOMPARE(modeOf(legacyPath), 0600);
    }

    // The second session: the keyring unlocked again holds what it held before it was locked,
    // and the value kept in the file moves into it.
    void keychainAfterLock()
    {
        QTRY_COMPARE_WITH_TIMEOUT(SecretStore::availableBackend(), SecretStore::Backend::Keychain, 20000);
        const QString legacyPath = SecretStore::defaultPath();
        QVERIFY(readAll(legacyPath).contains("WHILE_LOCKED_8"));
        SecretStore store;
        QVERIFY(store.waitForReady());
        QVERIFY2(store.isUsable(), qPrintable(store.errorString()));
        QCOMPARE(store.value(QStringLiteral("old/request/1/token")), QStringLiteral("LEGACY_TOKEN_3"));
        QCOMPARE(store.value(QStringLiteral("new/key")), QStringLiteral("WHILE_LOCKED_8"));
        QVERIFY(store.waitForWrites());
        QVERIFY(!QFile::exists(legacyPath));
        SecretStore fresh;
        QVERIFY(fresh.waitForReady());
        QCOMPARE(fresh.value(QStringLiteral("new/key")), QStringLiteral("WHILE_LOCKED_8"));
    }
};

QTEST_GUILESS_MAIN(TestSecretStore)
#include "tst_secretstore.moc"
