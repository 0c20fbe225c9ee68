#include "core/collections/collectionrunner.h"

#include "core/app/logging.h"
#include "core/send/requesttemplate.h"
#include "core/send/sender.h"

#include <QTimer>
#include <QXmlStreamWriter>

QString RunSummary::toText() const
{
    return QStringLiteral("%1 request%2: %3 passed, %4 failed, %5 error%6 in %7 ms")
        .arg(total)
        .arg(total == 1 ? QString() : QStringLiteral("s"))
        .arg(passed)
        .arg(failed)
        .arg(errors)
        .arg(errors == 1 ? QString() : QStringLiteral("s"))
        .arg(elapsedMs, 0, 'f', 0);
}

CollectionRunner::CollectionRunner(Sender *sender, QObject *parent)
    : QObject(parent)
    , m_sender(sender)
{
    qRegisterMetaType<RunResult>();
    qRegisterMetaType<RunSummary>();
    connect(sender, &Sender::finished, this, [this](quint64 id, const SendResult &result) {
        if (!m_running || id != m_inFlight)
            return;
        m_inFlight = 0;
        RunResult r = m_current;
        r.status = result.hasResponse() ? result.status : 0;
        r.error = result.error;
        r.ms = result.totalMs;
        CollectionRequest probe;
        if (r.expectedStatus)
            probe.expectedStatus = r.expectedStatus;
        if (!result.hasResponse()) {
            r.message = result.errorText;
        } else if (!probe.meetsExpectation(result.status)) {
            r.message = r.expectedStatus
                ? QStringLiteral("expected status %1, got %2").arg(r.expectedStatus).arg(result.status)
                : QStringLiteral("expected a 2xx status, got %1").arg(result.status);
        } else {
            r.passed = true;
        }
        record(r);
        // Through the event loop: a long collection must not grow the stack.
        QTimer::singleShot(0, this, &CollectionRunner::next);
    });
}

void CollectionRunner::setCollection(const Collection &collection)
{
    m_collection = collection;
    m_plan = m_collection.allRequests();
}

void CollectionRunner::setEnvironment(const TemplateVariables &variables)
{
    m_environment = variables;
}

bool CollectionRunner::select(const QString &folder, const QString &request, QString *error)
{
    QList<Collection::Entry> plan = m_collection.allRequests();
    if (!folder.isEmpty()) {
        const CollectionFolder *found = m_collection.findFolder(folder);
        if (!found) {
            if (error)
                *error = QStringLiteral("no folder named '%1' in the collection").arg(folder);
            return false;
        }
        // A folder's requests and its subfolders', by path prefix.
        QString path;
        for (const Collection::Entry &entry : plan) {
            if (entry.folderPath == folder || entry.folderPath.endsWith(QLatin1Char('/') + folder)) {
                path = entry.folderPath;
                break;
            }
        }
        if (path.isEmpty())
            path = folder;
        plan.removeIf([&path](const Collection::Entry &entry) {
            return entry.folderPath != path && !entry.folderPath.startsWith(path + QLatin1Char('/'));
        });
    }
    if (!request.isEmpty()) {
        plan.removeIf([&request](const Collection::Entry &entry) {
            const QString full = entry.folderPath.isEmpty() ? entry.request->name
                                                            : entry.folderPath + QLatin1Char('/') + entry.request->name;
            return entry.request->name != request && full != request;
        });
        if (plan.isEmpty()) {
            if (error)
                *error = folder.isEmpty() ? QStringLiteral("no request named '%1' in the collection").arg(request)
                                          : QStringLiteral("no request named '%1' in folder '%2'").arg(request, folder);
            return false;
        }
    }
    m_plan = plan;
    return true;
}

void CollectionRunner::start()
{
    m_results.clear();
    m_next = 0;
    m_running = true;
    m_cancelled = false;
    m_clock.start();
    QTimer::singleShot(0, this, &CollectionRunner::next);
}

void CollectionRunner::cancel()
{
    if (!m_running)
        return;
    m_cancelled = true;
    if (m_inFlight && m_sender)
        m_sender->cancel(m_inFlight); // its finished() arrives and ends the run
    else
        QTimer::singleShot(0, this, &CollectionRunner::next);
}

RunSummary CollectionRunner::summary() const
{
    RunSummary s;
    s.total = int(m_plan.size());
    for (const RunResult &r : m_results) {
        if (r.passed)
            ++s.passed;
        else if (r.status > 0)
            ++s.failed;
        else
            ++s.errors;
    }
    // Requests never started (cancelled) count as errors, so a cancelled run never passes.
    s.errors += s.total - int(m_results.size());
    s.elapsedMs = m_running ? double(m_clock.elapsed()) : m_elapsedMs;
    return s;
}

void CollectionRunner::record(const RunResult &result)
{
    m_results.append(result);
    if (!result.passed)
        qCDebug(lcCollections, "%s: %s", qUtf8Printable(result.displayName()), qUtf8Printable(result.message));
    Q_EMIT requestFinished(result);
}

void CollectionRunner::next()
{
    if (!m_running || m_inFlight)
        return;
    if (m_cancelled || m_next >= m_plan.size() || !m_sender) {
        m_running = false;
        m_elapsedMs = double(m_clock.elapsed());
        Q_EMIT finished(summary());
        return;
    }
    const Collection::Entry entry = m_plan.at(m_next++);
    const CollectionRequest &request = *entry.request;
    RunResult r;
    r.folder = entry.folderPath;
    r.name = request.name;
    r.method = request.draft.method;
    r.url = request.draft.url;
    r.expectedStatus = request.expectedStatus.value_or(0);
    Q_EMIT requestStarted(m_next - 1, r.displayName());

    auto failNow = [this, &r](const QString &message) {
        r.error = SendError::InvalidRequest;
        r.message = message;
        record(r);
        QTimer::singleShot(0, this, &CollectionRunner::next);
    };

    RequestDraft draft = request.draft;
    if (!request.profile.isEmpty()) {
        const EndpointProfile *profile = m_collection.findProfile(request.profile);
        if (!profile)
            return failNow(
                QStringLiteral("bound to profile '%1', which the collection does not have").arg(request.profile));
        draft = profile->apply(draft);
    }
    TemplateVariables variables;
    for (const KeyValueRow &row : m_collection.variables) {
        if (row.enabled && !row.name.isEmpty())
            variables.insert(row.name, row.value);
    }
    for (auto it = m_environment.cbegin(); it != m_environment.cend(); ++it)
        variables.insert(it.key(), it.value());

    // Basic credentials are base64-encoded and signing secrets used before the template
    // expansion of the request, so their placeholders are expanded here first.
    const TemplateEngine engine(variables);
    for (auto [field, label] : {std::pair{&draft.basicUser, QStringLiteral("Auth user")},
                                std::pair{&draft.basicPassword, QStringLiteral("Auth password")},
                                std::pair{&draft.signingSecret, QStringLiteral("Signing secret")}}) {
        TemplateError templateError;
        const QString expanded = engine.expand(*field, &templateError);
        if (templateError.isError())
            return failNow(QStringLiteral("%1: %2").arg(label, templateError.message));
        *field = expanded;
    }
    RequestTemplate requestTemplate;
    QString error;
    if (!draft.toTemplate(&requestTemplate, &error))
        return failNow(error);
    OutgoingRequest outgoing;
    if (!requestTemplate.prepare(engine, &outgoing, &error))
        return failNow(error);
    r.method = QString::fromUtf8(outgoing.method);
    r.url = outgoing.url.toString();
    m_current = r;
    m_inFlight = m_sender->send(outgoing);
}

QByteArray CollectionRunner::junitXml(const QString &suiteName, const QList<RunResult> &results,
                                      const RunSummary &summary)
{
    QByteArray out;
    QXmlStreamWriter xml(&out);
    xml.setAutoFormatting(true);
    xml.writeStartDocument();
    // JUnit readers differ on whether they total <testsuites> or <testsuite>: both carry the counts.
    for (const QString &element : {QStringLiteral("testsuites"), QStringLiteral("testsuite")}) {
        xml.writeStartElement(element);
        xml.writeAttribute(QStringLiteral("name"), suiteName);
        xml.writeAttribute(QStringLiteral("tests"), QString::number(summary.total));
        xml.writeAttribute(QStringLiteral("failures"), QString::number(summary.failed));
        xml.writeAttribute(QStringLiteral("errors"), QString::number(summary.errors));
        xml.writeAttribute(QStringLiteral("time"), QString::number(summary.elapsedMs / 1000.0, 'f', 3));
    }
    for (const RunResult &r : results) {
        xml.writeStartElement(QStringLiteral("testcase"));
        xml.writeAttribute(QStringLiteral("classname"),
                           r.folder.isEmpty() ? suiteName : suiteName + QLatin1Char('.') + r.folder);
        xml.writeAttribute(QStringLiteral("name"), r.name);
        xml.writeAttribute(QStringLiteral("time"), QString::number(r.ms / 1000.0, 'f', 3));
        if (!r.passed) {
            const bool failure = r.status > 0;
            xml.writeStartElement(failure ? QStringLiteral("failure") : QStringLiteral("error"));
            xml.writeAttribute(QStringLiteral("message"), r.message);
            xml.writeAttribute(QStringLiteral("type"),
                               failure ? QStringLiteral("status") : SendResult::errorName(r.error));
            xml.writeCharacters(QStringLiteral("%1 %2\n%3").arg(r.method, r.url, r.message));
            xml.writeEndElement();
        }
        xml.writeTextElement(QStringLiteral("system-out"),
                             QStringLiteral("%1 %2 -> %3").arg(r.method, r.url).arg(r.status));
        xml.writeEndElement();
    }
    xml.writeEndElement();
    xml.writeEndElement();
    xml.writeEndDocument();
    return out;
}
