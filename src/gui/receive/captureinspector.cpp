#include "gui/receive/captureinspector.h"

#include "core/capture/capturejson.h"
#include "core/http/reasonphrase.h"
#include "core/http/responsebody.h"
#include "core/json/jsontools.h"
#include "core/json/utf8.h"
#include "core/listener/responsepolicy.h"
#include "gui/receive/attemptsview.h"
#include "gui/receive/captureformview.h"
#include "gui/receive/deliveriesview.h"
#include "gui/widgets/jsonhighlighter.h"
#include "gui/widgets/statuscolours.h"
#include "gui/widgets/textloader.h"
#include "ui_captureinspector.h"

#include <QDateTime>
#include <QFontDatabase>
#include <QHeaderView>
#include <QStandardItemModel>
#include <QTableView>
#include <QTextBlock>

namespace {

// Above this, JSON is shown as text: highlighting a huge document line by line is
// not what anyone reads, and formatting it would hold the window.
constexpr qsizetype kPrettyLimit = 2 * 1024 * 1024;

void fillPairs(QStandardItemModel *model, const HeaderList &pairs)
{
    model->removeRows(0, model->rowCount());
    for (const auto &[name, value] : pairs) {
        auto *nameItem = new QStandardItem(CaptureJson::headerText(name));
        auto *valueItem = new QStandardItem(CaptureJson::headerText(value));
        nameItem->setEditable(false);
        valueItem->setEditable(false);
        valueItem->setToolTip(valueItem->text());
        model->appendRow({nameItem, valueItem});
    }
}

// application/x-www-form-urlencoded, as web frameworks read a query: '+' is a space.
QByteArray decodeQueryPart(QByteArray part)
{
    part.replace('+', ' ');
    return QByteArray::fromPercentEncoding(part);
}

HeaderList decodeQuery(const QByteArray &query)
{
    HeaderList pairs;
    if (query.isEmpty())
        return pairs;
    for (const QByteArray &item : query.split('&')) {
        if (item.isEmpty())
            continue;
        const qsizetype equals = item.indexOf('=');
        pairs.append({decodeQueryPart(equals < 0 ? item : item.left(equals)),
                      equals < 0 ? QByteArray() : decodeQueryPart(item.mid(equals + 1))});
    }
    return pairs;
}

void setupPairTable(QTableView *table, QStandardItemModel *model, int rowHeight)
{
    model->setHorizontalHeaderLabels({QObject::tr("Name"), QObject::tr("Value")});
    table->setModel(model);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setAlternatingRowColors(true);
    table->setWordWrap(false);
    table->setTextElideMode(Qt::ElideRight);
    table->verticalHeader()->setVisible(false);
    table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table->verticalHeader()->setDefaultSectionSize(rowHeight);
    table->horizontalHeader()->setStretchLastSection(true);
    table->horizontalHeader()->resizeSection(0, 240);
    table->horizontalHeader()->setHighlightSections(false);
    table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
}

QString sizeText(qint64 bytes)
{
    return ResponseBody::formatSize(bytes);
}

// Shows at most `limit` bytes of a body as text, saying how much is left out.
QString clippedText(const QByteArray &bytes, qsizetype limit)
{
    if (bytes.size() <= limit)
        return QString::fromUtf8(bytes);
    return QString::fromUtf8(bytes.left(limit))
        + QObject::tr("\n… %1 more bytes not shown (Copy body or Export gives everything)").arg(bytes.size() - limit);
}

// The length of the UTF-8 sequence starting at bytes[i] when it is valid, else 0.
qsizetype utf8SequenceAt(QByteArrayView bytes, qsizetype i)
{
    const auto lead = static_cast<uchar>(bytes[i]);
    const qsizetype length = lead >= 0xF0 && lead <= 0xF4 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 ? 2 : 0;
    if (length == 0 || lead > 0xF4 || i + length > bytes.size())
        return 0;
    return Utf8::isValid(bytes.sliced(i, length)) ? length : 0;
}
} // namespace

CaptureInspector::CaptureInspector(QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::CaptureInspector>())
    , m_headers(new QStandardItemModel(this))
    , m_query(new QStandardItemModel(this))
    , m_responseHeaders(new QStandardItemModel(this))
    , m_form(new CaptureFormView)
    , m_attempts(new AttemptsView)
    , m_deliveries(new DeliveriesView)
    , m_bodyHighlighter(new JsonHighlighter(this))
    , m_responseHighlighter(new JsonHighlighter(this))
{
    m_ui->setupUi(this);
    m_bodyLoader = new TextLoader(m_ui->bodyView);
    m_responseLoader = new TextLoader(m_ui->responseBodyView);
    m_ui->emptyLabel->setForegroundRole(QPalette::PlaceholderText);
    const int rowHeight = fontMetrics().height() + 8;
    setupPairTable(m_ui->headersTable, m_headers, rowHeight);
    setupPairTable(m_ui->queryTable, m_query, rowHeight);
    setupPairTable(m_ui->responseHeadersTable, m_responseHeaders, rowHeight);

    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (QPlainTextEdit *view : {m_ui->bodyView, m_ui->rawView, m_ui->responseBodyView}) {
        view->setFont(fixed);
        view->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    }
    const bool dark = palette().color(QPalette::Base).lightness() < 128;
    m_bodyHighlighter->setDarkBackground(dark);
    m_responseHighlighter->setDarkBackground(dark);

    for (QLabel *label : m_ui->overviewContents->findChildren<QLabel *>()) {
        if (label->objectName().endsWith(QLatin1String("Value")))
            label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    QFont bold = m_ui->verdictValue->font();
    bold.setBold(true);
    m_ui->verdictValue->setFont(bold);
    m_ui->responseStatusLabel->setFont(bold);
    m_ui->targetValue->setFont(fixed);
    m_ui->expectedValue->setFont(fixed);
    m_ui->idValue->setFont(fixed);

    m_form->setObjectName(QStringLiteral("formTab"));
    m_ui->inspectorTabs->insertTab(m_ui->inspectorTabs->indexOf(m_ui->queryTab) + 1, m_form, tr("Form"));
    m_ui->inspectorTabs->setTabVisible(m_ui->inspectorTabs->indexOf(m_form), false);
    m_attempts->setObjectName(QStringLiteral("attemptsTab"));
    m_ui->inspectorTabs->addTab(m_attempts, tr("Attempts"));

    m_deliveries->setObjectName(QStringLiteral("deliveriesTab"));
    m_ui->inspectorTabs->addTab(m_deliveries, tr("Deliveries"));
    connect(m_deliveries, &DeliveriesView::countChanged, this,
            [this](int count) { setTabCount(m_deliveries, tr("Deliveries"), count); });

    m_ui->responseSplitter->setStretchFactor(0, 1);
    m_ui->responseSplitter->setStretchFactor(1, 2);

    connect(m_ui->bodyModeCombo, &QComboBox::activated, this, &CaptureInspector::renderBody);
    connect(m_ui->rawModeCombo, &QComboBox::activated, this, &CaptureInspector::renderRaw);
    clear();
}

CaptureInspector::~CaptureInspector() = default;

void CaptureInspector::showMessage(const QString &text)
{
    m_hasCapture = false;
    m_capture = {};
    m_ui->emptyLabel->setText(text);
    m_ui->inspectorStack->setCurrentWidget(m_ui->emptyPage);
}

void CaptureInspector::clear()
{
    showMessage(tr("Select a request to see it here."));
    m_headers->removeRows(0, m_headers->rowCount());
    m_query->removeRows(0, m_query->rowCount());
    m_responseHeaders->removeRows(0, m_responseHeaders->rowCount());
    m_ui->bodyView->clear();
    m_ui->rawView->clear();
    m_ui->responseBodyView->clear();
    m_deliveries->showCapture(0, true);
}

void CaptureInspector::showCapture(const Capture &capture)
{
    m_capture = capture;
    m_hasCapture = true;

    // The view that fits what arrived, each time: JSON pretty, text as text, bytes as hex.
    switch (ResponseBody::classify(capture.body, capture.headers)) {
    case ResponseBody::Kind::Json:
        m_ui->bodyModeCombo->setCurrentIndex(int(BodyMode::Pretty));
        break;
    case ResponseBody::Kind::Binary:
        m_ui->bodyModeCombo->setCurrentIndex(int(BodyMode::Hex));
        break;
    case ResponseBody::Kind::Empty:
    case ResponseBody::Kind::Text:
        m_ui->bodyModeCombo->setCurrentIndex(int(BodyMode::Text));
        break;
    }
    renderOverview();
    fillPairs(m_headers, capture.headers);
    fillPairs(m_query, decodeQuery(capture.query()));
    setTabCount(m_ui->headersTab, tr("Headers"), capture.headers.size());
    setTabCount(m_ui->queryTab, tr("Query"), m_query->rowCount());
    const bool form = capture.isAccepted() && m_form->showBody(capture.contentType(), capture.body);
    m_ui->inspectorTabs->setTabVisible(m_ui->inspectorTabs->indexOf(m_form), form);
    if (form)
        setTabCount(m_form, tr("Form"), m_form->decoded().fields.size());
    renderBody();
    renderRaw();
    renderResponse();
    // The same capture shown again (its forward outcome came) keeps the replays listed.
    if (m_deliveries->captureSeq() != capture.seq || capture.seq == 0) {
        m_deliveries->showCapture(capture.seq, capture.isAccepted());
        if (capture.seq != 0)
            Q_EMIT deliveriesWanted(capture.seq);
    }
    m_ui->inspectorStack->setCurrentWidget(m_ui->capturePage);
}

void CaptureInspector::showAttempts(const QString &deliveryKey, const QList<DeliveryAttempts::Attempt> &attempts)
{
    m_attempts->showAttempts(deliveryKey, attempts, m_capture.seq);
    setTabCount(m_attempts, tr("Attempts"), deliveryKey.isEmpty() ? 0 : attempts.size());
}

void CaptureInspector::showDeliveriesTab()
{
    m_ui->inspectorTabs->setCurrentWidget(m_deliveries);
}

void CaptureInspector::setTabCount(QWidget *tab, const QString &title, qsizetype count)
{
    const int index = m_ui->inspectorTabs->indexOf(tab);
    m_ui->inspectorTabs->setTabText(index, count > 0 ? QStringLiteral("%1 (%2)").arg(title).arg(count) : title);
}

void CaptureInspector::renderOverview()
{
    const Capture &c = m_capture;
    QFormLayout *form = m_ui->overviewLayout;

    m_ui->verdictValue->setText(c.isAccepted() ? tr("accepted") : tr("rejected"));
    StatusColours::setTextColour(m_ui->verdictValue, c.isAccepted() ? StatusColours::good() : StatusColours::bad());
    QString reason = c.error;
    if (c.errorOffset >= 0)
        reason += tr(" (at byte %1 of %2; marked in Raw)").arg(c.errorOffset).arg(c.raw.size());
    m_ui->reasonValue->setText(reason);
    form->setRowVisible(m_ui->reasonValue, !c.error.isEmpty());

    m_ui->methodValue->setText(c.method.isEmpty() ? tr("(none)") : CaptureJson::headerText(c.method));
    m_ui->targetValue->setText(c.target.isEmpty() ? tr("(none)") : CaptureJson::headerText(c.target));
    m_ui->versionValue->setText(c.httpVersion.isEmpty() ? tr("(none)")
                                                        : QStringLiteral("HTTP/") + QString::fromLatin1(c.httpVersion));
    m_ui->peerValue->setText(QStringLiteral("%1 port %2").arg(c.remoteAddress).arg(c.remotePort));
    // In a team inbox several listeners write: say which machine received it.
    m_ui->localPortValue->setText(c.listenerHost.isEmpty() ? QString::number(c.localPort)
                                                           : tr("%1 on %2").arg(c.localPort).arg(c.listenerHost));

    const QDateTime local = QDateTime::fromMSecsSinceEpoch(c.receivedAtMs);
    QString time = local.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")) + QStringLiteral("  (")
        + CaptureJson::isoTime(c.receivedAtMs) + QLatin1Char(')');
    if (c.completedAtMs >= c.receivedAtMs && c.completedAtMs > 0)
        time += tr(" · read in %1 ms").arg(c.completedAtMs - c.receivedAtMs);
    m_ui->timeValue->setText(time);
    m_ui->sizeValue->setText(tr("body %1 · %2 on the wire").arg(sizeText(c.body.size()), sizeText(c.raw.size())));

    QString answer;
    if (c.response.closedWithoutAnswer)
        answer = tr("closed without answering");
    else if (c.response.status == 0)
        answer = tr("nothing was sent (the connection closed first)");
    else
        answer = QStringLiteral("%1 %2")
                     .arg(c.response.status)
                     .arg(QString::fromLatin1(httpReasonPhrase(c.response.status)));
    if (c.response.delayMs > 0)
        answer += tr(", after %1 ms").arg(c.response.delayMs);
    m_ui->answerValue->setText(answer.trimmed());

    const bool verified = !c.signature.scheme.isEmpty();
    if (verified) {
        QString text = c.signature.scheme + QStringLiteral(": ") + (c.signature.valid ? tr("valid") : tr("invalid"));
        if (!c.signature.reason.isEmpty())
            text += QStringLiteral(" — ") + c.signature.reason;
        m_ui->signatureValue->setText(text);
        StatusColours::setTextColour(m_ui->signatureValue,
                                     c.signature.valid ? StatusColours::good() : StatusColours::bad());
    }
    form->setRowVisible(m_ui->signatureValue, verified);
    m_ui->expectedValue->setText(CaptureJson::headerText(c.signature.expected));
    form->setRowVisible(m_ui->expectedValue, verified && !c.signature.valid && !c.signature.expected.isEmpty());

    if (c.forward.isSet()) {
        const QString where = c.forward.url;
        if (c.forward.answered())
            m_ui->forwardValue->setText(tr("to %1: %2 %3 in %4 ms")
                                            .arg(where)
                                            .arg(c.forward.status)
                                            .arg(QString::fromLatin1(httpReasonPhrase(c.forward.status)))
                                            .arg(c.forward.ms));
        else
            m_ui->forwardValue->setText(tr("to %1: no answer — %2").arg(where, c.forward.error));
        StatusColours::setTextColour(m_ui->forwardValue,
                                     c.forward.answered() && c.forward.status < 400 ? StatusColours::good()
                                                                                    : StatusColours::bad());
    }
    form->setRowVisible(m_ui->forwardValue, c.forward.isSet());
    m_ui->idValue->setText(c.id);

    QStringList tls;
    tls << (c.tls.protocol.isEmpty() ? tr("handshake not completed") : c.tls.protocol);
    if (!c.tls.cipher.isEmpty())
        tls << c.tls.cipher;
    tls << (c.tls.sni.isEmpty() ? tr("no SNI") : tr("SNI %1").arg(c.tls.sni));
    if (!c.tls.clientCertificate.isEmpty())
        tls << tr("client certificate %1").arg(c.tls.clientCertificate);
    m_ui->tlsValue->setText(tls.join(QStringLiteral(" · ")));
    form->setRowVisible(m_ui->tlsValue, c.tls.used);
}

CaptureInspector::BodyMode CaptureInspector::bodyMode() const
{
    return BodyMode(m_ui->bodyModeCombo->currentIndex());
}

void CaptureInspector::setBodyMode(BodyMode mode)
{
    m_ui->bodyModeCombo->setCurrentIndex(int(mode));
    renderBody();
}

CaptureInspector::RawMode CaptureInspector::rawMode() const
{
    return RawMode(m_ui->rawModeCombo->currentIndex());
}

void CaptureInspector::setRawMode(RawMode mode)
{
    m_ui->rawModeCombo->setCurrentIndex(int(mode));
    renderRaw();
}

QString CaptureInspector::bodyText() const
{
    return m_bodyLoader->isLoading() ? m_bodyLoader->text() : m_ui->bodyView->toPlainText();
}

QString CaptureInspector::rawText() const
{
    return m_ui->rawView->toPlainText();
}

void CaptureInspector::renderBody()
{
    const QByteArray &body = m_capture.body;
    const ResponseBody::Kind kind = ResponseBody::classify(body, m_capture.headers);
    QString type = QString::fromLatin1(m_capture.contentType());
    if (type.isEmpty())
        type = tr("no Content-Type");
    QString kindText;
    switch (kind) {
    case ResponseBody::Kind::Empty:
        kindText = tr("empty");
        break;
    case ResponseBody::Kind::Json:
        kindText = tr("JSON");
        break;
    case ResponseBody::Kind::Text:
        kindText = tr("text");
        break;
    case ResponseBody::Kind::Binary:
        kindText = tr("binary");
        break;
    }
    m_ui->bodyInfoLabel->setText(QStringLiteral("%1 · %2 · %3").arg(type, sizeText(body.size()), kindText));

    BodyMode mode = bodyMode();
    if (mode == BodyMode::Pretty && (kind != ResponseBody::Kind::Json || body.size() > kPrettyLimit))
        mode = kind == ResponseBody::Kind::Binary ? BodyMode::Hex : BodyMode::Text;

    // Highlighting is attached only for JSON: the highlighter would mark {{...}} in plain text.
    m_bodyHighlighter->setDocument(nullptr);
    switch (mode) {
    case BodyMode::Pretty: {
        const QByteArray pretty = JsonTools::format(body);
        m_bodyHighlighter->setJsonSyntax(true);
        m_bodyHighlighter->setDocument(m_ui->bodyView->document());
        m_bodyLoader->load(QString::fromUtf8(pretty.isEmpty() ? body : pretty));
        break;
    }
    case BodyMode::Text:
        m_bodyLoader->load(clippedText(body, kTextLimit));
        break;
    case BodyMode::Hex:
        m_bodyLoader->load(ResponseBody::hexDump(body, kHexLimit));
        break;
    }
}

QString CaptureInspector::escapedText(QByteArrayView bytes, qsizetype markOffset, int *markPosition)
{
    if (markPosition)
        *markPosition = -1;
    QString out;
    out.reserve(bytes.size() + bytes.size() / 8);
    for (qsizetype i = 0; i < bytes.size();) {
        if (i == markOffset && markPosition)
            *markPosition = int(out.size());
        const char c = bytes[i];
        const auto u = static_cast<uchar>(c);
        if (c == '\n') {
            out += QLatin1String("\\n\n");
        } else if (c == '\r') {
            out += QLatin1String("\\r");
        } else if (c == '\t') {
            out += QLatin1String("\\t");
        } else if (c == '\\') {
            out += QLatin1String("\\\\");
        } else if (u >= 0x20 && u < 0x7F) {
            out += QLatin1Char(c);
        } else if (const qsizetype length = u >= 0x80 ? utf8SequenceAt(bytes, i) : 0; length > 0) {
            if (markPosition && markOffset > i && markOffset < i + length)
                *markPosition = int(out.size());
            out += QString::fromUtf8(bytes.sliced(i, length));
            i += length;
            continue;
        } else {
            out += QStringLiteral("\\x%1").arg(u, 2, 16, QLatin1Char('0'));
        }
        ++i;
    }
    if (markOffset == bytes.size() && markPosition)
        *markPosition = int(out.size());
    return out;
}

void CaptureInspector::renderRaw()
{
    const QByteArray &raw = m_capture.raw;
    QString info = tr("%1 received").arg(sizeText(raw.size()));
    QList<QTextEdit::ExtraSelection> marks;
    if (rawMode() == RawMode::Hex) {
        m_ui->rawView->setPlainText(ResponseBody::hexDump(raw, kHexLimit));
    } else {
        const QByteArrayView shown = QByteArrayView(raw).first(qMin(raw.size(), kRawLimit));
        int markPosition = -1;
        QString text = escapedText(shown, m_capture.errorOffset, &markPosition);
        if (shown.size() < raw.size())
            text += tr("\n… %1 more bytes not shown (Export gives everything)").arg(raw.size() - shown.size());
        m_ui->rawView->setPlainText(text);
        if (markPosition >= 0) {
            // Where the parser gave up: the rest of that line, marked.
            QTextEdit::ExtraSelection mark;
            mark.format.setBackground(QColor(0xff, 0xcd, 0xd2));
            mark.format.setForeground(QColor(0x8b, 0x00, 0x00));
            mark.cursor = QTextCursor(m_ui->rawView->document());
            mark.cursor.setPosition(markPosition);
            mark.cursor.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
            if (!mark.cursor.hasSelection())
                mark.cursor.movePosition(QTextCursor::PreviousCharacter, QTextCursor::KeepAnchor);
            marks.append(mark);
            QTextCursor at(m_ui->rawView->document());
            at.setPosition(markPosition);
            m_ui->rawView->setTextCursor(at);
            m_ui->rawView->ensureCursorVisible();
            info += tr(" · the problem is marked at byte %1").arg(m_capture.errorOffset);
        }
    }
    m_ui->rawView->setExtraSelections(marks);
    m_ui->rawInfoLabel->setText(info);
}

void CaptureInspector::renderResponse()
{
    const CaptureResponse &r = m_capture.response;
    QString status;
    QColor colour = StatusColours::bad();
    if (r.closedWithoutAnswer) {
        status = tr("Closed without answering");
    } else if (r.status == 0) {
        status = tr("Nothing was sent: the connection closed before the answer");
    } else {
        status = QStringLiteral("HTTP/1.1 %1 %2").arg(r.status).arg(QString::fromLatin1(httpReasonPhrase(r.status)));
        colour = StatusColours::forStatus(r.status);
    }
    if (r.delayMs > 0)
        status += tr("  ·  after a %1 ms delay").arg(r.delayMs);
    m_ui->responseStatusLabel->setText(status.trimmed());
    StatusColours::setTextColour(m_ui->responseStatusLabel, colour);
    fillPairs(m_responseHeaders, r.headers);

    const ResponseBody::Kind kind = ResponseBody::classify(r.body, r.headers);
    m_responseHighlighter->setDocument(nullptr);
    if (kind == ResponseBody::Kind::Binary) {
        m_responseLoader->load(ResponseBody::hexDump(r.body, kHexLimit));
    } else if (kind == ResponseBody::Kind::Json && r.body.size() <= kPrettyLimit) {
        m_responseHighlighter->setJsonSyntax(true);
        m_responseHighlighter->setDocument(m_ui->responseBodyView->document());
        m_responseLoader->load(QString::fromUtf8(JsonTools::format(r.body)));
    } else {
        m_responseLoader->load(clippedText(r.body, kTextLimit));
    }
}
