#include "core/capture/captureexportjob.h"

#include "core/capture/capturebackend.h"

#include <QSaveFile>

CaptureExportJob::CaptureExportJob(const QString &storeFile, const QString &outputFile, CaptureExport::Format format,
                                   const QList<qint64> &seqs, QObject *parent)
    : QObject(parent)
    , m_storeFile(storeFile)
    , m_outputFile(outputFile)
    , m_format(format)
    , m_seqs(seqs)
{ }

CaptureExportJob::~CaptureExportJob()
{
    m_thread.reset(); // waits for the export to finish
}

CaptureExport::Format CaptureExportJob::formatForFile(const QString &fileName)
{
    return fileName.endsWith(QLatin1String(".har"), Qt::CaseInsensitive) ? CaptureExport::Format::Har
                                                                         : CaptureExport::Format::JsonLines;
}

void CaptureExportJob::start()
{
    if (m_thread)
        return;
    m_thread = std::make_unique<WorkerThread<QObject>>(new QObject, QStringLiteral("capture-export"));
    QMetaObject::invokeMethod(m_thread->worker(), [this] {
        qint64 count = 0;
        QString error;
        const bool ok = run(&count, &error);
        QMetaObject::invokeMethod(
            this, [this, ok, count, error] { Q_EMIT finished(ok, count, error); }, Qt::QueuedConnection);
    });
}

bool CaptureExportJob::run(qint64 *count, QString *error) const
{
    const std::unique_ptr<CaptureBackend> store = CaptureBackend::create(m_storeFile);
    CaptureBackend &database = *store;
    if (!database.openExisting(m_storeFile, error))
        return false;
    QSaveFile file(m_outputFile);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = tr("cannot write %1: %2").arg(m_outputFile, file.errorString());
        return false;
    }
    bool ok = false;
    if (m_seqs.isEmpty()) {
        ok = CaptureExport::write(database, m_format, &file, error, count);
    } else {
        QList<Capture> captures;
        captures.reserve(m_seqs.size());
        for (const qint64 seq : m_seqs) {
            if (std::optional<Capture> capture = database.load(seq))
                captures.append(std::move(*capture));
        }
        ok = CaptureExport::write(captures, m_format, &file, error);
        *count = captures.size();
    }
    if (ok && !file.commit()) {
        *error = tr("cannot write %1: %2").arg(m_outputFile, file.errorString());
        ok = false;
    }
    return ok;
}
