#include "support/testsupport.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

namespace {
int modeOf(const QString &path)
{
    struct stat info {
    };
    return ::stat(QFile::encodeName(path).constData(), &info) == 0 ? int(info.st_mode & 0777) : -1;
}
} // namespace

// `hookbench listen --tls` and `hookbench send` to it, as a user's script runs them, with a
// data folder of their own (XDG_DATA_HOME) so the local CA is made here, on first use.
class TestListenTls : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        TestSupport::isolateUserData();
        QVERIFY(m_home.isValid());
        m_environment = QProcessEnvironment::systemEnvironment();
        m_environment.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
        m_environment.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
    }

    void listenTlsPrintsTheCaAndOwnSendTrustsIt()
    {
        QProcess listen;
        listen.setProcessEnvironment(m_environment);
        listen.start(QStringLiteral(HOOKBENCH_BINARY),
                     {QStringLiteral("listen"), QStringLiteral("--tls"), QStringLiteral("--port"), QStringLiteral("0"),
                      QStringLiteral("--no-store"), QStringLiteral("--count"), QStringLiteral("1")});
        QVERIFY(listen.waitForStarted(5000));
        listen.setReadChannel(QProcess::StandardError);
        QByteArray err;
        while (err.count('\n') < 2 && listen.waitForReadyRead(15000))
            err += listen.readAllStandardError();
        listen.setReadChannel(QProcess::StandardOutput);
        const QList<QByteArray> lines = err.trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        const auto listening = QRegularExpression(QStringLiteral("^Listening on https://127\\.0\\.0\\.1:(\\d+)/$"))
                                   .match(QString::fromUtf8(lines.at(0)));
        QVERIFY2(listening.hasMatch(), lines.at(0).constData());
        const QString port = listening.captured(1);
        QVERIFY2(lines.at(1).startsWith("CA certificate: "), lines.at(1).constData());
        const QString ca = QString::fromUtf8(lines.at(1).mid(int(qstrlen("CA certificate: "))));
        QVERIFY2(ca.startsWith(m_home.path()) && QFile::exists(ca), qPrintable(ca));
        const QString folder = ca.section(QLatin1Char('/'), 0, -2);
        QCOMPARE(modeOf(folder + QStringLiteral("/ca-key.pem")), 0600);
        QCOMPARE(modeOf(folder + QStringLiteral("/listener-key.pem")), 0600);

        // The built binary's sender, with no --insecure and nothing else set.
        QProcess send;
        send.setProcessEnvironment(m_environment);
        send.start(QStringLiteral(HOOKBENCH_BINARY),
                   {QStringLiteral("send"), QStringLiteral("https://localhost:%1/hook").arg(port), QStringLiteral("-d"),
                    QStringLiteral("{\"tls\": true}")});
        QVERIFY(send.waitForFinished(30000));
        QVERIFY2(send.exitCode() == 0, send.readAllStandardError().constData());

        QVERIFY(listen.waitForFinished(15000));
        QCOMPARE(listen.exitCode(), 0);
        const QJsonObject capture = QJsonDocument::fromJson(listen.readAllStandardOutput().trimmed()).object();
        QCOMPARE(capture.value(QLatin1String("bodyText")).toString(), QStringLiteral("{\"tls\": true}"));
        const QJsonObject tls = capture.value(QLatin1String("tls")).toObject();
        QCOMPARE(tls.value(QLatin1String("protocol")).toString(), QStringLiteral("TLSv1.3"));
        QCOMPARE(tls.value(QLatin1String("sni")).toString(), QStringLiteral("localhost"));
        QVERIFY(!tls.value(QLatin1String("cipher")).toString().isEmpty());
    }

    void tlsFlagsAreChecked_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("cert without --tls")
            << QStringList{QStringLiteral("--tls-cert"), QStringLiteral("a.pem")} << QStringLiteral("used with --tls");
        QTest::newRow("cert without key")
            << QStringList{QStringLiteral("--tls"), QStringLiteral("--tls-cert"), QStringLiteral("a.pem")}
            << QStringLiteral("give both --tls-cert and --tls-key");
        QTest::newRow("bad name") << QStringList{QStringLiteral("--tls"), QStringLiteral("--tls-name"),
                                                 QStringLiteral("a b")}
                                  << QStringLiteral("--tls-name needs a host name");
    }
    void tlsFlagsAreChecked()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const TestSupport::ProcessResult result = TestSupport::runHookbench(
            QStringList{QStringLiteral("listen"), QStringLiteral("--no-store")} + arguments);
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains(message.toUtf8()), result.err.constData());
    }

    void aMissingPairIsAnErrorNamingTheFile()
    {
        const TestSupport::ProcessResult result = TestSupport::runHookbench(
            {QStringLiteral("listen"), QStringLiteral("--no-store"), QStringLiteral("--port"), QStringLiteral("0"),
             QStringLiteral("--tls"), QStringLiteral("--tls-cert"), QStringLiteral("/nonexistent/cert.pem"),
             QStringLiteral("--tls-key"), QStringLiteral("/nonexistent/key.pem")});
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains("/nonexistent/cert.pem"), result.err.constData());
    }

private:
    QTemporaryDir m_home;
    QProcessEnvironment m_environment;
};

QTEST_GUILESS_MAIN(TestListenTls)
#include "tst_listentls.moc"
