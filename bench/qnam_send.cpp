// The "Qt floor" for bench/send_bench.sh: the least a QNetworkAccessManager program does to
// POST one body N times with C in flight, with the Sender's proxy factory (SenderProxyFactory:
// a buffered socket for plain http) so that Hookbench's own cost shows as the difference.
//
//   qnam_send URL BODY_FILE N C [--plain]
// --plain leaves QNAM's proxy alone (Qt 6.4: an unbuffered socket, the head read a byte at a
// time), to show what the factory buys. Prints "200:N" (status:count ...) like the Python client.
#include "core/send/senderproxyfactory.h"

#include <QCoreApplication>
#include <QFile>
#include <QMap>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

#include <cstdio>
#include <functional>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 5) {
        std::fprintf(stderr, "usage: qnam_send URL BODY_FILE N C [--plain]\n");
        return 2;
    }
    const QUrl url(args.at(1));
    QFile file(args.at(2));
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "qnam_send: cannot read %s\n", qPrintable(args.at(2)));
        return 2;
    }
    const QByteArray body = file.readAll();
    const int total = args.at(3).toInt();
    const int concurrency = args.at(4).toInt();

    QNetworkAccessManager manager;
    if (!args.contains(QStringLiteral("--plain"))) {
        auto *factory = new SenderProxyFactory;
        factory->setMode(ProxyMode::None);
        manager.setProxyFactory(factory);
    }
    QNetworkRequest request(url);
    request.setRawHeader("Content-Type", "application/json");

    int started = 0;
    int done = 0;
    QMap<int, int> statuses;
    std::function<void()> startOne = [&] {
        ++started;
        QNetworkReply *reply = manager.sendCustomRequest(request, "POST", body);
        QObject::connect(reply, &QNetworkReply::finished, &manager, [&, reply] {
            ++statuses[reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt()];
            reply->readAll();
            reply->deleteLater();
            if (++done == total)
                app.quit();
            else if (started < total)
                startOne();
        });
    };
    for (int i = 0; i < qMin(concurrency, total); ++i)
        startOne();
    app.exec();

    QStringList parts;
    for (auto it = statuses.cbegin(); it != statuses.cend(); ++it)
        parts << QStringLiteral("%1:%2").arg(it.key()).arg(it.value());
    std::printf("%s\n", qPrintable(parts.join(QLatin1Char(' '))));
    return 0;
}
