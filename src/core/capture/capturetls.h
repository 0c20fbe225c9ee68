#pragma once

#include <QByteArray>
#include <QString>

// How a capture's connection was secured. `used` is false for plain HTTP; a failed
// handshake has `used` with an empty protocol and cipher.
struct CaptureTls {
    bool used = false;
    QString protocol;          // "TLSv1.3"
    QString cipher;            // "TLS_AES_256_GCM_SHA384"
    QString sni;               // the server name the client asked for, if any
    QString clientCertificate; // subject of the certificate the client offered, if any

    // The store's column: compact JSON, null when not used.
    QByteArray toStored() const;
    static CaptureTls fromStored(const QByteArray &stored);
};
