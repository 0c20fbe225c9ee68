#include "core/send/httpconnectionpool.h"

HttpConnectionPool::HttpConnectionPool(QObject *parent)
    : QObject(parent)
{ }

HttpConnectionPool::~HttpConnectionPool()
{
    for (const Host &host : std::as_const(m_hosts)) {
        for (HttpClientConnection *connection : host.connections) {
            connection->disconnect(this);
            delete connection;
        }
    }
}

QString HttpConnectionPool::keyFor(const QString &host, int port)
{
    return host.toLower() + QLatin1Char(':') + QString::number(port);
}

void HttpConnectionPool::send(quint64 id, const HttpClientRequest &request)
{
    const QString key = keyFor(request.url.host(), request.url.port(80));
    m_hosts[key].queue.append({id, request});
    dispatch(key);
}

void HttpConnectionPool::abort(quint64 id)
{
    if (HttpClientConnection *connection = m_active.take(id)) {
        connection->abort();
        const QString key = keyFor(connection->host(), connection->port());
        remove(connection);
        dispatch(key);
        return;
    }
    for (Host &host : m_hosts) {
        for (qsizetype i = 0; i < host.queue.size(); ++i) {
            if (host.queue.at(i).id == id) {
                host.queue.removeAt(i);
                return;
            }
        }
    }
}

int HttpConnectionPool::connectionCount() const
{
    int count = 0;
    for (const Host &host : m_hosts)
        count += int(host.connections.size());
    return count;
}

int HttpConnectionPool::queuedCount() const
{
    int count = 0;
    for (const Host &host : m_hosts)
        count += int(host.queue.size());
    return count;
}

void HttpConnectionPool::remove(HttpClientConnection *connection)
{
    for (Host &host : m_hosts) {
        if (host.connections.removeOne(connection)) {
            connection->disconnect(this);
            connection->deleteLater();
            return;
        }
    }
}

void HttpConnectionPool::dispatch(const QString &key)
{
    const auto it = m_hosts.find(key);
    if (it == m_hosts.end())
        return;
    Host &host = *it;
    while (!host.queue.isEmpty()) {
        HttpClientConnection *free = nullptr;
        // The most recently used idle connection first: it is the least likely to have timed out.
        for (qsizetype i = host.connections.size() - 1; i >= 0; --i) {
            if (host.connections.at(i)->isReusable()) {
                free = host.connections.at(i);
                break;
            }
        }
        if (!free) {
            if (host.connections.size() >= MaxConnectionsPerHost)
                return;
            const QUrl &url = host.queue.first().request.url;
            free = new HttpClientConnection(url.host(), quint16(url.port(80)), this);
            connect(free, &HttpClientConnection::firstByteReceived, this, &HttpConnectionPool::firstByteReceived);
            connect(free, &HttpClientConnection::exchangeFinished, this,
                    [this, free, key](quint64 id, const HttpClientResult &result) {
                        m_active.remove(id);
                        if (!free->isReusable())
                            remove(free);
                        Q_EMIT finished(id, result);
                        dispatch(key);
                    });
            connect(free, &HttpClientConnection::closed, this, [this, free, key] {
                if (!free->isBusy()) {
                    remove(free);
                    dispatch(key);
                }
            });
            host.connections.append(free);
        }
        Queued next = host.queue.takeFirst();
        m_active.insert(next.id, free);
        free->start(next.id, next.request);
    }
}
