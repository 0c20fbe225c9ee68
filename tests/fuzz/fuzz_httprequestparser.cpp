// libFuzzer harness for the listener's framing (issue 18). How to run, on one core:
//   CC=clang-14 CXX=clang++-14 cmake -S . -B build/fuzz -G Ninja -DHOOKBENCH_FUZZ=ON -DHOOKBENCH_BUILD_TESTS=OFF
//   cmake --build build/fuzz --target fuzz_httprequestparser
//   mkdir -p build/fuzz/corpus && nice -n 10 build/fuzz/tests/fuzz/fuzz_httprequestparser build/fuzz/corpus \
//       tests/fuzz/seeds -max_total_time=600 -max_len=2048
// Properties checked on every input: no crash or sanitizer report; the requests HttpRequestParser accepts are
// never more than an independent strict reading finds (StrictReference); and the framing is the same whether
// the bytes come in one piece or cut in several (the cuts come from the input's first byte).
#include "core/http/httprequestparser.h"
#include "strictreference.h"

#include <cstdio>
#include <cstdlib>

namespace {
ListenerLimits fuzzLimits()
{
    // Small, so the fuzzer reaches every limit.
    ListenerLimits limits;
    limits.maxTargetBytes = 64;
    limits.maxHeaderBytes = 512;
    limits.maxHeaderCount = 8;
    limits.maxBodyBytes = 128;
    return limits;
}

struct Framing {
    int accepted = 0;
    int rejected = 0;
    QByteArray consumed; // every request's raw, in order
    QList<int> statuses;
    QList<qint64> offsets;
};

Framing frame(const QByteArray &bytes, unsigned cutSeed)
{
    HttpRequestParser parser(fuzzLimits());
    Framing framing;
    qsizetype from = 0;
    unsigned state = cutSeed | 1u;
    while (from < bytes.size()) {
        qsizetype length = bytes.size() - from;
        if (cutSeed != 0) {
            state = state * 1103515245u + 12345u;
            length = qMin<qsizetype>(length, 1 + qsizetype((state >> 16) % 17));
        }
        const QByteArray piece = bytes.mid(from, length); // its own buffer: ASan sees a kept pointer
        parser.feed(piece.constData(), piece.size());
        from += length;
        for (const ParsedRequest &request : parser.takeFinished()) {
            framing.consumed += request.raw;
            if (request.rejected) {
                // Only that it was rejected: which limit or rule is met first can depend on
                // the cuts (llhttp hands a span over when a feed ends, so a too-long target
                // cut early is 414, in one piece its invalid byte further on is 400 first).
                ++framing.rejected;
                framing.statuses << 0;
                framing.offsets << 0;
            } else {
                ++framing.accepted;
                framing.statuses << 200;
                framing.offsets << request.body.size();
            }
        }
    }
    return framing;
}

[[noreturn]] void fail(const char *what, const QByteArray &bytes, int a, int b)
{
    std::fprintf(stderr, "PROPERTY FAILED: %s (%d vs %d) on %lld bytes\n", what, a, b,
                 static_cast<long long>(bytes.size()));
    std::abort();
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    const unsigned cutSeed = data[0];
    const QByteArray bytes(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));

    const Framing whole = frame(bytes, 0);
    const ListenerLimits limits = fuzzLimits();
    const int strict = StrictReference::countRequests(
        std::string_view(bytes.constData(), std::size_t(bytes.size())),
        {std::size_t(limits.maxTargetBytes), std::size_t(limits.maxHeaderBytes), std::size_t(limits.maxHeaderCount),
         std::uint64_t(limits.maxBodyBytes)});
    if (whole.accepted > strict)
        fail("accepted more requests than the strict reference", bytes, whole.accepted, strict);
    if (whole.rejected > 1)
        fail("more than one rejection on one connection", bytes, whole.rejected, 1);
    if (!bytes.startsWith(whole.consumed))
        fail("raw bytes of the requests are not the input", bytes, int(whole.consumed.size()), int(bytes.size()));

    if (cutSeed != 0) {
        const Framing cut = frame(bytes, cutSeed);
        if (cut.accepted != whole.accepted)
            fail("cut framing accepted a different number", bytes, cut.accepted, whole.accepted);
        if (cut.statuses != whole.statuses || cut.offsets != whole.offsets)
            fail("cut framing differs in statuses or offsets", bytes, int(cut.statuses.size()),
                 int(whole.statuses.size()));
    }
    return 0;
}
