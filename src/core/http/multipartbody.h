#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

// One part of a multipart/form-data body (RFC 7578) as on the wire.
struct MultipartPart {
    QByteArray name;
    QByteArray fileName; // sent only when hasFileName: a file part
    bool hasFileName = false;
    QByteArray contentType; // empty: no Content-Type line (text parts, as curl and browsers send them)
    QByteArray data;

    friend bool operator==(const MultipartPart &, const MultipartPart &) = default;
};
using MultipartParts = QList<MultipartPart>;

// multipart/form-data written the way curl writes it (so a request imported from a cURL
// command arrives as curl sends it) and read back from any sender.
namespace MultipartBody {
// A fresh boundary in curl's shape: 24 dashes and 16 random hex digits.
QByteArray newBoundary();
// "multipart/form-data; boundary=<boundary>"
QByteArray contentType(QByteArrayView boundary);
// Names and file names are quoted with '"', CR and LF as %22, %0D, %0A (WHATWG, curl).
QByteArray encode(const MultipartParts &parts, QByteArrayView boundary);

// Whether the media type is multipart/form-data, whatever its parameters.
bool isFormData(QByteArrayView contentType);
// The boundary parameter of a Content-Type (quotes removed); empty when there is none.
QByteArray boundary(QByteArrayView contentType);
// Parts in order. False with *error (and the parts read so far) when the body does not
// follow the boundary: no opening delimiter, a part without its header end, no closing one.
bool decode(QByteArrayView body, QByteArrayView boundary, MultipartParts *parts, QString *error);
} // namespace MultipartBody
