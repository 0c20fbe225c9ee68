#pragma once

#include <QLatin1StringView>
#include <QStringView>

#include <cstddef>
#include <utility>

// One table per enum maps values to the names files and JSON use, so writing and reading a
// name cannot drift apart (they were two hand-written switches, twice for proxy modes).
// The first row is the fallback: what an unknown or missing name reads as.
template <typename Enum> using EnumNames = std::pair<Enum, QLatin1StringView>;

template <typename Enum, std::size_t N> QLatin1StringView enumName(const EnumNames<Enum> (&table)[N], Enum value)
{
    for (const auto &[v, name] : table) {
        if (v == value)
            return name;
    }
    return table[0].second;
}

template <typename Enum, std::size_t N> Enum enumFromName(const EnumNames<Enum> (&table)[N], QStringView name)
{
    for (const auto &[v, n] : table) {
        if (name == n)
            return v;
    }
    return table[0].first;
}
