#pragma once

#include "core/send/outgoingrequest.h"
#include "core/send/sendresult.h"

#include <QWidget>

#include <memory>

namespace Ui {
class ResponseView;
}
class HeaderListModel;

// The answer half of the Send area: status coloured by class, total time and time to
// first byte, size, the body (pretty JSON, raw text, or hex for binary), the response
// headers, and the request exactly as sent. Failures are said in plain words.
class ResponseView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ResponseView)

public:
    enum class BodyView { Pretty, Raw, Hex };

    explicit ResponseView(QWidget *parent = nullptr);
    ~ResponseView() override;

    void showSending(const QString &what);
    // The composer refused to send (its error is shown there): marks a shown answer as the previous one.
    void showNotSent();
    void showResult(const OutgoingRequest &request, const SendResult &result);
    // Nothing shown; `note` (a tab's last answer from before a restart) instead of the usual hint.
    void clear(const QString &note = {});

    bool hasResult() const { return m_hasResult; }
    const SendResult &result() const { return m_result; }
    QString statusText() const;
    QString bodyText() const;
    BodyView bodyView() const;
    void setBodyView(BodyView view);

    // The colour used for a status class: 2xx green, 3xx blue, 4xx orange, 5xx and failures red.

private:
    void renderBody();

    std::unique_ptr<Ui::ResponseView> m_ui;
    HeaderListModel *m_headers;
    SendResult m_result;
    bool m_hasResult = false;
    bool m_userPickedView = false;
};
