#include "core/collections/collection.h"
#include "core/json/jsontools.h"
#include "core/send/keyvaluetablemodel.h"
#include "core/send/requestdraft.h"
#include "gui/send/composerwidget.h"
#include "gui/send/samplecatalog.h"
#include "gui/widgets/jsoneditor.h"
#include "support/testsupport.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTest>

#include <functional>

using BodyMode = RequestDraft::BodyMode;

// ComposerWidget::draftChanged: whoever shows whether a request is modified listens to it
// instead of polling draft(). Each field the user edits says so once per edit; a whole
// draft set from outside says nothing.
class TestComposerWidget : public QObject
{
    Q_OBJECT

    std::unique_ptr<ComposerWidget> m_composer;

    template <typename T> T *field(const char *name) const
    {
        T *found = m_composer->findChild<T *>(QLatin1String(name));
        if (!found)
            qFatal("no field %s", name);
        return found;
    }

    // Types one character at the end of a line edit, as the user would.
    void typeInto(QLineEdit *edit) const
    {
        edit->setFocus();
        edit->end(false);
        QTest::keyClick(edit, Qt::Key_X);
    }

    struct Edit {
        std::function<void()> prepare; // put the composer where the field can be edited (not counted)
        std::function<void()> edit;    // one edit, as the user makes it
    };

    QHash<QString, Edit> edits() const
    {
        const auto none = [] {};
        const auto pickAuth = [this](RequestDraft::AuthMode mode) {
            return [this, mode] { field<QComboBox>("authTypeCombo")->setCurrentIndex(int(mode)); };
        };
        return {
            {QStringLiteral("method picked"),
             {none, [this] { field<QComboBox>("methodCombo")->setCurrentText(QStringLiteral("PUT")); }}},
            {QStringLiteral("method typed"), {none, [this] { typeInto(field<QComboBox>("methodCombo")->lineEdit()); }}},
            {QStringLiteral("url"), {none, [this] { typeInto(field<QLineEdit>("urlEdit")); }}},
            {QStringLiteral("query row"),
             {none,
              [this] {
                  // The Query table edits the URL: one change, not two.
                  KeyValueTableModel *query = m_composer->queryModel();
                  query->setData(query->index(query->rowCount() - 1, KeyValueTableModel::NameColumn),
                                 QStringLiteral("page"));
              }}},
            {QStringLiteral("header added"),
             {none,
              [this] {
                  KeyValueTableModel *headers = m_composer->headersModel();
                  headers->setData(headers->index(headers->rowCount() - 1, KeyValueTableModel::NameColumn),
                                   QStringLiteral("X-Trace"));
              }}},
            {QStringLiteral("header switched off"),
             {[this] {
                  m_composer->headersModel()->appendRow({true, QStringLiteral("X-A"), QStringLiteral("1")});
              },
              [this] {
                  KeyValueTableModel *headers = m_composer->headersModel();
                  headers->setData(headers->index(0, KeyValueTableModel::NameColumn), Qt::Unchecked,
                                   Qt::CheckStateRole);
              }}},
            {QStringLiteral("header removed"),
             {[this] {
                  m_composer->headersModel()->appendRow({true, QStringLiteral("X-A"), QStringLiteral("1")});
              },
              [this] { m_composer->headersModel()->removeRows(0, 1); }}},
            {QStringLiteral("body mode"),
             {none, [this] { field<QComboBox>("bodyModeCombo")->setCurrentIndex(int(BodyMode::Text)); }}},
            {QStringLiteral("body"),
             {none,
              [this] {
                  JsonEditor *editor = m_composer->bodyEditor();
                  editor->setFocus();
                  editor->moveCursor(QTextCursor::End);
                  QTest::keyClick(editor, Qt::Key_Space);
              }}},
            {QStringLiteral("body undone"),
             {[this] {
                  JsonEditor *editor = m_composer->bodyEditor();
                  editor->setFocus();
                  editor->moveCursor(QTextCursor::End);
                  QTest::keyClick(editor, Qt::Key_Space);
              },
              [this] { QTest::keyClick(m_composer->bodyEditor(), Qt::Key_Z, Qt::ControlModifier); }}},
            {QStringLiteral("body mode back to JSON"),
             {[this] { field<QComboBox>("bodyModeCombo")->setCurrentIndex(int(BodyMode::Text)); },
              [this] { field<QComboBox>("bodyModeCombo")->setCurrentIndex(int(BodyMode::Json)); }}},
            {QStringLiteral("content type"),
             {[this] { field<QComboBox>("bodyModeCombo")->setCurrentIndex(int(BodyMode::Text)); },
              [this] { typeInto(field<QComboBox>("contentTypeEdit")->lineEdit()); }}},
            {QStringLiteral("multipart field"),
             {[this] {
                  RequestDraft d = m_composer->draft();
                  d.bodyMode = BodyMode::Multipart;
                  d.multipart = {{true, QStringLiteral("f"), QStringLiteral("1"), false, {}, {}}};
                  m_composer->setDraft(d);
              },
              [this] {
                  auto *table = field<QTableWidget>("fieldTable");
                  table->setFocus();
                  table->item(0, 3)->setText(QStringLiteral("2")); // the value, as the form row's edit does
              }}},
            {QStringLiteral("multipart field sent or not"),
             {[this] {
                  RequestDraft d = m_composer->draft();
                  d.bodyMode = BodyMode::Multipart;
                  d.multipart = {{true, QStringLiteral("f"), QStringLiteral("1"), false, {}, {}}};
                  m_composer->setDraft(d);
              },
              [this] {
                  auto *table = field<QTableWidget>("fieldTable");
                  table->setFocus();
                  table->setCurrentCell(0, 0);
                  QTest::keyClick(table, Qt::Key_Space);
              }}},
            {QStringLiteral("form field"),
             {[this] { field<QComboBox>("bodyModeCombo")->setCurrentIndex(int(BodyMode::Form)); },
              [this] {
                  KeyValueTableModel *form = m_composer->formModel();
                  form->setData(form->index(form->rowCount() - 1, KeyValueTableModel::ValueColumn),
                                QStringLiteral("v"));
              }}},
            {QStringLiteral("auth type"), {none, pickAuth(RequestDraft::AuthMode::Bearer)}},
            {QStringLiteral("bearer token"),
             {pickAuth(RequestDraft::AuthMode::Bearer), [this] { typeInto(field<QLineEdit>("authField1Edit")); }}},
            {QStringLiteral("basic password"),
             {pickAuth(RequestDraft::AuthMode::Basic), [this] { typeInto(field<QLineEdit>("authField2Edit")); }}},
            {QStringLiteral("signing scheme"),
             {none, [this] { field<QComboBox>("signingSchemeCombo")->setCurrentIndex(1); }}},
            {QStringLiteral("signing secret"),
             {[this] { field<QComboBox>("signingSchemeCombo")->setCurrentIndex(1); },
              [this] { typeInto(field<QLineEdit>("signingSecretEdit")); }}},
            {QStringLiteral("signing event"),
             {[this] {
                  auto *schemes = field<QComboBox>("signingSchemeCombo");
                  schemes->setCurrentIndex(schemes->findData(QStringLiteral("github")));
              },
              [this] { typeInto(field<QLineEdit>("signingEventEdit")); }}},
            {QStringLiteral("timeout"),
             {none, [this] { QTest::keyClick(field<QSpinBox>("timeoutSpin"), Qt::Key_Up); }}},
            {QStringLiteral("follow redirects"), {none, [this] { field<QCheckBox>("followRedirectsCheck")->click(); }}},
            {QStringLiteral("max redirects"),
             {[this] { field<QCheckBox>("followRedirectsCheck")->setChecked(true); },
              [this] { QTest::keyClick(field<QSpinBox>("maxRedirectsSpin"), Qt::Key_Up); }}},
            {QStringLiteral("ignore TLS errors"), {none, [this] { field<QCheckBox>("ignoreTlsCheck")->click(); }}},
            {QStringLiteral("HTTP/2"), {none, [this] { field<QCheckBox>("http2Check")->click(); }}},
            {QStringLiteral("proxy mode"),
             {none, [this] { field<QComboBox>("proxyModeCombo")->setCurrentIndex(int(ProxyMode::Manual)); }}},
            {QStringLiteral("proxy URL"),
             {[this] { field<QComboBox>("proxyModeCombo")->setCurrentIndex(int(ProxyMode::Manual)); },
              [this] { typeInto(field<QLineEdit>("proxyUrlEdit")); }}},
        };
    }

private Q_SLOTS:
    void initTestCase() { TestSupport::isolateUserData(); }

    void init()
    {
        m_composer = std::make_unique<ComposerWidget>();
        RequestDraft start;
        start.method = QStringLiteral("POST");
        start.url = QStringLiteral("http://127.0.0.1:1/hook");
        start.body = QStringLiteral("{\"a\": 1}");
        m_composer->setDraft(start);
        m_composer->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_composer.get()));
    }

    void cleanup() { m_composer.reset(); }

    void eachFieldSaysOncePerEdit_data()
    {
        QTest::addColumn<QString>("name");
        for (const QString &name : edits().keys())
            QTest::newRow(qPrintable(name)) << name;
    }

    void eachFieldSaysOncePerEdit()
    {
        QFETCH(QString, name);
        const Edit edit = edits().value(name);
        edit.prepare();
        const RequestDraft before = m_composer->draft();
        QSignalSpy changed(m_composer.get(), &ComposerWidget::draftChanged);
        edit.edit();
        QCOMPARE(changed.size(), 1);
        QVERIFY2(!sameDraft(m_composer->draft(), before), "the edit changed nothing draft() reads");
    }

    void settingAWholeDraftSaysNothing()
    {
        QSignalSpy changed(m_composer.get(), &ComposerWidget::draftChanged);
        RequestDraft other;
        other.method = QStringLiteral("PATCH");
        other.url = QStringLiteral("http://127.0.0.1:2/other?x=1");
        other.headers = {{true, QStringLiteral("X-B"), QStringLiteral("2")}};
        other.bodyMode = BodyMode::Form;
        other.form = {{true, QStringLiteral("f"), QStringLiteral("v")}};
        other.authMode = RequestDraft::AuthMode::Basic;
        other.basicUser = QStringLiteral("u");
        other.signingScheme = QStringLiteral("github");
        other.signingSecret = QStringLiteral("s");
        other.options.timeoutMs = 1234;
        other.options.ignoreTlsErrors = true;
        m_composer->setDraft(other);
        QCOMPARE(changed.size(), 0);
        QVERIFY(sameDraft(m_composer->draft(), other));

        other.bodyMode = BodyMode::Multipart;
        other.multipart = {{true, QStringLiteral("t"), QStringLiteral("{{v}}"), false, QStringLiteral("text/x"), {}},
                           {false, QStringLiteral("f"), QStringLiteral("/tmp/a.bin"), true, {}, QStringLiteral("b")}};
        m_composer->setDraft(other);
        QCOMPARE(changed.size(), 0);
        QVERIFY(sameDraft(m_composer->draft(), other));
        QVERIFY(field<QTableWidget>("fieldTable")->isVisible());
    }

    // A body over the highlighting limit: the status line says the editor is in its degraded
    // mode and why, the body goes in without counting as an edit, and draft() has all of it
    // at every moment. Under the limit the line says nothing of it.
    void largeBodyIsSaidInTheStatusLine()
    {
        auto *status = field<QLabel>("bodyStatusLabel");
        QString big = QStringLiteral("[\n");
        while (big.size() <= JsonEditor::kHighlightLimit)
            big += QStringLiteral("  {\"id\": \"evt_1\", \"amount\": 2000, \"note\": \"Zoë\"},\n");
        big += QStringLiteral("  {}\n]");
        QSignalSpy changed(m_composer.get(), &ComposerWidget::draftChanged);
        RequestDraft draft = m_composer->draft();
        draft.body = big;
        m_composer->setDraft(draft);
        QCOMPARE(m_composer->draft().body, big);
        QVERIFY(status->text().contains(QLatin1String("Loading")));
        QVERIFY(status->text().contains(QLatin1String("Large document (")));
        QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(QLatin1String("Valid JSON")), 60000);
        QVERIFY(status->text().contains(QLatin1String("Large document (2.")));
        QVERIFY(status->text().contains(QLatin1String("highlighting off")));
        QCOMPARE(changed.size(), 0);
        QCOMPARE(m_composer->bodyEditor()->toPlainText(), big);

        // Format is an edit (said once, when it is all in); the status says it meanwhile.
        m_composer->bodyEditor()->formatDocument();
        QCOMPARE(status->text().left(11), QStringLiteral("Formatting…"));
        QTRY_COMPARE_WITH_TIMEOUT(changed.size(), 1, 60000);
        QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(QLatin1String("Valid JSON")), 60000);
        QCOMPARE(m_composer->draft().body.toUtf8(),
                 JsonTools::format(big.toUtf8(), 2, nullptr, JsonTools::Syntax::AllowPlaceholders));

        draft.body = QStringLiteral("{\"small\": true}");
        m_composer->setDraft(draft);
        QTRY_VERIFY(status->text().contains(QLatin1String("Valid JSON")));
        QVERIFY(!status->text().contains(QLatin1String("Large document")));
    }

    void changesOfSeveralFieldsAreOneEdit()
    {
        QSignalSpy changed(m_composer.get(), &ComposerWidget::draftChanged);
        // A sample: body mode and body.
        m_composer->setDraft([] {
            RequestDraft text;
            text.bodyMode = BodyMode::Text;
            return text;
        }());
        QVERIFY(m_composer->loadSample(SampleCatalog::all().constFirst().id));
        QCOMPARE(changed.size(), 1);
        // A cURL command: the whole draft, then Undo.
        QVERIFY(m_composer->importCurl(QStringLiteral("curl -X PUT -H 'X-C: 3' -d 'x=1' http://127.0.0.1:3/c")));
        QCOMPARE(changed.size(), 2);
        QCOMPARE(m_composer->draft().method, QStringLiteral("PUT"));
    }
};

QTEST_MAIN(TestComposerWidget)
#include "tst_composerwidget.moc"
