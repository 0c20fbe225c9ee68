#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantMap>

using TemplateVariables = QHash<QString, QString>;

// Where a template cannot be expanded and why. Nothing is sent with a hole in it.
struct TemplateError {
    QString name;          // the unknown variable as written, e.g. "user_id" or "$uuidd"
    qsizetype offset = -1; // where its "{{" starts: bytes for QByteArray input, QChars for QString input
    int line = 0;          // 1-based
    int column = 0;        // 1-based, in characters
    QString message;       // "unknown variable 'user_id'"

    bool isError() const { return offset >= 0; }
    QString toString() const; // "line 1, column 9: unknown variable 'user_id'"
};

// Expands {{name}} and the built-ins {{$uuid}}, {{$timestamp}} (Unix seconds),
// {{$timestampMs}}, {{$isoTimestamp}} (UTC, ms, "Z") and {{$randomInt}} (0..1000, as
// Postman). Spaces inside the braces are allowed ({{ name }}). Text that is not a
// well-formed placeholder ("{{", "{{not a name}}") stays as it is, so JSON holding
// "{{" in a string is not mangled; a well-formed placeholder naming nothing known
// is an error. Values are inserted as they are, never expanded again.
class TemplateEngine final
{
public:
    TemplateEngine() = default;
    explicit TemplateEngine(const TemplateVariables &variables);

    void setVariables(const TemplateVariables &variables);
    void setVariable(const QString &name, const QString &value);
    const TemplateVariables &variables() const { return m_variables; }

    // One request is expanded against one instant, so a timestamp in a header and one in
    // the body agree. An invalid QDateTime (the default) reads the clock on every call.
    void setNow(const QDateTime &now) { m_now = now; }
    QDateTime now() const { return m_now; }

    QByteArray expand(QByteArrayView utf8, TemplateError *error = nullptr) const;
    QByteArray expand(const QByteArray &utf8, TemplateError *error = nullptr) const
    {
        return expand(QByteArrayView(utf8), error);
    }
    QString expand(const QString &text, TemplateError *error = nullptr) const;

    struct Placeholder {
        qsizetype offset = 0; // of "{{", in QChars
        qsizetype length = 0; // up to and including "}}"
        QString name;         // without braces and spaces
        bool builtin = false; // starts with '$'
    };
    // Every well-formed placeholder in text, known or not (for highlighting).
    static QList<Placeholder> placeholders(QStringView text);
    static QStringList builtinNames(); // "$uuid", "$timestamp", ...
    bool isKnown(const QString &name) const;

    // Variables from a JSON object: strings as they are; numbers, booleans and null as
    // their JSON text; arrays and objects as compact JSON. false + *error otherwise.
    static bool variablesFromJson(QByteArrayView json, TemplateVariables *variables, QString *error);
    static TemplateVariables variablesFromMap(const QVariantMap &map);

private:
    TemplateVariables m_variables;
    QDateTime m_now;
};
