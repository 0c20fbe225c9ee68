#pragma once

#include <QList>
#include <QString>
#include <QUrl>

// Ready commands that make a client trust Hookbench's local CA, for the Receive area's
// copy menu and the docs.
namespace TrustCommands {
struct Command {
    QString label; // "curl"
    QString text;  // what goes to the clipboard
};
QList<Command> forCa(const QString &caCertificateFile, const QUrl &listenerUrl);
QString shellQuoted(const QString &text); // POSIX sh single quotes
} // namespace TrustCommands
