#pragma once

#include "core/collections/collection.h"
#include "core/send/sendresult.h"
#include "core/send/templateengine.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPointer>

class Sender;

// One request of a run and whether it met its expectation.
struct RunResult {
    QString folder; // "A/B"; empty at the root
    QString name;
    QString method;
    QString url;            // as sent (expanded); the template when it could not be expanded
    int status = 0;         // 0: no response
    int expectedStatus = 0; // 0: any 2xx
    bool passed = false;
    QString message; // why it failed, in words; empty when it passed
    SendError error = SendError::None;
    double ms = 0;

    QString displayName() const { return folder.isEmpty() ? name : folder + QLatin1Char('/') + name; }
};

struct RunSummary {
    int total = 0;
    int passed = 0;
    int failed = 0; // answered, but not as expected
    int errors = 0; // no answer, or the request could not be built
    double elapsedMs = 0;

    bool allPassed() const { return total > 0 && passed == total; }
    QString toText() const; // "3 requests: 2 passed, 1 failed, 0 errors in 41 ms"
};

// Runs a collection's requests one after another (in file order, or one folder, or one
// request) against a set of variables, checks each answer against its expectation (default:
// any 2xx) and sums up. Each request is expanded and signed afresh, with its endpoint
// profile applied when it is bound to one.
class CollectionRunner final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CollectionRunner)

public:
    // sender must outlive the runner.
    explicit CollectionRunner(Sender *sender, QObject *parent = nullptr);

    void setCollection(const Collection &collection);
    // Collection variables, then these (an environment) over them.
    void setEnvironment(const TemplateVariables &variables);
    // Empty folder and request: everything. A folder is matched by name or "A/B" path, a
    // request by name or "Folder/Name". False with *error when nothing matches.
    bool select(const QString &folder, const QString &request, QString *error);
    int plannedCount() const { return int(m_plan.size()); }

    void start();
    void cancel();
    bool isRunning() const { return m_running; }
    const QList<RunResult> &results() const { return m_results; }
    RunSummary summary() const;

    // JUnit XML (the Jenkins/GitLab flavour): one testsuite per run, one testcase per request.
    static QByteArray junitXml(const QString &suiteName, const QList<RunResult> &results, const RunSummary &summary);

Q_SIGNALS:
    void requestStarted(int index, const QString &name);
    void requestFinished(const RunResult &result);
    void finished(const RunSummary &summary);

private:
    void next();
    void record(const RunResult &result);

    QPointer<Sender> m_sender;
    Collection m_collection;
    TemplateVariables m_environment;
    QList<Collection::Entry> m_plan;
    QList<RunResult> m_results;
    int m_next = 0;
    quint64 m_inFlight = 0;
    RunResult m_current;
    bool m_running = false;
    bool m_cancelled = false;
    QElapsedTimer m_clock;
    double m_elapsedMs = 0;
};

Q_DECLARE_METATYPE(RunResult)
Q_DECLARE_METATYPE(RunSummary)
