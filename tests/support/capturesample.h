#pragma once

#include "core/capture/capture.h"

#include <QDateTime>

namespace TestSupport {

// A plausible accepted JSON POST to `path` as the listener would store it, for store tests
// (SQLite and PostgreSQL) that need rows without a listener.
inline Capture sampleCapture(const QByteArray &path, const QByteArray &body = "{\"a\":1}")
{
    Capture c;
    c.id = Capture::newId();
    c.receivedAtMs = QDateTime::currentMSecsSinceEpoch();
    c.completedAtMs = c.receivedAtMs + 2;
    c.remoteAddress = QStringLiteral("127.0.0.1");
    c.remotePort = 50000;
    c.localPort = 8765;
    c.method = "POST";
    c.target = path + "?x=1";
    c.httpVersion = "1.1";
    c.headers = {{"Host", "a"},
                 {"Content-Type", "application/json"},
                 {"X-Dup", "1"},
                 {"x-dup", "2"},
                 {"Content-Length", QByteArray::number(body.size())}};
    c.body = body;
    c.raw = "POST " + c.target + " HTTP/1.1\r\nHost: a\r\n\r\n" + body;
    c.response.status = 200;
    c.response.headers = {{"Content-Length", "0"}};
    return c;
}

} // namespace TestSupport
