#include "core/send/sender.h"

#include "core/app/appinfo.h"
#include "core/app/logging.h"
#include "core/json/jsontools.h"
#include "core/send/senderproxyfactory.h"
#include "core/tls/localca.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkProxyFactory>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QTimerEvent>

#if QT_CONFIG(ssl)
#include <QSslError>
#endif

struct Sender::Pending {
    QPointer<QNetworkReply> reply;
    QElapsedTimer clock;
    SendResult result;
    SendOptions options;
    bool timedOut = false;
    bool cancelled = false;
    QString tlsProblem;
    int deadlineTimer = 0; // QObject timer id on the Sender; 0: none
};

namespace {

HeaderList foldDuplicates(const HeaderList &given)
{
    HeaderList headers;
    headers.reserve(given.size() + 2);
    for (const auto &[name, value] : given) {
        bool folded = false;
        for (auto &existing : headers) {
            if (existing.first.compare(name, Qt::CaseInsensitive) == 0) {
                existing.second += QByteArrayLiteral(", ") + value;
                folded = true;
                break;
            }
        }
        if (!folded)
            headers.append({name, value});
    }
    return headers;
}

HeaderList withAutomaticHeaders(HeaderList headers, const QByteArray &body)
{
    if (!body.isEmpty() && !Headers::contains(headers, "Content-Type")) {
        const bool json = !JsonTools::validate(body).isError();
        headers.append({QByteArrayLiteral("Content-Type"),
                        json ? QByteArrayLiteral("application/json") : QByteArrayLiteral("application/octet-stream")});
    }
    if (!Headers::contains(headers, "User-Agent"))
        headers.append({QByteArrayLiteral("User-Agent"), QByteArray("Hookbench/" + AppInfo::version().toLatin1())});
    return headers;
}

QString describeNetworkError(QNetworkReply::NetworkError error, const QNetworkReply *reply)
{
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
        return QStringLiteral("connection refused");
    case QNetworkReply::HostNotFoundError:
        return QStringLiteral("host not found: %1").arg(reply->url().host());
    case QNetworkReply::RemoteHostClosedError:
        return QStringLiteral("connection closed by the server before it answered");
    case QNetworkReply::InsecureRedirectError:
        return QStringLiteral("refused a redirect from https to http");
    case QNetworkReply::ProxyConnectionRefusedError:
        return QStringLiteral("proxy refused the connection");
    case QNetworkReply::ProxyNotFoundError:
        return QStringLiteral("proxy host not found");
    case QNetworkReply::ProxyTimeoutError:
        return QStringLiteral("proxy timed out");
    case QNetworkReply::ProxyAuthenticationRequiredError:
        return QStringLiteral("proxy requires authentication");
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::TemporaryNetworkFailureError:
        return QStringLiteral("the network is not available");
    default:
        return reply->errorString();
    }
}

} // namespace

Sender::Sender(QObject *parent)
    : QObject(parent)
    , m_manager(new QNetworkAccessManager(this))
    , m_proxyFactory(new SenderProxyFactory)
    , m_localCa(LocalCa::caCertificateFile(LocalCa::defaultFolder()))
{
    m_manager->setProxyFactory(m_proxyFactory); // takes ownership
    // "System" means what curl and Python requests honour too: http_proxy, https_proxy, no_proxy.
    QNetworkProxyFactory::setUseSystemConfiguration(true);
}

Sender::~Sender()
{
    const auto pending = std::exchange(m_pending, {});
    for (const auto &p : pending) {
        if (p->reply) {
            p->reply->disconnect(this);
            p->reply->abort();
            delete p->reply;
        }
    }
}

HeaderList Sender::headersToSend(const OutgoingRequest &request)
{
    return withAutomaticHeaders(foldDuplicates(request.headers), request.body);
}

quint64 Sender::send(const OutgoingRequest &request)
{
    const quint64 id = m_nextId++;
    auto pending = std::make_shared<Pending>();
    pending->options = request.options;
    pending->result.startedAt = QDateTime::currentDateTimeUtc();
    pending->result.requestHeaders = headersToSend(request);
    m_pending.insert(id, pending);

    const QString scheme = request.url.scheme().toLower();
    if (!request.url.isValid() || request.url.host().isEmpty()
        || (scheme != QLatin1String("http") && scheme != QLatin1String("https"))) {
        pending->result.error = SendError::InvalidRequest;
        pending->result.errorText = QStringLiteral("not an http or https URL: %1").arg(request.url.toDisplayString());
        // finished() is promised to come asynchronously, never from inside send().
        QMetaObject::invokeMethod(
            this, [this, id] { complete(id); }, Qt::QueuedConnection);
        return id;
    }

    pending->clock.start();
    pending->result.bytesSent = request.body.size();
    if (request.options.timeoutMs > 0) {
        // One deadline for the whole exchange, redirects included. A bare QObject timer, not a
        // QTimer per request: a run sends thousands.
        pending->deadlineTimer = startTimer(request.options.timeoutMs);
        m_deadlines.insert(pending->deadlineTimer, id);
    }

    startNetworkAccess(id, pending, request);
    qCDebug(lcSender) << "sending" << id << request.method << request.url.toDisplayString();
    return id;
}

void Sender::startNetworkAccess(quint64 id, const std::shared_ptr<Pending> &pending, const OutgoingRequest &request)
{
    // Qt asks the factory when a reply starts, so this affects this request and later
    // ones, never those already in flight.
    m_proxyFactory->setMode(request.options.proxyMode, request.options.proxyUrl);

    QNetworkRequest networkRequest(request.url);
    for (const auto &[name, value] : std::as_const(pending->result.requestHeaders))
        networkRequest.setRawHeader(name, value);
    const bool follow = request.options.followRedirects && request.options.maxRedirects > 0;
    networkRequest.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                                follow ? QNetworkRequest::NoLessSafeRedirectPolicy
                                       : QNetworkRequest::ManualRedirectPolicy);
    if (follow)
        networkRequest.setMaximumRedirectsAllowed(request.options.maxRedirects);
    networkRequest.setAttribute(QNetworkRequest::Http2AllowedAttribute, request.options.allowHttp2);
#if QT_CONFIG(ssl)
    if (request.url.scheme() == QLatin1String("https")) {
        if (const std::optional<QSslConfiguration> tls = m_localCa.configuration())
            networkRequest.setSslConfiguration(*tls);
    }
#endif
    // Requests are sent as given: no cache, and no cookies remembered from one answer for the next.
    networkRequest.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    networkRequest.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    networkRequest.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    networkRequest.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);

    QNetworkReply *reply = nullptr;
    const QByteArray &method = request.method;
    if (method == "HEAD") {
        reply = m_manager->head(networkRequest); // Qt must know no body follows a HEAD answer
    } else if (method == "GET" && request.body.isEmpty()) {
        reply = m_manager->get(networkRequest);
    } else if (request.body.isEmpty() && method != "POST" && method != "PUT" && method != "PATCH") {
        reply = m_manager->sendCustomRequest(networkRequest, method);
    } else {
        // Custom rather than post(): post() would invent a form Content-Type for a body without one.
        // An empty POST still goes with a body device, so it carries Content-Length: 0.
        reply = m_manager->sendCustomRequest(networkRequest, method, request.body);
    }
    pending->reply = reply;

    std::weak_ptr<Pending> weak = pending;
    connect(reply, &QNetworkReply::metaDataChanged, this, [weak] {
        if (auto p = weak.lock(); p && p->result.firstByteMs < 0)
            p->result.firstByteMs = double(p->clock.nsecsElapsed()) / 1e6;
    });
#if QT_CONFIG(ssl)
    connect(reply, &QNetworkReply::sslErrors, this, [weak](const QList<QSslError> &errors) {
        auto p = weak.lock();
        if (!p || !p->reply)
            return;
        if (p->options.ignoreTlsErrors) {
            p->reply->ignoreSslErrors();
            return;
        }
        QStringList problems;
        for (const QSslError &error : errors) {
            if (!problems.contains(error.errorString()))
                problems << error.errorString();
        }
        p->tlsProblem = problems.join(QStringLiteral("; "));
    });
#endif
    connect(reply, &QNetworkReply::finished, this, [this, id] { complete(id); });
}

void Sender::timerEvent(QTimerEvent *event)
{
    const quint64 id = m_deadlines.take(event->timerId());
    killTimer(event->timerId());
    const std::shared_ptr<Pending> pending = m_pending.value(id);
    if (!pending)
        return;
    pending->deadlineTimer = 0;
    pending->timedOut = true;
    if (pending->reply && pending->reply->isRunning())
        pending->reply->abort(); // finished() -> complete()
}

void Sender::cancel(quint64 id)
{
    const auto it = m_pending.constFind(id);
    if (it == m_pending.constEnd())
        return;
    const auto &pending = *it;
    pending->cancelled = true;
    if (pending->reply) {
        // Aborting emits the reply's finished() at once; deferring it keeps finished()
        // out of the caller's stack, as promised.
        QMetaObject::invokeMethod(pending->reply, &QNetworkReply::abort, Qt::QueuedConnection);
    }
}

void Sender::cancelAll()
{
    const auto ids = m_pending.keys();
    for (const quint64 id : ids)
        cancel(id);
}

void Sender::complete(quint64 id)
{
    const std::shared_ptr<Pending> pending = m_pending.take(id);
    if (!pending)
        return;
    SendResult &result = pending->result;
    if (pending->deadlineTimer != 0) {
        killTimer(pending->deadlineTimer);
        m_deadlines.remove(pending->deadlineTimer);
    }
    QNetworkReply *reply = pending->reply;
    if (!reply) { // never started: not an http(s) URL
        Q_EMIT finished(id, result);
        return;
    }
    reply->disconnect(this);
    reply->deleteLater();

    result.totalMs = double(pending->clock.nsecsElapsed()) / 1e6;
    result.finalUrl = reply->url();
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    const QNetworkReply::NetworkError error = reply->error();

    if (pending->timedOut) {
        result.error = SendError::Timeout;
        result.errorText = QStringLiteral("timed out after %1 ms").arg(pending->options.timeoutMs);
    } else if (error == QNetworkReply::OperationCanceledError) {
        result.error = SendError::Cancelled;
        result.errorText = QStringLiteral("cancelled");
    } else if (error == QNetworkReply::TooManyRedirectsError) {
        result.error = SendError::TooManyRedirects;
        result.errorText = QStringLiteral("too many redirects (limit %1)").arg(pending->options.maxRedirects);
    } else if (!pending->tlsProblem.isEmpty() || error == QNetworkReply::SslHandshakeFailedError) {
        result.error = SendError::Tls;
        result.errorText = QStringLiteral("TLS error: %1")
                               .arg(pending->tlsProblem.isEmpty() ? reply->errorString() : pending->tlsProblem);
    } else if (status.isValid() && error != QNetworkReply::RemoteHostClosedError
               && error != QNetworkReply::InsecureRedirectError) {
        // (Qt ends a refused https -> http redirect with the 3xx status set: that is no answer.)
        result.error = SendError::None; // any HTTP status is an answer, not a failure to send
    } else if (error != QNetworkReply::NoError) {
        switch (error) {
        case QNetworkReply::ConnectionRefusedError:
            result.error = SendError::ConnectionRefused;
            break;
        case QNetworkReply::HostNotFoundError:
            result.error = SendError::HostNotFound;
            break;
        case QNetworkReply::RemoteHostClosedError:
            result.error = SendError::ConnectionClosed;
            break;
        default:
            result.error = SendError::Network;
            break;
        }
        result.errorText = describeNetworkError(error, reply);
    }

    if (result.error == SendError::None) {
        result.status = status.toInt();
        result.reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray();
        result.headers = reply->rawHeaderPairs();
        result.body = reply->readAll();
        result.bytesReceived = result.body.size();
        result.http2 = reply->attribute(QNetworkRequest::Http2WasUsedAttribute).toBool();
    } else if (result.firstByteMs >= 0 && result.error != SendError::Timeout) {
        result.firstByteMs = -1; // headers of a failed exchange were not an answer
    }
    qCDebug(lcSender) << "finished" << id << result.status << result.errorText << result.totalMs << "ms";
    Q_EMIT finished(id, result);
}
