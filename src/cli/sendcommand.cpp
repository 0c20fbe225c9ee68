#include "cli/clicommand.h"
#include "cli/cliio.h"
#include "cli/signingcli.h"
#include "core/app/appservices.h"
#include "core/json/jsonwriter.h"
#include "core/json/utf8.h"
#include "core/send/historystore.h"
#include "core/send/requesttemplate.h"
#include "core/send/sendrunner.h"

#include <QEventLoop>
#include <QFile>

namespace {

const QString kCommand = QStringLiteral("send");

enum class OutputFormat { Text, Json };

// Header bytes are Latin-1 on the wire (RFC 9110 §5.5); JSON wants UTF-8.
void appendHeaders(QByteArray &out, const HeaderList &headers)
{
    out += '[';
    for (qsizetype i = 0; i < headers.size(); ++i) {
        if (i)
            out += ", ";
        out += '[';
        JsonWriter::appendEscaped(out, QString::fromLatin1(headers.at(i).first).toUtf8());
        out += ", ";
        JsonWriter::appendEscaped(out, QString::fromLatin1(headers.at(i).second).toUtf8());
        out += ']';
    }
    out += ']';
}

QByteArray number(double value)
{
    return QByteArray::number(value, 'f', 3);
}

// One JSON object per request, keys in a fixed, readable order (DESIGN.md: camelCase,
// body as base64 plus text when valid UTF-8, headers as ordered [name, value] pairs).
QByteArray recordToJson(const SendRecord &record)
{
    const SendResult &r = record.result;
    QByteArray out;
    out.reserve(256 + r.body.size() * 2);
    out += "{\"index\": " + QByteArray::number(record.index);
    out += ", \"url\": ";
    JsonWriter::appendEscaped(out, record.request.url.toString(QUrl::FullyEncoded).toUtf8());
    out += ", \"method\": ";
    JsonWriter::appendEscaped(out, record.request.method);
    out += ", \"status\": " + (r.hasResponse() ? QByteArray::number(r.status) : QByteArrayLiteral("null"));
    out += ", \"reason\": ";
    JsonWriter::appendEscaped(out, QString::fromLatin1(r.reason).toUtf8());
    out += ", \"headers\": ";
    appendHeaders(out, r.headers);
    out += ", \"bodySize\": " + QByteArray::number(r.body.size());
    out += ", \"bodyBase64\": ";
    JsonWriter::appendEscaped(out, r.body.toBase64());
    if (Utf8::isValid(r.body)) {
        out += ", \"bodyText\": ";
        JsonWriter::appendEscaped(out, r.body);
    }
    out += ", \"timings\": {\"totalMs\": " + number(r.totalMs)
        + ", \"firstByteMs\": " + (r.firstByteMs >= 0 ? number(r.firstByteMs) : QByteArrayLiteral("null")) + '}';
    out += ", \"attempts\": " + QByteArray::number(record.attempts);
    out += ", \"error\": ";
    if (r.hasResponse())
        out += "null";
    else
        JsonWriter::appendEscaped(out, r.errorText.toUtf8());
    out += ", \"errorKind\": ";
    JsonWriter::appendEscaped(out, SendResult::errorName(r.error).toUtf8());
    out += ", \"sentAt\": ";
    JsonWriter::appendEscaped(out, r.startedAt.toString(Qt::ISODateWithMs).toUtf8());
    out += ", \"requestHeaders\": ";
    appendHeaders(out, r.requestHeaders);
    out += ", \"requestBodySize\": " + QByteArray::number(record.request.body.size());
    out += '}';
    return out;
}

void printText(const SendRecord &record)
{
    const SendResult &r = record.result;
    if (!r.hasResponse()) {
        CliIo::err(
            QStringLiteral("hookbench send: %1 (%2 %3)")
                .arg(r.errorText, QString::fromLatin1(record.request.method), record.request.url.toDisplayString()));
        return;
    }
    QByteArray head = r.http2 ? QByteArrayLiteral("HTTP/2 ") : QByteArrayLiteral("HTTP/1.1 ");
    head += QByteArray::number(r.status);
    if (!r.reason.isEmpty())
        head += ' ' + r.reason;
    CliIo::out(head);
    for (const auto &[name, value] : r.headers)
        CliIo::out(name + ": " + value);
    CliIo::out({});
    if (!r.body.isEmpty()) {
        if (Utf8::isValid(r.body))
            CliIo::out(r.body);
        else
            CliIo::out("[" + QByteArray::number(r.body.size()) + " bytes of binary data; --output json shows them]");
    }
    QString timing
        = QStringLiteral("%1 %2 in %3 ms").arg(r.status).arg(QString::fromLatin1(r.reason)).arg(r.totalMs, 0, 'f', 1);
    if (r.firstByteMs >= 0)
        timing += QStringLiteral(" (first byte %1 ms)").arg(r.firstByteMs, 0, 'f', 1);
    timing += QStringLiteral(", %1 bytes").arg(r.body.size());
    if (record.attempts > 1)
        timing += QStringLiteral(", %1 attempts").arg(record.attempts);
    CliIo::err(timing);
}

bool parseCount(const QCommandLineParser &parser, const QString &name, int minimum, int *value, QString *error)
{
    if (!parser.isSet(name))
        return true;
    bool ok = false;
    const int parsed = parser.value(name).toInt(&ok);
    if (!ok || parsed < minimum) {
        *error = QStringLiteral("--%1 must be a whole number of at least %2, not '%3'")
                     .arg(name)
                     .arg(minimum)
                     .arg(parser.value(name));
        return false;
    }
    *value = parsed;
    return true;
}

bool readFile(const QString &path, QByteArray *data, QString *error)
{
    QFile file;
    const bool opened = path == QLatin1String("-") ? file.open(stdin, QIODevice::ReadOnly)
                                                   : (file.setFileName(path), file.open(QIODevice::ReadOnly));
    if (!opened) {
        *error = QStringLiteral("cannot read %1: %2")
                     .arg(path == QLatin1String("-") ? QStringLiteral("stdin") : path, file.errorString());
        return false;
    }
    *data = file.readAll();
    return true;
}

int send(const QCommandLineParser &parser)
{
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1)
        return CliIo::usageError(kCommand,
                                 positional.isEmpty() ? QStringLiteral("a URL is required")
                                                      : QStringLiteral("give exactly one URL"));
    RequestTemplate request;
    request.url = positional.first();
    if (parser.isSet(QStringLiteral("request")))
        request.method = parser.value(QStringLiteral("request")).toUtf8();

    for (const QString &header : parser.values(QStringLiteral("header"))) {
        const qsizetype colon = header.indexOf(QLatin1Char(':'));
        if (colon <= 0)
            return CliIo::usageError(kCommand, QStringLiteral("-H wants \"Name: value\", not '%1'").arg(header));
        request.headers.append({header.left(colon).trimmed().toUtf8(), header.mid(colon + 1).trimmed().toUtf8()});
    }

    QString error;
    const QStringList data = parser.values(QStringLiteral("data"));
    if (data.size() > 1)
        return CliIo::usageError(kCommand, QStringLiteral("give -d once"));
    if (!data.isEmpty()) {
        const QString &text = data.first();
        if (text.startsWith(QLatin1Char('@'))) {
            if (!readFile(text.mid(1), &request.body, &error))
                return CliIo::usageError(kCommand, QStringLiteral("-d %1: %2").arg(text, error));
        } else {
            request.body = text.toUtf8();
        }
    }
    // JSON unless a Content-Type says otherwise (DESIGN.md).
    request.bodyKind = RequestTemplate::bodyKindFor(request.headers);

    TemplateEngine engine;
    if (parser.isSet(QStringLiteral("env"))) {
        const QString path = parser.value(QStringLiteral("env"));
        QByteArray json;
        TemplateVariables variables;
        if (!readFile(path, &json, &error) || !TemplateEngine::variablesFromJson(json, &variables, &error))
            return CliIo::usageError(kCommand, QStringLiteral("--env %1: %2").arg(path, error));
        engine.setVariables(variables);
    }

    int timeoutMs = request.options.timeoutMs;
    int repeat = 1;
    int concurrency = 1;
    int retries = 0;
    int maxRedirects = request.options.maxRedirects;
    if (!parseCount(parser, QStringLiteral("timeout-ms"), 0, &timeoutMs, &error)
        || !parseCount(parser, QStringLiteral("repeat"), 1, &repeat, &error)
        || !parseCount(parser, QStringLiteral("concurrency"), 1, &concurrency, &error)
        || !parseCount(parser, QStringLiteral("retries"), 0, &retries, &error)
        || !parseCount(parser, QStringLiteral("max-redirects"), 0, &maxRedirects, &error))
        return CliIo::usageError(kCommand, error);
    double rate = 0;
    if (parser.isSet(QStringLiteral("rate"))) {
        bool ok = false;
        rate = parser.value(QStringLiteral("rate")).toDouble(&ok);
        if (!ok || rate <= 0)
            return CliIo::usageError(kCommand,
                                     QStringLiteral("--rate must be a positive number of requests per second"));
    }
    request.options.timeoutMs = timeoutMs;
    request.options.ignoreTlsErrors = parser.isSet(QStringLiteral("insecure"));
    request.options.maxRedirects = maxRedirects;
    request.options.followRedirects = maxRedirects > 0;

    OutputFormat format = OutputFormat::Text;
    if (parser.isSet(QStringLiteral("output"))) {
        const QString value = parser.value(QStringLiteral("output"));
        if (value == QLatin1String("json"))
            format = OutputFormat::Json;
        else if (value != QLatin1String("text"))
            return CliIo::usageError(kCommand, QStringLiteral("--output must be text or json, not '%1'").arg(value));
    }

    if (parser.isSet(QStringLiteral("sign"))) {
        const QString known = SigningSchemes::names().join(QStringLiteral(", "));
        const QString name = parser.value(QStringLiteral("sign"));
        std::shared_ptr<const SigningScheme> scheme = SigningSchemes::create(name);
        if (!scheme)
            return CliIo::usageError(kCommand, QStringLiteral("unknown scheme '%1' (use %2)").arg(name, known));
        if (parser.value(QStringLiteral("secret")).isEmpty())
            return CliIo::usageError(kCommand, QStringLiteral("--sign needs --secret"));
        SigningOptions options;
        options.secret = parser.value(QStringLiteral("secret")).toUtf8();
        options.event = parser.value(QStringLiteral("event")).toUtf8();
        if (!signingOptionsFrom(parser, &options, &error))
            return CliIo::usageError(kCommand, error);
        if (const QString problem = scheme->optionsError(options); !problem.isEmpty())
            return CliIo::usageError(kCommand, problem);
        // Fresh id and timestamp per attempt: options leave them unset on purpose.
        request.signer = [scheme, options](const QByteArray &body) { return scheme->sign(body, options); };
    } else if (parser.isSet(QStringLiteral("secret"))) {
        return CliIo::usageError(kCommand, QStringLiteral("--secret is only used with --sign"));
    }

    if (parser.isSet(QStringLiteral("history")) && parser.isSet(QStringLiteral("no-history")))
        return CliIo::usageError(kCommand, QStringLiteral("--history and --no-history exclude each other"));

    RetryPolicy retry;
    retry.maxRetries = retries;

    // The sender and, unless --no-history, the history (--history FILE or the data folder's).
    AppServices::Options serviceOptions;
    serviceOptions.captureStore = false;
    serviceOptions.listener = false;
    serviceOptions.history = !parser.isSet(QStringLiteral("no-history"));
    serviceOptions.historyFile = parser.value(QStringLiteral("history"));
    serviceOptions.collections = false;
    AppServices services(serviceOptions);
    SendRunner runner(services.sender());
    runner.setRequest(request);
    runner.setEngine(engine);
    runner.setCount(repeat);
    runner.setConcurrency(concurrency);
    runner.setRateLimit(rate);
    runner.setRetryPolicy(retry);
    // Problems with the history file (damaged, newer, unwritable) reach stderr through the
    // hookbench.store logging category; they never change what the send itself reports.
    if (HistoryStore *history = services.history())
        runner.setHistoryStore(history);

    bool invalid = false;
    QObject::connect(&runner, &SendRunner::requestFinished, &runner, [&](const SendRecord &record) {
        invalid = invalid || record.result.error == SendError::InvalidRequest;
        if (format == OutputFormat::Json) {
            CliIo::out(recordToJson(record));
            if (!record.result.hasResponse())
                CliIo::err(QStringLiteral("hookbench send: %1").arg(record.result.errorText));
        } else if (repeat == 1) {
            printText(record);
        }
    });
    QEventLoop loop;
    SendSummary summary;
    QObject::connect(&runner, &SendRunner::finished, &loop, [&](const SendSummary &done) {
        summary = done;
        loop.quit();
    });
    // Templates are expanded and the body validated here, before anything is sent.
    if (!runner.start(&error)) {
        CliIo::err(QStringLiteral("hookbench send: %1").arg(error));
        return ExitUsage;
    }
    loop.exec();

    if (repeat > 1) {
        if (format == OutputFormat::Text)
            CliIo::out(summary.toText().toUtf8());
        else
            CliIo::err(summary.toText());
    }
    if (HistoryStore *history = services.history())
        history->waitForCommitted();

    if (invalid)
        return ExitUsage;
    if (summary.errors > 0 || summary.cancelled > 0)
        return ExitUnreachable;
    if (summary.failed > 0)
        return ExitFailure;
    return ExitOk;
}

} // namespace

CliCommand sendCommand()
{
    CliCommand command;
    command.name = QStringLiteral("send");
    command.synopsis = QStringLiteral("send URL [-X METHOD] [-H \"Name: value\"]... [-d TEXT | -d @FILE] [--env FILE] "
                                      "[--sign SCHEME --secret SECRET] [--timeout-ms N] [--insecure] [--repeat N] "
                                      "[--concurrency C] [--retries R] [--output text|json]");
    command.description = QStringLiteral(
        "Send a request (templates expanded, optionally signed) and print the answer.");
    command.declareOptions = [](QCommandLineParser &parser) {
        parser.addPositionalArgument(QStringLiteral("URL"), QStringLiteral("Where to send the request."));
        parser.addOptions({
            {{QStringLiteral("X"), QStringLiteral("request")},
             QStringLiteral("Method (default POST)."),
             QStringLiteral("METHOD")},
            {{QStringLiteral("H"), QStringLiteral("header")},
             QStringLiteral("Header; repeatable, order kept. A name given twice is sent once, its values joined "
                            "by \", \"."),
             QStringLiteral("Name: value")},
            {{QStringLiteral("d"), QStringLiteral("data")},
             QStringLiteral("Body text, or @FILE to read it (@- reads stdin). JSON unless a Content-Type "
                            "header says otherwise."),
             QStringLiteral("TEXT")},
            {QStringLiteral("env"), QStringLiteral("JSON object of template variables."), QStringLiteral("FILE")},
            {QStringLiteral("sign"),
             QStringLiteral("Sign with SCHEME: github, stripe, standard-webhooks, svix, slack, shopify or hmac."),
             QStringLiteral("SCHEME")},
            {QStringLiteral("secret"), QStringLiteral("Secret for --sign."), QStringLiteral("SECRET")},
            {QStringLiteral("event"),
             QStringLiteral("Event name for --sign: X-GitHub-Event (default ping), X-Shopify-Topic."),
             QStringLiteral("EVENT")},
            {QStringLiteral("timeout-ms"), QStringLiteral("Give up after N ms (default 30000; 0: never)."),
             QStringLiteral("N")},
            {QStringLiteral("insecure"), QStringLiteral("Ignore TLS certificate errors.")},
            {QStringLiteral("max-redirects"),
             QStringLiteral("Follow at most N redirects (default 10; 0: do not follow)."), QStringLiteral("N")},
            {QStringLiteral("repeat"), QStringLiteral("Send N times (default 1)."), QStringLiteral("N")},
            {QStringLiteral("concurrency"), QStringLiteral("At most C requests in flight (default 1)."),
             QStringLiteral("C")},
            {QStringLiteral("rate"), QStringLiteral("At most R attempts per second (default: no limit)."),
             QStringLiteral("R")},
            {QStringLiteral("retries"),
             QStringLiteral("Retry connection errors, 5xx and 429 up to R times, with backoff."), QStringLiteral("R")},
            {QStringLiteral("output"), QStringLiteral("text (default) or json (JSON Lines)."),
             QStringLiteral("FORMAT")},
            {QStringLiteral("history"),
             QStringLiteral("Record sends in this history file (default: the app's data folder)."),
             QStringLiteral("FILE")},
            {QStringLiteral("no-history"), QStringLiteral("Do not record sends in the history.")},
        });
        addSigningOptions(parser);
    };
    command.run = send;
    return command;
}
