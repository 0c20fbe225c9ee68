#pragma once

#include <QString>
#include <QStringList>

// HTTPS for a listener: Hookbench's own CA and the certificate it signs (made on first
// use), or the user's pair.
struct ListenerTls {
    bool enabled = false;
    QString certificateFile; // with keyFile: the user's pair instead of the local CA's
    QString keyFile;
    QStringList extraNames; // for the local CA's certificate, besides localhost, 127.0.0.1, ::1
    QString folder;         // the local CA's files; empty: LocalCa::defaultFolder()
};
