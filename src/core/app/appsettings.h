#pragma once

#include <QByteArray>
#include <QSettings>
#include <QStringList>

// The one typed layer over QSettings: every preference has a getter, a setter
// and a default here, so keys are never spelled twice. User data (captures,
// collections, history) never goes here; it lives in the data folder (DataPaths).
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

    int currentWorkArea() const; // 0 Send, 1 Receive (the default)
    void setCurrentWorkArea(int index);

    QString listenerAddress() const;
    void setListenerAddress(const QString &address);

    quint16 listenerPort() const;
    void setListenerPort(quint16 port);

    // HTTPS with Hookbench's local CA, and the names its certificate adds ("a.test, 10.0.0.2").
    bool listenerTls() const;
    void setListenerTls(bool tls);
    QString listenerTlsNames() const;
    void setListenerTlsNames(const QString &names);

    // The listener's default answer, as the Receive area edits it.
    QString listenerResponseStatuses() const; // "200" or a sequence "500,500,200"
    void setListenerResponseStatuses(const QString &statuses);
    int listenerResponseDelayMs() const;
    void setListenerResponseDelayMs(int delayMs);
    QString listenerResponseHeaders() const; // "Name: value" lines
    void setListenerResponseHeaders(const QString &headers);
    QByteArray listenerResponseBody() const;
    void setListenerResponseBody(const QByteArray &body);
    QByteArray listenerResponseRules() const; // the Receive area's rules, as it writes them (JSON)
    void setListenerResponseRules(const QByteArray &rules);
    QString listenerVerifyScheme() const; // empty: signatures are not checked (the secret is never stored)
    void setListenerVerifyScheme(const QString &scheme);
    // Live forwarding, remembered per listener (`listener` names it: "127.0.0.1:8765"): the
    // target URL (empty: off) and the mode ("rule" or "proxy").
    bool hasListenerForward(const QString &listener) const;
    QString listenerForwardUrl(const QString &listener) const;
    QString listenerForwardMode(const QString &listener) const;
    void setListenerForward(const QString &listener, const QString &url, const QString &mode);

    // Replay from the window, remembered per listener like the forward target: the URL
    // captures were last replayed to ("": none yet) and the scheme they were signed with afresh
    // ("": sent as captured). Secrets go to the secret store, never here.
    QString replayUrl(const QString &listener) const;
    QString replayScheme(const QString &listener) const;
    void setReplay(const QString &listener, const QString &url, const QString &scheme);

    // The largest request body a listener takes (larger: 413), from Preferences.
    qint64 listenerMaxBodyBytes() const;
    void setListenerMaxBodyBytes(qint64 bytes);

    // The JSON editors' font as QFont::toString() writes it; "" for the system's fixed font.
    QString editorFont() const;
    void setEditorFont(const QString &font);

    // "system" (the default: follow the desktop), "light" or "dark".
    QString theme() const;
    void setTheme(const QString &theme);

    // Capture retention: keep the newest N (0: all) and those younger than N days (0: forever).
    // The Receive table shows one row per event (delivery id) rather than every attempt.
    bool captureTableShowsEvents() const;
    // History keeps the newest N sends (0: all of them), from Preferences.
    int historyLimit() const;
    void setHistoryLimit(int count);
    void setCaptureTableShowsEvents(bool events);

    int captureRetentionCount() const;
    void setCaptureRetentionCount(int count);
    int captureRetentionDays() const;
    void setCaptureRetentionDays(int days);

    // The team inbox the window last connected to (a postgresql:// URI without its password,
    // which the secret store keeps); "" for the local capture store.
    QString teamInboxUri() const;
    void setTeamInboxUri(const QString &uri);

    // Collection files opened from other folders (a git checkout), reopened at start.
    QStringList openCollectionFiles() const;
    void setOpenCollectionFiles(const QStringList &paths);

    // The environment templates are expanded with, by name ("": none). Environments belong
    // to collections, so the name is kept and applies wherever the selected collection has it.
    QString activeEnvironment() const;
    void setActiveEnvironment(const QString &name);

    void sync();

private:
    QSettings m_settings;
};
