#pragma once

#include <QMessageBox>
#include <QString>
#include <QStringList>

#include <functional>

class QWidget;

// Every standard dialog the application opens (message boxes, file choosers, input boxes)
// goes through here, so tests answer them through one hook instead of each widget
// carrying its own prompt callbacks. Without a responder each call opens the Qt dialog
// it names and returns what Qt returns; with one, no dialog opens and the responder's
// answer is returned instead. Dialog classes of our own (EndpointProfileDialog…) are
// not covered: tests drive those through TestSupport::whenDialogOpens.
namespace Dialogs {

enum class Kind {
    Question,      // question(), confirm(): answered with a button
    Information,   // information(): a notice, the answer is ignored
    Warning,       // warning(): a notice, the answer is ignored
    About,         // about(): a notice, the answer is ignored
    OpenFile,      // getOpenFileName(): answered with a path, or cancelled
    SaveFile,      // getSaveFileName(): answered with a path, or cancelled
    Text,          // getText(): answered with a text, or cancelled
    MultiLineText, // getMultiLineText(): answered with a text, or cancelled
    Integer,       // getInt(): answered with a number, or cancelled
    NameAndPlace,  // getNameAndPlace(): answered with a text and an index into items, or cancelled
};

// What a call asked, handed to the responder so a test can check it as well as answer it.
struct Request {
    Kind kind = Kind::Question;
    QWidget *parent = nullptr;
    QString title;           // the window title or file dialog caption
    QString text;            // the message, or the input's label
    QString informativeText; // information(): the short list under the message
    QString detailedText;    // information(): the text behind "Show Details…"
    QString value;           // text inputs: the initial text; file dialogs: the initial folder or file
    QString filter;          // file dialogs: the name filters, ";;"-separated
    QMessageBox::StandardButtons buttons = QMessageBox::NoButton;
    QMessageBox::StandardButton defaultButton = QMessageBox::NoButton;
    int number = 0; // getInt(): the initial value, and its bounds
    int minimum = 0;
    int maximum = 0;
    QStringList items; // getNameAndPlace(): the places offered (number: the one preselected)
};

struct Answer {
    QMessageBox::StandardButton button = QMessageBox::NoButton; // question(); NoButton as if closed
    bool accepted = false;                                      // input and file dialogs: false when cancelled
    QString text;                                               // the text entered, or the path chosen
    QString selectedFilter; // file dialogs: the filter chosen (empty: the first one)
    int number = 0;

    static Answer pressed(QMessageBox::StandardButton button) { return {button, true, {}, {}, 0}; }
    static Answer cancelled() { return {QMessageBox::Cancel, false, {}, {}, 0}; }
    static Answer entered(const QString &text) { return {QMessageBox::Ok, true, text, {}, 0}; }
    static Answer file(const QString &path, const QString &filter = {})
    {
        return {QMessageBox::Ok, true, path, filter, 0};
    }
    static Answer chosen(int number) { return {QMessageBox::Ok, true, {}, {}, number}; }
    static Answer nameAndPlace(const QString &name, int place) { return {QMessageBox::Ok, true, name, {}, place}; }
};

using Responder = std::function<Answer(const Request &request)>;

// The test hook. While set, every call below goes to `responder` and no dialog opens;
// an empty function restores the real dialogs. Used from the GUI thread only.
void setResponder(Responder responder);
bool hasResponder();

QMessageBox::StandardButton question(QWidget *parent, const QString &title, const QString &text,
                                     QMessageBox::StandardButtons buttons = QMessageBox::Yes | QMessageBox::No,
                                     QMessageBox::StandardButton defaultButton = QMessageBox::NoButton);
// A Yes/Cancel question with Cancel the default, for anything that cannot be undone; true on Yes.
bool confirm(QWidget *parent, const QString &title, const QString &text);

void information(QWidget *parent, const QString &title, const QString &text, const QString &informativeText = {},
                 const QString &detailedText = {});
void warning(QWidget *parent, const QString &title, const QString &text);
void about(QWidget *parent, const QString &title, const QString &text);

// An empty string when cancelled.
QString getOpenFileName(QWidget *parent, const QString &caption, const QString &dir = {}, const QString &filter = {},
                        QString *selectedFilter = nullptr);
QString getSaveFileName(QWidget *parent, const QString &caption, const QString &dir = {}, const QString &filter = {},
                        QString *selectedFilter = nullptr);

// `ok` (when given) says whether the user accepted; cancelled, the text ones return a null string
// and getInt() returns `value`, as QInputDialog does.
QString getText(QWidget *parent, const QString &title, const QString &label, const QString &text = {},
                bool *ok = nullptr);
QString getMultiLineText(QWidget *parent, const QString &title, const QString &label, const QString &text = {},
                         bool *ok = nullptr);
int getInt(QWidget *parent, const QString &title, const QString &label, int value, int minimum, int maximum,
           int step = 1, bool *ok = nullptr);

// A name and one of `places` in one dialog (Save As: the request's name and its collection or
// folder). False when cancelled; otherwise *name (initially `name`) and *place (initially
// `place`, an index into `places`).
bool getNameAndPlace(QWidget *parent, const QString &title, const QString &label, const QString &name,
                     const QStringList &places, int place, QString *chosenName, int *chosenPlace);

} // namespace Dialogs
