#include "core/collections/formats/curlimporter.h"
#include "core/http/multipartbody.h"
#include "core/send/requesttemplate.h"
#include "core/send/sender.h"
#include "support/sendpeers.h"
#include "support/testsupport.h"

#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

// A cURL command imported and sent by Hookbench arrives as curl itself sends it: both go
// to the same raw socket peer, and what reached it is compared field by field.
namespace {

struct Arrived {
    QByteArray method;
    QByteArray target;
    HeaderList headers;
    QByteArray body;
};

Arrived parse(const QByteArray &raw)
{
    Arrived a;
    const qsizetype end = raw.indexOf("\r\n\r\n");
    const QList<QByteArray> lines = raw.left(end).split('\n');
    const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
    a.method = requestLine.value(0);
    a.target = requestLine.value(1);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines.at(i).indexOf(':');
        a.headers.append({lines.at(i).left(colon).trimmed(), lines.at(i).mid(colon + 1).trimmed()});
    }
    a.body = raw.mid(end + 4);
    return a;
}

// Fields curl adds on its own that say nothing about the request, and what Qt adds on its
// own; both differ by client and are not what the command asks for.
bool isClientOwn(const QByteArray &name, const QByteArray &value)
{
    const QByteArray n = name.toLower();
    return n == "host" || n == "content-length" || n == "connection" || n == "accept-language" || n == "expect"
        || n == "accept-encoding" || (n == "accept" && value == "*/*")
        || (n == "user-agent" && (value.startsWith("curl/") || value.startsWith("Hookbench/")))
        // Qt's for every request sent with AlwaysNetwork (the Sender never caches).
        || ((n == "cache-control" || n == "pragma") && value == "no-cache");
}

HeaderList requestFields(const Arrived &a)
{
    HeaderList out;
    for (const auto &[name, value] : a.headers) {
        if (isClientOwn(name, value))
            continue;
        // The boundary is drawn at random by each client.
        out.append({name.toLower(), MultipartBody::isFormData(value) ? QByteArray("multipart/form-data") : value});
    }
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

class TestCurlWire : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        TestSupport::isolateUserData();
        if (QStandardPaths::findExecutable(QStringLiteral("curl")).isEmpty())
            QSKIP("curl is not installed");
        QVERIFY(m_dir.isValid());
        auto write = [this](const char *name, const QByteArray &bytes) {
            QFile file(m_dir.filePath(QString::fromLatin1(name)));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(bytes);
        };
        write("form.txt", "a=1\r\nb=two words\n");
        write("body.json", "{\"id\": 7,\n \"ok\": true}\n");
        write("note.txt", "hello\n");
        write("photo.png", QByteArray("\x89PNG\r\n\x1a\n\0\1\2", 11));
        write("upload.csv", "x,y\n1,2\n");
    }

    void sameAsCurl_data()
    {
        QTest::addColumn<QString>("command");
        auto row = [](const char *name, const char *command) { QTest::newRow(name) << QString::fromUtf8(command); };
        row("-d infers POST, form type", "curl URL/a -d 'x=1&y=two+words'");
        row("repeated -d joined with &", "curl URL/a -d a=1 --data b=2 --data-ascii c=3");
        row("-G moves -d to the query", "curl -G 'URL/s?z=0' -d q=hook -d n=2");
        row("-G with -I", "curl -G -I URL/s -d q=1");
        row("-I", "curl -I URL/h");
        row("-X over inference", "curl -X PUT URL/p -d v=1");
        row("-d @file drops line breaks", "curl -d @form.txt URL/f");
        row("--data-binary @file keeps them", "curl --data-binary @form.txt -H 'Content-Type: text/plain' URL/f");
        row("--data-raw keeps @", "curl --data-raw '@form.txt' URL/f");
        row("-d @- from a heredoc", "curl -d @- URL/h <<EOF\nk=v\nl=w\nEOF\n");
        row("--data-binary @- from a quoted heredoc",
            "curl --data-binary @- -H 'Content-Type: application/json' URL/h <<'JSON'\n{\"a\": 1}\nJSON\n");
        row("--json", "curl --json '{\"ok\":true}' URL/j");
        row("--json @file", "curl --json @body.json URL/j");
        row("--json twice runs together", "curl --json '{\"a\":1}' --json '{\"b\":2}' URL/j");
        row("--data-urlencode forms",
            "curl URL/u --data-urlencode 'a b=c d&e' --data-urlencode '=x y' --data-urlencode 'plain text' "
            "--data-urlencode n@note.txt");
        row("-T file into a folder URL", "curl -T upload.csv URL/up/");
        row("-T file to a named URL", "curl -T upload.csv -H 'Content-Type: text/csv' URL/up/data.csv");
        row("-u", "curl -u 'ann:s3cr:et' URL/u");
        row("-u beside -H Authorization", "curl -u ann:pw -H 'Authorization: Token abc' URL/u");
        row("--oauth2-bearer", "curl --oauth2-bearer tok.en URL/b");
        row("-A -e -b -r", "curl -A 'agent/1.0' -e 'http://ref.example/;auto' -b 'a=b; c=d' -r 0-99 URL/x");
        row("--compressed", "curl --compressed URL/c");
        row("-F text, file, type, filename",
            "curl URL/f -F a=1 -F 'doc=@note.txt' -F 'pic=@photo.png;type=image/x-test' "
            "-F 'renamed=@upload.csv;filename=report.csv' -F 'typed=hello;type=text/x-one'");
        row("--form-string keeps @ and <", "curl URL/f --form-string 'at=@note.txt' --form-string 'lt=<x'");
        row("-F '<file' as text", "curl URL/f -F 'content=<note.txt'");
        row("-F with -X PUT", "curl -X PUT URL/f -F a=1");
        row("$'...' and continuations", "curl $'URL/d' \\\n  -H $'X-N: a\\tb' \\\n  --data-raw $'line1\\nline2'");
        row("bundled -sSL", "curl -sSL URL/l -d a=1");
    }
    void sameAsCurl()
    {
        QFETCH(QString, command);
        SendPeers::RawPeer peer;
        QVERIFY(peer.listen());
        const QString url = QStringLiteral("http://127.0.0.1:%1").arg(peer.port());
        const QString line = QString(command).replace(QLatin1String("URL"), url);

        QProcess curl;
        curl.setWorkingDirectory(m_dir.path());
        curl.start(QStringLiteral("/bin/bash"),
                   {QStringLiteral("-c"),
                    QString(line).replace(QLatin1String("curl "), QLatin1String("curl -s -o /dev/null -m 10 "))});
        QTRY_VERIFY_WITH_TIMEOUT(curl.state() == QProcess::NotRunning, 20000);
        QCOMPARE(curl.exitCode(), 0);
        QCOMPARE(peer.requests.size(), 1);
        const Arrived fromCurl = parse(peer.requests.takeFirst());

        const CurlImporter::Result imported = CurlImporter::parse(line, m_dir.path());
        QVERIFY2(imported.ok, qPrintable(imported.error));
        RequestTemplate request;
        QString error;
        QVERIFY2(imported.draft.toTemplate(&request, &error), qPrintable(error));
        OutgoingRequest outgoing;
        QVERIFY2(request.prepare(TemplateEngine(), &outgoing, &error), qPrintable(error));
        Sender sender;
        QSignalSpy finished(&sender, &Sender::finished);
        sender.send(outgoing);
        QVERIFY(finished.wait(20000));
        const SendResult result = finished.first().at(1).value<SendResult>();
        QVERIFY2(result.error == SendError::None, qPrintable(result.errorText));
        QCOMPARE(peer.requests.size(), 1);
        const Arrived fromHookbench = parse(peer.requests.takeFirst());

        QCOMPARE(fromHookbench.method, fromCurl.method);
        QCOMPARE(fromHookbench.target, fromCurl.target);
        HeaderList ours = requestFields(fromHookbench);
        // The one difference the importer reports for -T: no Content-Type is not an option.
        if (imported.warnings.join(QLatin1Char('\n'))
                .contains(QLatin1String("curl sends the file without a Content-Type")))
            ours.removeOne({"content-type", "application/octet-stream"});
        QCOMPARE(ours, requestFields(fromCurl));
        const QByteArray type = Headers::value(fromCurl.headers, "Content-Type");
        if (MultipartBody::isFormData(type)) {
            MultipartParts curlParts, ourParts;
            QVERIFY(MultipartBody::decode(fromCurl.body, MultipartBody::boundary(type), &curlParts, &error));
            const QByteArray ourType = Headers::value(fromHookbench.headers, "Content-Type");
            QVERIFY2(MultipartBody::decode(fromHookbench.body, MultipartBody::boundary(ourType), &ourParts, &error),
                     qPrintable(error));
            QCOMPARE(ourParts, curlParts);
            // Same framing too: only the boundary differs.
            QCOMPARE(fromHookbench.body.size() - MultipartBody::boundary(ourType).size() * (ourParts.size() + 1),
                     fromCurl.body.size() - MultipartBody::boundary(type).size() * (curlParts.size() + 1));
        } else {
            QCOMPARE(fromHookbench.body, fromCurl.body);
        }
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestCurlWire)
#include "tst_curlwire.moc"
