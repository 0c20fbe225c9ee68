#pragma once

#include "core/send/templateengine.h"

#include <QList>
#include <QString>

class SecretStore;

// A variable of an environment. A secret one shows masked and its value never reaches
// the collection file: it lives in the SecretStore under secretKey().
struct EnvironmentVariable {
    QString name;
    QString value;
    bool secret = false;
    bool enabled = true;

    friend bool operator==(const EnvironmentVariable &, const EnvironmentVariable &) = default;
};

// A named set of variables ("local", "staging") the templates are expanded against.
struct Environment {
    QString name;
    QList<EnvironmentVariable> variables;

    TemplateVariables toVariables() const; // enabled ones
    static QString secretKey(const QString &collectionId, const QString &environment, const QString &variable);

    friend bool operator==(const Environment &, const Environment &) = default;
};
