#include "core/json/jsonvalidator.h"

JsonValidator::JsonValidator(QObject *parent)
    : QObject(parent)
    , m_generation(std::make_shared<std::atomic<quint64>>(0))
    , m_reformatGeneration(std::make_shared<std::atomic<quint64>>(0))
{
    qRegisterMetaType<JsonError>();
    auto *worker = new JsonValidatorWorker(m_generation, m_reformatGeneration);
    connect(worker, &JsonValidatorWorker::validated, this, &JsonValidator::validated, Qt::QueuedConnection);
    connect(worker, &JsonValidatorWorker::reformatted, this, &JsonValidator::reformatted, Qt::QueuedConnection);
    m_thread = std::make_unique<WorkerThread<JsonValidatorWorker>>(worker, QStringLiteral("JsonValidator"),
                                                                   QThread::LowPriority);
}

JsonValidator::~JsonValidator()
{
    // Everything still queued is overtaken by this generation and skipped.
    m_generation->fetch_add(1);
    m_reformatGeneration->fetch_add(1);
    m_thread->stop();
}

quint64 JsonValidator::request(const QString &text, JsonTools::Syntax syntax)
{
    const quint64 generation = m_generation->fetch_add(1) + 1;
    QMetaObject::invokeMethod(
        m_thread->worker(),
        [worker = m_thread->worker(), generation, text, syntax] { worker->validate(generation, text, syntax); },
        Qt::QueuedConnection);
    return generation;
}

quint64 JsonValidator::reformat(const QString &text, Layout layout, JsonTools::Syntax syntax)
{
    const quint64 generation = m_reformatGeneration->fetch_add(1) + 1;
    QMetaObject::invokeMethod(
        m_thread->worker(),
        [worker = m_thread->worker(), generation, text, layout, syntax] {
            worker->reformat(generation, text, layout, syntax);
        },
        Qt::QueuedConnection);
    return generation;
}

void JsonValidatorWorker::reformat(quint64 generation, const QString &text, JsonValidator::Layout layout,
                                   JsonTools::Syntax syntax)
{
    if (generation < m_latestReformat->load())
        return;
    JsonError error;
    const QByteArray utf8 = text.toUtf8();
    const QByteArray result = layout == JsonValidator::Layout::Indented ? JsonTools::format(utf8, 2, &error, syntax)
                                                                        : JsonTools::minify(utf8, &error, syntax);
    // Decoded here too: 10 MB of UTF-8 is tens of milliseconds the window does not spend.
    Q_EMIT reformatted(generation, error.isError() ? QString() : QString::fromUtf8(result), error);
}

void JsonValidatorWorker::validate(quint64 generation, const QString &text, JsonTools::Syntax syntax)
{
    if (generation < m_latest->load())
        return; // overtaken while queued
    const QByteArray utf8 = text.toUtf8();
    const JsonError error = JsonTools::validate(utf8, syntax);
    qsizetype position = -1;
    if (error.isError())
        position = QString::fromUtf8(utf8.constData(), error.offset).size();
    Q_EMIT validated(generation, error, position);
}
