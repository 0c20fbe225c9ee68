#include "core/capture/capturediff.h"

#include "core/capture/capturejson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QStringList>
#include <QUrlQuery>

#include <vector>

using namespace CaptureDiff;

namespace {
// Beyond this many lines a side, the table of the line diff would cost too much memory;
// the common head and tail are still matched, the middle is shown as replaced.
constexpr qsizetype kMaxLcsLines = 3000;

Entry compare(const QString &name, const QString &left, const QString &right)
{
    return {left == right ? Change::Same : Change::Changed, name, left, right};
}

QString compact(const QJsonValue &value)
{
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    // A scalar: wrapped in an array to be written, then unwrapped.
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
}

// Keys in a map by name, several values of one name joined as a list.
template <typename Pairs> QList<Entry> byName(const Pairs &left, const Pairs &right, Qt::CaseSensitivity cs)
{
    QMap<QString, QPair<QStringList, QStringList>> names; // key: folded name
    QMap<QString, QString> shown;
    for (const auto &[name, value] : left) {
        const QString key = cs == Qt::CaseInsensitive ? name.toLower() : name;
        names[key].first << value;
        shown.insert(key, name);
    }
    for (const auto &[name, value] : right) {
        const QString key = cs == Qt::CaseInsensitive ? name.toLower() : name;
        names[key].second << value;
        if (!shown.contains(key))
            shown.insert(key, name);
    }
    QList<Entry> entries;
    for (auto it = names.cbegin(); it != names.cend(); ++it) {
        const QString l = it.value().first.join(QStringLiteral(", "));
        const QString r = it.value().second.join(QStringLiteral(", "));
        const QString name = shown.value(it.key());
        if (it.value().first.isEmpty())
            entries.append({Change::Added, name, {}, r});
        else if (it.value().second.isEmpty())
            entries.append({Change::Removed, name, l, {}});
        else
            entries.append(compare(name, l, r));
    }
    return entries;
}

QList<QPair<QString, QString>> textPairs(const HeaderList &headers)
{
    QList<QPair<QString, QString>> pairs;
    for (const auto &[name, value] : headers)
        pairs.append({CaptureJson::headerText(name), CaptureJson::headerText(value)});
    return pairs;
}

QList<QPair<QString, QString>> queryPairs(const QByteArray &query)
{
    QList<QPair<QString, QString>> pairs;
    const QUrlQuery parsed(QString::fromUtf8(query));
    for (const auto &[key, value] : parsed.queryItems(QUrl::FullyDecoded))
        pairs.append({key, value});
    return pairs;
}

bool parseJson(const QByteArray &body, QJsonValue *value)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError)
        return false;
    *value = document.isObject() ? QJsonValue(document.object()) : QJsonValue(document.array());
    return true;
}
} // namespace

bool Result::identical() const
{
    for (const QList<Entry> *part : {&request, &headers, &body}) {
        for (const Entry &entry : *part) {
            if (entry.change != Change::Same)
                return false;
        }
    }
    return true;
}

QList<Entry> CaptureDiff::json(const QJsonValue &left, const QJsonValue &right, const QString &path)
{
    QList<Entry> entries;
    if (left.isObject() && right.isObject()) {
        const QJsonObject l = left.toObject();
        const QJsonObject r = right.toObject();
        QStringList keys = l.keys();
        for (const QString &key : r.keys()) {
            if (!l.contains(key))
                keys.append(key);
        }
        keys.sort();
        for (const QString &key : std::as_const(keys)) {
            const QString child = path + QLatin1Char('.') + key;
            if (!l.contains(key))
                entries.append({Change::Added, child, {}, compact(r.value(key))});
            else if (!r.contains(key))
                entries.append({Change::Removed, child, compact(l.value(key)), {}});
            else
                entries += json(l.value(key), r.value(key), child);
        }
        return entries;
    }
    if (left.isArray() && right.isArray()) {
        const QJsonArray l = left.toArray();
        const QJsonArray r = right.toArray();
        for (qsizetype i = 0; i < qMax(l.size(), r.size()); ++i) {
            const QString child = path + QStringLiteral("[%1]").arg(i);
            if (i >= l.size())
                entries.append({Change::Added, child, {}, compact(r.at(i))});
            else if (i >= r.size())
                entries.append({Change::Removed, child, compact(l.at(i)), {}});
            else
                entries += json(l.at(i), r.at(i), child);
        }
        return entries;
    }
    entries.append(compare(path, compact(left), compact(right)));
    return entries;
}

QList<Entry> CaptureDiff::text(const QString &left, const QString &right)
{
    const QStringList a = left.split(QLatin1Char('\n'));
    const QStringList b = right.split(QLatin1Char('\n'));
    qsizetype head = 0;
    while (head < a.size() && head < b.size() && a.at(head) == b.at(head))
        ++head;
    qsizetype tail = 0;
    while (tail < a.size() - head && tail < b.size() - head && a.at(a.size() - 1 - tail) == b.at(b.size() - 1 - tail))
        ++tail;
    QList<Entry> entries;
    for (qsizetype i = 0; i < head; ++i)
        entries.append({Change::Same, {}, a.at(i), a.at(i)});
    const qsizetype n = a.size() - head - tail;
    const qsizetype m = b.size() - head - tail;
    if (n > kMaxLcsLines || m > kMaxLcsLines) {
        for (qsizetype i = 0; i < n; ++i)
            entries.append({Change::Removed, {}, a.at(head + i), {}});
        for (qsizetype j = 0; j < m; ++j)
            entries.append({Change::Added, {}, {}, b.at(head + j)});
    } else {
        // lcs[i][j]: the longest common subsequence of a's middle from i and b's from j.
        std::vector<std::vector<int>> lcs(size_t(n + 1), std::vector<int>(size_t(m + 1), 0));
        for (qsizetype i = n - 1; i >= 0; --i) {
            for (qsizetype j = m - 1; j >= 0; --j)
                lcs[i][j] = a.at(head + i) == b.at(head + j) ? lcs[i + 1][j + 1] + 1
                                                             : qMax(lcs[i + 1][j], lcs[i][j + 1]);
        }
        qsizetype i = 0, j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a.at(head + i) == b.at(head + j)) {
                entries.append({Change::Same, {}, a.at(head + i), b.at(head + j)});
                ++i;
                ++j;
            } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
                // Removed before added, as diff(1) shows a replaced line.
                entries.append({Change::Removed, {}, a.at(head + i), {}});
                ++i;
            } else {
                entries.append({Change::Added, {}, {}, b.at(head + j)});
                ++j;
            }
        }
    }
    for (qsizetype k = a.size() - tail; k < a.size(); ++k)
        entries.append({Change::Same, {}, a.at(k), a.at(k)});
    return entries;
}

Result CaptureDiff::diff(const Capture &left, const Capture &right)
{
    Result result;
    result.request.append(
        compare(QStringLiteral("method"), CaptureJson::headerText(left.method), CaptureJson::headerText(right.method)));
    result.request.append(
        compare(QStringLiteral("path"), CaptureJson::headerText(left.path()), CaptureJson::headerText(right.path())));
    result.request += byName(queryPairs(left.query()), queryPairs(right.query()), Qt::CaseSensitive);
    result.headers = byName(textPairs(left.headers), textPairs(right.headers), Qt::CaseInsensitive);
    QJsonValue l, r;
    if (parseJson(left.body, &l) && parseJson(right.body, &r)) {
        result.jsonBody = true;
        result.body = json(l, r);
    } else {
        result.body = text(QString::fromUtf8(left.body), QString::fromUtf8(right.body));
    }
    return result;
}
