#include "core/signing/hmacscheme.h"
#include "core/signing/signingscheme.h"
#include "core/signing/signingutil.h"
#include "support/testsupport.h"

#include <QDateTime>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

// Every scheme against the providers' published vectors, against Python's hmac/hashlib as an
// independent peer, and against the ways a real delivery goes wrong.
namespace {

constexpr qint64 signedAt = 1700000000;
const QByteArray sampleBody = QByteArrayLiteral("{\"id\": \"evt_1\", \"amount\": 1.50, \"note\": \"caf\xc3\xa9\"}\n");

// A secret in the form each scheme expects, and the options the tests sign with.
SigningOptions optionsFor(const QString &scheme)
{
    SigningOptions options;
    options.timestamp = signedAt;
    options.messageId = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";
    if (scheme == QLatin1String("standard-webhooks") || scheme == QLatin1String("svix"))
        options.secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    else if (scheme == QLatin1String("stripe"))
        options.secret = "whsec_test_secret_used_as_text";
    else
        options.secret = "It's a Secret to Everybody";
    if (scheme == QLatin1String("hmac")) {
        options.headerName = "X-Signature";
        options.prefix = "sha256=";
        options.signedContent = "{timestamp}.{body}";
        options.timestampHeader = "X-Timestamp";
    }
    return options;
}

// Where each scheme carries its signature, and the pattern of the signature text inside it.
struct Shape {
    QByteArray header;
    QRegularExpression pattern;
    bool hex;
};

Shape shapeOf(const QString &scheme)
{
    static const QRegularExpression hex64(QStringLiteral("([0-9a-f]{64})"));
    static const QRegularExpression base64(QStringLiteral("([A-Za-z0-9+/]{43}=)"));
    if (scheme == QLatin1String("github"))
        return {"X-Hub-Signature-256", hex64, true};
    if (scheme == QLatin1String("stripe"))
        return {"Stripe-Signature", hex64, true};
    if (scheme == QLatin1String("standard-webhooks"))
        return {"webhook-signature", base64, false};
    if (scheme == QLatin1String("svix"))
        return {"svix-signature", base64, false};
    if (scheme == QLatin1String("slack"))
        return {"X-Slack-Signature", hex64, true};
    if (scheme == QLatin1String("shopify"))
        return {"X-Shopify-Hmac-Sha256", base64, false};
    return {"X-Signature", hex64, true};
}

void setHeader(HeaderList *headers, const QByteArray &name, const QByteArray &value)
{
    for (auto &header : *headers) {
        if (header.first.compare(name, Qt::CaseInsensitive) == 0) {
            header.second = value;
            return;
        }
    }
    headers->append({name, value});
}

void removeHeader(HeaderList *headers, const QByteArray &name)
{
    headers->removeIf([&](const auto &header) { return header.first.compare(name, Qt::CaseInsensitive) == 0; });
}

// Python's hmac/hashlib, run as a real process: an implementation that shares no code with ours.
const char peerScript[] = R"PY(
import sys, hmac, hashlib, base64, re
scheme, secret, ts, mid, alg, enc, prefix, tmpl = sys.argv[1:9]
body = sys.stdin.buffer.read()
s = secret.encode()
def mac(key, msg, a='sha256'):
    return hmac.new(key, msg, getattr(hashlib, a)).digest()
if scheme == 'github':
    out = 'sha256=' + mac(s, body).hex()
elif scheme == 'github-sha1':
    out = 'sha1=' + mac(s, body, 'sha1').hex()
elif scheme == 'stripe':
    out = 't=' + ts + ',v1=' + mac(s, ts.encode() + b'.' + body).hex()
elif scheme in ('standard-webhooks', 'svix'):
    k = secret[6:] if secret.startswith('whsec_') else secret
    k = base64.b64decode(k + '=' * (-len(k) % 4), validate=True)
    out = 'v1,' + base64.b64encode(mac(k, mid.encode() + b'.' + ts.encode() + b'.' + body)).decode()
elif scheme == 'slack':
    out = 'v0=' + mac(s, b'v0:' + ts.encode() + b':' + body).hex()
elif scheme == 'shopify':
    out = base64.b64encode(mac(s, body)).decode()
elif scheme == 'hmac':
    values = {b'body': body, b'timestamp': ts.encode(), b'id': mid.encode()}
    content = re.sub(rb'\{(body|timestamp|id)\}', lambda m: values[m.group(1)], tmpl.encode())
    digest = mac(s, content, alg)
    out = prefix + (digest.hex() if enc == 'hex' else base64.b64encode(digest).decode())
sys.stdout.write(out)
)PY";

QByteArray peerSignature(const QString &scheme, const SigningOptions &options, const QByteArray &body)
{
    QProcess python;
    const QString program = qEnvironmentVariable("HOOKBENCH_PYTHON", QStringLiteral("/usr/bin/python3"));
    python.start(program,
                 {QStringLiteral("-c"), QString::fromLatin1(peerScript), scheme, QString::fromUtf8(options.secret),
                  QString::number(options.timestamp), QString::fromUtf8(options.messageId), options.algorithm,
                  options.encoding, QString::fromUtf8(options.prefix), QString::fromUtf8(options.signedContent)});
    if (!python.waitForStarted())
        return {};
    python.write(body);
    python.closeWriteChannel();
    python.waitForFinished();
    if (python.exitCode() != 0)
        qWarning() << python.readAllStandardError();
    return python.readAllStandardOutput();
}

} // namespace

class TestSigning : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { TestSupport::isolateUserData(); }

    void registryKnowsEveryScheme()
    {
        const QStringList expected{
            QStringLiteral("github"), QStringLiteral("stripe"), QStringLiteral("standard-webhooks"),
            QStringLiteral("svix"),   QStringLiteral("slack"),  QStringLiteral("shopify"),
            QStringLiteral("hmac")};
        QCOMPARE(SigningSchemes::names(), expected);
        for (const QString &name : expected) {
            const auto scheme = SigningSchemes::create(name);
            QVERIFY2(scheme, qPrintable(name));
            QCOMPARE(scheme->name(), name);
        }
        QVERIFY(!SigningSchemes::create(QStringLiteral("paypal")));
        QVERIFY(!SigningSchemes::create(QString()));
    }

    void constantTimeEquals_data()
    {
        QTest::addColumn<QByteArray>("a");
        QTest::addColumn<QByteArray>("b");
        QTest::addColumn<bool>("equal");
        QTest::newRow("same") << QByteArray("\x01\x02\x03", 3) << QByteArray("\x01\x02\x03", 3) << true;
        QTest::newRow("empty") << QByteArray() << QByteArray() << true;
        QTest::newRow("last byte") << QByteArray("abcd") << QByteArray("abce") << false;
        QTest::newRow("first byte") << QByteArray("xbcd") << QByteArray("abcd") << false;
        QTest::newRow("prefix") << QByteArray("abc") << QByteArray("abcd") << false;
        QTest::newRow("nul inside") << QByteArray("a\0b", 3) << QByteArray("a\0c", 3) << false;
    }

    void constantTimeEquals()
    {
        QFETCH(QByteArray, a);
        QFETCH(QByteArray, b);
        QFETCH(bool, equal);
        QCOMPARE(SigningUtil::constantTimeEquals(a, b), equal);
        QCOMPARE(SigningUtil::constantTimeEquals(b, a), equal);
    }

    // The providers' own documented inputs and outputs.
    void publishedVectors_data()
    {
        QTest::addColumn<QString>("scheme");
        QTest::addColumn<QByteArray>("secret");
        QTest::addColumn<QByteArray>("id");
        QTest::addColumn<qint64>("timestamp");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QByteArray>("expected");

        QTest::newRow("github docs") << QStringLiteral("github") << QByteArray("It's a Secret to Everybody")
                                     << QByteArray() << qint64(-1) << QByteArray("Hello, World!")
                                     << QByteArray("X-Hub-Signature-256")
                                     << QByteArray(
                                            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
        const QByteArray swSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        const QByteArray swId("msg_p5jXN8AQM9LWM0D4loKWxJek");
        const QByteArray swBody("{\"test\": 2432232314}");
        const QByteArray swExpected("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        QTest::newRow("standard webhooks libraries")
            << QStringLiteral("standard-webhooks") << swSecret << swId << qint64(1614265330) << swBody
            << QByteArray("webhook-signature") << swExpected;
        // Svix's libraries test the same vector under their own header names.
        QTest::newRow("svix libraries") << QStringLiteral("svix") << swSecret << swId << qint64(1614265330) << swBody
                                        << QByteArray("svix-signature") << swExpected;
        QTest::newRow("slack docs")
            << QStringLiteral("slack") << QByteArray("8f742231b10e8888abcd99yyyzzz85a5") << QByteArray()
            << qint64(1531420618)
            << QByteArray("token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id="
                          "G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-"
                          "collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F3977008"
                          "85554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121."
                          "803a0bc887a14d10d2c44"
                          "7fce8b6703c")
            << QByteArray("X-Slack-Signature")
            << QByteArray("v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503");
    }

    void publishedVectors()
    {
        QFETCH(QString, scheme);
        QFETCH(QByteArray, secret);
        QFETCH(QByteArray, id);
        QFETCH(qint64, timestamp);
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, header);
        QFETCH(QByteArray, expected);

        const auto signer = SigningSchemes::create(scheme);
        SigningOptions options;
        options.secret = secret;
        options.messageId = id;
        options.timestamp = timestamp;
        const HeaderList headers = signer->sign(body, options);
        QCOMPARE(Headers::value(headers, header), expected);

        // Verify the vector as it would arrive: only the provider's headers, in any case.
        HeaderList arrived;
        for (const auto &[name, value] : headers)
            arrived.append({name.toLower(), value});
        const qint64 now = timestamp < 0 ? 0 : timestamp + 10;
        const SignatureVerdict verdict = signer->verify(arrived, body, options, now);
        QVERIFY2(verdict.valid, qPrintable(verdict.reason));
        QCOMPARE(verdict.scheme, scheme);
        QVERIFY(verdict.expected.isEmpty());
    }

    // Every header a scheme adds, and nothing more, so a sender's request carries what a
    // provider's would.
    void signedHeaderNames_data()
    {
        QTest::addColumn<QString>("scheme");
        QTest::addColumn<QByteArray>("event");
        QTest::addColumn<QByteArrayList>("names");
        QTest::newRow("github") << QStringLiteral("github") << QByteArray()
                                << QByteArrayList{"X-GitHub-Event", "X-GitHub-Delivery", "X-Hub-Signature",
                                                  "X-Hub-Signature-256"};
        QTest::newRow("stripe") << QStringLiteral("stripe") << QByteArray() << QByteArrayList{"Stripe-Signature"};
        QTest::newRow("standard-webhooks") << QStringLiteral("standard-webhooks") << QByteArray()
                                           << QByteArrayList{"webhook-id", "webhook-timestamp", "webhook-signature"};
        QTest::newRow("svix") << QStringLiteral("svix") << QByteArray()
                              << QByteArrayList{"svix-id", "svix-timestamp", "svix-signature"};
        QTest::newRow("slack") << QStringLiteral("slack") << QByteArray()
                               << QByteArrayList{"X-Slack-Request-Timestamp", "X-Slack-Signature"};
        QTest::newRow("shopify") << QStringLiteral("shopify") << QByteArray()
                                 << QByteArrayList{"X-Shopify-Hmac-Sha256", "X-Shopify-Webhook-Id",
                                                   "X-Shopify-Triggered-At"};
        QTest::newRow("shopify with topic") << QStringLiteral("shopify") << QByteArray("orders/create")
                                            << QByteArrayList{"X-Shopify-Topic", "X-Shopify-Hmac-Sha256",
                                                              "X-Shopify-Webhook-Id", "X-Shopify-Triggered-At"};
        QTest::newRow("hmac") << QStringLiteral("hmac") << QByteArray() << QByteArrayList{"X-Timestamp", "X-Signature"};
    }

    void signedHeaderNames()
    {
        QFETCH(QString, scheme);
        QFETCH(QByteArray, event);
        QFETCH(QByteArrayList, names);
        SigningOptions options = optionsFor(scheme);
        options.event = event;
        QByteArrayList actual;
        for (const auto &header : SigningSchemes::create(scheme)->sign(sampleBody, options))
            actual << header.first;
        QCOMPARE(actual, names);
    }

    void githubEventAndDelivery()
    {
        const auto github = SigningSchemes::create(QStringLiteral("github"));
        SigningOptions options = optionsFor(QStringLiteral("github"));
        options.messageId.clear();
        const HeaderList first = github->sign(sampleBody, options);
        const HeaderList second = github->sign(sampleBody, options);
        QCOMPARE(Headers::value(first, "X-GitHub-Event"), QByteArray("ping"));
        static const QRegularExpression uuid(
            QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"));
        QVERIFY(uuid.match(QString::fromLatin1(Headers::value(first, "X-GitHub-Delivery"))).hasMatch());
        // A fresh delivery id per send, as GitHub gives each redelivery its own.
        QVERIFY(Headers::value(first, "X-GitHub-Delivery") != Headers::value(second, "X-GitHub-Delivery"));

        options.event = "push";
        options.messageId = "72d3162e-cc78-11e3-81ab-4c9367dc0958";
        const HeaderList given = github->sign(sampleBody, options);
        QCOMPARE(Headers::value(given, "X-GitHub-Event"), QByteArray("push"));
        QCOMPARE(Headers::value(given, "X-GitHub-Delivery"), options.messageId);
    }

    void freshIdAndTimestampWhenNotGiven()
    {
        const auto scheme = SigningSchemes::create(QStringLiteral("standard-webhooks"));
        SigningOptions options = optionsFor(QStringLiteral("standard-webhooks"));
        options.messageId.clear();
        options.timestamp = -1;
        const qint64 before = QDateTime::currentSecsSinceEpoch();
        const HeaderList first = scheme->sign(sampleBody, options);
        const HeaderList second = scheme->sign(sampleBody, options);
        const qint64 after = QDateTime::currentSecsSinceEpoch();
        static const QRegularExpression msgId(QStringLiteral("^msg_[0-9A-Za-z]{27}$"));
        QVERIFY(msgId.match(QString::fromLatin1(Headers::value(first, "webhook-id"))).hasMatch());
        QVERIFY(Headers::value(first, "webhook-id") != Headers::value(second, "webhook-id"));
        const qint64 timestamp = Headers::value(first, "webhook-timestamp").toLongLong();
        QVERIFY(timestamp >= before && timestamp <= after);
        QVERIFY(scheme->verify(first, sampleBody, options, after).valid);
    }

    // Python computes each value independently from the same inputs, over awkward bodies.
    void crossCheckWithPython_data()
    {
        QTest::addColumn<QString>("scheme");
        QTest::addColumn<QString>("peerScheme");
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("secret");
        QTest::addColumn<QString>("algorithm");
        QTest::addColumn<QString>("encoding");
        QTest::addColumn<QByteArray>("prefix");
        QTest::addColumn<QByteArray>("content");

        const QByteArray binary("\x00\xff\r\n\x80{\"a\":1}\r\n", 13);
        QByteArray large;
        for (int i = 0; i < 5000; ++i)
            large += "{\"line\": " + QByteArray::number(i) + ", \"text\": \"\xe2\x82\xac\"}\n";
        const struct {
            const char *label;
            QByteArray body;
        } bodies[] = {{"json", sampleBody}, {"binary", binary}, {"empty", QByteArray()}, {"large", large}};
        const struct {
            const char *scheme;
            const char *peer;
            const char *header;
        } schemes[] = {{"github", "github", "X-Hub-Signature-256"},
                       {"github", "github-sha1", "X-Hub-Signature"},
                       {"stripe", "stripe", "Stripe-Signature"},
                       {"standard-webhooks", "standard-webhooks", "webhook-signature"},
                       {"svix", "svix", "svix-signature"},
                       {"slack", "slack", "X-Slack-Signature"},
                       {"shopify", "shopify", "X-Shopify-Hmac-Sha256"}};
        for (const auto &scheme : schemes) {
            const SigningOptions options = optionsFor(QString::fromLatin1(scheme.scheme));
            for (const auto &body : bodies) {
                QTest::addRow("%s %s", scheme.peer, body.label)
                    << QString::fromLatin1(scheme.scheme) << QString::fromLatin1(scheme.peer)
                    << QByteArray(scheme.header) << body.body << options.secret << QString() << QString()
                    << QByteArray() << QByteArray();
            }
        }
        QTest::newRow("stripe unicode secret")
            << QStringLiteral("stripe") << QStringLiteral("stripe") << QByteArray("Stripe-Signature") << sampleBody
            << QByteArray("whsec_\xc3\xa9t\xc3\xa9") << QString() << QString() << QByteArray() << QByteArray();
        // A secret whose base64 needs padding, given without it (accepted, as the libraries do).
        QTest::newRow("standard-webhooks unpadded secret")
            << QStringLiteral("standard-webhooks") << QStringLiteral("standard-webhooks")
            << QByteArray("webhook-signature") << sampleBody << QByteArray("whsec_c2VjcmV0LWtleS0zMQ") << QString()
            << QString() << QByteArray() << QByteArray();

        const struct {
            const char *label;
            const char *algorithm;
            const char *encoding;
            const char *prefix;
            const char *content;
        } hmacs[] = {{"sha256 hex body", "sha256", "hex", "sha256=", "{body}"},
                     {"sha1 hex", "sha1", "hex", "sha1=", "{body}"},
                     {"sha512 base64", "sha512", "base64", "", "{body}"},
                     {"sha256 base64 timestamp template", "sha256", "base64", "v1=", "{timestamp}.{body}"},
                     {"sha512 hex id template", "sha512", "hex", "", "{id}:{timestamp}:{body}"}};
        for (const auto &h : hmacs) {
            for (const auto &body : {bodies[0], bodies[1]}) {
                QTest::addRow("hmac %s %s", h.label, body.label)
                    << QStringLiteral("hmac") << QStringLiteral("hmac") << QByteArray("X-Signature") << body.body
                    << QByteArray("It's a Secret to Everybody") << QString::fromLatin1(h.algorithm)
                    << QString::fromLatin1(h.encoding) << QByteArray(h.prefix) << QByteArray(h.content);
            }
        }
        // The body must be signed as it is, even when it contains the template's own placeholders.
        QTest::newRow("hmac body containing placeholders")
            << QStringLiteral("hmac") << QStringLiteral("hmac") << QByteArray("X-Signature")
            << QByteArray("{\"text\": \"{id} and {timestamp} and {body}\"}") << QByteArray("s3cret")
            << QStringLiteral("sha256") << QStringLiteral("hex") << QByteArray()
            << QByteArray("{id}.{timestamp}.{body}");
    }

    void crossCheckWithPython()
    {
        QFETCH(QString, scheme);
        QFETCH(QString, peerScheme);
        QFETCH(QByteArray, header);
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, secret);
        QFETCH(QString, algorithm);
        QFETCH(QString, encoding);
        QFETCH(QByteArray, prefix);
        QFETCH(QByteArray, content);

        SigningOptions options = optionsFor(scheme);
        options.secret = secret;
        if (scheme == QLatin1String("hmac")) {
            options.algorithm = algorithm;
            options.encoding = encoding;
            options.prefix = prefix;
            options.signedContent = content;
            options.idHeader = "X-Id";
        }
        const auto signer = SigningSchemes::create(scheme);
        QCOMPARE(signer->optionsError(options), QString());
        const HeaderList headers = signer->sign(body, options);
        const QByteArray expected = peerSignature(peerScheme, options, body);
        QVERIFY2(!expected.isEmpty(), "python3 produced no signature");
        QCOMPARE(Headers::value(headers, header), expected);

        const SignatureVerdict verdict = signer->verify(headers, body, options, signedAt);
        QVERIFY2(verdict.valid, qPrintable(verdict.reason));
    }

    // The same failures for every scheme: the MAC must cover these exact bytes with this secret,
    // and timestamps are judged on their own, with the skew in the reason.
    void commonFailures_data()
    {
        QTest::addColumn<QString>("scheme");
        QTest::addColumn<QString>("change");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("reason");

        const QString mismatch = QStringLiteral("signature mismatch");
        for (const QString &scheme : SigningSchemes::names()) {
            const bool timed = scheme != QLatin1String("github") && scheme != QLatin1String("shopify");
            const QByteArray s = scheme.toLatin1();
            QTest::addRow("%s untouched", s.constData()) << scheme << QStringLiteral("none") << true << QString();
            QTest::addRow("%s tampered body", s.constData()) << scheme << QStringLiteral("body") << false << mismatch;
            QTest::addRow("%s one byte appended", s.constData())
                << scheme << QStringLiteral("newline") << false << mismatch;
            QTest::addRow("%s wrong secret", s.constData()) << scheme << QStringLiteral("secret") << false << mismatch;
            QTest::addRow("%s no signature headers", s.constData())
                << scheme << QStringLiteral("strip") << false << QStringLiteral("missing ");
            QTest::addRow("%s at the tolerance edge", s.constData())
                << scheme << QStringLiteral("edge") << true << QString();
            if (timed) {
                QTest::addRow("%s stale", s.constData())
                    << scheme << QStringLiteral("stale") << false
                    << QStringLiteral("timestamp 301 s old, outside tolerance (300 s)");
                // Stripe's libraries accept a timestamp ahead of the receiver's clock; the others refuse it.
                const bool stripe = scheme == QLatin1String("stripe");
                QTest::addRow("%s future", s.constData())
                    << scheme << QStringLiteral("future") << stripe
                    << (stripe ? QString()
                               : QStringLiteral("timestamp 301 s in the future, outside tolerance (300 s)"));
                QTest::addRow("%s stale and tampered", s.constData())
                    << scheme << QStringLiteral("stale+body") << false
                    << QStringLiteral("signature mismatch; also timestamp 301 s old");
            } else {
                // No timestamp is signed, so age cannot be judged: a day-old delivery still verifies.
                QTest::addRow("%s a day later", s.constData()) << scheme << QStringLiteral("day") << true << QString();
            }
        }
    }

    void commonFailures()
    {
        QFETCH(QString, scheme);
        QFETCH(QString, change);
        QFETCH(bool, valid);
        QFETCH(QString, reason);

        const auto signer = SigningSchemes::create(scheme);
        const SigningOptions options = optionsFor(scheme);
        HeaderList headers = signer->sign(sampleBody, options);
        QVERIFY(!headers.isEmpty());
        QByteArray body = sampleBody;
        SigningOptions verifyOptions = options;
        qint64 now = signedAt + 5;

        if (change.contains(QLatin1String("body")))
            body.replace("1.50", "1.5"); // what a JSON re-serialisation does
        if (change == QLatin1String("newline"))
            body += '\n';
        if (change == QLatin1String("secret"))
            verifyOptions.secret = scheme == QLatin1String("standard-webhooks") || scheme == QLatin1String("svix")
                ? QByteArray("whsec_AAAA9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
                : QByteArray("another secret");
        if (change == QLatin1String("strip"))
            headers.clear();
        if (change == QLatin1String("edge"))
            now = signedAt + 300;
        if (change.startsWith(QLatin1String("stale")))
            now = signedAt + 301;
        if (change == QLatin1String("future"))
            now = signedAt - 301;
        if (change == QLatin1String("day"))
            now = signedAt + 86400;

        const SignatureVerdict verdict = signer->verify(headers, body, verifyOptions, now);
        QCOMPARE(verdict.scheme, scheme);
        QVERIFY2(verdict.valid == valid, qPrintable(verdict.reason));
        QVERIFY2(verdict.reason.contains(reason), qPrintable(verdict.reason));
        QVERIFY(!verdict.reason.isEmpty());
        if (reason.startsWith(QLatin1String("signature mismatch"))) {
            // What we expected is what this body signed with this secret would carry: the clue to a
            // re-serialisation bug.
            const HeaderList wanted = signer->sign(body, verifyOptions);
            QCOMPARE(verdict.expected, Headers::value(wanted, shapeOf(scheme).header));
            QVERIFY(verdict.expected != Headers::value(headers, shapeOf(scheme).header));
        }
    }

    // The signature header rewritten the ways real senders get it wrong. Placeholders: {sig} the
    // valid signature in the scheme's encoding, {other} the same bytes in the other encoding, {bad}
    // a well-formed wrong signature, {t} the signed timestamp.
    void signatureHeaderVariants_data()
    {
        QTest::addColumn<QString>("scheme");
        QTest::addColumn<QString>("action"); // set, add, remove
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("reason");

        const QString github = QStringLiteral("github");
        const QString set = QStringLiteral("set");
        const QString add = QStringLiteral("add");
        const QString remove = QStringLiteral("remove");
        QTest::newRow("github uppercase hex")
            << github << set << QByteArray("X-Hub-Signature-256") << QByteArray("sha256={SIG}") << true
            << QStringLiteral("X-Hub-Signature-256 and X-Hub-Signature match");
        QTest::newRow("github base64 where hex")
            << github << set << QByteArray("X-Hub-Signature-256") << QByteArray("sha256={other}") << false
            << QStringLiteral("X-Hub-Signature-256 is base64 where hex was expected");
        QTest::newRow("github no prefix")
            << github << set << QByteArray("X-Hub-Signature-256") << QByteArray("{sig}") << false
            << QStringLiteral("X-Hub-Signature-256 is malformed: expected sha256=");
        QTest::newRow("github sha1 prefix in sha256 header")
            << github << set << QByteArray("X-Hub-Signature-256") << QByteArray("sha1={sig}") << false
            << QStringLiteral("is malformed");
        QTest::newRow("github short hex")
            << github << set << QByteArray("X-Hub-Signature-256") << QByteArray("sha256=abcd") << false
            << QStringLiteral("has 4 hex digits; expected 64");
        QTest::newRow("github not hex") << github << set << QByteArray("X-Hub-Signature-256")
                                        << QByteArray("sha256=zz!") << false << QStringLiteral("is not hex: 'zz!'");
        QTest::newRow("github wrong signature")
            << github << set << QByteArray("X-Hub-Signature-256") << QByteArray("sha256={bad}") << false
            << QStringLiteral("signature mismatch (X-Hub-Signature-256)");
        QTest::newRow("github two sha256 headers")
            << github << add << QByteArray("X-Hub-Signature-256") << QByteArray("sha256={sig}") << false
            << QStringLiteral("2 X-Hub-Signature-256 headers; expected one");
        QTest::newRow("github legacy sha1 only")
            << github << remove << QByteArray("X-Hub-Signature-256") << QByteArray() << true
            << QStringLiteral("X-Hub-Signature (legacy sha1) matches");
        QTest::newRow("github legacy sha1 wrong")
            << github << set << QByteArray("X-Hub-Signature")
            << QByteArray("sha1=0000000000000000000000000000000000000000") << false
            << QStringLiteral("signature mismatch (X-Hub-Signature) (X-Hub-Signature-256 matches)");

        const QString stripe = QStringLiteral("stripe");
        const QByteArray ss("Stripe-Signature");
        QTest::newRow("stripe secret roll, second matches")
            << stripe << set << ss << QByteArray("t={t},v1={bad},v1={sig}") << true
            << QStringLiteral("v1 signature 2 of 2 matches");
        QTest::newRow("stripe several, none matches") << stripe << set << ss << QByteArray("t={t},v1={bad},v1={bad}")
                                                      << false << QStringLiteral("none of 2 v1 values matches");
        QTest::newRow("stripe v0 ignored") << stripe << set << ss << QByteArray("t={t},v0={sig}") << false
                                           << QStringLiteral("no v1 signature (v0 is ignored)");
        QTest::newRow("stripe v0 beside v1") << stripe << set << ss << QByteArray("t={t},v1={sig},v0={bad}") << true
                                             << QStringLiteral("v1 signature matches");
        QTest::newRow("stripe no timestamp")
            << stripe << set << ss << QByteArray("v1={sig}") << false << QStringLiteral("no t= timestamp");
        QTest::newRow("stripe two timestamps")
            << stripe << set << ss << QByteArray("t={t},t={t},v1={sig}") << false << QStringLiteral("2 t= timestamps");
        QTest::newRow("stripe timestamp not a number") << stripe << set << ss << QByteArray("t=now,v1={sig}") << false
                                                       << QStringLiteral("t= is not a Unix timestamp: 'now'");
        QTest::newRow("stripe base64 where hex")
            << stripe << set << ss << QByteArray("t={t},v1={other}") << false
            << QStringLiteral("Stripe-Signature v1 is base64 where hex was expected");
        QTest::newRow("stripe item without =") << stripe << set << ss << QByteArray("t={t},{sig}") << false
                                               << QStringLiteral("Stripe-Signature is malformed");
        QTest::newRow("stripe two headers") << stripe << add << ss << QByteArray("t={t},v1={sig}") << false
                                            << QStringLiteral("2 Stripe-Signature headers");

        for (const char *name : {"standard-webhooks", "svix"}) {
            const QString scheme = QString::fromLatin1(name);
            const QByteArray prefix = scheme == QLatin1String("svix") ? QByteArray("svix-") : QByteArray("webhook-");
            const QByteArray sig = prefix + "signature";
            QTest::addRow("%s list, second matches", name) << scheme << set << sig << QByteArray("v1,{bad} v1,{sig}")
                                                           << true << QStringLiteral("v1 signature 2 of 2 matches");
            QTest::addRow("%s list, none matches", name) << scheme << set << sig << QByteArray("v1,{bad} v1,{bad}")
                                                         << false << QStringLiteral("none of 2 v1 signatures matches");
            QTest::addRow("%s unknown version skipped", name)
                << scheme << set << sig << QByteArray("v1a,c2lnbmF0dXJl v1,{sig}") << true
                << QStringLiteral("v1 signature matches");
            QTest::addRow("%s only unknown versions", name)
                << scheme << set << sig << QByteArray("v1a,{sig} v2,{sig}") << false
                << QStringLiteral("has no v1 signature (skipped: v1a, v2)");
            QTest::addRow("%s hex where base64", name)
                << scheme << set << sig << QByteArray("v1,{other}") << false
                << QString::fromLatin1(QByteArray(sig + " v1 is hex where base64 was expected"));
            QTest::addRow("%s no version", name)
                << scheme << set << sig << QByteArray("{sig}") << false << QStringLiteral("is malformed");
            QTest::addRow("%s wrong signature", name)
                << scheme << set << sig << QByteArray("v1,{bad}") << false << QStringLiteral("signature mismatch");
            QTest::addRow("%s other id", name) << scheme << set << QByteArray(prefix + "id") << QByteArray("msg_other")
                                               << false << QStringLiteral("signature mismatch");
            QTest::addRow("%s timestamp not a number", name)
                << scheme << set << QByteArray(prefix + "timestamp") << QByteArray("{t}.5") << false
                << QStringLiteral("is not a Unix timestamp: '1700000000.5'");
            QTest::addRow("%s missing id", name)
                << scheme << remove << QByteArray(prefix + "id") << QByteArray() << false
                << QString::fromLatin1(QByteArray("missing " + prefix + "id header"));
            QTest::addRow("%s missing timestamp", name)
                << scheme << remove << QByteArray(prefix + "timestamp") << QByteArray() << false
                << QString::fromLatin1(QByteArray("missing " + prefix + "timestamp header"));
        }

        const QString slack = QStringLiteral("slack");
        const QByteArray slackSig("X-Slack-Signature");
        QTest::newRow("slack wrong signature")
            << slack << set << slackSig << QByteArray("v0={bad}") << false << QStringLiteral("signature mismatch");
        QTest::newRow("slack unknown version")
            << slack << set << slackSig << QByteArray("v1={sig}") << false
            << QStringLiteral("X-Slack-Signature has version 'v1'; only v0 is defined");
        QTest::newRow("slack no version") << slack << set << slackSig << QByteArray("{sig}") << false
                                          << QStringLiteral("X-Slack-Signature is malformed");
        QTest::newRow("slack base64 where hex") << slack << set << slackSig << QByteArray("v0={other}") << false
                                                << QStringLiteral("is base64 where hex was expected");
        QTest::newRow("slack timestamp not a number")
            << slack << set << QByteArray("X-Slack-Request-Timestamp") << QByteArray("-{t}") << false
            << QStringLiteral("is not a Unix timestamp: '-1700000000'");
        QTest::newRow("slack missing timestamp")
            << slack << remove << QByteArray("X-Slack-Request-Timestamp") << QByteArray() << false
            << QStringLiteral("missing X-Slack-Request-Timestamp header");
        QTest::newRow("slack missing signature") << slack << remove << slackSig << QByteArray() << false
                                                 << QStringLiteral("missing X-Slack-Signature header");

        const QString shopify = QStringLiteral("shopify");
        const QByteArray shopifySig("X-Shopify-Hmac-Sha256");
        QTest::newRow("shopify hex where base64")
            << shopify << set << shopifySig << QByteArray("{other}") << false
            << QStringLiteral("X-Shopify-Hmac-Sha256 is hex where base64 was expected");
        QTest::newRow("shopify wrong signature")
            << shopify << set << shopifySig << QByteArray("{bad}") << false << QStringLiteral("signature mismatch");
        QTest::newRow("shopify too short") << shopify << set << shopifySig << QByteArray("AAAA") << false
                                           << QStringLiteral("decodes to 3 bytes; expected 32");
        QTest::newRow("shopify not base64") << shopify << set << shopifySig << QByteArray("not base64!") << false
                                            << QStringLiteral("is not base64: 'not base64!'");
        QTest::newRow("shopify two headers") << shopify << add << shopifySig << QByteArray("{sig}") << false
                                             << QStringLiteral("2 X-Shopify-Hmac-Sha256 headers");

        const QString hmac = QStringLiteral("hmac");
        QTest::newRow("hmac no prefix") << hmac << set << QByteArray("X-Signature") << QByteArray("{sig}") << false
                                        << QStringLiteral("X-Signature does not start with 'sha256='");
        QTest::newRow("hmac base64 where hex")
            << hmac << set << QByteArray("X-Signature") << QByteArray("sha256={other}") << false
            << QStringLiteral("is base64 where hex was expected");
        QTest::newRow("hmac other timestamp") << hmac << set << QByteArray("X-Timestamp") << QByteArray("1700000001")
                                              << false << QStringLiteral("signature mismatch");
        QTest::newRow("hmac missing timestamp") << hmac << remove << QByteArray("X-Timestamp") << QByteArray() << false
                                                << QStringLiteral("missing X-Timestamp header");
    }

    void signatureHeaderVariants()
    {
        QFETCH(QString, scheme);
        QFETCH(QString, action);
        QFETCH(QByteArray, header);
        QFETCH(QByteArray, value);
        QFETCH(bool, valid);
        QFETCH(QString, reason);

        const auto signer = SigningSchemes::create(scheme);
        const SigningOptions options = optionsFor(scheme);
        HeaderList headers = signer->sign(sampleBody, options);
        const Shape shape = shapeOf(scheme);
        const auto match = shape.pattern.match(QString::fromLatin1(Headers::value(headers, shape.header)));
        QVERIFY(match.hasMatch());
        const QByteArray sig = match.captured(1).toLatin1();
        QByteArray bytes = shape.hex ? QByteArray::fromHex(sig) : QByteArray::fromBase64(sig);
        QCOMPARE(bytes.size(), 32);
        const QByteArray other = shape.hex ? bytes.toBase64() : bytes.toHex();
        bytes[0] = char(bytes[0] ^ 0x01);
        const QByteArray bad = shape.hex ? bytes.toHex() : bytes.toBase64();
        value.replace("{sig}", sig).replace("{SIG}", sig.toUpper()).replace("{other}", other).replace("{bad}", bad);
        value.replace("{t}", QByteArray::number(signedAt));

        if (action == QLatin1String("set"))
            setHeader(&headers, header, value);
        else if (action == QLatin1String("add"))
            headers.append({header, value});
        else
            removeHeader(&headers, header);

        const SignatureVerdict verdict = signer->verify(headers, sampleBody, options, signedAt + 5);
        QVERIFY2(verdict.valid == valid, qPrintable(verdict.reason));
        QVERIFY2(verdict.reason.contains(reason), qPrintable(verdict.reason));
    }

    // Secrets in the wrong form are explained, not turned into a silent mismatch.
    void secretForms_data()
    {
        QTest::addColumn<QString>("scheme");
        QTest::addColumn<QByteArray>("secret");
        QTest::addColumn<QString>("error");
        QTest::newRow("whsec_ not base64") << QStringLiteral("standard-webhooks") << QByteArray("whsec_not*base64!")
                                           << QStringLiteral("secret is not valid base64 after 'whsec_'");
        QTest::newRow("svix whsec_ empty") << QStringLiteral("svix") << QByteArray("whsec_")
                                           << QStringLiteral("secret is not valid base64 after 'whsec_'");
        QTest::newRow("no prefix, not base64") << QStringLiteral("standard-webhooks") << QByteArray("plain text secret")
                                               << QStringLiteral("secret is not valid base64 (expected whsec_");
        QTest::newRow("no prefix, base64")
            << QStringLiteral("standard-webhooks") << QByteArray("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw") << QString();
        // Stripe uses whsec_ secrets as text: any text works.
        QTest::newRow("stripe text secret") << QStringLiteral("stripe") << QByteArray("whsec_not*base64!") << QString();
        for (const QString &scheme : SigningSchemes::names()) {
            QTest::addRow("%s empty secret", qPrintable(scheme)) << scheme << QByteArray() << QStringLiteral("needs a");
        }
    }

    void secretForms()
    {
        QFETCH(QString, scheme);
        QFETCH(QByteArray, secret);
        QFETCH(QString, error);
        const auto signer = SigningSchemes::create(scheme);
        SigningOptions options = optionsFor(scheme);
        options.secret = secret;
        QVERIFY2(signer->optionsError(options).contains(error), qPrintable(signer->optionsError(options)));
        if (error.isEmpty()) {
            QCOMPARE(signer->optionsError(options), QString());
            const HeaderList headers = signer->sign(sampleBody, options);
            QVERIFY(!headers.isEmpty());
            QVERIFY(signer->verify(headers, sampleBody, options, signedAt).valid);
            return;
        }
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^cannot sign:")));
        QVERIFY(signer->sign(sampleBody, options).isEmpty());
        // A delivery signed correctly, checked with a secret in the wrong form, names the secret.
        const HeaderList good = signer->sign(sampleBody, optionsFor(scheme));
        const SignatureVerdict verdict = signer->verify(good, sampleBody, options, signedAt);
        QVERIFY(!verdict.valid);
        QVERIFY2(verdict.reason.contains(error), qPrintable(verdict.reason));
    }

    void hmacOptionErrors_data()
    {
        QTest::addColumn<QString>("algorithm");
        QTest::addColumn<QString>("encoding");
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("error");
        QTest::newRow("md5") << QStringLiteral("md5") << QStringLiteral("hex") << QByteArray("X-Sig")
                             << QByteArray("{body}") << QStringLiteral("unknown HMAC algorithm 'md5'");
        QTest::newRow("base32") << QStringLiteral("sha256") << QStringLiteral("base32") << QByteArray("X-Sig")
                                << QByteArray("{body}") << QStringLiteral("unknown signature encoding 'base32'");
        QTest::newRow("no header") << QStringLiteral("sha256") << QStringLiteral("hex") << QByteArray()
                                   << QByteArray("{body}") << QStringLiteral("needs a header name");
        QTest::newRow("no body in template") << QStringLiteral("sha256") << QStringLiteral("hex") << QByteArray("X-Sig")
                                             << QByteArray("{timestamp}") << QStringLiteral("must contain {body}");
    }

    void hmacOptionErrors()
    {
        QFETCH(QString, algorithm);
        QFETCH(QString, encoding);
        QFETCH(QByteArray, header);
        QFETCH(QByteArray, content);
        QFETCH(QString, error);
        SigningOptions options;
        options.secret = "s";
        options.algorithm = algorithm;
        options.encoding = encoding;
        options.headerName = header;
        options.signedContent = content;
        const auto hmac = SigningSchemes::create(QStringLiteral("hmac"));
        QVERIFY2(hmac->optionsError(options).contains(error), qPrintable(hmac->optionsError(options)));
        const SignatureVerdict verdict = hmac->verify({{"X-Sig", "00"}}, sampleBody, options, signedAt);
        QVERIFY(!verdict.valid);
        QVERIFY2(verdict.reason.contains(error), qPrintable(verdict.reason));
    }

    void hmacTemplateNeedsItsHeaders()
    {
        const auto hmac = SigningSchemes::create(QStringLiteral("hmac"));
        SigningOptions options;
        options.secret = "s";
        options.signedContent = "{timestamp}.{body}";
        options.timestamp = signedAt;
        const HeaderList headers = hmac->sign(sampleBody, options);
        SignatureVerdict verdict = hmac->verify(headers, sampleBody, options, signedAt);
        QVERIFY(!verdict.valid);
        QVERIFY2(verdict.reason.contains(QLatin1String("signs {timestamp} but no timestamp header")),
                 qPrintable(verdict.reason));

        options.signedContent = "{id}.{body}";
        options.messageId = "evt_42";
        const HeaderList withId = hmac->sign(sampleBody, options);
        // Without an id header the receiver must be told the id: here through options.messageId.
        QVERIFY(hmac->verify(withId, sampleBody, options, signedAt).valid);
        options.messageId.clear();
        verdict = hmac->verify(withId, sampleBody, options, signedAt);
        QVERIFY(!verdict.valid);
        QVERIFY2(verdict.reason.contains(QLatin1String("signs {id} but no id header")), qPrintable(verdict.reason));
    }

    void hmacExpandIsOnePass()
    {
        QCOMPARE(HmacScheme::expand("{timestamp}.{id}.{body}", "a{id}b{timestamp}", "17", "m1"),
                 QByteArray("17.m1.a{id}b{timestamp}"));
        QCOMPARE(HmacScheme::expand("{body}{unknown}{", "x", "1", "i"), QByteArray("x{unknown}{"));
    }

    void standardWebhooksCheckedAsSvix()
    {
        const auto standard = SigningSchemes::create(QStringLiteral("standard-webhooks"));
        const auto svix = SigningSchemes::create(QStringLiteral("svix"));
        const SigningOptions options = optionsFor(QStringLiteral("svix"));
        const SignatureVerdict verdict = svix->verify(standard->sign(sampleBody, options), sampleBody, options,
                                                      signedAt);
        QVERIFY(!verdict.valid);
        QCOMPARE(verdict.reason,
                 QStringLiteral("missing svix-id header (webhook-id is present: verify with standard-webhooks)"));
    }

    void decoders_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("hex");
        QTest::addColumn<bool>("base64");
        QTest::newRow("hex") << QByteArray("00ffAB") << true << true;
        QTest::newRow("odd hex") << QByteArray("abc") << false << true;
        QTest::newRow("padded base64") << QByteArray("YWI=") << false << true;
        QTest::newRow("unpadded base64") << QByteArray("YWI") << false << true;
        QTest::newRow("single group") << QByteArray("YWJjZ") << false << false;
        QTest::newRow("data after padding") << QByteArray("YW=I") << false << false;
        QTest::newRow("url-safe alphabet") << QByteArray("a-_b") << false << false;
        QTest::newRow("empty") << QByteArray() << false << false;
        QTest::newRow("space") << QByteArray("YW I") << false << false;
    }

    void decoders()
    {
        QFETCH(QByteArray, text);
        QFETCH(bool, hex);
        QFETCH(bool, base64);
        QCOMPARE(SigningUtil::decodeHex(text).has_value(), hex);
        QCOMPARE(SigningUtil::decodeBase64(text).has_value(), base64);
        if (base64)
            QCOMPARE(*SigningUtil::decodeBase64(text), QByteArray::fromBase64(text));
    }
};

QTEST_GUILESS_MAIN(TestSigning)
#include "tst_signing.moc"
