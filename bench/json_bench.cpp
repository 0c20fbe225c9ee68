// json_bench: validating and pretty-printing a large JSON document with
// JsonTools against QJsonDocument alone (fromJson + toJson(Indented)).
//
//   json_bench [--size-mb N] [--iterations N] [--pretty-input] [FILE]
//
// Without FILE it generates a deterministic document of webhook-like events
// (nested objects, escaped and non-ASCII strings, integers, decimals, literals).
// Each measurement is the median of the iterations. Goal: JsonTools within 1.5x.

#include "core/json/jsontools.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QTextStream>

#include <algorithm>
#include <functional>
#include <vector>

namespace {

QByteArray generateDocument(qsizetype targetBytes)
{
    QByteArray doc;
    doc.reserve(targetBytes + 4096);
    doc += '[';
    quint32 seed = 12345;
    auto next = [&seed] { return seed = seed * 1664525u + 1013904223u; };
    for (int i = 0; doc.size() < targetBytes; ++i) {
        if (i)
            doc += ',';
        const quint32 r = next();
        doc += R"({"id":"evt_)" + QByteArray::number(r, 16)
            + R"(","object":"event","api_version":"2024-06-20",)"
              R"("created":)"
            + QByteArray::number(1700000000 + i) + R"(,"livemode":false,"pending_webhooks":)"
            + QByteArray::number(r % 5)
            + R"(,"type":"payment_intent.succeeded","data":{"object":{)"
              R"("id":"pi_)"
            + QByteArray::number(next(), 36) + R"(","amount":)" + QByteArray::number(r % 100000)
            + R"(,"amount_decimal":")" + QByteArray::number(r % 100000)
            + R"(.00","fee_rate":0.029,)"
              R"("currency":"eur","customer":null,"description":"Caf\u00e9 order #)"
            + QByteArray::number(i) + R"( \"express\"","metadata":{"order_id":")" + QByteArray::number(r % 9973)
            + R"(","note":"Zoë's 🎉 gift\nline two"},"payment_method_types":["card","sepa_debit"],)"
              R"("charges":{"data":[{"paid":true,"refunded":false,"outcome":{"risk_score":)"
            + QByteArray::number(r % 100)
            + R"(,"seller_message":"Payment complete."}}],"has_more":false},)"
              R"("exponent":1.5e-3,"negative":-42}}})";
    }
    doc += ']';
    return doc;
}

struct Measurement {
    QString name;
    double medianMs = 0;
    qsizetype outputBytes = 0;
};

Measurement measure(const QString &name, int iterations, const std::function<qsizetype()> &work)
{
    std::vector<double> times;
    qsizetype bytes = 0;
    work(); // warm-up: page in the input, size the allocator
    for (int i = 0; i < iterations; ++i) {
        QElapsedTimer timer;
        timer.start();
        bytes = work();
        times.push_back(timer.nsecsElapsed() / 1e6);
    }
    std::sort(times.begin(), times.end());
    return {name, times[times.size() / 2], bytes};
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("JsonTools vs QJsonDocument on a large document."));
    parser.addHelpOption();
    parser.addOptions({
        {QStringLiteral("size-mb"), QStringLiteral("Size of the generated document (default 10)."), QStringLiteral("N"),
         QStringLiteral("10")},
        {QStringLiteral("iterations"), QStringLiteral("Timed runs per measurement (default 7)."), QStringLiteral("N"),
         QStringLiteral("7")},
        {QStringLiteral("pretty-input"), QStringLiteral("Feed an indented document instead of a compact one.")},
    });
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("A JSON file to use instead."));
    parser.process(app);

    QTextStream out(stdout);
    QByteArray doc;
    if (!parser.positionalArguments().isEmpty()) {
        QFile file(parser.positionalArguments().constFirst());
        if (!file.open(QIODevice::ReadOnly)) {
            QTextStream(stderr) << "json_bench: cannot read " << file.fileName() << ": " << file.errorString() << '\n';
            return 2;
        }
        doc = file.readAll();
    } else {
        doc = generateDocument(qsizetype(parser.value(QStringLiteral("size-mb")).toDouble() * 1024 * 1024));
    }
    if (parser.isSet(QStringLiteral("pretty-input")))
        doc = JsonTools::format(doc);
    const int iterations = qMax(1, parser.value(QStringLiteral("iterations")).toInt());

    if (const JsonError error = JsonTools::validate(doc); error.isError()) {
        QTextStream(stderr) << "json_bench: input is not valid JSON: " << error.toString() << '\n';
        return 2;
    }

    const Measurement validate = measure(QStringLiteral("JsonTools::validate"), iterations,
                                         [&] { return JsonTools::validate(doc).isError() ? 0 : doc.size(); });
    const Measurement qtParse = measure(QStringLiteral("QJsonDocument::fromJson"), iterations, [&] {
        QJsonParseError error;
        return QJsonDocument::fromJson(doc, &error).isNull() ? 0 : doc.size();
    });
    // The editor's Format action: one pass that validates and re-indents.
    const Measurement format = measure(QStringLiteral("JsonTools::format"), iterations,
                                       [&] { return JsonTools::format(doc, 2).size(); });
    // Validation first (as the live validator does), then format: the worst case.
    const Measurement validateFormat = measure(QStringLiteral("JsonTools::validate + format"), iterations, [&] {
        if (JsonTools::validate(doc).isError())
            return qsizetype(0);
        return JsonTools::format(doc, 2).size();
    });
    const Measurement qtRoundTrip = measure(
        QStringLiteral("QJsonDocument fromJson + toJson(Indented)"), iterations,
        [&] { return QJsonDocument::fromJson(doc).toJson(QJsonDocument::Indented).size(); });
    const Measurement minify = measure(QStringLiteral("JsonTools::minify"), iterations,
                                       [&] { return JsonTools::minify(doc).size(); });
    const Measurement qtCompact = measure(QStringLiteral("QJsonDocument fromJson + toJson(Compact)"), iterations, [&] {
        return QJsonDocument::fromJson(doc).toJson(QJsonDocument::Compact).size();
    });

    const double mb = doc.size() / (1024.0 * 1024.0);
    out << QStringLiteral("Input: %1 MB (%2 bytes), median of %3 runs\n\n")
               .arg(mb, 0, 'f', 2)
               .arg(doc.size())
               .arg(iterations);
    for (const Measurement &m : {validate, qtParse, format, validateFormat, qtRoundTrip, minify, qtCompact}) {
        out << QStringLiteral("  %1 %2 ms  %3 MB/s  output %4 bytes\n")
                   .arg(m.name, -44)
                   .arg(m.medianMs, 8, 'f', 1)
                   .arg(mb / (m.medianMs / 1000.0), 7, 'f', 1)
                   .arg(m.outputBytes);
    }
    const double ratioFormat = format.medianMs / qtRoundTrip.medianMs;
    const double ratioBoth = validateFormat.medianMs / qtRoundTrip.medianMs;
    out << QStringLiteral("\nRatio (JsonTools / QJsonDocument, lower is faster):\n"
                          "  validate vs fromJson:                         %1x\n"
                          "  format (validating) vs fromJson+toJson:       %2x\n"
                          "  validate + format vs fromJson+toJson:         %3x\n"
                          "  minify vs fromJson+toJson(Compact):           %4x\n"
                          "Goal: validate + format within 1.5x of QJsonDocument: %5\n")
               .arg(validate.medianMs / qtParse.medianMs, 0, 'f', 2)
               .arg(ratioFormat, 0, 'f', 2)
               .arg(ratioBoth, 0, 'f', 2)
               .arg(minify.medianMs / qtCompact.medianMs, 0, 'f', 2)
               .arg(ratioBoth <= 1.5 ? QStringLiteral("met") : QStringLiteral("NOT met"));
    return 0;
}
