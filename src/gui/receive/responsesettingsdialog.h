#pragma once

#include "core/listener/responsepolicy.h"

#include <QDialog>

#include <memory>

namespace Ui {
class ResponseSettingsDialog;
}

// A rule as the user edits it: statuses as typed ("500,500,200"), the body as text.
struct ResponseRuleSettings {
    QString method; // empty: any
    QString path;   // glob; empty: any
    QString statuses = QStringLiteral("200");
    int delayMs = 0;
    bool closeWithoutAnswer = false;
    QByteArray body;
};

// The listener's answers as the Receive area edits them; toPolicy() turns them into
// the core's ResponsePolicy or says, in words, what is wrong.
struct ResponseSettings {
    QString statuses = QStringLiteral("200");
    int delayMs = 0;
    bool closeWithoutAnswer = false;
    QString headers; // "Name: value" per line
    QByteArray body;
    QList<ResponseRuleSettings> rules;

    bool toPolicy(ResponsePolicy *policy, QString *error) const;
    // The rules as kept in the settings (a JSON array), so they survive a restart.
    static QByteArray rulesToJson(const QList<ResponseRuleSettings> &rules);
    static QList<ResponseRuleSettings> rulesFromJson(const QByteArray &json);
    // "Name: value" lines to header fields; blank lines are skipped.
    static bool parseHeaders(const QString &text, HeaderList *headers, QString *error);
};

// Edits what the default answer does not show inline: its headers and body, the
// rules (method + path glob, first match wins), and how long captures are kept.
class ResponseSettingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ResponseSettingsDialog)

public:
    explicit ResponseSettingsDialog(QWidget *parent = nullptr);
    ~ResponseSettingsDialog() override;

    // The inline fields (statuses, delay, close) come from the panel and go back unchanged.
    void setSettings(const ResponseSettings &settings);
    ResponseSettings settings() const;

    void setRetention(int maxCount, int maxAgeDays);
    int retentionCount() const;
    int retentionDays() const;

    void addRule(const ResponseRuleSettings &rule = {});

public Q_SLOTS:
    void accept() override; // only when everything parses; otherwise says what is wrong

private:
    void removeSelectedRule();
    void moveSelectedRule(int delta);
    ResponseRuleSettings ruleAt(int row) const;
    void setRuleAt(int row, const ResponseRuleSettings &rule);

    std::unique_ptr<Ui::ResponseSettingsDialog> m_ui;
    ResponseSettings m_inline;
};
