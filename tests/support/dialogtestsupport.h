#pragma once

#include "gui/widgets/dialogs.h"

#include <QApplication>
#include <QList>
#include <QTimer>
#include <QWidget>

#include <functional>

namespace TestSupport {

// Answers the standard dialogs (everything in gui/widgets/dialogs.h) while it lives: each
// question, file chooser or input takes the next queued answer, in order, and every call
// (notices included) is recorded in asked(). Notices (information, warning, about) take no
// answer from the queue. A call with no answer left is cancelled, so a test that did not
// expect a dialog never blocks on one; check asked() to see it.
class ScriptedDialogs final
{
public:
    ScriptedDialogs()
    {
        Dialogs::setResponder([this](const Dialogs::Request &request) {
            m_asked.append(request);
            if (m_callback)
                return m_callback(request);
            const bool notice = request.kind == Dialogs::Kind::Information || request.kind == Dialogs::Kind::Warning
                || request.kind == Dialogs::Kind::About;
            if (notice || m_answers.isEmpty())
                return Dialogs::Answer::cancelled();
            return m_answers.takeFirst();
        });
    }
    ~ScriptedDialogs() { Dialogs::setResponder({}); }
    ScriptedDialogs(const ScriptedDialogs &) = delete;
    ScriptedDialogs &operator=(const ScriptedDialogs &) = delete;

    // Queues the answer to the next question, chooser or input.
    ScriptedDialogs &answer(const Dialogs::Answer &answer)
    {
        m_answers.append(answer);
        return *this;
    }
    ScriptedDialogs &press(QMessageBox::StandardButton button) { return answer(Dialogs::Answer::pressed(button)); }
    ScriptedDialogs &enter(const QString &text) { return answer(Dialogs::Answer::entered(text)); }
    ScriptedDialogs &chooseFile(const QString &path) { return answer(Dialogs::Answer::file(path)); }
    ScriptedDialogs &cancel() { return answer(Dialogs::Answer::cancelled()); }
    // Answers every call through `callback` instead of the queue.
    void answerBy(std::function<Dialogs::Answer(const Dialogs::Request &)> callback)
    {
        m_callback = std::move(callback);
    }

    const QList<Dialogs::Request> &asked() const { return m_asked; }
    int pending() const { return int(m_answers.size()); }
    void clearAsked() { m_asked.clear(); }

private:
    QList<Dialogs::Answer> m_answers;
    QList<Dialogs::Request> m_asked;
    std::function<Dialogs::Answer(const Dialogs::Request &)> m_callback;
};

// Answers the modal dialog of our own (a QDialog subclass) that the next call opens with
// exec(), as a user would: once a `Dialog` is the active modal widget, `answer` fills it
// in and accepts or rejects it.
template <typename Dialog> void whenDialogOpens(QObject *context, std::function<void(Dialog *)> answer)
{
    auto *poll = new QTimer(context);
    poll->setInterval(10);
    QObject::connect(poll, &QTimer::timeout, context, [poll, answer = std::move(answer)] {
        if (auto *dialog = qobject_cast<Dialog *>(QApplication::activeModalWidget())) {
            poll->stop();
            poll->deleteLater();
            answer(dialog);
        }
    });
    poll->start();
}

} // namespace TestSupport
