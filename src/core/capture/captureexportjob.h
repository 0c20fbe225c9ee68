#pragma once

#include "core/app/workerthread.h"
#include "core/capture/captureexport.h"

#include <QList>
#include <QObject>
#include <QString>

#include <memory>

// Writes captures to a file (JSON Lines or HAR) on a thread of its own, so a large
// export never holds the window. It reads the store through a second SQLite
// connection, as `hookbench export` does: the store is in WAL mode, so it can be
// read while the listener writes. The file is replaced only when complete (QSaveFile).
class CaptureExportJob final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CaptureExportJob)

public:
    // seqs empty: every capture in the store, oldest first.
    CaptureExportJob(const QString &storeFile, const QString &outputFile, CaptureExport::Format format,
                     const QList<qint64> &seqs, QObject *parent = nullptr);
    ~CaptureExportJob() override; // waits for the thread

    void start();
    QString outputFile() const { return m_outputFile; }

    // Picks the format from a file name: *.har is HAR 1.2, anything else JSON Lines.
    static CaptureExport::Format formatForFile(const QString &fileName);

Q_SIGNALS:
    void finished(bool ok, qint64 count, const QString &error);

private:
    bool run(qint64 *count, QString *error) const; // on the job's thread

    QString m_storeFile;
    QString m_outputFile;
    CaptureExport::Format m_format;
    QList<qint64> m_seqs;
    std::unique_ptr<WorkerThread<QObject>> m_thread; // from start() on
};
