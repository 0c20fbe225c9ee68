#pragma once

#include "core/http/headerlist.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QRegularExpression>
#include <QString>

// What to answer: a status, headers, a body, a delay, or a fault (close without answering).
struct ResponseSpec {
    int status = 200;
    HeaderList headers;
    QByteArray body;
    int delayMs = 0;
    bool closeWithoutAnswer = false;
};

// A rule matches by method (empty: any) and path (a glob: `*` matches any run of
// characters, empty: any). Its steps are answered in turn, the last one repeating,
// so "500, 500, 200" exercises a sender's retries.
struct ResponseRule {
    QByteArray method;
    QString path;
    QList<ResponseSpec> steps;

    bool matches(const QByteArray &method, const QByteArray &path) const;
};

// The listener's answers: rules first (first match wins), then the default steps.
class ResponsePolicy final
{
public:
    ResponsePolicy();
    explicit ResponsePolicy(QList<ResponseSpec> defaultSteps, QList<ResponseRule> rules = {});

    const QList<ResponseRule> &rules() const { return m_rules; }
    const QList<ResponseSpec> &defaultSteps() const { return m_defaultSteps; }

    // The answer for the next request; advances the matching sequence.
    ResponseSpec next(const QByteArray &method, const QByteArray &path);
    void resetSequences() { m_positions.clear(); }

    // "500,500,200" → three steps with those statuses and `base`'s other fields.
    static bool parseStatusSequence(const QString &text, const ResponseSpec &base, QList<ResponseSpec> *steps,
                                    QString *error);

private:
    QList<ResponseSpec> m_defaultSteps;
    QList<ResponseRule> m_rules;
    QHash<int, int> m_positions; // rule index (-1: default) → next step
};

// `glob` as an anchored expression: `*` matches any run of characters, '/' included.
QRegularExpression pathGlobExpression(const QString &glob, Qt::CaseSensitivity sensitivity);
// True when `path` matches `glob` as a whole, `*` matching any run of characters ('/' included).
bool pathGlobMatches(const QString &glob, const QString &path, Qt::CaseSensitivity sensitivity);
