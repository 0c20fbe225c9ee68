#include "core/capture/capturedatabase.h"
#include "core/capture/capturejson.h"
#include "core/send/sender.h"
#include "core/tls/certificatemaker.h"
#include "core/tls/localca.h"
#include "support/listenertestsupport.h"
#include "support/testsupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

namespace {
struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run run(const QString &program, const QStringList &arguments, const QProcessEnvironment &environment = {})
{
    QProcess process;
    if (!environment.isEmpty())
        process.setProcessEnvironment(environment);
    process.start(program, arguments);
    // Not waitForFinished(): the listener answering it runs on its own thread, but the
    // captured() signal needs this thread's event loop.
    QElapsedTimer clock;
    clock.start();
    while (process.state() != QProcess::NotRunning && clock.elapsed() < 30000)
        QTest::qWait(10);
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, process.readAllStandardOutput(),
            process.readAllStandardError()};
}

QString python()
{
    const QByteArray configured = qgetenv("HOOKBENCH_PYTHON");
    return configured.isEmpty() ? QStringLiteral("/usr/bin/python3") : QString::fromLocal8Bit(configured);
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}
} // namespace

// The HTTPS listener with real clients (curl, Python requests, Qt's sender): what a
// trusting client sends is captured with its TLS details; what an untrusting one, a
// plain-HTTP one or a stalled one does is recorded as rejected, with the reason in words.
class TestTlsListener : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { TestSupport::isolateUserData(); }

    void curlWithTheCaIsCapturedAndStored()
    {
        ListenerFixture fixture(tlsConfig());
        QVERIFY(fixture.listener->isTls());
        QCOMPARE(fixture.listener->url().scheme(), QStringLiteral("https"));
        QCOMPARE(fixture.listener->caCertificateFile(), LocalCa::caCertificateFile(m_folder));

        const Run curl = run(QStringLiteral("curl"),
                             {QStringLiteral("-sS"), QStringLiteral("--cacert"), fixture.listener->caCertificateFile(),
                              QStringLiteral("-d"), QStringLiteral("{\"a\":1}"), url(fixture, "/hook?x=1")});
        QVERIFY2(curl.exitCode == 0, curl.err.constData());
        QTRY_COMPARE(fixture.captures.size(), 1);
        const Capture capture = fixture.captures.constFirst();
        QCOMPARE(capture.status, Capture::Status::Accepted);
        QCOMPARE(capture.body, QByteArray("{\"a\":1}"));
        QCOMPARE(capture.target, QByteArray("/hook?x=1"));
        QVERIFY(capture.tls.used);
        QCOMPARE(capture.tls.protocol, QStringLiteral("TLSv1.3"));
        QVERIFY(capture.tls.cipher.startsWith(QLatin1String("TLS_")));
        QCOMPARE(capture.tls.sni, QStringLiteral("localhost"));
        QVERIFY(capture.tls.clientCertificate.isEmpty());

        // The capture JSON carries it as an optional object; the store keeps it.
        const QJsonObject json = QJsonDocument::fromJson(CaptureJson::toJsonLine(capture)).object();
        const QJsonObject tls = json.value(QLatin1String("tls")).toObject();
        QCOMPARE(tls.value(QLatin1String("protocol")).toString(), QStringLiteral("TLSv1.3"));
        QCOMPARE(tls.value(QLatin1String("sni")).toString(), QStringLiteral("localhost"));
        QVERIFY(tls.value(QLatin1String("clientCertificate")).isNull());
        CaptureDatabase db;
        QString error;
        QVERIFY2(db.openExisting(fixture.dir.filePath(QStringLiteral("captures.sqlite")), &error), qPrintable(error));
        const std::optional<Capture> stored = db.load(capture.seq);
        QVERIFY(stored);
        QVERIFY(stored->tls.used);
        QCOMPARE(stored->tls.protocol, capture.tls.protocol);
        QCOMPARE(stored->tls.cipher, capture.tls.cipher);
        QCOMPARE(stored->tls.sni, capture.tls.sni);
    }

    void pythonRequestsWithTheCaBundleIsCaptured()
    {
        ListenerFixture fixture(tlsConfig());
        // As the Receive area's "Python requests" trust command sets it up.
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("REQUESTS_CA_BUNDLE"), fixture.listener->caCertificateFile());
        const Run python = run(::python(),
                               {QStringLiteral("-c"),
                                QStringLiteral("import requests, sys\n"
                                               "r = requests.post(sys.argv[1], json={'event': 'paid'})\n"
                                               "print(r.status_code)"),
                                url(fixture, "/py")},
                               environment);
        QVERIFY2(python.exitCode == 0, python.err.constData());
        QCOMPARE(python.out.trimmed(), QByteArray("200"));
        QTRY_COMPARE(fixture.captures.size(), 1);
        QCOMPARE(fixture.captures.constFirst().status, Capture::Status::Accepted);
        QCOMPARE(fixture.captures.constFirst().body, QByteArray("{\"event\": \"paid\"}"));
        QCOMPARE(fixture.captures.constFirst().tls.sni, QStringLiteral("localhost"));
    }

    void untrustingClientsAreRecordedAsRejected()
    {
        ListenerFixture fixture(tlsConfig());
        // curl with only the system's CAs refuses the certificate (60: peer certificate).
        const Run curl = run(QStringLiteral("curl"), {QStringLiteral("-sS"), url(fixture, "/")});
        QCOMPARE(curl.exitCode, 60);
        QTRY_COMPARE(fixture.captures.size(), 1);
        Capture capture = fixture.captures.constFirst();
        QCOMPARE(capture.status, Capture::Status::Rejected);
        QVERIFY2(capture.error.contains(QLatin1String("does not trust")), qPrintable(capture.error));
        QVERIFY2(capture.error.contains(QLatin1String("unknown ca")), qPrintable(capture.error));
        QCOMPARE(capture.response.status, 0);
        QVERIFY(capture.tls.used);
        QVERIFY(capture.tls.protocol.isEmpty());
        QCOMPARE(capture.tls.sni, QStringLiteral("localhost"));
        QVERIFY(capture.seq > 0);

        // Python requests with its own CA bundle, the same.
        const Run python = run(::python(),
                               {QStringLiteral("-c"),
                                QStringLiteral("import requests, sys\n"
                                               "try:\n"
                                               "    requests.get(sys.argv[1])\n"
                                               "except requests.exceptions.SSLError:\n"
                                               "    sys.exit(7)"),
                                url(fixture, "/")});
        QCOMPARE(python.exitCode, 7);
        QTRY_COMPARE(fixture.captures.size(), 2);
        capture = fixture.captures.constLast();
        QCOMPARE(capture.status, Capture::Status::Rejected);
        QVERIFY2(capture.error.startsWith(QLatin1String("TLS handshake failed: the client")),
                 qPrintable(capture.error));

        // The listener goes on serving clients that trust it.
        const QByteArray reply = fixture.exchange("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        QVERIFY2(ListenerFixture::statusOf(reply) == 200, reply.constData());
    }

    void plainHttpToTheHttpsPortIsAnsweredAndRecorded()
    {
        ListenerFixture fixture(tlsConfig());
        const Run curl = run(QStringLiteral("curl"),
                             {QStringLiteral("-sS"), QStringLiteral("-w"), QStringLiteral("\n%{http_code}"),
                              QStringLiteral("-d"), QStringLiteral("{}"),
                              QStringLiteral("http://127.0.0.1:%1/hook").arg(fixture.port)});
        QCOMPARE(curl.exitCode, 0);
        QVERIFY2(curl.out.endsWith("\n400"), curl.out.constData());
        QVERIFY2(curl.out.contains("plain HTTP sent to the HTTPS port"), curl.out.constData());
        QTRY_COMPARE(fixture.captures.size(), 1);
        const Capture capture = fixture.captures.constFirst();
        QCOMPARE(capture.status, Capture::Status::Rejected);
        QVERIFY2(capture.error.contains(QLatin1String("plain HTTP sent to the HTTPS port")), qPrintable(capture.error));
        QCOMPARE(capture.method, QByteArray("POST"));
        QCOMPARE(capture.target, QByteArray("/hook"));
        QCOMPARE(capture.body, QByteArray("{}"));
        QVERIFY(capture.raw.startsWith("POST /hook HTTP/1.1\r\n"));
        QCOMPARE(capture.response.status, 400);
        QVERIFY(!capture.tls.used);
    }

    void stalledHandshakeTimesOut()
    {
        ListenerConfig config = tlsConfig();
        config.limits.headerTimeoutMs = 300;
        ListenerFixture fixture(config);
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, fixture.port);
        QVERIFY(socket.waitForConnected(3000));
        socket.write(QByteArray("\x16\x03\x01\x02\x00\x01", 6)); // a ClientHello that never ends
        QVERIFY(socket.waitForBytesWritten(3000));
        QTRY_COMPARE(fixture.captures.size(), 1);
        const Capture capture = fixture.captures.constFirst();
        QCOMPARE(capture.status, Capture::Status::Rejected);
        QCOMPARE(capture.error, QStringLiteral("TLS handshake not complete after 300 ms"));
        QTRY_COMPARE(socket.state(), QAbstractSocket::UnconnectedState);
    }

    void extraNamesSniAndClientCertificate()
    {
        ListenerConfig config = tlsConfig();
        config.tls.extraNames = {QStringLiteral("hook.test")};
        ListenerFixture fixture(config);

        // A client certificate from a CA the listener does not know: asked for, shown, not required.
        QTemporaryDir dir;
        PemPair clientCa, client;
        QString error;
        QVERIFY(CertificateMaker::makeAuthority(QStringLiteral("Client CA"), 30, &clientCa, &error));
        QVERIFY(CertificateMaker::makeLeaf(clientCa, {QStringLiteral("client.test")}, 30, &client, &error));
        const QString cert = dir.filePath(QStringLiteral("client.pem"));
        const QString key = dir.filePath(QStringLiteral("client-key.pem"));
        QVERIFY(writeFile(cert, client.certificate) && writeFile(key, client.key));

        const Run curl = run(QStringLiteral("curl"),
                             {QStringLiteral("-sS"), QStringLiteral("--cacert"), fixture.listener->caCertificateFile(),
                              QStringLiteral("--resolve"), QStringLiteral("hook.test:%1:127.0.0.1").arg(fixture.port),
                              QStringLiteral("--cert"), cert, QStringLiteral("--key"), key,
                              QStringLiteral("https://hook.test:%1/named").arg(fixture.port)});
        QVERIFY2(curl.exitCode == 0, curl.err.constData());
        QTRY_COMPARE(fixture.captures.size(), 1);
        const Capture capture = fixture.captures.constFirst();
        QCOMPARE(capture.status, Capture::Status::Accepted);
        QCOMPARE(capture.tls.sni, QStringLiteral("hook.test"));
        QVERIFY2(capture.tls.clientCertificate.contains(QLatin1String("CN=client.test")),
                 qPrintable(capture.tls.clientCertificate));
    }

    void usersOwnPairIsServed()
    {
        QTemporaryDir dir;
        PemPair authority, leaf;
        QString error;
        QVERIFY(CertificateMaker::makeAuthority(QStringLiteral("User CA"), 30, &authority, &error));
        QVERIFY(CertificateMaker::makeLeaf(authority, {QStringLiteral("localhost")}, 30, &leaf, &error));
        const QString ca = dir.filePath(QStringLiteral("ca.pem"));
        ListenerConfig config;
        config.tls.enabled = true;
        config.tls.certificateFile = dir.filePath(QStringLiteral("cert.pem"));
        config.tls.keyFile = dir.filePath(QStringLiteral("key.pem"));
        QVERIFY(writeFile(ca, authority.certificate) && writeFile(config.tls.certificateFile, leaf.certificate)
                && writeFile(config.tls.keyFile, leaf.key));
        ListenerFixture fixture(config);
        QVERIFY(fixture.listener->caCertificateFile().isEmpty());
        const Run curl = run(QStringLiteral("curl"),
                             {QStringLiteral("-sS"), QStringLiteral("--cacert"), ca, url(fixture, "/own")});
        QVERIFY2(curl.exitCode == 0, curl.err.constData());
        QTRY_COMPARE(fixture.captures.size(), 1);
        QCOMPARE(fixture.captures.constFirst().status, Capture::Status::Accepted);
    }

    // Hookbench's own sender trusts its local CA (in the data folder) with no option set.
    void ownSenderTrustsTheLocalCa()
    {
        ListenerConfig config;
        config.tls.enabled = true; // the default folder: where the sender looks
        ListenerFixture fixture(config);
        QCOMPARE(fixture.listener->caCertificateFile(), LocalCa::caCertificateFile(LocalCa::defaultFolder()));
        Sender sender;
        QSignalSpy finished(&sender, &Sender::finished);
        OutgoingRequest request;
        request.url = QUrl(url(fixture, "/from-sender"));
        request.body = "{}";
        sender.send(request);
        QVERIFY(finished.wait(15000));
        const SendResult result = finished.constFirst().at(1).value<SendResult>();
        QVERIFY2(result.error == SendError::None, qPrintable(result.errorText));
        QCOMPARE(result.status, 200);
        QTRY_COMPARE(fixture.captures.size(), 1);
        QCOMPARE(fixture.captures.constFirst().tls.protocol, QStringLiteral("TLSv1.3"));
    }

    // A sender made before any listener made the CA (the window, started on a fresh profile)
    // trusts it once it exists: it reads the CA again when the file appears.
    void senderMadeBeforeTheCaTrustsItOnceMade()
    {
        QVERIFY(QDir(LocalCa::defaultFolder()).removeRecursively());
        Sender sender;
        ListenerConfig config;
        config.tls.enabled = true;
        ListenerFixture fixture(config);
        QVERIFY(QFileInfo::exists(LocalCa::caCertificateFile(LocalCa::defaultFolder())));
        QSignalSpy finished(&sender, &Sender::finished);
        OutgoingRequest request;
        request.url = QUrl(url(fixture, "/after-the-ca"));
        sender.send(request);
        QVERIFY(finished.wait(15000));
        const SendResult result = finished.constFirst().at(1).value<SendResult>();
        QVERIFY2(result.error == SendError::None, qPrintable(result.errorText));
        QCOMPARE(result.status, 200);
    }

    void aBadPairFailsToStart()
    {
        QTemporaryDir dir;
        Listener listener;
        ListenerConfig config;
        config.port = 0;
        config.tls.enabled = true;
        config.tls.certificateFile = dir.filePath(QStringLiteral("missing.pem"));
        config.tls.keyFile = dir.filePath(QStringLiteral("missing-key.pem"));
        QSignalSpy failed(&listener, &Listener::startFailed);
        listener.start(config);
        QVERIFY(failed.wait(5000));
        QVERIFY2(failed.constFirst().constFirst().toString().contains(QLatin1String("missing.pem")),
                 qPrintable(failed.constFirst().constFirst().toString()));
        QVERIFY(!listener.isListening());
    }

private:
    ListenerConfig tlsConfig() const
    {
        ListenerConfig config;
        config.tls.enabled = true;
        config.tls.folder = m_folder;
        return config;
    }

    static QString url(const ListenerFixture &fixture, const char *path)
    {
        return QStringLiteral("https://localhost:%1%2").arg(fixture.port).arg(QLatin1StringView(path));
    }

    QTemporaryDir m_dir;
    QString m_folder = m_dir.filePath(QStringLiteral("tls"));
};

QTEST_GUILESS_MAIN(TestTlsListener)
#include "tst_tlslistener.moc"
