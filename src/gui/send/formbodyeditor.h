#pragma once

#include "core/send/formfield.h"

#include <QWidget>

#include <memory>

namespace Ui {
class FormBodyEditor;
}

// The composer's multipart/form-data fields: text fields and files (read when sent), each
// with its own Content-Type and an on/off check. A widget of its own so that the composer
// only switches to it.
class FormBodyEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FormBodyEditor)

public:
    explicit FormBodyEditor(QWidget *parent = nullptr);
    ~FormBodyEditor() override;

    FormFields fields() const;
    void setFields(const FormFields &fields); // does not emit edited()

Q_SIGNALS:
    void edited();

private:
    void appendRow(const FormField &field);
    void addFile();

    std::unique_ptr<Ui::FormBodyEditor> m_ui;
    bool m_filling = false;
};
