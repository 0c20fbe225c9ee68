#include "gui/send/responseview.h"

#include "core/http/headerlistmodel.h"
#include "core/http/responsebody.h"
#include "gui/widgets/jsoneditor.h"
#include "gui/widgets/statuscolours.h"
#include "ui_responseview.h"

#include <QFontDatabase>
#include <QHeaderView>
#include <QSignalBlocker>

namespace {

// Above this, a body is shown raw: pretty-printing a huge body is not what anyone reads.
constexpr qsizetype kPrettyLimit = 8 * 1024 * 1024;

QString requestAsText(const OutgoingRequest &request, const SendResult &result)
{
    QString text = QString::fromUtf8(request.method) + QLatin1Char(' ') + request.url.toString(QUrl::FullyEncoded)
        + QLatin1Char('\n');
    const HeaderList &headers = result.requestHeaders.isEmpty() ? request.headers : result.requestHeaders;
    for (const auto &[name, value] : headers)
        text += QString::fromUtf8(name) + QLatin1String(": ") + QString::fromUtf8(value) + QLatin1Char('\n');
    text += QLatin1Char('\n');
    if (ResponseBody::classify(request.body, headers) == ResponseBody::Kind::Binary)
        text += ResponseBody::hexDump(request.body);
    else
        text += QString::fromUtf8(request.body);
    return text;
}

// The failure in words, with what to check where the bare error would only repeat the status.
QString failureExplanation(const OutgoingRequest &request, const SendResult &result)
{
    const QString where = request.url.host()
        + (request.url.port() > 0 ? QStringLiteral(":%1").arg(request.url.port()) : QString());
    switch (result.error) {
    case SendError::ConnectionRefused:
        return ResponseView::tr("Nothing is listening at %1 (connection refused). Is the receiver running on that "
                                "port?")
            .arg(where);
    case SendError::ConnectionClosed:
        return ResponseView::tr("%1 closed the connection without answering.").arg(where);
    case SendError::Cancelled:
        return ResponseView::tr("Cancelled before an answer came.");
    default:
        break;
    }
    return result.errorText.isEmpty() ? ResponseView::tr("The request failed.") : result.errorText;
}

} // namespace

ResponseView::ResponseView(QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::ResponseView>())
    , m_headers(new HeaderListModel(this))
{
    m_ui->setupUi(this);
    m_ui->emptyLabel->setForegroundRole(QPalette::PlaceholderText);
    QFont statusFont = m_ui->statusLabel->font();
    statusFont.setBold(true);
    statusFont.setPointSizeF(statusFont.pointSizeF() * 1.15);
    m_ui->statusLabel->setFont(statusFont);
    QPalette errorPalette = m_ui->errorLabel->palette();
    errorPalette.setColor(QPalette::WindowText, StatusColours::forStatus(0));
    m_ui->errorLabel->setPalette(errorPalette);

    m_ui->responseHeadersTable->setModel(m_headers);
    m_ui->responseHeadersTable->horizontalHeader()->setStretchLastSection(true);
    m_ui->responseHeadersTable->horizontalHeader()->resizeSection(0, 240);
    m_ui->responseHeadersTable->verticalHeader()->setVisible(false);
    m_ui->responseHeadersTable->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    m_ui->responseHeadersTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_ui->responseHeadersTable->setAlternatingRowColors(true);
    m_ui->responseHeadersTable->setWordWrap(false);
    m_ui->requestSentView->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_ui->responseBodyView->setPlaceholderText(tr("(no body)"));

    connect(m_ui->bodyViewCombo, &QComboBox::activated, this, [this] {
        m_userPickedView = true;
        renderBody();
    });
    clear();
}

ResponseView::~ResponseView() = default;

void ResponseView::clear(const QString &note)
{
    m_hasResult = false;
    m_result = {};
    m_headers->setHeaders({});
    m_ui->responseBodyView->clear();
    m_ui->requestSentView->clear();
    m_ui->emptyLabel->setText(!note.isEmpty() ? note
                                              : tr("The response appears here.\nPress Send (Ctrl+Enter), or pick a "
                                                   "sample from More ▸ Samples."));
    m_ui->responseStack->setCurrentWidget(m_ui->emptyPage);
}

void ResponseView::showSending(const QString &what)
{
    m_ui->emptyLabel->setText(what);
    if (!m_hasResult) {
        m_ui->responseStack->setCurrentWidget(m_ui->emptyPage);
        return;
    }
    // Keep the previous answer visible, marked as the previous one.
    m_ui->statusLabel->setText(m_ui->statusLabel->text() + tr(" (previous)"));
}

void ResponseView::showNotSent()
{
    // A refused send (invalid JSON, an unknown {{variable}}) never reached the wire: an answer
    // still shown is the previous request's, and says so, as while sending.
    if (m_hasResult)
        m_ui->statusLabel->setText(statusText() + tr(" (previous answer: the last Send was not sent)"));
}

void ResponseView::showResult(const OutgoingRequest &request, const SendResult &result)
{
    m_result = result;
    m_hasResult = true;
    m_ui->responseStack->setCurrentWidget(m_ui->resultPage);

    QPalette statusPalette = m_ui->statusLabel->palette();
    statusPalette.setColor(QPalette::WindowText, StatusColours::forStatus(result.hasResponse() ? result.status : 0));
    m_ui->statusLabel->setPalette(statusPalette);
    m_ui->statusLabel->setText(statusText());

    m_ui->timeLabel->setText(tr("Time %1").arg(ResponseBody::formatDuration(result.totalMs)));
    m_ui->firstByteLabel->setText(tr("First byte %1").arg(ResponseBody::formatDuration(result.firstByteMs)));
    m_ui->firstByteLabel->setVisible(result.firstByteMs >= 0);
    m_ui->sizeLabel->setText(tr("Size %1").arg(ResponseBody::formatSize(result.body.size())));
    m_ui->sizeLabel->setVisible(result.hasResponse());

    if (result.hasResponse()) {
        m_ui->errorLabel->setVisible(false);
    } else {
        m_ui->errorLabel->setText(failureExplanation(request, result));
        m_ui->errorLabel->setVisible(true);
    }

    m_headers->setHeaders(result.headers);
    m_ui->responseTabs->setTabText(m_ui->responseTabs->indexOf(m_ui->responseHeadersTab),
                                   tr("Headers (%1)").arg(result.headers.size()));
    m_ui->requestSentView->setPlainText(requestAsText(request, result));

    if (!m_userPickedView) {
        const ResponseBody::Kind kind = ResponseBody::classify(result.body, result.headers);
        const QSignalBlocker blocker(m_ui->bodyViewCombo);
        m_ui->bodyViewCombo->setCurrentIndex(int(kind == ResponseBody::Kind::Binary     ? BodyView::Hex
                                                     : kind == ResponseBody::Kind::Json ? BodyView::Pretty
                                                                                        : BodyView::Raw));
    }
    renderBody();
}

QString ResponseView::statusText() const
{
    if (!m_hasResult)
        return {};
    if (!m_result.hasResponse()) {
        switch (m_result.error) {
        case SendError::Cancelled:
            return tr("Cancelled");
        case SendError::Timeout:
            return tr("Timed out");
        case SendError::ConnectionRefused:
            return tr("Connection refused");
        case SendError::HostNotFound:
            return tr("Host not found");
        case SendError::Tls:
            return tr("TLS error");
        case SendError::TooManyRedirects:
            return tr("Too many redirects");
        case SendError::InvalidRequest:
            return tr("Not sent");
        default:
            return tr("Failed");
        }
    }
    QString text = QString::number(m_result.status);
    if (!m_result.reason.isEmpty())
        text += QLatin1Char(' ') + QString::fromUtf8(m_result.reason);
    if (m_result.http2)
        text += QLatin1String(" · HTTP/2");
    return text;
}

QString ResponseView::bodyText() const
{
    return m_ui->responseBodyView->text();
}

ResponseView::BodyView ResponseView::bodyView() const
{
    return BodyView(m_ui->bodyViewCombo->currentIndex());
}

void ResponseView::setBodyView(BodyView view)
{
    m_userPickedView = true;
    m_ui->bodyViewCombo->setCurrentIndex(int(view));
    renderBody();
}

void ResponseView::renderBody()
{
    const QByteArray &body = m_result.body;
    JsonEditor *view = m_ui->responseBodyView;
    const ResponseBody::Kind kind = ResponseBody::classify(body, m_result.headers);
    switch (bodyView()) {
    case BodyView::Pretty:
        if (kind == ResponseBody::Kind::Json && body.size() <= kPrettyLimit) {
            view->setJsonMode(true);
            view->setJsonText(body);
            return;
        }
        if (kind == ResponseBody::Kind::Binary) {
            view->setJsonMode(false);
            view->setText(ResponseBody::hexDump(body));
            return;
        }
        [[fallthrough]];
    case BodyView::Raw:
        view->setJsonMode(false);
        view->setText(QString::fromUtf8(body));
        return;
    case BodyView::Hex:
        view->setJsonMode(false);
        view->setText(ResponseBody::hexDump(body));
        return;
    }
}
