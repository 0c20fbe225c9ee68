#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

// An independent, deliberately simple and strict reading of HTTP/1.1 request framing
// (RFC 9112 §§2-7, RFC 9110 §5), the fuzzing oracle for HttpRequestParser: it counts
// the complete requests at the start of a connection's bytes and stops at the first
// doubtful byte. It shares no code with the listener and uses no parser library, so a
// framing bug in the listener cannot hide in the oracle too. Anything it is unsure of
// (obs-fold, BWS in chunk extensions, a bare LF, an Upgrade, HTTP/1.0 keep-alive,
// Connection: close followed by more bytes) ends the count: it may find fewer requests
// than a correct server, never more.
namespace StrictReference {

struct Limits {
    std::size_t maxTargetBytes;
    std::size_t maxHeaderBytes;
    std::size_t maxHeaderCount;
    std::uint64_t maxBodyBytes;
};

// The number of requests a strict server would accept from `bytes`.
int countRequests(std::string_view bytes, const Limits &limits);

} // namespace StrictReference
