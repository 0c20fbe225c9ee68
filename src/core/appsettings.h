#pragma once

#include <QByteArray>
#include <QSettings>

// The one typed layer over QSettings: every preference has a getter, a setter
// and a default here, so keys are never spelled twice. User data (captures,
// collections, history) never goes here; it lives under AppDataLocation.
class AppSettings final
{
public:
    AppSettings();

    QByteArray mainWindowGeometry() const;
    void setMainWindowGeometry(const QByteArray &geometry);

    QByteArray mainWindowState() const;
    void setMainWindowState(const QByteArray &state);

    QByteArray mainSplitterState() const;
    void setMainSplitterState(const QByteArray &state);

    int currentWorkArea() const;
    void setCurrentWorkArea(int index);

    QString listenerAddress() const;
    void setListenerAddress(const QString &address);

    quint16 listenerPort() const;
    void setListenerPort(quint16 port);

    void sync();

private:
    QSettings m_settings;
};
