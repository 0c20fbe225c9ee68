#include "core/tls/certificatemaker.h"
#include "core/tls/clienthello.h"
#include "core/tls/localca.h"
#include "core/tls/tlsidentity.h"
#include "core/tls/trustcommands.h"
#include "support/testsupport.h"

#include <QFile>
#include <QProcess>
#include <QSslCertificate>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

namespace {
QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

int modeOf(const QString &path)
{
    struct stat info {
    };
    return ::stat(QFile::encodeName(path).constData(), &info) == 0 ? int(info.st_mode & 0777) : -1;
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

// `openssl verify` as the independent judge of what a TLS client will accept.
QByteArray opensslVerify(const QString &ca, const QString &leaf, const QStringList &extra)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral("openssl"),
                  QStringList{QStringLiteral("verify"), QStringLiteral("-purpose"), QStringLiteral("sslserver"),
                              QStringLiteral("-CAfile"), ca}
                      + extra + QStringList{leaf});
    process.waitForFinished(10000);
    return process.readAll().trimmed();
}
} // namespace

// Hookbench's local CA (made with OpenSSL's library), the user's own pair, the first bytes
// of a TLS client, and the trust commands the Receive area copies.
class TestLocalCa : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { TestSupport::isolateUserData(); }

    void makesCaAndLeafWithOwnerOnlyKeys()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("tls"));
        TlsIdentity identity;
        QString error;
        QVERIFY2(LocalCa::ensure(folder, {QStringLiteral("hook.test"), QStringLiteral("10.1.2.3")}, &identity, &error),
                 qPrintable(error));
        QVERIFY(!identity.isNull());
        QCOMPARE(identity.caCertificateFile, LocalCa::caCertificateFile(folder));

        QCOMPARE(modeOf(LocalCa::authorityKeyFile(folder)), 0600);
        QCOMPARE(modeOf(LocalCa::leafKeyFile(folder)), 0600);
        QCOMPARE(modeOf(folder), 0700);
        QCOMPARE(modeOf(LocalCa::caCertificateFile(folder)), 0644); // certificates are public

        // What a TLS client checks: the chain, the purpose and each name.
        const QString ca = LocalCa::caCertificateFile(folder);
        const QString leaf = LocalCa::leafCertificateFile(folder);
        for (const QStringList &check : {QStringList{QStringLiteral("-verify_hostname"), QStringLiteral("localhost")},
                                         QStringList{QStringLiteral("-verify_hostname"), QStringLiteral("hook.test")},
                                         QStringList{QStringLiteral("-verify_ip"), QStringLiteral("127.0.0.1")},
                                         QStringList{QStringLiteral("-verify_ip"), QStringLiteral("::1")},
                                         QStringList{QStringLiteral("-verify_ip"), QStringLiteral("10.1.2.3")}}) {
            const QByteArray verdict = opensslVerify(ca, leaf, check);
            QVERIFY2(verdict.endsWith(": OK"), verdict.constData());
        }
        const QByteArray wrongName = opensslVerify(ca, leaf,
                                                   {QStringLiteral("-verify_hostname"), QStringLiteral("other.test")});
        QVERIFY2(!wrongName.endsWith(": OK"), wrongName.constData());

        const QSslCertificate authority(readFile(ca), QSsl::Pem);
        QVERIFY(authority.expiryDate() > QDateTime::currentDateTimeUtc().addYears(9));
        QVERIFY(identity.chain.constFirst().expiryDate() <= QDateTime::currentDateTimeUtc().addDays(398));
    }

    void keepsTheCaAndRemakesTheLeafForOtherNames()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("tls"));
        TlsIdentity identity;
        QString error;
        QVERIFY2(LocalCa::ensure(folder, {}, &identity, &error), qPrintable(error));
        const QByteArray ca = readFile(LocalCa::caCertificateFile(folder));
        const QByteArray leaf = readFile(LocalCa::leafCertificateFile(folder));

        QVERIFY(LocalCa::ensure(folder, {}, &identity, &error));
        QCOMPARE(readFile(LocalCa::caCertificateFile(folder)), ca);
        QCOMPARE(readFile(LocalCa::leafCertificateFile(folder)), leaf);

        QVERIFY(LocalCa::ensure(folder, {QStringLiteral("added.test")}, &identity, &error));
        QCOMPARE(readFile(LocalCa::caCertificateFile(folder)), ca); // users trust it once
        QVERIFY(readFile(LocalCa::leafCertificateFile(folder)) != leaf);
        QVERIFY(CertificateMaker::isSignedBy(readFile(LocalCa::leafCertificateFile(folder)), ca));
        QVERIFY(identity.chain.constFirst()
                    .subjectAlternativeNames()
                    .values(QSsl::DnsEntry)
                    .contains(QStringLiteral("added.test")));

        // A CA key that no longer matches its certificate is replaced, and so is the leaf.
        QVERIFY(writeFile(LocalCa::authorityKeyFile(folder), readFile(LocalCa::leafKeyFile(folder))));
        QVERIFY(LocalCa::ensure(folder, {}, &identity, &error));
        QVERIFY(readFile(LocalCa::caCertificateFile(folder)) != ca);
        QVERIFY(CertificateMaker::isSignedBy(readFile(LocalCa::leafCertificateFile(folder)),
                                             readFile(LocalCa::caCertificateFile(folder))));
    }

    void refusesNamesThatAreNotHosts_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("valid");
        QTest::newRow("dns") << QStringLiteral("api.example.test") << true;
        QTest::newRow("wildcard") << QStringLiteral("*.example.test") << true;
        QTest::newRow("ipv4") << QStringLiteral("192.168.1.20") << true;
        QTest::newRow("ipv6") << QStringLiteral("fe80::1") << true;
        QTest::newRow("comma") << QStringLiteral("a,b") << false;
        QTest::newRow("space") << QStringLiteral("a b") << false;
        QTest::newRow("inner wildcard") << QStringLiteral("a.*.test") << false;
        QTest::newRow("leading dash") << QStringLiteral("-a.test") << false;
        QTest::newRow("SAN injection") << QStringLiteral("a.test,IP:1.2.3.4") << false;
    }
    void refusesNamesThatAreNotHosts()
    {
        QFETCH(QString, name);
        QFETCH(bool, valid);
        QCOMPARE(LocalCa::isValidName(name), valid);
        if (!valid) {
            QTemporaryDir dir;
            TlsIdentity identity;
            QString error;
            QVERIFY(!LocalCa::ensure(dir.filePath(QStringLiteral("tls")), {name}, &identity, &error));
            QVERIFY2(error.contains(name), qPrintable(error));
        }
    }

    void loadsTheUsersPairAndNamesWhatIsWrong()
    {
        QTemporaryDir dir;
        PemPair authority, leaf, other;
        QString error;
        QVERIFY(CertificateMaker::makeAuthority(QStringLiteral("Test CA"), 30, &authority, &error));
        QVERIFY(CertificateMaker::makeLeaf(authority, {QStringLiteral("localhost")}, 30, &leaf, &error));
        QVERIFY(CertificateMaker::makeLeaf(authority, {QStringLiteral("localhost")}, 30, &other, &error));
        const QString cert = dir.filePath(QStringLiteral("cert.pem"));
        const QString key = dir.filePath(QStringLiteral("key.pem"));
        const QString otherKey = dir.filePath(QStringLiteral("other-key.pem"));
        QVERIFY(writeFile(cert, leaf.certificate + authority.certificate));
        QVERIFY(writeFile(key, leaf.key));
        QVERIFY(writeFile(otherKey, other.key));

        TlsIdentity identity;
        QVERIFY2(TlsIdentity::load(cert, key, &identity, &error), qPrintable(error));
        QCOMPARE(identity.chain.size(), 2);
        QVERIFY(identity.caCertificateFile.isEmpty());
        QCOMPARE(identity.key.algorithm(), QSsl::Ec);

        QVERIFY(!TlsIdentity::load(cert, otherKey, &identity, &error));
        QVERIFY2(error.startsWith(otherKey) && error.contains(QLatin1String("does not belong")), qPrintable(error));

        QVERIFY(!TlsIdentity::load(dir.filePath(QStringLiteral("missing.pem")), key, &identity, &error));
        QVERIFY2(error.contains(QLatin1String("missing.pem")), qPrintable(error));

        QVERIFY(!TlsIdentity::load(key, key, &identity, &error)); // a key where the certificate belongs
        QVERIFY2(error.contains(QLatin1String("no PEM certificate")), qPrintable(error));

        // An encrypted key is refused with a reason, never prompted for on a terminal.
        QProcess openssl;
        const QString encrypted = dir.filePath(QStringLiteral("encrypted.pem"));
        openssl.start(QStringLiteral("openssl"),
                      {QStringLiteral("pkey"), QStringLiteral("-in"), key, QStringLiteral("-aes256"),
                       QStringLiteral("-passout"), QStringLiteral("pass:secret"), QStringLiteral("-out"), encrypted});
        QVERIFY(openssl.waitForFinished(10000) && openssl.exitCode() == 0);
        QVERIFY(!TlsIdentity::load(cert, encrypted, &identity, &error));
        QVERIFY2(error.contains(QLatin1String("encrypted")), qPrintable(error));
    }

    // The first bytes of a real client (openssl s_client) tell TLS from HTTP and carry SNI.
    void readsTheServerNameOfARealClientHello()
    {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QProcess client;
        client.start(QStringLiteral("openssl"),
                     {QStringLiteral("s_client"), QStringLiteral("-connect"),
                      QStringLiteral("127.0.0.1:%1").arg(server.serverPort()), QStringLiteral("-servername"),
                      QStringLiteral("sni.example.test")});
        QVERIFY(server.waitForNewConnection(10000));
        QTcpSocket *socket = server.nextPendingConnection();
        QByteArray hello;
        while (ClientHello::classify(hello) == ClientHello::Verdict::NeedMore && socket->waitForReadyRead(5000))
            hello += socket->readAll();
        client.kill();
        client.waitForFinished();
        QCOMPARE(ClientHello::classify(hello), ClientHello::Verdict::Tls);
        QCOMPARE(ClientHello::serverName(hello), QStringLiteral("sni.example.test"));
        for (qsizetype cut = 0; cut < hello.size(); ++cut) {
            QCOMPARE(ClientHello::classify(hello.left(cut)), ClientHello::Verdict::NeedMore);
            ClientHello::serverName(hello.left(cut)); // never reads past what it has (ASan)
        }

        QCOMPARE(ClientHello::classify("GET / HTTP/1.1\r\n"), ClientHello::Verdict::NotTls);
        QCOMPARE(ClientHello::classify("P"), ClientHello::Verdict::NotTls);
        QCOMPARE(ClientHello::classify(QByteArray("\x16\x01", 2)), ClientHello::Verdict::NotTls);
    }

    void trustCommandsQuoteThePath()
    {
        const auto commands = TrustCommands::forCa(QStringLiteral("/home/o'neil/ca.pem"),
                                                   QUrl(QStringLiteral("https://localhost:8765/")));
        QCOMPARE(commands.size(), 4);
        QCOMPARE(commands.at(0).text,
                 QStringLiteral("curl --cacert '/home/o'\\''neil/ca.pem' 'https://localhost:8765/'"));
        QVERIFY(commands.at(1).text.startsWith(QLatin1String("export REQUESTS_CA_BUNDLE='")));
        QVERIFY(commands.at(2).text.startsWith(QLatin1String("export NODE_EXTRA_CA_CERTS='")));
        QVERIFY(commands.at(3).text.contains(QLatin1String("update-ca-certificates")));
    }
};

QTEST_GUILESS_MAIN(TestLocalCa)
#include "tst_localca.moc"
