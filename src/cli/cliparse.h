#pragma once

#include "core/http/headerlist.h"

#include <QCommandLineParser>
#include <QString>

// Small, strict readers for option values shared by several commands: each sets
// a message naming the option when the value is not acceptable.
namespace CliParse {
bool integer(const QCommandLineParser &parser, const QString &option, qint64 min, qint64 max, qint64 *value,
             QString *error);
// --store FILE or --store postgresql://… (a team's shared store), else the app's own file.
QString storeFile(const QCommandLineParser &parser);
QCommandLineOption storeOption(); // --store, declared alike by every command that has it
// "Name: value" → a header; the name must be a token (RFC 9110 §5.1).
bool header(const QString &text, QPair<QByteArray, QByteArray> *header, QString *error);
} // namespace CliParse
