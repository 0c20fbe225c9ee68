#include "core/collections/environment.h"

TemplateVariables Environment::toVariables() const
{
    TemplateVariables out;
    for (const EnvironmentVariable &variable : variables) {
        if (variable.enabled && !variable.name.isEmpty())
            out.insert(variable.name, variable.value);
    }
    return out;
}

QString Environment::secretKey(const QString &collectionId, const QString &environment, const QString &variable)
{
    return collectionId + QLatin1String("/env/") + environment + QLatin1Char('/') + variable;
}
