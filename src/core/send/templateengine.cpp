#include "core/send/templateengine.h"

#include "core/json/jsontools.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QUuid>

namespace {

constexpr bool isNameStart(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

constexpr bool isNameChar(char c)
{
    return isNameStart(c) || (c >= '0' && c <= '9') || c == '.' || c == '-';
}

constexpr bool isBlank(char c)
{
    return c == ' ' || c == '\t';
}

struct Match {
    qsizetype end = -1; // one past "}}"
    qsizetype nameBegin = 0;
    qsizetype nameEnd = 0;
};

// A well-formed placeholder starting at `at` ("{{"), or end == -1. Templated on the
// character type so the QString scanner for highlighting shares the grammar.
template <typename View> Match matchAt(View text, qsizetype at)
{
    const qsizetype size = text.size();
    auto ch = [&](qsizetype i) -> char {
        const auto c = text[i];
        if constexpr (std::is_same_v<View, QStringView>)
            return c.unicode() < 0x80 ? char(c.unicode()) : '\x01';
        else
            return c;
    };
    Match m;
    qsizetype i = at + 2;
    while (i < size && isBlank(ch(i)))
        ++i;
    m.nameBegin = i;
    if (i < size && ch(i) == '$')
        ++i;
    if (i >= size || !isNameStart(ch(i)))
        return m;
    while (i < size && isNameChar(ch(i)))
        ++i;
    m.nameEnd = i;
    while (i < size && isBlank(ch(i)))
        ++i;
    if (i + 1 < size && ch(i) == '}' && ch(i + 1) == '}')
        m.end = i + 2;
    return m;
}

QByteArray builtinValue(QByteArrayView name, const QDateTime &now, bool *known)
{
    *known = true;
    if (name == "$uuid")
        return QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
    if (name == "$timestamp")
        return QByteArray::number(now.toSecsSinceEpoch());
    if (name == "$timestampMs")
        return QByteArray::number(now.toMSecsSinceEpoch());
    if (name == "$isoTimestamp")
        return now.toUTC().toString(Qt::ISODateWithMs).toLatin1();
    if (name == "$randomInt")
        return QByteArray::number(QRandomGenerator::global()->bounded(1001));
    *known = false;
    return {};
}

void lineAndColumn(QByteArrayView utf8, qsizetype offset, int *line, int *column)
{
    int l = 1;
    qsizetype lineStart = 0;
    for (qsizetype i = 0; i < offset && i < utf8.size(); ++i) {
        if (utf8[i] == '\n') {
            ++l;
            lineStart = i + 1;
        }
    }
    int characters = 0;
    for (qsizetype i = lineStart; i < offset && i < utf8.size(); ++i) {
        if ((uchar(utf8[i]) & 0xC0) != 0x80) // count sequence starts, not continuation bytes
            ++characters;
    }
    *line = l;
    *column = characters + 1;
}

QString jsonValueText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return QStringLiteral("null");
    case QJsonValue::Double: {
        const double d = value.toDouble();
        if (d == double(qint64(d)) && qAbs(d) < 9007199254740992.0)
            return QString::number(qint64(d));
        return QString::number(d, 'g', 17);
    }
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    }
    return {};
}

} // namespace

QString TemplateError::toString() const
{
    if (!isError())
        return {};
    return QStringLiteral("line %1, column %2: %3").arg(line).arg(column).arg(message);
}

TemplateEngine::TemplateEngine(const TemplateVariables &variables)
    : m_variables(variables)
{ }

void TemplateEngine::setVariables(const TemplateVariables &variables)
{
    m_variables = variables;
}

void TemplateEngine::setVariable(const QString &name, const QString &value)
{
    m_variables.insert(name, value);
}

QByteArray TemplateEngine::expand(QByteArrayView utf8, TemplateError *error) const
{
    if (error)
        *error = {};
    qsizetype at = utf8.indexOf(QByteArrayView("{{"));
    if (at < 0)
        return utf8.toByteArray();

    const QDateTime now = m_now.isValid() ? m_now : QDateTime::currentDateTimeUtc();
    QByteArray out;
    out.reserve(utf8.size() + 64);
    qsizetype copied = 0;
    while (at >= 0) {
        const Match m = matchAt(utf8, at);
        if (m.end < 0) {
            // Not a placeholder: keep the first brace and look again from the next one,
            // so "{{{name}}}" still finds "{{name}}".
            at = utf8.indexOf(QByteArrayView("{{"), at + 1);
            continue;
        }
        const QByteArrayView name = utf8.sliced(m.nameBegin, m.nameEnd - m.nameBegin);
        QByteArray value;
        bool known = false;
        if (name.startsWith('$')) {
            value = builtinValue(name, now, &known);
        } else {
            const auto it = m_variables.constFind(QString::fromUtf8(name));
            if (it != m_variables.constEnd()) {
                known = true;
                value = it->toUtf8();
            }
        }
        if (!known) {
            if (error) {
                error->name = QString::fromUtf8(name);
                error->offset = at;
                lineAndColumn(utf8, at, &error->line, &error->column);
                error->message = QStringLiteral("unknown variable '%1'").arg(error->name);
            }
            return {};
        }
        out.append(utf8.sliced(copied, at - copied));
        out.append(value);
        copied = m.end;
        at = utf8.indexOf(QByteArrayView("{{"), m.end);
    }
    out.append(utf8.sliced(copied));
    return out;
}

QString TemplateEngine::expand(const QString &text, TemplateError *error) const
{
    if (!text.contains(QLatin1String("{{"))) {
        if (error)
            *error = {};
        return text;
    }
    const QByteArray utf8 = text.toUtf8();
    TemplateError byteError;
    const QByteArray expanded = expand(utf8, &byteError);
    if (byteError.isError()) {
        // Report the offset in QChars, as the caller counts them.
        byteError.offset = QString::fromUtf8(utf8.left(byteError.offset)).size();
        if (error)
            *error = byteError;
        return {};
    }
    return QString::fromUtf8(expanded);
}

QList<TemplateEngine::Placeholder> TemplateEngine::placeholders(QStringView text)
{
    QList<Placeholder> found;
    qsizetype at = text.indexOf(QLatin1String("{{"));
    while (at >= 0) {
        const Match m = matchAt(text, at);
        if (m.end < 0) {
            at = text.indexOf(QLatin1String("{{"), at + 1);
            continue;
        }
        Placeholder p;
        p.offset = at;
        p.length = m.end - at;
        p.name = text.sliced(m.nameBegin, m.nameEnd - m.nameBegin).toString();
        p.builtin = p.name.startsWith(QLatin1Char('$'));
        found << p;
        at = text.indexOf(QLatin1String("{{"), m.end);
    }
    return found;
}

QStringList TemplateEngine::builtinNames()
{
    return {QStringLiteral("$uuid"), QStringLiteral("$timestamp"), QStringLiteral("$timestampMs"),
            QStringLiteral("$isoTimestamp"), QStringLiteral("$randomInt")};
}

bool TemplateEngine::isKnown(const QString &name) const
{
    return name.startsWith(QLatin1Char('$')) ? builtinNames().contains(name) : m_variables.contains(name);
}

bool TemplateEngine::variablesFromJson(QByteArrayView json, TemplateVariables *variables, QString *error)
{
    // JsonTools first: its line, column and words are better than QJsonParseError's.
    if (const JsonError invalid = JsonTools::validate(json); invalid.isError()) {
        if (error)
            *error = invalid.toString();
        return false;
    }
    const QJsonDocument document = QJsonDocument::fromJson(json.toByteArray());
    if (!document.isObject()) {
        if (error)
            *error = QStringLiteral("expected a JSON object of variables, like {\"name\": \"value\"}");
        return false;
    }
    TemplateVariables result;
    const QJsonObject object = document.object();
    for (auto it = object.begin(); it != object.end(); ++it)
        result.insert(it.key(), jsonValueText(it.value()));
    *variables = result;
    return true;
}

TemplateVariables TemplateEngine::variablesFromMap(const QVariantMap &map)
{
    TemplateVariables result;
    for (auto it = map.begin(); it != map.end(); ++it)
        result.insert(it.key(), jsonValueText(QJsonValue::fromVariant(it.value())));
    return result;
}
