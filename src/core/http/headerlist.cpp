#include "core/http/headerlist.h"

namespace {
bool sameName(const QByteArray &a, QByteArrayView b)
{
    return a.size() == b.size() && qstrnicmp(a.constData(), b.data(), a.size()) == 0;
}
} // namespace

QByteArray Headers::value(const HeaderList &headers, QByteArrayView name)
{
    for (const auto &header : headers) {
        if (sameName(header.first, name))
            return header.second;
    }
    return {};
}

QList<QByteArray> Headers::values(const HeaderList &headers, QByteArrayView name)
{
    QList<QByteArray> result;
    for (const auto &header : headers) {
        if (sameName(header.first, name))
            result << header.second;
    }
    return result;
}

bool Headers::contains(const HeaderList &headers, QByteArrayView name)
{
    return count(headers, name) > 0;
}

int Headers::count(const HeaderList &headers, QByteArrayView name)
{
    int n = 0;
    for (const auto &header : headers)
        n += sameName(header.first, name) ? 1 : 0;
    return n;
}

bool Headers::isHopByHop(QByteArrayView name)
{
    static const QByteArrayView names[] = {"host",       "content-length",  "connection", "transfer-encoding",
                                           "keep-alive", "expect",          "te",         "trailer",
                                           "upgrade",    "proxy-connection"};
    for (const QByteArrayView hop : names) {
        if (name.size() == hop.size() && qstrnicmp(name.data(), hop.data(), hop.size()) == 0)
            return true;
    }
    return false;
}
