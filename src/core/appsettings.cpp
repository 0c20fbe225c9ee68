#include "appsettings.h"

namespace {
const QString kGeometry = QStringLiteral("window/geometry");
const QString kState = QStringLiteral("window/state");
const QString kSplitter = QStringLiteral("window/splitter");
const QString kWorkArea = QStringLiteral("window/workArea");
const QString kListenerAddress = QStringLiteral("listener/address");
const QString kListenerPort = QStringLiteral("listener/port");
} // namespace

AppSettings::AppSettings() = default;

QByteArray AppSettings::mainWindowGeometry() const
{
    return m_settings.value(kGeometry).toByteArray();
}

void AppSettings::setMainWindowGeometry(const QByteArray &geometry)
{
    m_settings.setValue(kGeometry, geometry);
}

QByteArray AppSettings::mainWindowState() const
{
    return m_settings.value(kState).toByteArray();
}

void AppSettings::setMainWindowState(const QByteArray &state)
{
    m_settings.setValue(kState, state);
}

QByteArray AppSettings::mainSplitterState() const
{
    return m_settings.value(kSplitter).toByteArray();
}

void AppSettings::setMainSplitterState(const QByteArray &state)
{
    m_settings.setValue(kSplitter, state);
}

int AppSettings::currentWorkArea() const
{
    return m_settings.value(kWorkArea, 0).toInt();
}

void AppSettings::setCurrentWorkArea(int index)
{
    m_settings.setValue(kWorkArea, index);
}

QString AppSettings::listenerAddress() const
{
    return m_settings.value(kListenerAddress, QStringLiteral("127.0.0.1")).toString();
}

void AppSettings::setListenerAddress(const QString &address)
{
    m_settings.setValue(kListenerAddress, address);
}

quint16 AppSettings::listenerPort() const
{
    return static_cast<quint16>(m_settings.value(kListenerPort, 8765).toUInt());
}

void AppSettings::setListenerPort(quint16 port)
{
    m_settings.setValue(kListenerPort, port);
}

void AppSettings::sync()
{
    m_settings.sync();
}
