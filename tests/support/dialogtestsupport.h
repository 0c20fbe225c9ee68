#pragma once

#include <QApplication>
#include <QTimer>
#include <QWidget>

#include <functional>

namespace TestSupport {

// Answers the modal dialog that the next call opens with exec(), as a user would: once a
// `Dialog` is the active modal widget, `answer` fills it in and accepts or rejects it.
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
