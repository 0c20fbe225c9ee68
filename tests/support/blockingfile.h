#pragma once

#include <QByteArray>
#include <QFile>
#include <QSemaphore>
#include <QString>

#include <atomic>
#include <fcntl.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

// A FIFO standing in for a collection file on a disk that does not answer: a read of it
// blocks until feed() lets a writer thread put the content in. Should the test's own thread
// be the one blocked in that read, it never gets to feed(): the content is then written after
// timeoutMs anyway, so the test fails (fedInTime() is false) instead of hanging.
class BlockingFile
{
public:
    BlockingFile(const QString &path, const QByteArray &content, int timeoutMs = 10000)
        : m_path(QFile::encodeName(path))
        , m_valid(::mkfifo(m_path.constData(), 0600) == 0)
    {
        if (!m_valid)
            return;
        m_writer = std::thread([this, content, timeoutMs] {
            m_fedInTime = m_release.tryAcquire(1, timeoutMs);
            // Blocks until a reader opens the FIFO (or the destructor does).
            const int fd = ::open(m_path.constData(), O_WRONLY);
            if (fd < 0)
                return;
            qsizetype written = 0;
            while (written < content.size()) {
                const ssize_t n = ::write(fd, content.constData() + written, size_t(content.size() - written));
                if (n <= 0)
                    break;
                written += n;
            }
            ::close(fd);
            m_done = true;
        });
    }
    ~BlockingFile()
    {
        if (!m_writer.joinable())
            return;
        m_release.release();
        // No reader ever came (the test failed before reading): one here lets the writer finish.
        const int fd = m_done ? -1 : ::open(m_path.constData(), O_RDONLY | O_NONBLOCK);
        m_writer.join();
        if (fd >= 0)
            ::close(fd);
    }
    BlockingFile(const BlockingFile &) = delete;
    BlockingFile &operator=(const BlockingFile &) = delete;

    bool isValid() const { return m_valid; }
    void feed() { m_release.release(); }
    // Whether feed() came before the timeout. Valid once the content is written.
    bool fedInTime() const { return m_fedInTime; }
    bool isFed() const { return m_done; }

private:
    QByteArray m_path;
    bool m_valid;
    QSemaphore m_release;
    std::atomic<bool> m_fedInTime = false;
    std::atomic<bool> m_done = false;
    std::thread m_writer;
};
