#pragma once

#include <QtGlobal>

// Limits and timeouts of the listener's HTTP/1.1 framing. Defaults are generous
// for webhooks yet bounded, so a hostile or broken sender cannot exhaust memory.
struct ListenerLimits {
    qint64 maxTargetBytes = 64 * 1024;      // longer request-target: 414
    qint64 maxHeaderBytes = 64 * 1024;      // larger header section: 431
    int maxHeaderCount = 128;               // more fields: 431
    qint64 maxBodyBytes = 32 * 1024 * 1024; // larger body: 413
    int headerTimeoutMs = 30000;            // header section not complete in time: 408
    int bodyTimeoutMs = 30000;              // no body bytes for this long: 408
    int idleTimeoutMs = 60000;              // idle keep-alive connection: closed quietly
};
