#include "cli/clicommand.h"
#include "cli/cliio.h"
#include "cli/cliparse.h"
#include "cli/signingcli.h"
#include "core/app/appservices.h"
#include "core/capture/capturebackend.h"
#include "core/replay/replayrequest.h"
#include "core/send/sender.h"

#include <QCoreApplication>
#include <QUrl>

namespace {
const QString kName = QStringLiteral("replay");

int runReplay(const QCommandLineParser &parser)
{
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1)
        return CliIo::usageError(kName, QStringLiteral("give exactly one CAPTURE_ID"));
    const QUrl to(parser.value(QStringLiteral("to")), QUrl::StrictMode);
    if (!parser.isSet(QStringLiteral("to")) || !to.isValid() || !to.scheme().startsWith(QLatin1String("http")))
        return CliIo::usageError(kName, QStringLiteral("--to needs an http:// or https:// URL"));

    std::unique_ptr<SigningScheme> scheme;
    SigningOptions signing;
    if (parser.isSet(QStringLiteral("sign"))) {
        scheme = SigningSchemes::create(parser.value(QStringLiteral("sign")));
        if (!scheme)
            return CliIo::usageError(
                kName,
                QStringLiteral("unknown signing scheme '%1' (known: %2)")
                    .arg(parser.value(QStringLiteral("sign")), SigningSchemes::names().join(QStringLiteral(", "))));
        signing.secret = parser.value(QStringLiteral("secret")).toUtf8();
        QString error;
        if (!signingOptionsFrom(parser, &signing, &error))
            return CliIo::usageError(kName, error);
        if (const QString problem = scheme->optionsError(signing); !problem.isEmpty())
            return CliIo::usageError(kName, problem);
    } else if (parser.isSet(QStringLiteral("secret"))) {
        return CliIo::usageError(kName, QStringLiteral("--secret is used with --sign"));
    }

    const QString storeFile = CliParse::storeFile(parser);
    const std::unique_ptr<CaptureBackend> store = CaptureBackend::create(storeFile);
    CaptureBackend &database = *store;
    QString error;
    if (!database.openExisting(storeFile, &error)) {
        CliIo::err(QStringLiteral("hookbench replay: %1").arg(error));
        return ExitUsage;
    }
    const QString id = positional.constFirst();
    std::optional<Capture> capture = database.loadById(id);
    bool isSeq = false;
    const qint64 seq = id.toLongLong(&isSeq);
    if (!capture && isSeq)
        capture = database.load(seq);
    if (!capture) {
        CliIo::err(QStringLiteral("hookbench replay: no capture '%1' in %2").arg(id, database.displayName()));
        return ExitUsage;
    }
    if (!capture->isAccepted()) {
        CliIo::err(QStringLiteral("hookbench replay: capture %1 was rejected (%2); only accepted requests can be "
                                  "replayed")
                       .arg(id, capture->error));
        return ExitUsage;
    }

    ReplayRequest::Options replay; // a fresh signature replaces the old one
    replay.target = to;
    if (scheme) {
        replay.scheme = scheme->name();
        replay.signing = signing;
    }
    const OutgoingRequest request = ReplayRequest::build(*capture, replay);

    AppServices::Options serviceOptions; // the sender only: the capture was read above, read-only
    serviceOptions.captureStore = false;
    serviceOptions.listener = false;
    serviceOptions.history = false;
    serviceOptions.collections = false;
    AppServices services(serviceOptions);
    Sender &sender = *services.sender();
    int exitCode = ExitOk;
    QObject::connect(&sender, &Sender::finished, &sender, [&](quint64, const SendResult &result) {
        // Kept with the capture, as the window's replays are (its Deliveries tab shows them).
        ReplayDelivery delivery = ReplayRequest::delivery(*capture, replay, result);
        if (QString why; !database.recordDelivery(delivery, &why))
            CliIo::err(QStringLiteral("hookbench replay: the delivery was not recorded: %1").arg(why));
        if (!result.hasResponse()) {
            CliIo::err(QStringLiteral("hookbench replay: %1").arg(result.errorText));
            exitCode = ExitUnreachable;
        } else {
            CliIo::out(QByteArray("HTTP " + QByteArray::number(result.status) + ' ' + result.reason));
            CliIo::err(QStringLiteral("replayed %1 %2 to %3 in %4 ms")
                           .arg(QString::fromLatin1(capture->method), id, to.toString())
                           .arg(result.totalMs, 0, 'f', 1));
            exitCode = result.status >= 200 && result.status < 300 ? ExitOk : ExitFailure;
        }
        QCoreApplication::quit();
    });
    sender.send(request);
    QCoreApplication::exec();
    return exitCode;
}
} // namespace

CliCommand replayCommand()
{
    CliCommand command;
    command.name = kName;
    command.synopsis = QStringLiteral("replay CAPTURE_ID --to URL [--store FILE|URL] [--sign SCHEME --secret SECRET]");
    command.description = QStringLiteral("Send a stored capture again (method, headers, exact body) to another URL.");
    command.declareOptions = [](QCommandLineParser &parser) {
        parser.addPositionalArgument(QStringLiteral("CAPTURE_ID"),
                                     QStringLiteral("The capture's id (or its row number)."));
        parser.addOptions({
            {QStringLiteral("to"), QStringLiteral("Where to send it."), QStringLiteral("URL")},
            CliParse::storeOption(),
            {QStringLiteral("sign"),
             QStringLiteral("Re-sign with SCHEME (fresh id and timestamp); replaces the old signature headers."),
             QStringLiteral("SCHEME")},
            {QStringLiteral("secret"), QStringLiteral("Secret for --sign."), QStringLiteral("SECRET")},
        });
        addSigningOptions(parser);
    };
    command.run = runReplay;
    return command;
}
