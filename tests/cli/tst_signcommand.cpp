#include "support/testsupport.h"

#include <QDateTime>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

using TestSupport::runHookbench;

// `hookbench sign` run as a user or script runs it: body on stdin, headers on stdout.
class TestSignCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { TestSupport::isolateUserData(); }

    void printsHeaders_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("expected");

        QTest::newRow("github docs vector")
            << QStringList{QStringLiteral("--scheme"), QStringLiteral("github"),
                           QStringLiteral("--secret"), QStringLiteral("It's a Secret to Everybody"),
                           QStringLiteral("--id"),     QStringLiteral("72d3162e-cc78-11e3-81ab-4c9367dc0958"),
                           QStringLiteral("--event"),  QStringLiteral("push")}
            << QByteArray("Hello, World!")
            << QByteArray("X-GitHub-Event: push\n"
                          "X-GitHub-Delivery: 72d3162e-cc78-11e3-81ab-4c9367dc0958\n"
                          "X-Hub-Signature: sha1=01dc10d0c83e72ed246219cdd91669667fe2ca59\n"
                          "X-Hub-Signature-256: "
                          "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17\n");
        QTest::newRow("standard webhooks vector")
            << QStringList{QStringLiteral("--scheme"),    QStringLiteral("standard-webhooks"),
                           QStringLiteral("--secret"),    QStringLiteral("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
                           QStringLiteral("--id"),        QStringLiteral("msg_p5jXN8AQM9LWM0D4loKWxJek"),
                           QStringLiteral("--timestamp"), QStringLiteral("1614265330")}
            << QByteArray("{\"test\": 2432232314}")
            << QByteArray("webhook-id: msg_p5jXN8AQM9LWM0D4loKWxJek\n"
                          "webhook-timestamp: 1614265330\n"
                          "webhook-signature: v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=\n");
        QTest::newRow("svix, same vector")
            << QStringList{QStringLiteral("--scheme"),    QStringLiteral("svix"),
                           QStringLiteral("--secret"),    QStringLiteral("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
                           QStringLiteral("--id"),        QStringLiteral("msg_p5jXN8AQM9LWM0D4loKWxJek"),
                           QStringLiteral("--timestamp"), QStringLiteral("1614265330")}
            << QByteArray("{\"test\": 2432232314}")
            << QByteArray("svix-id: msg_p5jXN8AQM9LWM0D4loKWxJek\n"
                          "svix-timestamp: 1614265330\n"
                          "svix-signature: v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=\n");
        QTest::newRow("slack docs vector")
            << QStringList{QStringLiteral("--scheme"),    QStringLiteral("slack"),
                           QStringLiteral("--secret"),    QStringLiteral("8f742231b10e8888abcd99yyyzzz85a5"),
                           QStringLiteral("--timestamp"), QStringLiteral("1531420618")}
            << QByteArray("token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id="
                          "G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-"
                          "collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F3977008"
                          "85554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121."
                          "803a0bc887a14d10d2c44"
                          "7fce8b6703c")
            << QByteArray("X-Slack-Request-Timestamp: 1531420618\n"
                          "X-Slack-Signature: "
                          "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503\n");
    }

    void printsHeaders()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, expected);
        const auto result = runHookbench(QStringList{QStringLiteral("sign")} + arguments, body);
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.out, expected);
        QCOMPARE(result.err, QByteArray());
    }

    // The body is signed byte for byte: a trailing newline (what `echo` adds) changes the MAC.
    void signsExactStdinBytes()
    {
        const QStringList arguments{QStringLiteral("sign"), QStringLiteral("--scheme"), QStringLiteral("github"),
                                    QStringLiteral("--secret"), QStringLiteral("It's a Secret to Everybody")};
        const auto exact = runHookbench(arguments, "Hello, World!");
        const auto withNewline = runHookbench(arguments, "Hello, World!\n");
        QCOMPARE(exact.exitCode, 0);
        QCOMPARE(withNewline.exitCode, 0);
        const QByteArray vector(
            "X-Hub-Signature-256: sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
        QVERIFY(exact.out.contains(vector));
        QVERIFY(!withNewline.out.contains(vector));
        QVERIFY(withNewline.out.contains("X-Hub-Signature-256: sha256="));
    }

    // Fresh id and timestamp when none are given, in the documented shapes.
    void freshIdAndTimestamp()
    {
        const qint64 before = QDateTime::currentSecsSinceEpoch();
        const auto result = runHookbench({QStringLiteral("sign"), QStringLiteral("--scheme"), QStringLiteral("svix"),
                                          QStringLiteral("--secret"),
                                          QStringLiteral("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")},
                                         "{}");
        const qint64 after = QDateTime::currentSecsSinceEpoch();
        QCOMPARE(result.exitCode, 0);
        const QList<QByteArray> lines = result.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 3);
        static const QRegularExpression line(QStringLiteral("^[A-Za-z0-9-]+: \\S+$"));
        for (const QByteArray &l : lines)
            QVERIFY2(line.match(QString::fromUtf8(l)).hasMatch(), l.constData());
        QVERIFY(QRegularExpression(QStringLiteral("^svix-id: msg_[0-9A-Za-z]{27}$"))
                    .match(QString::fromUtf8(lines.at(0)))
                    .hasMatch());
        const qint64 timestamp = lines.at(1).sliced(qstrlen("svix-timestamp: ")).toLongLong();
        QVERIFY(timestamp >= before && timestamp <= after);
    }

    // The generic scheme's flags, checked against Python's hmac computing the same thing.
    void hmacFlagsAgainstPython()
    {
        const QByteArray body("{\"event\": \"order.paid\", \"total\": 12.30}");
        const auto result = runHookbench({QStringLiteral("sign"),
                                          QStringLiteral("--scheme"),
                                          QStringLiteral("hmac"),
                                          QStringLiteral("--secret"),
                                          QStringLiteral("s3cr\u00e9t"),
                                          QStringLiteral("--timestamp"),
                                          QStringLiteral("1700000000"),
                                          QStringLiteral("--id"),
                                          QStringLiteral("evt_9"),
                                          QStringLiteral("--hmac-algorithm"),
                                          QStringLiteral("sha512"),
                                          QStringLiteral("--hmac-encoding"),
                                          QStringLiteral("base64"),
                                          QStringLiteral("--hmac-header"),
                                          QStringLiteral("X-Acme-Signature"),
                                          QStringLiteral("--hmac-prefix"),
                                          QStringLiteral("v1="),
                                          QStringLiteral("--hmac-template"),
                                          QStringLiteral("{id}.{timestamp}.{body}"),
                                          QStringLiteral("--hmac-timestamp-header"),
                                          QStringLiteral("X-Acme-Timestamp"),
                                          QStringLiteral("--hmac-id-header"),
                                          QStringLiteral("X-Acme-Id")},
                                         body);
        QCOMPARE(result.exitCode, 0);

        QProcess python;
        python.start(
            qEnvironmentVariable("HOOKBENCH_PYTHON", QStringLiteral("/usr/bin/python3")),
            {QStringLiteral("-c"),
             QStringLiteral("import sys, hmac, hashlib, base64\n"
                            "body = sys.stdin.buffer.read()\n"
                            "mac = hmac.new('s3cr\u00e9t'.encode(), b'evt_9.1700000000.' + body, hashlib.sha512)\n"
                            "sys.stdout.write('X-Acme-Id: evt_9\\nX-Acme-Timestamp: 1700000000\\n'"
                            " + 'X-Acme-Signature: v1=' + base64.b64encode(mac.digest()).decode() + '\\n')\n")});
        QVERIFY(python.waitForStarted());
        python.write(body);
        python.closeWriteChannel();
        QVERIFY(python.waitForFinished());
        QCOMPARE(python.exitCode(), 0);
        QCOMPARE(result.out, python.readAllStandardOutput());
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QByteArray>("message");
        const QString scheme = QStringLiteral("--scheme");
        const QString secret = QStringLiteral("--secret");
        QTest::newRow("no scheme") << QStringList{secret, QStringLiteral("x")}
                                   << QByteArray("hookbench sign: --scheme is required (github, stripe, "
                                                 "standard-webhooks, svix, slack, shopify, hmac)");
        QTest::newRow("unknown scheme") << QStringList{scheme, QStringLiteral("paypal"), secret, QStringLiteral("x")}
                                        << QByteArray("hookbench sign: unknown scheme 'paypal' (use github, stripe");
        QTest::newRow("no secret") << QStringList{scheme, QStringLiteral("github")}
                                   << QByteArray("hookbench sign: --secret is required");
        QTest::newRow("empty secret") << QStringList{scheme, QStringLiteral("github"), secret, QString()}
                                      << QByteArray("hookbench sign: --secret is required");
        QTest::newRow("whsec_ not base64")
            << QStringList{scheme, QStringLiteral("standard-webhooks"), secret, QStringLiteral("whsec_not*base64")}
            << QByteArray("hookbench sign: secret is not valid base64 after 'whsec_'");
        QTest::newRow("bad timestamp") << QStringList{scheme,
                                                      QStringLiteral("slack"),
                                                      secret,
                                                      QStringLiteral("x"),
                                                      QStringLiteral("--timestamp"),
                                                      QStringLiteral("yesterday")}
                                       << QByteArray(
                                              "hookbench sign: --timestamp must be Unix seconds, not 'yesterday'");
        QTest::newRow("bad algorithm")
            << QStringList{scheme,
                           QStringLiteral("hmac"),
                           secret,
                           QStringLiteral("x"),
                           QStringLiteral("--hmac-algorithm"),
                           QStringLiteral("md5")}
            << QByteArray("hookbench sign: --hmac-algorithm must be sha1, sha256 or sha512, not 'md5'");
        QTest::newRow("bad encoding") << QStringList{scheme,
                                                     QStringLiteral("hmac"),
                                                     secret,
                                                     QStringLiteral("x"),
                                                     QStringLiteral("--hmac-encoding"),
                                                     QStringLiteral("base32")}
                                      << QByteArray(
                                             "hookbench sign: --hmac-encoding must be hex or base64, not 'base32'");
        QTest::newRow("template without body") << QStringList{scheme,
                                                              QStringLiteral("hmac"),
                                                              secret,
                                                              QStringLiteral("x"),
                                                              QStringLiteral("--hmac-template"),
                                                              QStringLiteral("{timestamp}")}
                                               << QByteArray("hookbench sign: --hmac-template must contain {body}");
    }

    void usageErrors()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QByteArray, message);
        const auto result = runHookbench(QStringList{QStringLiteral("sign")} + arguments, "{}");
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains(message), result.err.constData());
        QVERIFY(result.out.isEmpty());
    }

    void helpListsHmacFlags()
    {
        const auto result = runHookbench({QStringLiteral("sign"), QStringLiteral("--help")});
        QCOMPARE(result.exitCode, 0);
        for (const char *flag :
             {"--scheme <SCHEME>", "--event <EVENT>", "--hmac-algorithm <ALG>", "--hmac-template <TEMPLATE>",
              "--hmac-timestamp-header <NAME>", "--hmac-id-header <NAME>"})
            QVERIFY2(result.out.contains(flag), flag);
    }
};

QTEST_GUILESS_MAIN(TestSignCommand)
#include "tst_signcommand.moc"
