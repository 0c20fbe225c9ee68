#include "core/tls/trustcommands.h"

QString TrustCommands::shellQuoted(const QString &text)
{
    QString quoted = text;
    quoted.replace(QLatin1Char('\''), QLatin1String("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

QList<TrustCommands::Command> TrustCommands::forCa(const QString &caCertificateFile, const QUrl &listenerUrl)
{
    const QString ca = shellQuoted(caCertificateFile);
    const QString url = shellQuoted(listenerUrl.toString());
    return {
        {QStringLiteral("curl"), QStringLiteral("curl --cacert %1 %2").arg(ca, url)},
        // Replaces requests' own CA bundle for that shell: other https sites then fail to verify.
        {QStringLiteral("Python requests"), QStringLiteral("export REQUESTS_CA_BUNDLE=%1").arg(ca)},
        {QStringLiteral("Node.js"), QStringLiteral("export NODE_EXTRA_CA_CERTS=%1").arg(ca)},
        {QStringLiteral("System store (Debian, Ubuntu)"),
         QStringLiteral("sudo cp %1 /usr/local/share/ca-certificates/hookbench-local-ca.crt && sudo "
                        "update-ca-certificates")
             .arg(ca)},
    };
}
