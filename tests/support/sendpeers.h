#pragma once

// Real peers for the sender tests: the Flask receiver in tests/data (Debian's python3)
// and a small raw HTTP/1.1 responder on a QTcpServer that keeps every byte it received.

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QPointer>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <memory>

namespace SendPeers {

inline QString python()
{
    const QByteArray fromEnv = qgetenv("HOOKBENCH_PYTHON");
    return fromEnv.isEmpty() ? QStringLiteral("/usr/bin/python3") : QString::fromLocal8Bit(fromEnv);
}

// tests/data/flask_receiver.py as a process: prints its port, then one JSON line per request.
class FlaskPeer
{
public:
    ~FlaskPeer()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    bool start()
    {
        m_process.setProgram(python());
        m_process.setArguments({QStringLiteral(HOOKBENCH_TEST_DATA "/flask_receiver.py")});
        m_process.setProcessChannelMode(QProcess::SeparateChannels);
        m_process.start();
        if (!m_process.waitForStarted(10000))
            return false;
        QElapsedTimer clock;
        clock.start();
        while (!m_process.canReadLine() && clock.elapsed() < 20000) {
            if (!m_process.waitForReadyRead(500) && m_process.state() == QProcess::NotRunning)
                break;
        }
        if (!m_process.canReadLine()) {
            qWarning("flask receiver did not start: %s", m_process.readAllStandardError().constData());
            return false;
        }
        m_port = quint16(m_process.readLine().trimmed().toUInt());
        return m_port != 0;
    }

    quint16 port() const { return m_port; }
    QString url(const QString &path) const { return QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path); }

    // Lines received so far (call from QTRY_* loops: it reads what the process printed).
    const QList<QJsonObject> &received()
    {
        m_buffer += m_process.readAllStandardOutput();
        qsizetype newline;
        while ((newline = m_buffer.indexOf('\n')) >= 0) {
            const QByteArray line = m_buffer.left(newline);
            m_buffer.remove(0, newline + 1);
            m_received << QJsonDocument::fromJson(line).object();
        }
        return m_received;
    }
    qsizetype count() { return received().size(); }
    void clear()
    {
        // Lines may still sit in the pipe when no event loop ran since (a child process was
        // awaited): take everything the receiver printed before forgetting it.
        while (m_process.waitForReadyRead(50)) { }
        received();
        m_received.clear();
    }
    QString errors() { return QString::fromLocal8Bit(m_process.readAllStandardError()); }

    static QByteArray body(const QJsonObject &line)
    {
        return QByteArray::fromBase64(line.value(QStringLiteral("bodyBase64")).toString().toLatin1());
    }
    static QList<QPair<QString, QString>> headers(const QJsonObject &line)
    {
        QList<QPair<QString, QString>> result;
        for (const QJsonValue &pair : line.value(QStringLiteral("headers")).toArray())
            result.append({pair.toArray().at(0).toString(), pair.toArray().at(1).toString()});
        return result;
    }
    static QString header(const QJsonObject &line, const QString &name)
    {
        for (const auto &[n, v] : headers(line)) {
            if (n.compare(name, Qt::CaseInsensitive) == 0)
                return v;
        }
        return {};
    }

private:
    QProcess m_process;
    quint16 m_port = 0;
    QByteArray m_buffer;
    QList<QJsonObject> m_received;
};

// A raw HTTP/1.1 responder: keeps each request's exact bytes, answers 200 "ok"
// (or stays silent), optionally after a delay; counts requests waiting for an answer.
class RawPeer : public QObject
{
public:
    bool silent = false; // accept and read, never answer
    int answerDelayMs = 0;
    QByteArray response = QByteArrayLiteral(
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok");

    QList<QByteArray> requests; // each complete request, head and body, as received
    int outstanding = 0;
    int maxOutstanding = 0;

    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    quint16 port() const { return m_server.serverPort(); }
    QUrl url(const QString &path = QStringLiteral("/hook")) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port()).arg(path));
    }

    RawPeer()
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                auto buffer = std::make_shared<QByteArray>();
                auto continued = std::make_shared<bool>(false);
                connect(socket, &QTcpSocket::readyRead, this, [this, socket, buffer, continued] {
                    *buffer += socket->readAll();
                    // As servers do, so that curl -T does not wait a second before its body.
                    const qsizetype headEnd = buffer->indexOf("\r\n\r\n");
                    if (!*continued && headEnd >= 0
                        && buffer->left(headEnd).toLower().contains("\r\nexpect: 100-continue")) {
                        *continued = true;
                        socket->write("HTTP/1.1 100 Continue\r\n\r\n");
                    }
                    takeRequests(socket, *buffer);
                });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }

private:
    void takeRequests(QTcpSocket *socket, QByteArray &buffer)
    {
        for (;;) {
            const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
            if (headEnd < 0)
                return;
            qsizetype length = 0;
            for (const QByteArray &line : buffer.left(headEnd).split('\n')) {
                if (line.toLower().startsWith("content-length:"))
                    length = line.mid(15).trimmed().toLongLong();
            }
            const qsizetype total = headEnd + 4 + length;
            if (buffer.size() < total)
                return;
            requests << buffer.left(total);
            buffer.remove(0, total);
            maxOutstanding = qMax(maxOutstanding, ++outstanding);
            if (silent)
                continue;
            QPointer<QTcpSocket> guarded(socket);
            QTimer::singleShot(answerDelayMs, this, [this, guarded] {
                --outstanding;
                if (guarded)
                    guarded->write(response);
            });
        }
    }

    QTcpServer m_server;
};

// A port nobody listens on: bound, then closed.
inline quint16 deadPort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    const quint16 port = server.serverPort();
    server.close();
    return port;
}

} // namespace SendPeers
