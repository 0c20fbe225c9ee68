#include "gui/receive/captureformview.h"
#include "gui/receive/captureinspector.h"
#include "support/sendpeers.h"
#include "support/testsupport.h"

#include <QApplication>
#include <QFile>
#include <QProcess>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

// The inspector decodes the form bodies curl sends (-F multipart, urlencoded) into a field
// table, with each field's bytes as text or hex, and keeps the Body tab as it was.
class TestCaptureInspector : public QObject
{
    Q_OBJECT

private:
    // What curl puts on the wire for these arguments, as a capture.
    static Capture captureOfCurl(const QStringList &arguments)
    {
        SendPeers::RawPeer peer;
        if (!peer.listen())
            return {};
        QProcess curl;
        curl.start(QStringLiteral("curl"),
                   QStringList{QStringLiteral("-s"), QStringLiteral("-o"), QStringLiteral("/dev/null")} + arguments
                       + QStringList{peer.url(QStringLiteral("/form")).toString()});
        if (!QTest::qWaitFor([&] { return curl.state() == QProcess::NotRunning; }, 20000) || peer.requests.isEmpty())
            return {};
        const QByteArray raw = peer.requests.first();
        const qsizetype end = raw.indexOf("\r\n\r\n");
        Capture c;
        c.raw = raw;
        c.method = "POST";
        c.target = "/form";
        c.httpVersion = "1.1";
        const QList<QByteArray> lines = raw.left(end).split('\n');
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines.at(i).indexOf(':');
            c.headers.append({lines.at(i).left(colon).trimmed(), lines.at(i).mid(colon + 1).trimmed()});
        }
        c.body = raw.mid(end + 4);
        c.id = Capture::newId();
        return c;
    }

    static QTabWidget *tabs(CaptureInspector &inspector)
    {
        return inspector.findChild<QTabWidget *>(QStringLiteral("inspectorTabs"));
    }

private Q_SLOTS:
    void initTestCase() { TestSupport::isolateUserData(); }

    void multipartFields()
    {
        QTemporaryDir dir;
        QFile png(dir.filePath(QStringLiteral("pixel.png")));
        QVERIFY(png.open(QIODevice::WriteOnly));
        png.write(QByteArray("\x89PNG\r\n\x1a\n\0\xff", 10));
        png.close();
        const Capture capture = captureOfCurl({QStringLiteral("-F"), QStringLiteral("title=Hello world"),
                                               QStringLiteral("-F"), QStringLiteral("pic=@") + png.fileName()});
        QVERIFY(!capture.body.isEmpty());

        CaptureInspector inspector;
        inspector.resize(900, 600);
        inspector.show();
        inspector.showCapture(capture);
        QTabWidget *tabWidget = tabs(inspector);
        const int formTab = tabWidget->indexOf(inspector.formView());
        QVERIFY(tabWidget->isTabVisible(formTab));
        QCOMPARE(tabWidget->tabText(formTab), QStringLiteral("Form (2)"));

        const auto *model = static_cast<QStandardItemModel *>(inspector.formView()->table()->model());
        QCOMPARE(model->rowCount(), 2);
        QCOMPARE(model->item(0, CaptureFormView::Name)->text(), QStringLiteral("title"));
        QCOMPARE(model->item(0, CaptureFormView::Value)->text(), QStringLiteral("Hello world"));
        QCOMPARE(model->item(0, CaptureFormView::Size)->text(), QStringLiteral("11"));
        QCOMPARE(model->item(1, CaptureFormView::Name)->text(), QStringLiteral("pic"));
        QCOMPARE(model->item(1, CaptureFormView::Value)->text(), QStringLiteral("file: pixel.png"));
        QCOMPARE(model->item(1, CaptureFormView::Size)->text(), QStringLiteral("10"));
        QCOMPARE(model->item(1, CaptureFormView::ContentType)->text(), QStringLiteral("image/png"));
        QCOMPARE(inspector.formView()->partText(), QStringLiteral("Hello world"));

        // A binary part opens in hex, by keyboard as a user would select it.
        tabWidget->setCurrentIndex(formTab);
        QTableView *table = inspector.formView()->table();
        table->setFocus();
        QTest::keyClick(table, Qt::Key_Down);
        QVERIFY2(inspector.formView()->partText().contains(QLatin1String("89 50 4e 47")),
                 qPrintable(inspector.formView()->partText()));

        // The raw body is still there.
        inspector.setBodyMode(CaptureInspector::BodyMode::Text);
        QVERIFY(inspector.bodyText().contains(QLatin1String("Content-Disposition: form-data; name=\"title\"")));
    }

    void urlencodedFieldsAndNoTabForJson()
    {
        CaptureInspector inspector;
        inspector.showCapture(captureOfCurl({QStringLiteral("--data-urlencode"), QStringLiteral("q=a b&c"),
                                             QStringLiteral("-d"), QStringLiteral("flag")}));
        const auto *model = static_cast<QStandardItemModel *>(inspector.formView()->table()->model());
        QCOMPARE(model->rowCount(), 2);
        QCOMPARE(model->item(0, CaptureFormView::Value)->text(), QStringLiteral("a b&c"));
        QCOMPARE(model->item(1, CaptureFormView::Name)->text(), QStringLiteral("flag"));
        QVERIFY(tabs(inspector)->isTabVisible(tabs(inspector)->indexOf(inspector.formView())));

        inspector.showCapture(captureOfCurl({QStringLiteral("--json"), QStringLiteral("{\"a\":1}")}));
        QVERIFY(!tabs(inspector)->isTabVisible(tabs(inspector)->indexOf(inspector.formView())));
    }
};

QTEST_MAIN(TestCaptureInspector)
#include "tst_captureinspector.moc"
