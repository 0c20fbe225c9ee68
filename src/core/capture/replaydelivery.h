#pragma once

#include "core/http/headerlist.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>

// One replay of a stored capture to a URL and what came back, kept in the capture store
// (table `deliveries`) with the capture it replayed; deleting the capture deletes it.
struct ReplayDelivery {
    // A response body is kept up to this size; responseSize says how big it was.
    static constexpr qsizetype kMaxBody = 64 * 1024;

    qint64 id = 0;         // the store's row number; 0 until stored
    qint64 captureSeq = 0; // the capture replayed
    qint64 sentAtMs = 0;   // UTC, when it was handed to the network
    QString url;
    QString signedWith; // the scheme it was signed with afresh; empty: sent as captured
    int status = 0;     // 0 when no answer came
    qint64 ms = -1;     // the whole exchange; -1 when it never started
    QString error;      // why there was no answer, in words; empty when one came
    HeaderList responseHeaders;
    QByteArray responseBody; // at most kMaxBody bytes
    qint64 responseSize = 0; // the whole body's size

    bool answered() const { return status != 0; }
    bool isTruncated() const { return responseSize > responseBody.size(); }
};

Q_DECLARE_METATYPE(ReplayDelivery)
