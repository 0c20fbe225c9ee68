#pragma once

#include <QList>
#include <QString>

// One row of a name/value table: a request header, a query parameter, a form field.
struct KeyValueRow {
    bool enabled = true;
    QString name;
    QString value;

    friend bool operator==(const KeyValueRow &, const KeyValueRow &) = default;
};
using KeyValueRows = QList<KeyValueRow>;
