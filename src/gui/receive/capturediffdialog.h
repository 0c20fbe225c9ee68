#pragma once

#include "core/capture/capture.h"
#include "core/capture/capturediff.h"

#include <QDialog>

class QCheckBox;
class QLabel;
class QTreeWidget;

// Two captures side by side as their differences: the request line and query, the headers
// by name, and the body — JSON structurally (key order ignored), anything else line by line.
// Not modal, so the table stays usable while it is open.
class CaptureDiffDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CaptureDiffDialog)

public:
    CaptureDiffDialog(const Capture &first, const Capture &second, QWidget *parent = nullptr);

    const CaptureDiff::Result &result() const { return m_result; }
    QTreeWidget *tree() const { return m_tree; }
    QString summaryText() const;
    // Unchanged fields and lines are hidden until asked for, so the differences stand out.
    void setShowUnchanged(bool show);

private:
    void fill();

    CaptureDiff::Result m_result;
    QLabel *m_summary;
    QCheckBox *m_showUnchanged;
    QTreeWidget *m_tree;
};
