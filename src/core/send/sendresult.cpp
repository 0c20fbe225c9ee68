#include "core/send/sendresult.h"

#include <array>
#include <utility>

namespace {
constexpr std::array<std::pair<SendError, const char *>, 10> kNames = {{
    {SendError::None, "none"},
    {SendError::InvalidRequest, "invalid-request"},
    {SendError::ConnectionRefused, "connection-refused"},
    {SendError::ConnectionClosed, "connection-closed"},
    {SendError::HostNotFound, "host-not-found"},
    {SendError::Timeout, "timeout"},
    {SendError::Tls, "tls"},
    {SendError::TooManyRedirects, "too-many-redirects"},
    {SendError::Network, "network"},
    {SendError::Cancelled, "cancelled"},
}};
} // namespace

QString SendResult::errorName(SendError error)
{
    for (const auto &[value, name] : kNames) {
        if (value == error)
            return QLatin1String(name);
    }
    return QStringLiteral("network");
}

SendError SendResult::errorFromName(const QString &name)
{
    for (const auto &[value, text] : kNames) {
        if (name == QLatin1String(text))
            return value;
    }
    return name.isEmpty() ? SendError::None : SendError::Network;
}
