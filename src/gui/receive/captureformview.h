#pragma once

#include "core/http/formbody.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QStandardItemModel;
class QTableView;

// The fields of a received form body (urlencoded or multipart) as a table: name, value
// or file name, size, Content-Type; the selected field's bytes below as text or hex.
// The inspector's Body tab keeps the raw body.
class CaptureFormView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CaptureFormView)

public:
    enum Column { Name, Value, Size, ContentType };

    explicit CaptureFormView(QWidget *parent = nullptr);

    // Returns whether the body is a form (the tab is shown only then).
    bool showBody(QByteArrayView contentType, QByteArrayView body);
    const FormBody::Decoded &decoded() const { return m_decoded; }
    QTableView *table() const { return m_table; }
    QString partText() const;
    void setHex(bool hex);

private:
    void renderPart();

    FormBody::Decoded m_decoded;
    QStandardItemModel *m_model;
    QTableView *m_table;
    QLabel *m_problem;
    QComboBox *m_partMode;
    QPlainTextEdit *m_partView;
};
