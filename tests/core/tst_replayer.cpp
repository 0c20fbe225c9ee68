#include "core/app/appservices.h"
#include "core/capture/capturebackend.h"
#include "core/capture/capturerequest.h"
#include "core/capture/capturestore.h"
#include "core/listener/listener.h"
#include "core/replay/replayer.h"
#include "core/signing/signingscheme.h"
#include "support/sendpeers.h"
#include "support/sqlitepeek.h"
#include "support/testsupport.h"

#include <QDateTime>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QTest>
#include <QUrlQuery>

using SendPeers::FlaskPeer;

// Replay from the window's service: captures a real listener stored, sent again to a real
// Flask receiver (byte for byte, minus the first hop's fields), signed afresh so that the
// provider's own algorithm (computed by the Flask peer) and our verifier accept it, every
// outcome kept in the store with its capture; rejected, deleted and cancelled ones skipped.
class TestReplayer : public QObject
{
    Q_OBJECT

    struct Rig {
        QTemporaryDir dir;
        std::unique_ptr<AppServices> services;
        quint16 port = 0;

        Rig()
        {
            AppServices::Options options = TestSupport::servicesIn(dir.path());
            options.history = false;
            options.collections = false;
            services = std::make_unique<AppServices>(options);
            QString error;
            if (!services->openCaptureStore(&error))
                qFatal("store: %s", qPrintable(error));
            QSignalSpy started(services->listener(), &Listener::started);
            ListenerConfig config;
            config.port = 0;
            services->listener()->start(config);
            if (!started.wait(5000))
                qFatal("listener did not start");
            port = services->listener()->port();
        }
        Replayer *replayer() const { return services->replayer(); }
        CaptureStore *store() const { return services->captureStore(); }
        QString url(const QString &path = QStringLiteral("/hooks/in")) const
        {
            return QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(path);
        }
        // Sends with curl (a real client) and returns the capture as stored.
        Capture capture(const QStringList &curlArguments)
        {
            QSignalSpy committed(store(), &CaptureStore::committed);
            QProcess curl;
            curl.start(QStringLiteral("curl"),
                       QStringList{QStringLiteral("-sS"), QStringLiteral("-o"), QStringLiteral("/dev/null")}
                           + curlArguments);
            if (!curl.waitForFinished(15000) || curl.exitCode() != 0)
                qWarning("curl: %s", curl.readAllStandardError().constData());
            if (!QTest::qWaitFor([&] { return !committed.isEmpty(); }, 10000))
                return {};
            return committed.constFirst().constFirst().value<QList<Capture>>().constFirst();
        }
        QList<ReplayDelivery> stored(qint64 seq) const
        {
            std::unique_ptr<CaptureBackend> db = CaptureBackend::create(services->captureStoreFile());
            QString error;
            if (!db->openExisting(services->captureStoreFile(), &error))
                qWarning("%s", qPrintable(error));
            return db->deliveries(seq);
        }
    };

    static ReplayRequest::Options to(const QString &url, const QString &scheme = {}, const QByteArray &secret = {})
    {
        ReplayRequest::Options options;
        options.target = QUrl(url);
        options.scheme = scheme;
        options.signing.secret = secret;
        return options;
    }

private Q_SLOTS:
    void initTestCase()
    {
        TestSupport::isolateUserData();
        qRegisterMetaType<ReplayDelivery>();
    }

    void replayArrivesByteIdenticalAndIsStored()
    {
        FlaskPeer flask;
        QVERIFY(flask.start());
        Rig rig;
        QByteArray body("\x00\xff{\"event\": \"invoice.paid\"}\r\n", 30);
        QTemporaryFile bodyFile;
        QVERIFY(bodyFile.open());
        bodyFile.write(body);
        bodyFile.close();
        const Capture capture = rig.capture(
            {QStringLiteral("-H"), QStringLiteral("Content-Type: application/octet-stream"), QStringLiteral("-H"),
             QStringLiteral("X-Custom: kept as it came"), QStringLiteral("-H"),
             QStringLiteral("User-Agent: Stripe/1.0"), QStringLiteral("-H"),
             QStringLiteral("Connection: keep-alive, X-Hop"), QStringLiteral("-H"),
             QStringLiteral("X-Hop: only for the first hop"), QStringLiteral("-H"),
             QStringLiteral("Keep-Alive: timeout=5"), QStringLiteral("--data-binary"),
             QLatin1Char('@') + bodyFile.fileName(), rig.url()});
        QVERIFY(capture.seq > 0);
        QCOMPARE(capture.body, body);

        QSignalSpy delivered(rig.replayer(), &Replayer::delivered);
        QSignalSpy finished(rig.replayer(), &Replayer::finished);
        QSignalSpy recorded(rig.store(), &CaptureStore::deliveryRecorded);
        const quint64 run = rig.replayer()->replay({capture.seq}, to(flask.url(QStringLiteral("/status/201"))));
        QVERIFY(run != 0);
        QTRY_COMPARE(finished.size(), 1);
        QCOMPARE(finished.at(0).at(0).toULongLong(), run);
        QCOMPARE(finished.at(0).at(1).toInt(), 1);
        QCOMPARE(finished.at(0).at(2).toInt(), 0);

        QTRY_COMPARE(flask.count(), 1);
        const QJsonObject line = flask.received().constFirst();
        QCOMPARE(FlaskPeer::body(line), body);
        QCOMPARE(line.value(QLatin1String("method")).toString(), QStringLiteral("POST"));
        // Every end-to-end field as captured; the first hop's own fields left behind.
        const HeaderList endToEnd = CaptureRequest::endToEndHeaders(capture);
        QVERIFY(endToEnd.size() >= 3);
        for (const auto &[name, value] : endToEnd)
            QCOMPARE(FlaskPeer::header(line, QString::fromLatin1(name)), QString::fromLatin1(value));
        for (const char *hop : {"X-Hop", "Keep-Alive", "Expect"})
            QCOMPARE(FlaskPeer::header(line, QLatin1String(hop)), QString());

        QCOMPARE(delivered.size(), 1);
        const auto delivery = delivered.at(0).at(1).value<ReplayDelivery>();
        QCOMPARE(delivery.captureSeq, capture.seq);
        QCOMPARE(delivery.status, 201);
        QVERIFY(delivery.ms >= 0);
        QVERIFY(delivery.signedWith.isEmpty());

        QTRY_COMPARE(recorded.size(), 1);
        const QList<ReplayDelivery> stored = rig.stored(capture.seq);
        QCOMPARE(stored.size(), 1);
        QCOMPARE(stored.constFirst().id, recorded.at(0).at(0).value<ReplayDelivery>().id);
        QCOMPARE(stored.constFirst().url, flask.url(QStringLiteral("/status/201")));
        QCOMPARE(stored.constFirst().status, 201);
        QCOMPARE(stored.constFirst().responseBody, delivery.responseBody);
        QVERIFY(stored.constFirst().responseBody.contains("\"status\":201"));
        QCOMPARE(Headers::value(stored.constFirst().responseHeaders, "Content-Type"), QByteArray("application/json"));
        QVERIFY(qAbs(stored.constFirst().sentAtMs - QDateTime::currentMSecsSinceEpoch()) < 60000);
    }

    void resignedReplaysVerify_data()
    {
        QTest::addColumn<QString>("scheme");
        QTest::addColumn<QByteArray>("secret");
        QTest::newRow("github") << QStringLiteral("github") << QByteArray("It's a Secret to Everybody");
        QTest::newRow("stripe") << QStringLiteral("stripe") << QByteArray("whsec_stripe_test_secret");
        QTest::newRow("standard-webhooks")
            << QStringLiteral("standard-webhooks") << QByteArray("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    }

    void resignedReplaysVerify()
    {
        QFETCH(QString, scheme);
        QFETCH(QByteArray, secret);
        FlaskPeer flask;
        QVERIFY(flask.start());
        Rig rig;
        // A delivery signed long ago (stale signatures and timestamps in every scheme's fields).
        const Capture capture = rig.capture(
            {QStringLiteral("-H"), QStringLiteral("Content-Type: application/json"), QStringLiteral("-H"),
             QStringLiteral("X-GitHub-Event: push"), QStringLiteral("-H"),
             QStringLiteral("X-Hub-Signature-256: sha256=00"), QStringLiteral("-H"),
             QStringLiteral("Stripe-Signature: t=1000000000,v1=00"), QStringLiteral("-H"),
             QStringLiteral("webhook-id: msg_old"), QStringLiteral("-H"),
             QStringLiteral("webhook-timestamp: 1000000000"), QStringLiteral("-H"),
             QStringLiteral("webhook-signature: v1,AAAA"), QStringLiteral("--data-binary"),
             QStringLiteral("{\"id\": \"evt_1\", \"type\": \"invoice.paid\"}"), rig.url()});
        QVERIFY(capture.seq > 0);

        QUrl target(flask.url(QStringLiteral("/verify/") + scheme));
        target.setQuery({{QStringLiteral("secret"), QString::fromLatin1(secret)}});
        QSignalSpy delivered(rig.replayer(), &Replayer::delivered);
        const ReplayRequest::Options options = to(target.toString(), scheme, secret);
        QCOMPARE(ReplayRequest::optionsError(options), QString());
        rig.replayer()->replay({capture.seq}, options);
        QTRY_COMPARE(delivered.size(), 1);
        const auto delivery = delivered.at(0).at(1).value<ReplayDelivery>();
        QTRY_COMPARE(flask.count(), 1);
        const QJsonObject line = flask.received().constFirst();
        // The provider's algorithm, in Python, accepts it...
        QVERIFY2(line.value(QLatin1String("verified")).toBool(), delivery.responseBody.constData());
        QCOMPARE(delivery.status, 200);
        QCOMPARE(delivery.signedWith, scheme);
        // ... and so does our verifier, now: the timestamp is fresh.
        HeaderList received;
        for (const auto &[name, value] : FlaskPeer::headers(line))
            received.append({name.toLatin1(), value.toLatin1()});
        QCOMPARE(FlaskPeer::body(line), capture.body);
        SigningOptions check;
        check.secret = secret;
        const SignatureVerdict verdict = SigningSchemes::create(scheme)->verify(received, FlaskPeer::body(line), check,
                                                                                QDateTime::currentSecsSinceEpoch());
        QVERIFY2(verdict.valid, qPrintable(verdict.reason));
        // The event the provider named stays the captured one.
        if (scheme == QLatin1String("github"))
            QCOMPARE(FlaskPeer::header(line, QStringLiteral("X-GitHub-Event")), QStringLiteral("push"));
        QTRY_COMPARE(rig.stored(capture.seq).size(), 1);
        QCOMPARE(rig.stored(capture.seq).constFirst().signedWith, scheme);
    }

    void rejectedAndDeletedCapturesAreSkipped()
    {
        FlaskPeer flask;
        QVERIFY(flask.start());
        Rig rig;
        // A malformed request becomes a rejected capture.
        QSignalSpy committed(rig.store(), &CaptureStore::committed);
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, rig.port);
        QVERIFY(socket.waitForConnected(5000));
        socket.write("POST /bad HTTP/1.1\r\nHost: a\r\nContent-Length: nope\r\n\r\n");
        QTRY_COMPARE(committed.size(), 1);
        const Capture rejected = committed.at(0).at(0).value<QList<Capture>>().constFirst();
        QVERIFY(!rejected.isAccepted());
        const Capture deleted = rig.capture({QStringLiteral("-d"), QStringLiteral("{}"), rig.url()});
        const Capture kept = rig.capture({QStringLiteral("-d"), QStringLiteral("{}"), rig.url()});
        QSignalSpy removed(rig.store(), &CaptureStore::removed);
        rig.store()->removeCaptures({deleted.seq});
        QTRY_COMPARE(removed.size(), 1);

        QSignalSpy skipped(rig.replayer(), &Replayer::skipped);
        QSignalSpy finished(rig.replayer(), &Replayer::finished);
        rig.replayer()->replay({kept.seq, deleted.seq, rejected.seq}, to(flask.url(QStringLiteral("/status/200"))));
        QTRY_COMPARE(finished.size(), 1);
        QCOMPARE(finished.at(0).at(1).toInt(), 1);
        QCOMPARE(finished.at(0).at(2).toInt(), 2);
        QCOMPARE(skipped.size(), 2);
        QHash<qint64, QString> reasons;
        for (const QList<QVariant> &signal : std::as_const(skipped))
            reasons.insert(signal.at(1).toLongLong(), signal.at(2).toString());
        QVERIFY2(reasons.value(rejected.seq).contains(QLatin1String("only accepted requests")),
                 qPrintable(reasons.value(rejected.seq)));
        QCOMPARE(reasons.value(deleted.seq), QStringLiteral("no longer stored"));
        QTRY_COMPARE(flask.count(), 1);
        QTRY_COMPARE(rig.stored(kept.seq).size(), 1);
        QVERIFY(rig.stored(rejected.seq).isEmpty());
    }

    void aLargeAnswerIsKeptUpTo64KiB()
    {
        FlaskPeer flask;
        QVERIFY(flask.start());
        Rig rig;
        const Capture capture = rig.capture({QStringLiteral("-d"), QStringLiteral("{}"), rig.url()});
        QSignalSpy recorded(rig.store(), &CaptureStore::deliveryRecorded);
        rig.replayer()->replay({capture.seq}, to(flask.url(QStringLiteral("/bytes/100000"))));
        QTRY_COMPARE(recorded.size(), 1);
        const ReplayDelivery stored = rig.stored(capture.seq).constFirst();
        QCOMPARE(stored.responseSize, qint64(100000));
        QCOMPARE(stored.responseBody.size(), ReplayDelivery::kMaxBody);
        QVERIFY(stored.isTruncated());
        QVERIFY(stored.responseBody.startsWith("0123456789abcdef0123"));
    }

    void aTargetThatIsDownIsRecordedAsSuch()
    {
        Rig rig;
        const Capture capture = rig.capture({QStringLiteral("-d"), QStringLiteral("{}"), rig.url()});
        QSignalSpy recorded(rig.store(), &CaptureStore::deliveryRecorded);
        rig.replayer()->replay({capture.seq},
                               to(QStringLiteral("http://127.0.0.1:%1/down").arg(SendPeers::deadPort())));
        QTRY_COMPARE(recorded.size(), 1);
        const ReplayDelivery stored = rig.stored(capture.seq).constFirst();
        QVERIFY(!stored.answered());
        QVERIFY2(stored.error.contains(QLatin1String("refused")), qPrintable(stored.error));
    }

    void cancellingStopsTheRunAndRecordsNothing()
    {
        SendPeers::RawPeer silent;
        silent.silent = true;
        QVERIFY(silent.listen());
        Rig rig;
        const Capture first = rig.capture({QStringLiteral("-d"), QStringLiteral("{}"), rig.url()});
        const Capture second = rig.capture({QStringLiteral("-d"), QStringLiteral("{}"), rig.url()});
        QSignalSpy sending(rig.replayer(), &Replayer::sending);
        QSignalSpy skipped(rig.replayer(), &Replayer::skipped);
        QSignalSpy finished(rig.replayer(), &Replayer::finished);
        const quint64 run = rig.replayer()->replay({first.seq, second.seq}, to(silent.url().toString()));
        QTRY_COMPARE(sending.size(), 1); // one at a time: the second waits for the first's answer
        QTRY_COMPARE(silent.requests.size(), 1);
        QVERIFY(rig.replayer()->isRunning(run));
        rig.replayer()->cancel(run);
        QTRY_COMPARE(finished.size(), 1);
        QCOMPARE(finished.at(0).at(1).toInt(), 0);
        QCOMPARE(finished.at(0).at(2).toInt(), 2);
        QCOMPARE(skipped.size(), 2);
        QVERIFY(!rig.replayer()->isRunning(run));
        QCOMPARE(silent.requests.size(), 1);
        QCOMPARE(TestSupport::sqliteScalar(rig.services->captureStoreFile(),
                                           QStringLiteral("SELECT count(*) FROM deliveries"))
                     .toInt(),
                 0);
    }

    void optionsAreCheckedFirst_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("scheme");
        QTest::addColumn<QByteArray>("secret");
        QTest::addColumn<QString>("problem");
        const QString none;
        QTest::newRow("ok") << QStringLiteral("http://localhost:3000/hooks") << none << QByteArray() << none;
        QTest::newRow("signed") << QStringLiteral("https://app.test/h") << QStringLiteral("github") << QByteArray("s")
                                << none;
        QTest::newRow("no scheme") << QStringLiteral("localhost:3000/hooks") << none << QByteArray()
                                   << QStringLiteral("http://");
        QTest::newRow("ftp") << QStringLiteral("ftp://a/b") << none << QByteArray() << QStringLiteral("http://");
        QTest::newRow("empty") << none << none << QByteArray() << QStringLiteral("http://");
        QTest::newRow("unknown scheme") << QStringLiteral("http://a/") << QStringLiteral("nope") << QByteArray("s")
                                        << QStringLiteral("unknown signing scheme");
        QTest::newRow("no secret") << QStringLiteral("http://a/") << QStringLiteral("stripe") << QByteArray()
                                   << QStringLiteral("secret");
    }

    void optionsAreCheckedFirst()
    {
        QFETCH(QString, url);
        QFETCH(QString, scheme);
        QFETCH(QByteArray, secret);
        QFETCH(QString, problem);
        const QString error = ReplayRequest::optionsError(to(url, scheme, secret));
        if (problem.isEmpty())
            QCOMPARE(error, QString());
        else
            QVERIFY2(error.contains(problem), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestReplayer)
#include "tst_replayer.moc"
