#pragma once

#include "requestdraft.h"

#include <QWidget>

#include <memory>

namespace Ui {
class ComposerWidget;
}
class JsonEditor;
class KeyValueTableModel;
class QMenu;
class QTableView;
struct Sample;

// The request half of the Send area: method, URL, Send/Cancel, and the Body,
// Headers, Query, Auth, Signing and Options tabs. It edits a RequestDraft and asks
// for sends through signals; it never touches the network itself.
class ComposerWidget final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ComposerWidget)

public:
    explicit ComposerWidget(QWidget *parent = nullptr);
    ~ComposerWidget() override;

    RequestDraft draft() const;
    void setDraft(const RequestDraft &draft);

    void setUrl(const QString &url);
    // Fills the body from a shipped sample (JSON mode); returns false if unknown.
    bool loadSample(const QString &id);
    // A sample as its provider would deliver it: body, POST, and the provider's signing.
    void applyProviderEvent(const Sample &sample, const QString &secret);

    // While a request is in flight: Send off, Cancel on.
    void setBusy(bool busy);
    bool isBusy() const { return m_busy; }
    // A problem that stopped the send, in words, under the URL; empty hides it.
    void showError(const QString &message);

    JsonEditor *bodyEditor() const;
    KeyValueTableModel *headersModel() const { return m_headers; }
    KeyValueTableModel *queryModel() const { return m_query; }
    KeyValueTableModel *formModel() const { return m_form; }

Q_SIGNALS:
    void sendRequested();
    void cancelRequested();
    void repeatRequested();
    void simulateRequested();

private:
    void setUpTable(QTableView *view, KeyValueTableModel *model);
    void buildMoreMenu();
    void onBodyModeChanged();
    void onAuthTypeChanged();
    void onSigningSchemeChanged();
    void onUrlEdited();
    void onQueryEdited();
    void onBodyValidated();
    void updateTlsWarning();

    std::unique_ptr<Ui::ComposerWidget> m_ui;
    KeyValueTableModel *m_headers;
    KeyValueTableModel *m_query;
    KeyValueTableModel *m_form;
    QMenu *m_moreMenu = nullptr;
    bool m_busy = false;
    bool m_syncingQuery = false;
    // Each auth mode keeps what was typed for it, so switching modes loses nothing.
    QString m_bearerToken;
    QString m_basicUser;
    QString m_basicPassword;
    QString m_apiKeyName = QStringLiteral("X-API-Key");
    QString m_apiKeyValue;
    int m_authMode = 0;
};
