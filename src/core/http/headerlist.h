#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>

// HTTP header fields exactly as on the wire: in order, original case, duplicates kept.
// Lookups are case-insensitive (RFC 9110 §5.1) but never change what is stored.
using HeaderList = QList<QPair<QByteArray, QByteArray>>;

namespace Headers {
// The first value of `name`, or a null QByteArray when absent.
QByteArray value(const HeaderList &headers, QByteArrayView name);
// Every value of `name`, in wire order.
QList<QByteArray> values(const HeaderList &headers, QByteArrayView name);
bool contains(const HeaderList &headers, QByteArrayView name);
int count(const HeaderList &headers, QByteArrayView name);
// Fields that describe one connection rather than the request (RFC 9110 §7.6.1, plus
// the framing fields): a request sent on again (forward, replay) gets its own.
bool isHopByHop(QByteArrayView name);
} // namespace Headers
