#pragma once

#include "core/capture/capturestore.h"
#include "core/listener/listener.h"

#include <QSignalSpy>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

// A running listener on 127.0.0.1:0 with a real store in a temporary folder, and
// a raw-socket client: what the listener tests share. With config.tls enabled the
// client speaks TLS to "localhost", trusting the listener's local CA.
class ListenerFixture
{
public:
    explicit ListenerFixture(ListenerConfig config = {}, bool withStore = true)
    {
        if (withStore) {
            store = std::make_unique<CaptureStore>();
            QString error;
            if (!store->open(dir.filePath(QStringLiteral("captures.sqlite")), &error))
                qFatal("store: %s", qPrintable(error));
        }
        listener = std::make_unique<Listener>(store.get());
        QObject::connect(listener.get(), &Listener::captured, listener.get(),
                         [this](const QList<Capture> &batch) { captures += batch; });
        config.address = QHostAddress(QHostAddress::LocalHost);
        config.port = 0;
        QSignalSpy started(listener.get(), &Listener::started);
        listener->start(config);
        if (!started.wait(5000))
            qFatal("listener did not start");
        port = listener->port();
    }

    // Sends `bytes` on a fresh connection and returns everything the listener sends
    // back until it closes the connection or `quietMs` pass without a byte.
    QByteArray exchange(const QByteArray &bytes, int quietMs = 1500) const
    {
        if (listener->isTls()) {
            QSslSocket socket;
            QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
            tls.setCaCertificates(QSslCertificate::fromPath(listener->caCertificateFile()));
            socket.setSslConfiguration(tls);
            socket.connectToHostEncrypted(QStringLiteral("localhost"), port);
            if (!socket.waitForEncrypted(5000))
                return "<no TLS connection: " + socket.errorString().toUtf8() + ">";
            socket.write(bytes);
            while (socket.bytesToWrite() > 0 && socket.waitForBytesWritten(5000)) { }
            return readAll(socket, quietMs);
        }
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port);
        if (!socket.waitForConnected(3000))
            return "<no connection>";
        socket.write(bytes);
        // All of it first: `quietMs` counts from the last byte sent, since reading a large body
        // takes the listener a while (a 32 MB one, more than a second on a busy machine).
        while (socket.bytesToWrite() > 0 && socket.waitForBytesWritten(5000)) { }
        return readAll(socket, quietMs);
    }

    static QByteArray readAll(QTcpSocket &socket, int quietMs)
    {
        QByteArray reply;
        while (socket.state() == QAbstractSocket::ConnectedState && socket.waitForReadyRead(quietMs))
            reply += socket.readAll();
        reply += socket.readAll();
        return reply;
    }

    static int statusOf(const QByteArray &reply)
    {
        // "HTTP/1.1 200 OK" → 200
        return reply.startsWith("HTTP/1.1 ") ? reply.mid(9, 3).toInt() : 0;
    }

    QTemporaryDir dir;
    std::unique_ptr<CaptureStore> store;
    std::unique_ptr<Listener> listener;
    quint16 port = 0;
    QList<Capture> captures;
};
