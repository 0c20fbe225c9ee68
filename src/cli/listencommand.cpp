#include "cli/clicommand.h"
#include "cli/cliio.h"
#include "cli/cliparse.h"
#include "cli/signalwatcher.h"
#include "cli/signingcli.h"
#include "core/app/appservices.h"
#include "core/capture/capturejson.h"
#include "core/capture/capturestore.h"
#include "core/forward/forwarder.h"
#include "core/listener/listener.h"
#include "core/signing/signatureverifiers.h"
#include "core/tls/localca.h"

#include <QCoreApplication>
#include <QFile>

#include <memory>

namespace {
const QString kName = QStringLiteral("listen");
constexpr qsizetype kMaxKeptBuffer = 16 * 1024 * 1024;
constexpr qint64 kRepeatProblemMs = 5000;

struct ListenOptions {
    ListenerConfig config;
    QString storeFile; // empty: no store
    QString outputFile;
    qint64 count = 0;
    QUrl forwardTo;
    Forwarder::Mode forwardMode = Forwarder::Mode::Rule;
};

bool readOptions(const QCommandLineParser &parser, ListenOptions *o, QString *error)
{
    if (parser.isSet(QStringLiteral("bind"))) {
        const QString bind = parser.value(QStringLiteral("bind"));
        if (bind == QLatin1String("localhost"))
            o->config.address = QHostAddress(QHostAddress::LocalHost);
        else if (!o->config.address.setAddress(bind)) {
            *error = QStringLiteral("--bind needs an IP address such as 127.0.0.1, 0.0.0.0 or ::1, not '%1'").arg(bind);
            return false;
        }
    }
    qint64 port = 8765;
    if (!CliParse::integer(parser, QStringLiteral("port"), 0, 65535, &port, error))
        return false;
    o->config.port = quint16(port);

    ResponseSpec base;
    qint64 delay = 0;
    if (!CliParse::integer(parser, QStringLiteral("delay-ms"), 0, 600000, &delay, error))
        return false;
    base.delayMs = int(delay);
    for (const QString &text : parser.values(QStringLiteral("response-header"))) {
        QPair<QByteArray, QByteArray> header;
        if (!CliParse::header(text, &header, error))
            return false;
        base.headers.append(header);
    }
    if (parser.isSet(QStringLiteral("response-body")) && parser.isSet(QStringLiteral("response-body-file"))) {
        *error = QStringLiteral("give --response-body or --response-body-file, not both");
        return false;
    }
    if (parser.isSet(QStringLiteral("response-body")))
        base.body = parser.value(QStringLiteral("response-body")).toUtf8();
    if (parser.isSet(QStringLiteral("response-body-file"))) {
        QFile file(parser.value(QStringLiteral("response-body-file")));
        if (!file.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("cannot read %1: %2").arg(file.fileName(), file.errorString());
            return false;
        }
        base.body = file.readAll();
    }
    QList<ResponseSpec> steps{base};
    if (parser.isSet(QStringLiteral("status"))
        && !ResponsePolicy::parseStatusSequence(parser.value(QStringLiteral("status")), base, &steps, error)) {
        *error = QStringLiteral("--status: ") + *error;
        return false;
    }
    o->config.policy = ResponsePolicy(steps);

    qint64 maxBody = o->config.limits.maxBodyBytes;
    if (!CliParse::integer(parser, QStringLiteral("max-body-bytes"), 0, qint64(1) << 40, &maxBody, error))
        return false;
    o->config.limits.maxBodyBytes = maxBody;

    if (parser.isSet(QStringLiteral("verify"))) {
        SigningOptions signing;
        if (!parser.isSet(QStringLiteral("secret"))) {
            *error = QStringLiteral("--verify needs --secret");
            return false;
        }
        signing.secret = parser.value(QStringLiteral("secret")).toUtf8();
        if (!CliParse::integer(parser, QStringLiteral("tolerance-s"), 0, qint64(1) << 31, &signing.toleranceSeconds,
                               error)
            || !signingOptionsFrom(parser, &signing, error))
            return false;
        o->config.verifier = makeSignatureVerifier(parser.value(QStringLiteral("verify")), signing, error);
        if (!o->config.verifier)
            return false;
    } else if (parser.isSet(QStringLiteral("secret"))) {
        *error = QStringLiteral("--secret is used with --verify");
        return false;
    }

    if (parser.isSet(QStringLiteral("forward-to"))) {
        o->forwardTo = QUrl(parser.value(QStringLiteral("forward-to")), QUrl::StrictMode);
        if (!o->forwardTo.isValid() || !o->forwardTo.scheme().startsWith(QLatin1String("http"))) {
            *error = QStringLiteral("--forward-to needs an http:// or https:// URL");
            return false;
        }
    }
    if (parser.isSet(QStringLiteral("forward-mode"))) {
        if (!o->forwardTo.isValid()) {
            *error = QStringLiteral("--forward-mode is used with --forward-to");
            return false;
        }
        if (!Forwarder::modeFromName(parser.value(QStringLiteral("forward-mode")), &o->forwardMode)) {
            *error = QStringLiteral("--forward-mode is rule or proxy, not '%1'")
                         .arg(parser.value(QStringLiteral("forward-mode")));
            return false;
        }
    }
    ListenerTls &tls = o->config.tls;
    tls.enabled = parser.isSet(QStringLiteral("tls"));
    tls.certificateFile = parser.value(QStringLiteral("tls-cert"));
    tls.keyFile = parser.value(QStringLiteral("tls-key"));
    tls.extraNames = parser.values(QStringLiteral("tls-name"));
    const bool ownPair = parser.isSet(QStringLiteral("tls-cert")) || parser.isSet(QStringLiteral("tls-key"));
    if ((ownPair || !tls.extraNames.isEmpty()) && !tls.enabled) {
        *error = QStringLiteral("--tls-cert, --tls-key and --tls-name are used with --tls");
        return false;
    }
    if (ownPair && (tls.certificateFile.isEmpty() || tls.keyFile.isEmpty())) {
        *error = QStringLiteral("give both --tls-cert and --tls-key");
        return false;
    }
    if (ownPair && !tls.extraNames.isEmpty()) {
        *error = QStringLiteral("--tls-name names Hookbench's own certificate; your --tls-cert has its names already");
        return false;
    }
    for (const QString &name : std::as_const(tls.extraNames)) {
        if (!LocalCa::isValidName(name)) {
            *error = QStringLiteral("--tls-name needs a host name or IP address, not '%1'").arg(name);
            return false;
        }
    }

    if (parser.isSet(QStringLiteral("store")) && parser.isSet(QStringLiteral("no-store"))) {
        *error = QStringLiteral("give --store or --no-store, not both");
        return false;
    }
    if (!parser.isSet(QStringLiteral("no-store")))
        o->storeFile = CliParse::storeFile(parser);
    o->outputFile = parser.value(QStringLiteral("output"));
    return CliParse::integer(parser, QStringLiteral("count"), 1, qint64(1) << 40, &o->count, error);
}

QString displayUrl(const QString &address, quint16 port, bool tls)
{
    const bool v6 = address.contains(QLatin1Char(':'));
    return QStringLiteral("%1://%2:%3/")
        .arg(tls ? QLatin1StringView("https") : QLatin1StringView("http"),
             v6 ? QLatin1Char('[') + address + QLatin1Char(']') : address)
        .arg(port);
}

int runListen(const QCommandLineParser &parser)
{
    ListenOptions options;
    QString error;
    if (!readOptions(parser, &options, &error))
        return CliIo::usageError(kName, error);

    std::unique_ptr<QFile> output;
    if (!options.outputFile.isEmpty()) {
        output = std::make_unique<QFile>(options.outputFile);
        if (!output->open(QIODevice::WriteOnly | QIODevice::Append)) {
            CliIo::err(
                QStringLiteral("hookbench listen: cannot write %1: %2").arg(options.outputFile, output->errorString()));
            return ExitUsage;
        }
    }

    // The listener and, unless --no-store, the capture store it writes into; AppServices
    // stops the one before it closes the other.
    AppServices::Options serviceOptions;
    serviceOptions.captureStore = !options.storeFile.isEmpty();
    serviceOptions.captureStoreFile = options.storeFile;
    serviceOptions.history = false;
    serviceOptions.sender = options.forwardTo.isValid(); // and with it the forwarder
    serviceOptions.collections = false;
    QString lastProblem; // the store's last complaint, and when it was said
    QElapsedTimer lastProblemAt;
    AppServices services(serviceOptions);
    if (CaptureStore *store = services.captureStore()) {
        QString notice;
        if (!services.openCaptureStore(&error, &notice)) {
            CliIo::err(QStringLiteral("hookbench listen: %1").arg(error));
            return ExitUsage;
        }
        if (!notice.isEmpty())
            CliIo::err(QStringLiteral("hookbench listen: warning: %1").arg(notice));
        // While a database is away every batch fails alike: said once, then every few seconds.
        QObject::connect(store, &CaptureStore::commitFailed, store, [&](const QString &why) {
            if (why == lastProblem && lastProblemAt.isValid() && lastProblemAt.elapsed() < kRepeatProblemMs)
                return;
            lastProblem = why;
            lastProblemAt.start();
            CliIo::err(QStringLiteral("hookbench listen: could not store captures: %1").arg(why));
        });
    }

    Listener &listener = *services.listener();
    Forwarder *forwarder = services.forwarder();
    if (forwarder)
        forwarder->setTarget(options.forwardTo, options.forwardMode);
    int exitCode = ExitOk;
    qint64 seen = 0;
    bool finishing = false;

    auto finish = [&](int code) {
        if (finishing)
            return;
        finishing = true;
        exitCode = code;
        listener.stop();
        // Forwards still in flight end as cancelled, and their captures are printed so.
        if (forwarder)
            forwarder->cancelAll();
        // Queued, not at once: captures the listener handed over before this (answered
        // requests) are still in the queue, and are printed first.
        QMetaObject::invokeMethod(
            &listener, [code] { QCoreApplication::exit(code); }, Qt::QueuedConnection);
    };
    SignalWatcher signalWatcher([&] { finish(ExitOk); });

    QObject::connect(&listener, &Listener::started, &listener, [&](const QString &address, quint16 port) {
        CliIo::err(QStringLiteral("Listening on %1").arg(displayUrl(address, port, listener.isTls())));
        if (!listener.caCertificateFile().isEmpty())
            CliIo::err(QStringLiteral("CA certificate: %1").arg(listener.caCertificateFile()));
        if (Listener::isExposed(QHostAddress(address)))
            CliIo::err(QStringLiteral("Warning: bound to %1, so this listener is reachable from other machines on "
                                      "the network.")
                           .arg(address));
    });
    QObject::connect(&listener, &Listener::startFailed, &listener, [&](const QString &why) {
        CliIo::err(QStringLiteral("hookbench listen: %1").arg(why));
        finish(ExitUsage);
    });
    // One buffer for every batch: at 64 KB a capture's line is ~150 KB, and a fresh buffer
    // each time cost page faults and copies that made this thread the bottleneck.
    QByteArray lines;
    const auto print = [&](const QList<Capture> &captures) {
        // A batch is written in one piece (one write per commit, not per capture), at once.
        lines.resize(0); // keeps the capacity
        for (const Capture &capture : captures) {
            if (options.count > 0 && seen >= options.count)
                break; // --count: not one line more
            CaptureJson::appendJsonLine(lines, capture);
            if (options.count > 0 && ++seen >= options.count)
                finish(ExitOk);
        }
        if (lines.isEmpty())
            return;
        if (output) {
            output->write(lines);
            output->flush();
        } else {
            CliIo::outLines(lines);
        }
        if (lines.capacity() > kMaxKeptBuffer)
            lines = QByteArray(); // one huge batch does not pin its memory for the whole run
    };
    QObject::connect(&listener, &Listener::captured, &listener, [&](const QList<Capture> &captures) {
        if (!forwarder)
            return print(captures);
        // A forwarded capture is printed once its outcome is known, with its `forward` object.
        QList<Capture> now;
        for (const Capture &capture : captures) {
            if (!capture.isAccepted())
                now.append(capture);
        }
        print(now);
    });
    if (forwarder) {
        QObject::connect(
            forwarder, &Forwarder::forwarded, &listener, [&](const Capture &capture, const ForwardOutcome &outcome) {
                const CaptureForward &f = outcome.forward;
                if (f.answered())
                    CliIo::err(QStringLiteral("forwarded %1 to %2: %3 in %4 ms")
                                   .arg(capture.id, f.url)
                                   .arg(f.status)
                                   .arg(f.ms));
                else
                    CliIo::err(QStringLiteral("forward %1 to %2 failed: %3").arg(capture.id, f.url, f.error));
                print({capture});
            });
    }

    listener.start(options.config);
    const int code = QCoreApplication::exec();
    return finishing ? exitCode : code;
}
} // namespace

CliCommand listenCommand()
{
    CliCommand command;
    command.name = kName;
    command.synopsis = QStringLiteral(
        "listen [--bind ADDR] [--port N] [--status CODE] [--response-header \"Name: value\"]... "
        "[--response-body TEXT | --response-body-file FILE] [--delay-ms N] [--max-body-bytes N] "
        "[--verify SCHEME --secret SECRET [--tolerance-s N]] [--forward-to URL [--forward-mode rule|proxy]] "
        "[--tls [--tls-cert FILE --tls-key FILE | --tls-name NAME...]] "
        "[--store FILE|URL | --no-store] [--output FILE] [--count N]");
    command.description = QStringLiteral("Run a local listener and print every request it captures as JSON Lines.");
    command.declareOptions = [](QCommandLineParser &parser) {
        parser.addOptions({
            {QStringLiteral("bind"), QStringLiteral("Address to bind (default 127.0.0.1)."), QStringLiteral("ADDR")},
            {QStringLiteral("port"), QStringLiteral("Port to bind (default 8765; 0 picks a free one)."),
             QStringLiteral("N")},
            {QStringLiteral("status"),
             QStringLiteral("Status of every answer (default 200); a list such as 500,500,200 "
                            "is answered in turn, the last one repeating."),
             QStringLiteral("CODE")},
            {QStringLiteral("response-header"), QStringLiteral("Header added to every answer; repeatable."),
             QStringLiteral("Name: value")},
            {QStringLiteral("response-body"), QStringLiteral("Body of every answer."), QStringLiteral("TEXT")},
            {QStringLiteral("response-body-file"), QStringLiteral("Body of every answer, read from FILE."),
             QStringLiteral("FILE")},
            {QStringLiteral("delay-ms"), QStringLiteral("Wait N ms before answering."), QStringLiteral("N")},
            {QStringLiteral("max-body-bytes"),
             QStringLiteral("Largest body accepted (default 32 MiB); larger is answered 413."), QStringLiteral("N")},
            {QStringLiteral("verify"), QStringLiteral("Verify signatures with SCHEME."), QStringLiteral("SCHEME")},
            {QStringLiteral("secret"), QStringLiteral("Secret for --verify."), QStringLiteral("SECRET")},
            {QStringLiteral("tolerance-s"), QStringLiteral("Timestamp tolerance for --verify (default 300)."),
             QStringLiteral("N")},
            {QStringLiteral("forward-to"),
             QStringLiteral("Also forward each accepted request to URL (method, headers but the hop-by-hop ones, "
                            "exact body); each capture is printed once the outcome is known, with a \"forward\" "
                            "object {url, status, error, ms}."),
             QStringLiteral("URL")},
            {QStringLiteral("forward-mode"),
             QStringLiteral("rule (default): the sender gets the listener's answer at once; proxy: the sender gets "
                            "the target's answer (502 when the target gives none)."),
             QStringLiteral("MODE")},
            {QStringLiteral("tls"),
             QStringLiteral("Speak HTTPS, with a certificate from Hookbench's own local CA (made on first use in "
                            "the data folder; its path is printed) unless --tls-cert/--tls-key give yours.")},
            {QStringLiteral("tls-cert"), QStringLiteral("PEM certificate chain (leaf first) for --tls."),
             QStringLiteral("FILE")},
            {QStringLiteral("tls-key"), QStringLiteral("PEM private key (unencrypted) of --tls-cert."),
             QStringLiteral("FILE")},
            {QStringLiteral("tls-name"),
             QStringLiteral("Another host name or IP address for Hookbench's certificate, besides localhost, "
                            "127.0.0.1 and ::1; repeatable."),
             QStringLiteral("NAME")},
            CliParse::storeOption(),
            {QStringLiteral("no-store"), QStringLiteral("Keep nothing on disk.")},
            {QStringLiteral("output"), QStringLiteral("Append JSON Lines to FILE instead of stdout."),
             QStringLiteral("FILE")},
            {QStringLiteral("count"), QStringLiteral("Exit 0 after N captures."), QStringLiteral("N")},
        });
        addSigningOptions(parser);
    };
    command.run = runListen;
    return command;
}
