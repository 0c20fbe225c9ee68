#pragma once

#include "core/send/outgoingrequest.h"
#include "core/send/sendresult.h"
#include "core/tls/localcatrust.h"

#include <QHash>
#include <QObject>

#include <memory>

class QNetworkAccessManager;
class QNetworkReply;
class SenderProxyFactory;

// Puts requests on the wire asynchronously through one QNetworkAccessManager, each with
// its own deadline, over kept-alive connections (six per host, as Qt and browsers do).
// Redirects are Qt's (NoLessSafeRedirectPolicy: never https -> http). https is verified
// against the system's CAs and Hookbench's own local CA (the HTTPS listener's). The proxy of each
// request comes from a SenderProxyFactory (which also keeps plain http fast on Qt 6.4).
// Lives in the thread that created it.
//
// What reaches the wire: the request's headers in order with their names as typed,
// then Content-Type (when absent and the body is not empty: application/json when
// the body is valid JSON, else application/octet-stream), User-Agent: Hookbench/<v>
// when absent; Qt adds Host, Content-Length, Connection, Accept-Encoding and
// Accept-Language when absent. QNetworkRequest keeps one field per name, so a name
// given twice is sent once with its values joined by ", " (RFC 9110 §5.3), in order;
// Qt folds repeated response header names the same way (Set-Cookie with "\n").
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

Q_SIGNALS:
    void finished(quint64 id, const SendResult &result);

protected:
    void timerEvent(QTimerEvent *event) override; // a request's deadline

private:
    struct Pending;
    void complete(quint64 id);
    void startNetworkAccess(quint64 id, const std::shared_ptr<Pending> &pending, const OutgoingRequest &request);

    QNetworkAccessManager *m_manager = nullptr;
    SenderProxyFactory *m_proxyFactory = nullptr; // owned by m_manager
    LocalCaTrust m_localCa;
    QHash<quint64, std::shared_ptr<Pending>> m_pending;
    QHash<int, quint64> m_deadlines; // timer id -> request id
    quint64 m_nextId = 1;
};
