#include "gui/widgets/dialogs.h"

#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QInputDialog>
#include <QLineEdit>
#include <QPushButton>

namespace Dialogs {

namespace {

Responder &responder()
{
    static Responder instance;
    return instance;
}

Request makeRequest(Kind kind, QWidget *parent, const QString &title, const QString &text = {})
{
    Request request;
    request.kind = kind;
    request.parent = parent;
    request.title = title;
    request.text = text;
    return request;
}

// Hands `request` to the responder when one is set.
bool answered(const Request &request, Answer *answer)
{
    if (!responder())
        return false;
    *answer = responder()(request);
    return true;
}

// As QInputDialog: a null string when cancelled.
QString answeredText(const Answer &answer, bool *ok)
{
    if (ok)
        *ok = answer.accepted;
    return answer.accepted ? answer.text : QString();
}

QString answeredFile(const Answer &answer, QString *selectedFilter)
{
    if (!answer.accepted)
        return {};
    if (selectedFilter && !answer.selectedFilter.isEmpty())
        *selectedFilter = answer.selectedFilter;
    return answer.text;
}

QString askFile(Kind kind, QWidget *parent, const QString &caption, const QString &dir, const QString &filter,
                QString *selectedFilter)
{
    Request request = makeRequest(kind, parent, caption);
    request.value = dir;
    request.filter = filter;
    if (Answer answer; answered(request, &answer))
        return answeredFile(answer, selectedFilter);
    return kind == Kind::OpenFile ? QFileDialog::getOpenFileName(parent, caption, dir, filter, selectedFilter)
                                  : QFileDialog::getSaveFileName(parent, caption, dir, filter, selectedFilter);
}

} // namespace

void setResponder(Responder value)
{
    responder() = std::move(value);
}

bool hasResponder()
{
    return bool(responder());
}

QMessageBox::StandardButton question(QWidget *parent, const QString &title, const QString &text,
                                     QMessageBox::StandardButtons buttons, QMessageBox::StandardButton defaultButton)
{
    Request request = makeRequest(Kind::Question, parent, title, text);
    request.buttons = buttons;
    request.defaultButton = defaultButton;
    if (Answer answer; answered(request, &answer))
        return answer.button;
    return QMessageBox::question(parent, title, text, buttons, defaultButton);
}

bool confirm(QWidget *parent, const QString &title, const QString &text)
{
    return question(parent, title, text, QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
        == QMessageBox::Yes;
}

void information(QWidget *parent, const QString &title, const QString &text, const QString &informativeText,
                 const QString &detailedText)
{
    Request request = makeRequest(Kind::Information, parent, title, text);
    request.informativeText = informativeText;
    request.detailedText = detailedText;
    request.buttons = QMessageBox::Ok;
    if (Answer answer; answered(request, &answer))
        return;
    QMessageBox box(QMessageBox::Information, title, text, QMessageBox::Ok, parent);
    box.setInformativeText(informativeText);
    box.setDetailedText(detailedText);
    box.exec();
}

void warning(QWidget *parent, const QString &title, const QString &text)
{
    Request request = makeRequest(Kind::Warning, parent, title, text);
    request.buttons = QMessageBox::Ok;
    if (Answer answer; answered(request, &answer))
        return;
    QMessageBox::warning(parent, title, text);
}

void about(QWidget *parent, const QString &title, const QString &text)
{
    if (Answer answer; answered(makeRequest(Kind::About, parent, title, text), &answer))
        return;
    QMessageBox::about(parent, title, text);
}

QString getOpenFileName(QWidget *parent, const QString &caption, const QString &dir, const QString &filter,
                        QString *selectedFilter)
{
    return askFile(Kind::OpenFile, parent, caption, dir, filter, selectedFilter);
}

QString getSaveFileName(QWidget *parent, const QString &caption, const QString &dir, const QString &filter,
                        QString *selectedFilter)
{
    return askFile(Kind::SaveFile, parent, caption, dir, filter, selectedFilter);
}

QString getText(QWidget *parent, const QString &title, const QString &label, const QString &text, bool *ok)
{
    Request request = makeRequest(Kind::Text, parent, title, label);
    request.value = text;
    if (Answer answer; answered(request, &answer))
        return answeredText(answer, ok);
    return QInputDialog::getText(parent, title, label, QLineEdit::Normal, text, ok);
}

QString getMultiLineText(QWidget *parent, const QString &title, const QString &label, const QString &text, bool *ok)
{
    Request request = makeRequest(Kind::MultiLineText, parent, title, label);
    request.value = text;
    if (Answer answer; answered(request, &answer))
        return answeredText(answer, ok);
    return QInputDialog::getMultiLineText(parent, title, label, text, ok);
}

int getInt(QWidget *parent, const QString &title, const QString &label, int value, int minimum, int maximum, int step,
           bool *ok)
{
    Request request = makeRequest(Kind::Integer, parent, title, label);
    request.number = value;
    request.minimum = minimum;
    request.maximum = maximum;
    if (Answer answer; answered(request, &answer)) {
        if (ok)
            *ok = answer.accepted;
        return answer.accepted ? answer.number : value;
    }
    return QInputDialog::getInt(parent, title, label, value, minimum, maximum, step, ok);
}

bool getNameAndPlace(QWidget *parent, const QString &title, const QString &label, const QString &name,
                     const QStringList &places, int place, QString *chosenName, int *chosenPlace)
{
    Request request = makeRequest(Kind::NameAndPlace, parent, title, label);
    request.value = name;
    request.items = places;
    request.number = place;
    Answer answer;
    if (!answered(request, &answer)) {
        QDialog dialog(parent);
        dialog.setWindowTitle(title);
        auto *nameEdit = new QLineEdit(name, &dialog);
        nameEdit->setObjectName(QStringLiteral("nameAndPlaceNameEdit"));
        nameEdit->selectAll();
        auto *placeCombo = new QComboBox(&dialog);
        placeCombo->setObjectName(QStringLiteral("nameAndPlacePlaceCombo"));
        placeCombo->addItems(places);
        placeCombo->setCurrentIndex(place);
        auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, &dialog);
        auto *form = new QFormLayout(&dialog);
        form->addRow(label, nameEdit);
        form->addRow(QObject::tr("In:"), placeCombo);
        form->addRow(buttons);
        QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
        QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
        QObject::connect(nameEdit, &QLineEdit::textChanged, &dialog, [buttons](const QString &text) {
            buttons->button(QDialogButtonBox::Save)->setEnabled(!text.trimmed().isEmpty());
        });
        dialog.resize(qMax(dialog.sizeHint().width(), 420), dialog.sizeHint().height());
        answer.accepted = dialog.exec() == QDialog::Accepted;
        answer.text = nameEdit->text();
        answer.number = placeCombo->currentIndex();
    }
    if (!answer.accepted || answer.text.trimmed().isEmpty() || answer.number < 0 || answer.number >= places.size())
        return false;
    *chosenName = answer.text.trimmed();
    *chosenPlace = answer.number;
    return true;
}

} // namespace Dialogs
