#pragma once

#include "core/app/appservices.h"
#include "core/capture/capturemodel.h"
#include "core/http/headerlist.h"
#include "core/listener/listener.h"
#include "gui/receive/listenerpanel.h"
#include "gui/receive/receivearea.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTest>

#include <memory>

// One store file, the application's services on it, one Receive area: what main() and
// the main window build, with the files in a temporary folder. The area goes before the
// services, as in the app.
struct Receive {
    std::unique_ptr<AppServices> services;
    std::unique_ptr<ReceiveArea> area;

    explicit Receive(const QString &file, bool forwarding = false)
    {
        AppServices::Options options;
        options.collections = false;
        options.captureStoreFile = file;
        options.history = false;
        options.sender = forwarding; // and with it the forwarder
        services = std::make_unique<AppServices>(options);
        QString error;
        if (!services->openCaptureStore(&error))
            qFatal("cannot open the capture store: %s", qPrintable(error));
        area = std::make_unique<ReceiveArea>(services->captureStore(), services->listener());
        if (forwarding)
            area->setForwarder(services->forwarder());
        area->resize(1100, 800);
        area->show();
    }
    ~Receive()
    {
        area.reset();
        services.reset();
    }

    CaptureStore *store() const { return services->captureStore(); }
    template <typename T> T *child(const char *name) const { return area->findChild<T *>(QLatin1String(name)); }
    QTableView *table() const { return area->table(); }
    int rows() const { return area->filterModel()->rowCount(); }
    QString cell(int row, int column) const { return area->filterModel()->index(row, column).data().toString(); }
    quint16 port() const { return area->listenerPanel()->listener()->port(); }
    QUrl url(const QString &pathAndQuery) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port()).arg(pathAndQuery));
    }
    // Starts the listener from its panel on a free port, as a user would (port 0).
    bool startOnAnyPort() const
    {
        if (!QTest::qWaitFor([this] { return !area->isLoading(); }, 10000))
            return false;
        child<QSpinBox>("portSpin")->setValue(0);
        QTest::mouseClick(child<QPushButton>("startStopButton"), Qt::LeftButton);
        return QTest::qWaitFor([this] { return area->listenerPanel()->state() == ListenerPanel::State::Listening; },
                               10000)
            && port() != 0;
    }
};

// Sends one request through Qt's client and waits for the answer: its status, or -1.
inline int sendRequest(QNetworkAccessManager &network, const QUrl &url, const QByteArray &method,
                       const QByteArray &body = {}, const HeaderList &headers = {})
{
    QNetworkRequest request(url);
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    std::unique_ptr<QNetworkReply> reply(network.sendCustomRequest(request, method, body));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!finished.wait(10000))
        return -1;
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}
