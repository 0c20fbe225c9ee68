#pragma once

#include <QHash>
#include <QObject>
#include <QString>

// One place where SecretStore keeps secrets (it picks one: FileSecrets or KeychainSecrets).
// Every value is cached here, so value() never waits; changes go through to the place.
class SecretBackend : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SecretBackend)

public:
    using Values = QHash<QString, QString>;

    using QObject::QObject;

    QString value(const QString &key) const { return m_values.value(key); }
    bool contains(const QString &key) const { return m_values.contains(key); }
    // False until the first read has finished.
    bool isReady() const { return m_ready; }
    // Why the place could not be read; empty when it could.
    QString readError() const { return m_error; }
    // The last write that did not reach the place (and where its values went instead).
    virtual QString writeError() const { return {}; }
    // Changes not yet in the place.
    virtual bool hasPendingWrites() const { return false; }
    // A write is in flight or queued.
    virtual bool isWriting() const { return false; }

    virtual void reload() = 0;
    virtual bool setValue(const QString &key, const QString &value, QString *error) = 0;
    virtual bool remove(const QString &key, QString *error) = 0;
    virtual bool removePrefix(const QString &prefix, QString *error) = 0;

Q_SIGNALS:
    void ready();
    void errorOccurred(const QString &message);

protected:
    Values m_values;
    QString m_error;
    bool m_ready = true;
};
