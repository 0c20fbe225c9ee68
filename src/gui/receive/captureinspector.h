#pragma once

#include "core/capture/capture.h"
#include "core/capture/deliveryattempts.h"

#include <QWidget>

#include <memory>

namespace Ui {
class CaptureInspector;
}
class AttemptsView;
class CaptureFormView;
class DeliveriesView;
class JsonHighlighter;
class TextLoader;
class QStandardItemModel;

// Everything about one capture: overview (verdict and why, method, target, peer,
// time, sizes, signature), the header fields in wire order, the decoded query, the
// fields of a form body (a tab shown only for one), the body (pretty JSON, text or hex),
// the raw bytes, the response that was sent, the attempts that share its delivery id, and
// the capture's replays (Deliveries).
// Shows a capture it is given; loading it from the store is the caller's job.
class CaptureInspector final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CaptureInspector)

public:
    enum class BodyMode { Pretty, Text, Hex };
    enum class RawMode { Text, Hex };
    // Above these, the views show the start and say how much is left out: a
    // QPlainTextEdit holding 32 MiB would stall the window. Copy and export give all.
    static constexpr qsizetype kTextLimit = 1024 * 1024;
    static constexpr qsizetype kRawLimit = 256 * 1024;
    static constexpr qsizetype kHexLimit = 64 * 1024;

    explicit CaptureInspector(QWidget *parent = nullptr);
    ~CaptureInspector() override;

    void showCapture(const Capture &capture);
    // No capture: a hint ("Select a request…", "Loading…").
    void showMessage(const QString &text);
    void clear();

    bool hasCapture() const { return m_hasCapture; }
    CaptureFormView *formView() const { return m_form; }
    AttemptsView *attemptsView() const { return m_attempts; }
    // The Attempts tab, for the capture in view (its attempts are the table's to know).
    void showAttempts(const QString &deliveryKey, const QList<DeliveryAttempts::Attempt> &attempts);
    DeliveriesView *deliveriesView() const { return m_deliveries; }
    // Shows the Deliveries tab (after a replay started from the window).
    void showDeliveriesTab();
    const Capture &capture() const { return m_capture; }

    BodyMode bodyMode() const;
    void setBodyMode(BodyMode mode);
    RawMode rawMode() const;
    void setRawMode(RawMode mode);
    QString bodyText() const;
    QString rawText() const;

    // Bytes as readable text: printable ASCII and valid UTF-8 as is, CR, LF and TAB as
    // \r \n \t (LF also breaks the line), anything else as \xHH. *markPosition gets
    // the text position of byte `markOffset` (-1 when it is not shown).
    static QString escapedText(QByteArrayView bytes, qsizetype markOffset = -1, int *markPosition = nullptr);

Q_SIGNALS:
    // Another capture is shown: its replays are to be read (deliveriesView()->setDeliveries).
    void deliveriesWanted(qint64 seq);

private:
    void renderOverview();
    void renderBody();
    void renderRaw();
    void renderResponse();
    void setTabCount(QWidget *tab, const QString &title, qsizetype count);

    std::unique_ptr<Ui::CaptureInspector> m_ui;
    QStandardItemModel *m_headers;
    QStandardItemModel *m_query;
    QStandardItemModel *m_responseHeaders;
    CaptureFormView *m_form;
    AttemptsView *m_attempts;
    DeliveriesView *m_deliveries;
    JsonHighlighter *m_bodyHighlighter;
    JsonHighlighter *m_responseHighlighter;
    // Large bodies go in a slice at a time, so choosing a capture never stalls the window.
    TextLoader *m_bodyLoader;
    TextLoader *m_responseLoader;
    Capture m_capture;
    bool m_hasCapture = false;
};
