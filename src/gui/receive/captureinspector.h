#pragma once

#include "core/capture/capture.h"

#include <QWidget>

#include <memory>

namespace Ui {
class CaptureInspector;
}
class CaptureFormView;
class JsonHighlighter;
class TextLoader;
class QStandardItemModel;

// Everything about one capture: overview (verdict and why, method, target, peer,
// time, sizes, signature), the header fields in wire order, the decoded query, the
// fields of a form body (a tab shown only for one), the body (pretty JSON, text or hex),
// the raw bytes, and the response that was sent.
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
    JsonHighlighter *m_bodyHighlighter;
    JsonHighlighter *m_responseHighlighter;
    // Large bodies go in a slice at a time, so choosing a capture never stalls the window.
    TextLoader *m_bodyLoader;
    TextLoader *m_responseLoader;
    Capture m_capture;
    bool m_hasCapture = false;
};
