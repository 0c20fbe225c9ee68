#pragma once

#include "core/collections/endpointprofile.h"
#include "core/send/requestdraft.h"

#include <QWidget>

#include <functional>
#include <memory>
#include <optional>

namespace Ui {
class ComposerWidget;
}
class JsonEditor;
class FormBodyEditor;
class KeyValueTableModel;
class QAction;
class QMenu;
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

    // The endpoint profile the loaded request is bound to ("" : none; profile null when the
    // collection has no profile of that name). Shown next to the URL; draftToSend() applies
    // it. setDraft() leaves it: the binding belongs to the saved request, not to the fields.
    void setBoundProfile(const QString &name, const EndpointProfile *profile);
    QString boundProfileName() const { return m_profileName; }
    // What Send puts on the wire: draft() with the bound profile applied, as `hookbench run`
    // and Copy as cURL do; false with *error when the profile is missing.
    bool draftToSend(RequestDraft *out, QString *error) const;

    // Fills the whole composer from a cURL command line (what a paste into the URL field
    // does). On success a notice says what happened and offers Undo; otherwise the importer's
    // error is shown and nothing changes.
    bool importCurl(const QString &commandLine);

    void setUrl(const QString &url);
    // Fills the body from a shipped sample (JSON mode); returns false if unknown.
    bool loadSample(const QString &id);
    // A sample as its provider would deliver it: body, POST, and the provider's signing.
    void applyProviderEvent(const Sample &sample, const QString &secret);

    // While a request is in flight: Send off, Cancel on.
    void setBusy(bool busy);
    bool isBusy() const { return m_busy; }
    // Ctrl+Enter and Esc (while sending): window-wide while the composer is in view.
    QAction *sendAction() const { return m_sendAction; }
    QAction *cancelAction() const { return m_cancelAction; }
    // The URL field, focused with its text selected (Ctrl+L).
    void focusUrl();
    // A problem that stopped the send, in words, under the URL; empty hides it.
    void showError(const QString &message);
    // Something worth knowing that is not a problem (a pasted cURL command), under the URL.
    void showNotice(const QString &html);

    JsonEditor *bodyEditor() const;
    KeyValueTableModel *headersModel() const { return m_headers; }
    KeyValueTableModel *queryModel() const { return m_query; }
    KeyValueTableModel *formModel() const { return m_form; }
    FormBodyEditor *multipartEditor() const { return m_multipart; }

Q_SIGNALS:
    void sendRequested();
    void cancelRequested();
    void repeatRequested();
    void simulateRequested();
    // A sample was picked from More ▸ Samples: whoever holds the tabs opens it in a new one.
    void sampleRequested(const QString &sampleId);
    // The bound profile's name was clicked beside the URL: its editor is wanted.
    void boundProfileActivated();
    // A field that draft() reads changed, so draft() may now differ: typed, picked or pasted
    // by the user, a table row added, edited, switched or removed, a sample or a provider
    // event loaded, a cURL command imported or its import undone, setUrl(). Once per change,
    // however many fields it touched. Not emitted by setDraft(): whoever replaces the whole
    // draft knows it did (and can take draft() as its new reference at once).
    void draftChanged();

private:
    void buildMoreMenu();
    void onBodyModeChanged();
    void onAuthTypeChanged();
    void onSigningSchemeChanged();
    void onUrlEdited();
    void onUrlTextEdited(const QString &text);
    void undoCurlImport();
    void onQueryEdited();
    void onBodyValidated();
    void updateTlsWarning();
    void connectDraftChanges();
    // Emits draftChanged(), or holds it while a change to several fields runs (see below).
    void noteDraftChanged();
    // Runs `change` as one edit: draftChanged() at most once, at the end.
    void changeAsOneEdit(const std::function<void()> &change);

    std::unique_ptr<Ui::ComposerWidget> m_ui;
    KeyValueTableModel *m_headers;
    KeyValueTableModel *m_query;
    KeyValueTableModel *m_form;
    FormBodyEditor *m_multipart;
    QAction *m_sendAction;
    QAction *m_cancelAction;
    QMenu *m_moreMenu = nullptr;
    bool m_busy = false;
    bool m_syncingQuery = false;
    int m_settingDraft = 0; // inside setDraft(): no draftChanged()
    int m_oneEdit = 0;      // inside changeAsOneEdit()
    bool m_draftChangedHeld = false;
    // Each auth mode keeps what was typed for it, so switching modes loses nothing.
    QString m_bearerToken;
    QString m_basicUser;
    QString m_basicPassword;
    QString m_apiKeyName = QStringLiteral("X-API-Key");
    QString m_apiKeyValue;
    int m_authMode = 0;
    QString m_urlShown; // the URL field now, and before its latest change
    QString m_urlBefore;
    std::optional<RequestDraft> m_beforeCurl; // what Undo brings back after a cURL import
    QString m_profileName;
    std::optional<EndpointProfile> m_profile;
};
