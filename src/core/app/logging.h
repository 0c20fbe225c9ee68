#pragma once

#include <QLoggingCategory>

// One category per subsystem, so a user can turn on exactly what they need with
// QT_LOGGING_RULES="hookbench.listener.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcApp)
Q_DECLARE_LOGGING_CATEGORY(lcListener)
Q_DECLARE_LOGGING_CATEGORY(lcStore)
Q_DECLARE_LOGGING_CATEGORY(lcSender)
Q_DECLARE_LOGGING_CATEGORY(lcSigning)
Q_DECLARE_LOGGING_CATEGORY(lcCollections)
