#include "core/collections/endpointprofile.h"

#include <QTest>

// EndpointProfile::error: what the profile editor says before it lets a profile be saved.
class TestEndpointProfile : public QObject
{
    Q_OBJECT

private:
    static EndpointProfile valid()
    {
        EndpointProfile profile;
        profile.name = QStringLiteral("api");
        profile.baseUrl = QStringLiteral("https://api.example.com/v1");
        profile.headers = {{true, QStringLiteral("X-Tenant"), QStringLiteral("acme")}};
        profile.authMode = RequestDraft::AuthMode::Bearer;
        profile.authSecret = QStringLiteral("token");
        profile.signingScheme = QStringLiteral("github");
        profile.signingSecret = QStringLiteral("secret");
        return profile;
    }

private Q_SLOTS:
    void draftRoundTrip_data()
    {
        QTest::addColumn<int>("mode");
        QTest::newRow("none") << int(RequestDraft::AuthMode::None);
        QTest::newRow("bearer") << int(RequestDraft::AuthMode::Bearer);
        QTest::newRow("basic") << int(RequestDraft::AuthMode::Basic);
        QTest::newRow("api key header") << int(RequestDraft::AuthMode::ApiKeyHeader);
        QTest::newRow("api key query") << int(RequestDraft::AuthMode::ApiKeyQuery);
    }

    // fromDraft is toDraft read the other way: a profile survives the trip through a draft.
    void draftRoundTrip()
    {
        QFETCH(int, mode);
        EndpointProfile profile;
        profile.method = QStringLiteral("PUT");
        profile.baseUrl = QStringLiteral("https://hooks.example.com/in");
        profile.headers = {{true, QStringLiteral("X-Tenant"), QStringLiteral("acme")}};
        profile.authMode = RequestDraft::AuthMode(mode);
        if (profile.authMode != RequestDraft::AuthMode::None) {
            profile.authSecret = QStringLiteral("SECRET_1");
            if (profile.authMode != RequestDraft::AuthMode::Bearer)
                profile.authUser = QStringLiteral("user-or-key-name");
        }
        profile.signingScheme = QStringLiteral("github");
        profile.signingSecret = QStringLiteral("GH_SECRET");
        profile.timeoutMs = 1234;
        const EndpointProfile back = EndpointProfile::fromDraft(profile.toDraft());
        QCOMPARE(back.name, QString());
        QCOMPARE(back.method, profile.method);
        QCOMPARE(back.baseUrl, profile.baseUrl);
        QCOMPARE(back.headers, profile.headers);
        QCOMPARE(back.authMode, profile.authMode);
        QCOMPARE(back.authUser, profile.authUser);
        QCOMPARE(back.authSecret, profile.authSecret);
        QCOMPARE(back.signingScheme, profile.signingScheme);
        QCOMPARE(back.signingSecret, profile.signingSecret);
        QCOMPARE(back.timeoutMs, profile.timeoutMs);
    }

    void error_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("expected"); // a part of the message; empty: no error

        QTest::newRow("valid") << QString() << QString() << QString();
        QTest::newRow("no name") << "name"
                                 << "  "
                                 << "needs a name";
        QTest::newRow("slash in name") << "name"
                                       << "a/b"
                                       << "cannot contain \"/\"";
        QTest::newRow("name taken") << "name"
                                    << "taken"
                                    << "already has a profile called \"taken\"";
        QTest::newRow("no base URL") << "baseUrl"
                                     << ""
                                     << "";
        QTest::newRow("variable base URL") << "baseUrl"
                                           << "{{baseUrl}}/v2"
                                           << "";
        QTest::newRow("variable host") << "baseUrl"
                                       << "https://{{host}}:8443/v1"
                                       << "";
        QTest::newRow("http") << "baseUrl"
                              << "http://127.0.0.1:8080"
                              << "";
        QTest::newRow("ftp") << "baseUrl"
                             << "ftp://files.example.com"
                             << "must start with http:// or https://, not ftp://";
        QTest::newRow("no scheme") << "baseUrl"
                                   << "api.example.com/v1"
                                   << "must be a full address starting with http:// or https://.";
        QTest::newRow("no host") << "baseUrl"
                                 << "https:///v1"
                                 << "has no host";
        QTest::newRow("query") << "baseUrl"
                               << "https://api.example.com/v1?key=1"
                               << "cannot hold a query";
        QTest::newRow("space in host") << "baseUrl"
                                       << "https://api example.com"
                                       << "not a valid address";
        QTest::newRow("bad method") << "method"
                                    << "PO ST"
                                    << "method \"PO ST\" is not valid";
        QTest::newRow("header name") << "headerName"
                                     << "X Tenant"
                                     << "header name \"X Tenant\" is not valid";
        QTest::newRow("header variable name") << "headerName"
                                              << "{{header}}"
                                              << "";
        QTest::newRow("header without name") << "headerName"
                                             << ""
                                             << "has a value (\"acme\") but no name";
        QTest::newRow("header line break") << "headerValue"
                                           << "a\r\nX-Evil: 1"
                                           << "holds a line break";
        QTest::newRow("bearer without token") << "bearer"
                                              << ""
                                              << "needs a token";
        QTest::newRow("basic without user") << "basic"
                                            << ""
                                            << "needs a user name";
        QTest::newRow("api key header name") << "apiKeyHeader"
                                             << "X Key"
                                             << "header name \"X Key\" is not valid";
        QTest::newRow("api key no parameter") << "apiKeyQuery"
                                              << ""
                                              << "name of the query parameter";
        QTest::newRow("unknown scheme") << "scheme"
                                        << "acme"
                                        << "signing scheme \"acme\" is not known";
        QTest::newRow("scheme secret") << "standardSecret"
                                       << "whsec_not base64!"
                                       << "Signing (standard-webhooks):";
        QTest::newRow("secret variable") << "standardSecret"
                                         << "{{whsec}}"
                                         << "";
        QTest::newRow("no timeout limit") << "timeout"
                                          << "0"
                                          << "";
        QTest::newRow("negative timeout") << "timeout"
                                          << "-1"
                                          << "cannot be negative";
    }
    void error()
    {
        QFETCH(QString, field);
        QFETCH(QString, value);
        QFETCH(QString, expected);
        EndpointProfile profile = valid();
        // The auth mode or signing scheme a row's field belongs to, then the field itself.
        if (field == QLatin1String("basic"))
            profile.authMode = RequestDraft::AuthMode::Basic;
        else if (field == QLatin1String("apiKeyHeader"))
            profile.authMode = RequestDraft::AuthMode::ApiKeyHeader;
        else if (field == QLatin1String("apiKeyQuery"))
            profile.authMode = RequestDraft::AuthMode::ApiKeyQuery;
        else if (field == QLatin1String("standardSecret"))
            profile.signingScheme = QStringLiteral("standard-webhooks");
        if (field == QLatin1String("name"))
            profile.name = value;
        else if (field == QLatin1String("baseUrl"))
            profile.baseUrl = value;
        else if (field == QLatin1String("method"))
            profile.method = value;
        else if (field == QLatin1String("headerName"))
            profile.headers[0].name = value;
        else if (field == QLatin1String("headerValue"))
            profile.headers[0].value = value;
        else if (field == QLatin1String("bearer"))
            profile.authSecret = value;
        else if (field == QLatin1String("basic") || field.startsWith(QLatin1String("apiKey")))
            profile.authUser = value;
        else if (field == QLatin1String("scheme"))
            profile.signingScheme = value;
        else if (field == QLatin1String("standardSecret"))
            profile.signingSecret = value;
        else if (field == QLatin1String("timeout"))
            profile.timeoutMs = value.toInt();

        const QString error = profile.error({QStringLiteral("taken")});
        if (expected.isEmpty())
            QVERIFY2(error.isEmpty(), qPrintable(error));
        else
            QVERIFY2(error.contains(expected), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestEndpointProfile)
#include "tst_endpointprofile.moc"
