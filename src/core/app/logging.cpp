#include "core/app/logging.h"

Q_LOGGING_CATEGORY(lcApp, "hookbench.app", QtInfoMsg)
Q_LOGGING_CATEGORY(lcListener, "hookbench.listener", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStore, "hookbench.store", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSender, "hookbench.sender", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSigning, "hookbench.signing", QtInfoMsg)
Q_LOGGING_CATEGORY(lcCollections, "hookbench.collections", QtInfoMsg)
