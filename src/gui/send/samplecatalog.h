#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

// The sample payloads shipped in resources/samples, and how each provider would sign
// and label a delivery of it ("Simulate a provider event").
struct Sample {
    QString id;         // file name without .json, e.g. "github-push"
    QString title;      // "GitHub: push"
    QString scheme;     // signing scheme a provider uses; empty: none
    QString event;      // event header value where the scheme sends one (X-GitHub-Event ...)
    QString testSecret; // an example secret in the form the scheme expects

    QString resourcePath() const { return QStringLiteral(":/samples/%1.json").arg(id); }
    QByteArray load() const; // the file's bytes; empty if missing
};

namespace SampleCatalog {
QList<Sample> all();
QList<Sample> providerEvents(); // samples with a signing scheme
Sample find(const QString &id); // id empty when unknown
} // namespace SampleCatalog
