#pragma once

#include <QSslConfiguration>
#include <QTcpServer>

#include <optional>

// The listener's QTcpServer: with TLS it wraps each accepted descriptor in a QSslSocket
// that has not started its handshake, so the connection looks at the first bytes
// itself (plain HTTP is recorded, not lost in a handshake error) and runs the handshake
// under the listener's own timeouts (QSslServer in Qt 6.4 has none).
class ListenerServer final : public QTcpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ListenerServer)

public:
    ListenerServer(std::optional<QSslConfiguration> tls, QObject *parent);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    std::optional<QSslConfiguration> m_tls;
};
