#include "core/listener/listenerserver.h"

#include <QSslSocket>

#include <unistd.h>

ListenerServer::ListenerServer(std::optional<QSslConfiguration> tls, QObject *parent)
    : QTcpServer(parent)
    , m_tls(std::move(tls))
{ }

void ListenerServer::incomingConnection(qintptr descriptor)
{
    if (!m_tls) {
        QTcpServer::incomingConnection(descriptor);
        return;
    }
    auto *socket = new QSslSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        ::close(int(descriptor));
        return;
    }
    socket->setSslConfiguration(*m_tls);
    addPendingConnection(socket);
}
