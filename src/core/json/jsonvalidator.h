#pragma once

#include "core/app/workerthread.h"
#include "core/json/jsontools.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

class JsonValidatorWorker;

// Validates (and, on request, formats or minifies) JSON text on a thread of its own, so a
// 10 MB document never stalls the window. Each request gets a generation number; a request overtaken by a newer one
// before the worker reaches it is skipped, and the caller drops answers that are not
// for its latest generation, so a stale result can never mark the wrong text.
class JsonValidator final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JsonValidator)

public:
    explicit JsonValidator(QObject *parent = nullptr);
    ~JsonValidator() override; // waits for the current validation, drops queued ones

    // Returns the generation that validated() will carry.
    quint64 request(const QString &text, JsonTools::Syntax syntax = JsonTools::Syntax::AllowPlaceholders);
    quint64 latestGeneration() const { return m_generation->load(); }
    enum class Layout { Indented, Minified };
    // JsonTools::format (2 spaces) or minify on the thread; reformatted() carries the returned
    // number. Its own sequence: a validation asked for meanwhile does not overtake it.
    quint64 reformat(const QString &text, Layout layout,
                     JsonTools::Syntax syntax = JsonTools::Syntax::AllowPlaceholders);

Q_SIGNALS:
    // error.offset is in UTF-8 bytes; position is the same place as an index into the
    // QString that was validated (what a QTextCursor needs); -1 when valid.
    void validated(quint64 generation, const JsonError &error, qsizetype position);
    // The text in the asked-for layout; empty with error set when it is not valid JSON.
    void reformatted(quint64 generation, const QString &text, const JsonError &error);

private:
    std::shared_ptr<std::atomic<quint64>> m_generation;
    std::shared_ptr<std::atomic<quint64>> m_reformatGeneration;
    std::unique_ptr<WorkerThread<JsonValidatorWorker>> m_thread;
};

// Internal: lives on the validator's thread.
class JsonValidatorWorker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JsonValidatorWorker)

public:
    JsonValidatorWorker(std::shared_ptr<std::atomic<quint64>> latest,
                        std::shared_ptr<std::atomic<quint64>> latestReformat)
        : m_latest(std::move(latest))
        , m_latestReformat(std::move(latestReformat))
    { }

public Q_SLOTS:
    void validate(quint64 generation, const QString &text, JsonTools::Syntax syntax);
    void reformat(quint64 generation, const QString &text, JsonValidator::Layout layout, JsonTools::Syntax syntax);

Q_SIGNALS:
    void validated(quint64 generation, const JsonError &error, qsizetype position);
    void reformatted(quint64 generation, const QString &text, const JsonError &error);

private:
    std::shared_ptr<std::atomic<quint64>> m_latest;
    std::shared_ptr<std::atomic<quint64>> m_latestReformat;
};
