#include "core/capture/capturetls.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace {
void putOptional(QJsonObject &object, QLatin1StringView key, const QString &value)
{
    if (!value.isEmpty())
        object.insert(key, value);
}
} // namespace

QByteArray CaptureTls::toStored() const
{
    if (!used)
        return {};
    QJsonObject object;
    putOptional(object, QLatin1StringView("protocol"), protocol);
    putOptional(object, QLatin1StringView("cipher"), cipher);
    putOptional(object, QLatin1StringView("sni"), sni);
    putOptional(object, QLatin1StringView("clientCertificate"), clientCertificate);
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

CaptureTls CaptureTls::fromStored(const QByteArray &stored)
{
    CaptureTls tls;
    if (stored.isEmpty())
        return tls;
    const QJsonObject object = QJsonDocument::fromJson(stored).object();
    tls.used = true;
    tls.protocol = object.value(QLatin1StringView("protocol")).toString();
    tls.cipher = object.value(QLatin1StringView("cipher")).toString();
    tls.sni = object.value(QLatin1StringView("sni")).toString();
    tls.clientCertificate = object.value(QLatin1StringView("clientCertificate")).toString();
    return tls;
}
