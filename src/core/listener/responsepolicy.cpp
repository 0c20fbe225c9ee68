#include "core/listener/responsepolicy.h"

#include <QRegularExpression>

bool ResponseRule::matches(const QByteArray &requestMethod, const QByteArray &requestPath) const
{
    if (!method.isEmpty() && method.compare(requestMethod, Qt::CaseInsensitive) != 0)
        return false;
    if (path.isEmpty() || path == QLatin1String("*"))
        return true;
    return pathGlobMatches(path, QString::fromUtf8(requestPath), Qt::CaseSensitive);
}

ResponsePolicy::ResponsePolicy()
    : m_defaultSteps{ResponseSpec()}
{ }

ResponsePolicy::ResponsePolicy(QList<ResponseSpec> defaultSteps, QList<ResponseRule> rules)
    : m_defaultSteps(defaultSteps.isEmpty() ? QList<ResponseSpec>{ResponseSpec()} : std::move(defaultSteps))
    , m_rules(std::move(rules))
{ }

ResponseSpec ResponsePolicy::next(const QByteArray &method, const QByteArray &path)
{
    int index = -1;
    for (int i = 0; i < m_rules.size(); ++i) {
        if (m_rules.at(i).matches(method, path) && !m_rules.at(i).steps.isEmpty()) {
            index = i;
            break;
        }
    }
    const QList<ResponseSpec> &steps = index < 0 ? m_defaultSteps : m_rules.at(index).steps;
    int &position = m_positions[index];
    const ResponseSpec spec = steps.at(qMin(position, int(steps.size()) - 1));
    if (position < steps.size() - 1)
        ++position;
    return spec;
}

bool ResponsePolicy::parseStatusSequence(const QString &text, const ResponseSpec &base, QList<ResponseSpec> *steps,
                                         QString *error)
{
    // Blank elements are skipped, as in an HTTP list ("500, ,200,"); *steps is only
    // replaced when the whole text reads, so a typo never leaves half a sequence.
    QList<ResponseSpec> parsed;
    for (const QString &part : text.split(QLatin1Char(','))) {
        const QString code = part.trimmed();
        if (code.isEmpty())
            continue;
        bool ok = false;
        const int status = code.toInt(&ok);
        if (!ok || status < 100 || status > 999) {
            *error = QStringLiteral("'%1' is not an HTTP status code (100-999)").arg(code);
            return false;
        }
        ResponseSpec spec = base;
        spec.status = status;
        parsed.append(spec);
    }
    if (parsed.isEmpty()) {
        *error = QStringLiteral("no status code given");
        return false;
    }
    *steps = std::move(parsed);
    return true;
}

QRegularExpression pathGlobExpression(const QString &glob, Qt::CaseSensitivity sensitivity)
{
    // Qt 6.4's wildcardToRegularExpression() keeps `*` from crossing '/', as for file
    // names; a URL rule such as /hooks/* must match /hooks/a/b, so `*` is translated here.
    QStringList parts = glob.split(QLatin1Char('*'));
    for (QString &part : parts)
        part = QRegularExpression::escape(part);
    return QRegularExpression(QRegularExpression::anchoredPattern(parts.join(QStringLiteral(".*"))),
                              sensitivity == Qt::CaseInsensitive ? QRegularExpression::CaseInsensitiveOption
                                                                 : QRegularExpression::NoPatternOption);
}

bool pathGlobMatches(const QString &glob, const QString &path, Qt::CaseSensitivity sensitivity)
{
    return pathGlobExpression(glob, sensitivity).match(path).hasMatch();
}
