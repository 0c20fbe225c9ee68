#include "support/testsupport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QTest>

using TestSupport::runHookbench;

// End to end, as a user would run it: `hookbench send --sign` to `hookbench listen --verify`,
// two processes talking HTTP over 127.0.0.1.
class TestSigningE2e : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { TestSupport::isolateUserData(); }

    void sendSignedToVerifyingListener_data()
    {
        QTest::addColumn<QString>("listenScheme");
        QTest::addColumn<QString>("listenSecret");
        QTest::addColumn<QString>("sendScheme");
        QTest::addColumn<QString>("sendSecret");
        QTest::addColumn<QStringList>("extra"); // flags both sides share (the hmac description)
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("reason");

        const QString whsec = QStringLiteral("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        const QString otherWhsec = QStringLiteral("whsec_c2VjcmV0LWtleS0zMQ");
        const QString text = QStringLiteral("It's a Secret to Everybody");
        const QString otherText = QStringLiteral("not the secret");
        const QStringList hmacFlags{QStringLiteral("--hmac-algorithm"),        QStringLiteral("sha512"),
                                    QStringLiteral("--hmac-encoding"),         QStringLiteral("base64"),
                                    QStringLiteral("--hmac-header"),           QStringLiteral("X-Acme-Signature"),
                                    QStringLiteral("--hmac-prefix"),           QStringLiteral("v1="),
                                    QStringLiteral("--hmac-template"),         QStringLiteral("{timestamp}.{body}"),
                                    QStringLiteral("--hmac-timestamp-header"), QStringLiteral("X-Acme-Timestamp")};

        for (const QString &scheme :
             {QStringLiteral("github"), QStringLiteral("stripe"), QStringLiteral("standard-webhooks"),
              QStringLiteral("svix"), QStringLiteral("slack"), QStringLiteral("shopify"), QStringLiteral("hmac")}) {
            const bool base64Key = scheme == QLatin1String("standard-webhooks") || scheme == QLatin1String("svix");
            const QString secret = base64Key ? whsec : text;
            const QString other = base64Key ? otherWhsec : otherText;
            const QStringList extra = scheme == QLatin1String("hmac") ? hmacFlags : QStringList();
            QTest::addRow("%s valid", qPrintable(scheme))
                << scheme << secret << scheme << secret << extra << true << QString();
            QTest::addRow("%s other secret", qPrintable(scheme))
                << scheme << secret << scheme << other << extra << false << QStringLiteral("signature mismatch");
        }
        // Signed as one provider, checked as another: the reason must say which header is missing.
        QTest::newRow("standard-webhooks checked as svix")
            << QStringLiteral("svix") << whsec << QStringLiteral("standard-webhooks") << whsec << QStringList() << false
            << QStringLiteral("missing svix-id header (webhook-id is present: verify with standard-webhooks)");
        QTest::newRow("github checked as shopify")
            << QStringLiteral("shopify") << text << QStringLiteral("github") << text << QStringList() << false
            << QStringLiteral("missing X-Shopify-Hmac-Sha256 header");
    }

    void sendSignedToVerifyingListener()
    {
        QFETCH(QString, listenScheme);
        QFETCH(QString, listenSecret);
        QFETCH(QString, sendScheme);
        QFETCH(QString, sendSecret);
        QFETCH(QStringList, extra);
        QFETCH(bool, valid);
        QFETCH(QString, reason);

        QProcess listener;
        listener.start(QStringLiteral(HOOKBENCH_BINARY),
                       QStringList{QStringLiteral("listen"), QStringLiteral("--port"), QStringLiteral("0"),
                                   QStringLiteral("--count"), QStringLiteral("1"), QStringLiteral("--no-store"),
                                   QStringLiteral("--verify"), listenScheme, QStringLiteral("--secret"), listenSecret}
                           + extra);
        QVERIFY(listener.waitForStarted());
        // A failed check must not leave a listener behind holding its port.
        const auto stopListener = qScopeGuard([&listener] {
            if (listener.state() != QProcess::NotRunning) {
                listener.kill();
                listener.waitForFinished();
            }
        });
        QByteArray stderrText;
        static const QRegularExpression listening(QStringLiteral("Listening on http://127\\.0\\.0\\.1:(\\d+)/"));
        QRegularExpressionMatch match;
        QTRY_VERIFY_WITH_TIMEOUT((stderrText += listener.readAllStandardError(),
                                  match = listening.match(QString::fromUtf8(stderrText)), match.hasMatch()),
                                 15000);
        const QString url = QStringLiteral("http://127.0.0.1:%1/hook").arg(match.captured(1));

        const QByteArray body("{\"event\": \"order.paid\", \"amount\": 12.30, \"note\": \"caf\u00e9\"}");
        const auto sent = runHookbench(QStringList{QStringLiteral("send"), url, QStringLiteral("-d"),
                                                   QString::fromUtf8(body), QStringLiteral("--sign"), sendScheme,
                                                   QStringLiteral("--secret"), sendSecret,
                                                   QStringLiteral("--no-history")}
                                       + extra);
        QVERIFY2(sent.exitCode == 0, sent.err.constData());

        QVERIFY(listener.waitForFinished(15000));
        QCOMPARE(listener.exitCode(), 0);
        const QList<QByteArray> lines = listener.readAllStandardOutput().trimmed().split('\n');
        QCOMPARE(lines.size(), 1);
        QJsonParseError error;
        const QJsonObject capture = QJsonDocument::fromJson(lines.first(), &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        QCOMPARE(capture.value(QLatin1String("bodyText")).toString().toUtf8(), body);
        const QJsonObject signature = capture.value(QLatin1String("signature")).toObject();
        QCOMPARE(signature.value(QLatin1String("scheme")).toString(), listenScheme);
        QVERIFY2(signature.value(QLatin1String("valid")).toBool() == valid,
                 qPrintable(signature.value(QLatin1String("reason")).toString()));
        QVERIFY2(signature.value(QLatin1String("reason")).toString().contains(reason),
                 qPrintable(signature.value(QLatin1String("reason")).toString()));
    }
};

QTEST_GUILESS_MAIN(TestSigningE2e)
#include "tst_signing_e2e.moc"
