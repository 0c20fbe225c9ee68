#pragma once

#include "core/send/httpclientconnection.h"

#include <QHash>
#include <QList>
#include <QObject>

// Keep-alive HTTP/1.1 connections per host:port for the Sender's own engine: at most
// six per host (as QNetworkAccessManager and browsers), requests beyond that wait in
// order for the first connection that becomes free. Lives in the thread that created it.
class HttpConnectionPool final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpConnectionPool)

public:
    static constexpr int MaxConnectionsPerHost = 6;

    explicit HttpConnectionPool(QObject *parent = nullptr);
    ~HttpConnectionPool() override; // drops everything in flight without signals

    // Sends `request` (its header list complete, see HttpClientConnection::wireHeaders) under
    // the caller's id, which must not be in flight. finished() follows asynchronously, once.
    void send(quint64 id, const HttpClientRequest &request);
    // Forgets the request without a signal: dequeued, or its connection closed.
    void abort(quint64 id);

    int connectionCount() const; // open or opening, all hosts
    int queuedCount() const;

Q_SIGNALS:
    void firstByteReceived(quint64 id);
    void finished(quint64 id, const HttpClientResult &result);

private:
    struct Queued {
        quint64 id = 0;
        HttpClientRequest request;
    };
    struct Host {
        QList<HttpClientConnection *> connections;
        QList<Queued> queue;
    };
    static QString keyFor(const QString &host, int port);
    void dispatch(const QString &key);
    void remove(HttpClientConnection *connection);

    QHash<QString, Host> m_hosts;
    QHash<quint64, HttpClientConnection *> m_active;
};
