#include "core/app/appsettings.h"

#include "core/listener/listenerlimits.h"

#include <QUrl>

namespace {
const QString kGeometry = QStringLiteral("window/geometry");
const QString kState = QStringLiteral("window/state");
const QString kSplitter = QStringLiteral("window/splitter");
const QString kWorkArea = QStringLiteral("window/workArea");
const QString kListenerAddress = QStringLiteral("listener/address");
const QString kListenerPort = QStringLiteral("listener/port");
const QString kListenerTls = QStringLiteral("listener/tls");
const QString kListenerTlsNames = QStringLiteral("listener/tlsNames");
const QString kResponseStatuses = QStringLiteral("listener/responseStatuses");
const QString kResponseDelay = QStringLiteral("listener/responseDelayMs");
const QString kResponseHeaders = QStringLiteral("listener/responseHeaders");
const QString kResponseBody = QStringLiteral("listener/responseBody");
const QString kResponseRules = QStringLiteral("listener/responseRules");
const QString kVerifyScheme = QStringLiteral("listener/verifyScheme");
const QString kTeamInboxUri = QStringLiteral("captures/teamInboxUri");
const QString kRetentionCount = QStringLiteral("captures/retentionCount");
const QString kHistoryLimit = QStringLiteral("history/limit");
const QString kCaptureTableEvents = QStringLiteral("receive/tableShowsEvents");
const QString kRetentionDays = QStringLiteral("captures/retentionDays");
const QString kOpenCollections = QStringLiteral("collections/openFiles");
const QString kActiveEnvironment = QStringLiteral("collections/activeEnvironment");
const QString kMaxBodyBytes = QStringLiteral("listener/maxBodyBytes");
const QString kEditorFont = QStringLiteral("editor/font");
const QString kTheme = QStringLiteral("window/theme");
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
    // A first run opens on Receive, whose empty state says how to get a first webhook in.
    return m_settings.value(kWorkArea, 1).toInt();
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

bool AppSettings::listenerTls() const
{
    return m_settings.value(kListenerTls, false).toBool();
}

void AppSettings::setListenerTls(bool tls)
{
    m_settings.setValue(kListenerTls, tls);
}

QString AppSettings::listenerTlsNames() const
{
    return m_settings.value(kListenerTlsNames).toString();
}

void AppSettings::setListenerTlsNames(const QString &names)
{
    m_settings.setValue(kListenerTlsNames, names);
}

QString AppSettings::listenerResponseStatuses() const
{
    return m_settings.value(kResponseStatuses, QStringLiteral("200")).toString();
}

void AppSettings::setListenerResponseStatuses(const QString &statuses)
{
    m_settings.setValue(kResponseStatuses, statuses);
}

int AppSettings::listenerResponseDelayMs() const
{
    return qMax(0, m_settings.value(kResponseDelay, 0).toInt());
}

void AppSettings::setListenerResponseDelayMs(int delayMs)
{
    m_settings.setValue(kResponseDelay, delayMs);
}

QString AppSettings::listenerResponseHeaders() const
{
    return m_settings.value(kResponseHeaders).toString();
}

void AppSettings::setListenerResponseHeaders(const QString &headers)
{
    m_settings.setValue(kResponseHeaders, headers);
}

QByteArray AppSettings::listenerResponseBody() const
{
    return m_settings.value(kResponseBody).toByteArray();
}

void AppSettings::setListenerResponseBody(const QByteArray &body)
{
    m_settings.setValue(kResponseBody, body);
}

QByteArray AppSettings::listenerResponseRules() const
{
    return m_settings.value(kResponseRules).toByteArray();
}

void AppSettings::setListenerResponseRules(const QByteArray &rules)
{
    m_settings.setValue(kResponseRules, rules);
}

QString AppSettings::listenerVerifyScheme() const
{
    return m_settings.value(kVerifyScheme).toString();
}

void AppSettings::setListenerVerifyScheme(const QString &scheme)
{
    m_settings.setValue(kVerifyScheme, scheme);
}

namespace {
QString forwardKey(const QString &listener, QLatin1StringView name)
{
    // Addresses hold ':' (and IPv6 ones several), which INI keys do not keep as they are.
    return QStringLiteral("listener/forward/") + QString::fromLatin1(QUrl::toPercentEncoding(listener)) + u'/' + name;
}
} // namespace

bool AppSettings::hasListenerForward(const QString &listener) const
{
    return m_settings.contains(forwardKey(listener, QLatin1StringView("url")));
}

QString AppSettings::listenerForwardUrl(const QString &listener) const
{
    return m_settings.value(forwardKey(listener, QLatin1StringView("url"))).toString();
}

QString AppSettings::listenerForwardMode(const QString &listener) const
{
    return m_settings.value(forwardKey(listener, QLatin1StringView("mode")), QStringLiteral("rule")).toString();
}

void AppSettings::setListenerForward(const QString &listener, const QString &url, const QString &mode)
{
    m_settings.setValue(forwardKey(listener, QLatin1StringView("url")), url);
    m_settings.setValue(forwardKey(listener, QLatin1StringView("mode")), mode);
}

namespace {
QString replayKey(const QString &listener, QLatin1StringView name)
{
    return QStringLiteral("listener/replay/") + QString::fromLatin1(QUrl::toPercentEncoding(listener)) + u'/' + name;
}
} // namespace

QString AppSettings::replayUrl(const QString &listener) const
{
    return m_settings.value(replayKey(listener, QLatin1StringView("url"))).toString();
}

QString AppSettings::replayScheme(const QString &listener) const
{
    return m_settings.value(replayKey(listener, QLatin1StringView("scheme"))).toString();
}

void AppSettings::setReplay(const QString &listener, const QString &url, const QString &scheme)
{
    m_settings.setValue(replayKey(listener, QLatin1StringView("url")), url);
    m_settings.setValue(replayKey(listener, QLatin1StringView("scheme")), scheme);
}

QString AppSettings::teamInboxUri() const
{
    return m_settings.value(kTeamInboxUri).toString();
}

void AppSettings::setTeamInboxUri(const QString &uri)
{
    m_settings.setValue(kTeamInboxUri, uri);
}

int AppSettings::historyLimit() const
{
    return qMax(0, m_settings.value(kHistoryLimit, 0).toInt());
}

void AppSettings::setHistoryLimit(int count)
{
    m_settings.setValue(kHistoryLimit, count);
}

bool AppSettings::captureTableShowsEvents() const
{
    return m_settings.value(kCaptureTableEvents, false).toBool();
}

void AppSettings::setCaptureTableShowsEvents(bool events)
{
    m_settings.setValue(kCaptureTableEvents, events);
}

int AppSettings::captureRetentionCount() const
{
    return qMax(0, m_settings.value(kRetentionCount, 0).toInt());
}

void AppSettings::setCaptureRetentionCount(int count)
{
    m_settings.setValue(kRetentionCount, count);
}

int AppSettings::captureRetentionDays() const
{
    return qMax(0, m_settings.value(kRetentionDays, 0).toInt());
}

void AppSettings::setCaptureRetentionDays(int days)
{
    m_settings.setValue(kRetentionDays, days);
}

qint64 AppSettings::listenerMaxBodyBytes() const
{
    const qint64 bytes = m_settings.value(kMaxBodyBytes, ListenerLimits().maxBodyBytes).toLongLong();
    return bytes > 0 ? bytes : ListenerLimits().maxBodyBytes;
}

void AppSettings::setListenerMaxBodyBytes(qint64 bytes)
{
    m_settings.setValue(kMaxBodyBytes, bytes);
}

QString AppSettings::editorFont() const
{
    return m_settings.value(kEditorFont).toString();
}

void AppSettings::setEditorFont(const QString &font)
{
    m_settings.setValue(kEditorFont, font);
}

QString AppSettings::theme() const
{
    return m_settings.value(kTheme, QStringLiteral("system")).toString();
}

void AppSettings::setTheme(const QString &theme)
{
    m_settings.setValue(kTheme, theme);
}

QStringList AppSettings::openCollectionFiles() const
{
    return m_settings.value(kOpenCollections).toStringList();
}

void AppSettings::setOpenCollectionFiles(const QStringList &paths)
{
    m_settings.setValue(kOpenCollections, paths);
}

QString AppSettings::activeEnvironment() const
{
    return m_settings.value(kActiveEnvironment).toString();
}

void AppSettings::setActiveEnvironment(const QString &name)
{
    m_settings.setValue(kActiveEnvironment, name);
}

void AppSettings::sync()
{
    m_settings.sync();
}
