#pragma once

#include <QDialog>
#include <QPair>

#include <memory>

namespace Ui {
class PreferencesDialog;
}

// File > Preferences (Ctrl+,): the listener's default bind address and port and its body
// limit, how long captures are kept, the theme and the JSON editors' font. It reads and writes
// AppSettings only; the window applies what was accepted (ListenerPanel::applySettings,
// JsonEditor::applyPreferredFont, Theme::apply). A bad address, or a port that cannot be bound, is said
// under the fields and OK waits until it is fixed.
class PreferencesDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PreferencesDialog)

public:
    // `runningPort`: the port the application's listener holds now (0: none), which is not
    // reported as taken.
    explicit PreferencesDialog(quint16 runningPort, QWidget *parent = nullptr);
    ~PreferencesDialog() override;

    // What is wrong with the fields now, in words; empty when they can be saved.
    QString problem() const;

    void accept() override;

private:
    void load();
    void save() const;
    void validate();

    std::unique_ptr<Ui::PreferencesDialog> m_ui;
    quint16 m_runningPort;
    QPair<QString, int> m_loadedFont; // family and size as shown when opened
};
