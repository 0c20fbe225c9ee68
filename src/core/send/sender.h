#pragma once

#include "core/send/outgoingrequest.h"
#include "core/send/sendresult.h"

#include <QHash>
#include <QObject>

#include <memory>

class HttpConnectionPool;
struct HttpClientResult;
class QNetworkAccessManager;
class QNetworkReply;

// Puts requests on the wire asynchronously, each with its own deadline, over kept-alive
// connections (six per host as browsers do). Plain http:// without a proxy goes through
// Hookbench's own HTTP/1.1 engine (HttpConnectionPool: buffered reads, headers written as
// given); https://, proxies and redirects to either go through one QNetworkAccessManager.
// Lives in the thread that created it.
//
// What reaches the wire: the request's headers in order with their names as typed,
// then Content-Type (when absent and the body is not empty: application/json when
// the body is valid JSON, else application/octet-stream), User-Agent: Hookbench/<v>
// when absent. The engine adds Host, Content-Length and Connection when absent;
// Qt adds those and Accept-Encoding and Accept-Language. QNetworkRequest keeps one
// field per name, so (on both paths, for now: see kFoldDuplicateHeaders in sender.cpp)
// a name given twice is sent once with its values joined by ", " (RFC 9110 §5.3), in order.
class Sender final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Sender)

public:
    explicit Sender(QObject *parent = nullptr);
    ~Sender() override; // aborts what is still in flight, without emitting finished()

    // Starts sending and returns its id (never 0). finished() follows, always
    // asynchronously, exactly once per id.
    quint64 send(const OutgoingRequest &request);
    // finished() follows with SendError::Cancelled, unless it already came.
    void cancel(quint64 id);
    void cancelAll();
    int inFlightCount() const { return int(m_pending.size()); }

    // The header list send() hands to Qt for this request (see the class comment).
    static HeaderList headersToSend(const OutgoingRequest &request);
    // Whether a request to `url` goes through the HTTP/1.1 engine rather than Qt's: plain
    // http:// with no proxy for it (ProxyMode::None, or System with none configured).
    static bool usesHttpEngine(const QUrl &url, const SendOptions &options);

Q_SIGNALS:
    void finished(quint64 id, const SendResult &result);

private:
    struct Pending;
    void complete(quint64 id);
    void applyProxy(const SendOptions &options);
    void startEngine(quint64 id, const std::shared_ptr<Pending> &pending);
    void startNetworkAccess(quint64 id, const std::shared_ptr<Pending> &pending, const OutgoingRequest &request);
    void onEngineFinished(quint64 id, const HttpClientResult &answer);

    QNetworkAccessManager *m_manager = nullptr;
    HttpConnectionPool *m_pool = nullptr;
    // usesHttpEngine() per "mode host:port": the system proxy query reads /etc/services twice.
    QHash<QString, bool> m_engineRoutes;
    bool routeThroughEngine(const QUrl &url, const SendOptions &options);
    QHash<quint64, std::shared_ptr<Pending>> m_pending;
    quint64 m_nextId = 1;
    ProxyMode m_proxyMode = ProxyMode::System;
    QString m_proxyUrl;
};
