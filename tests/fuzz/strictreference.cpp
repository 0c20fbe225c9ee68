#include "strictreference.h"

#include <vector>

namespace StrictReference {
namespace {

bool isTchar(unsigned char c)
{
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        return true;
    for (const char t : std::string_view("!#$%&'*+-.^_`|~"))
        if (c == static_cast<unsigned char>(t))
            return true;
    return false;
}

bool isVchar(unsigned char c)
{
    return c >= 0x21 && c <= 0x7e;
}

bool isToken(std::string_view s)
{
    if (s.empty())
        return false;
    for (const char c : s)
        if (!isTchar(static_cast<unsigned char>(c)))
            return false;
    return true;
}

char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i]))
            return false;
    return true;
}

std::string_view trimOws(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

// Non-empty list elements (RFC 9110 §5.6.1), trimmed.
std::vector<std::string_view> listElements(std::string_view value)
{
    std::vector<std::string_view> out;
    std::size_t from = 0;
    while (from <= value.size()) {
        std::size_t comma = value.find(',', from);
        if (comma == std::string_view::npos)
            comma = value.size();
        const std::string_view element = trimOws(value.substr(from, comma - from));
        if (!element.empty())
            out.push_back(element);
        from = comma + 1;
    }
    return out;
}

// One line ending in CRLF, with no other CR or LF in it.
bool readLine(std::string_view s, std::size_t &pos, std::string_view &line)
{
    for (std::size_t i = pos; i < s.size(); ++i) {
        if (s[i] == '\n')
            return false; // bare LF: refused, although RFC 9112 §2.2 lets a recipient take it
        if (s[i] == '\r') {
            if (i + 1 >= s.size() || s[i + 1] != '\n')
                return false;
            line = s.substr(pos, i - pos);
            pos = i + 2;
            return true;
        }
    }
    return false;
}

struct Field {
    std::string_view name;
    std::string_view value;
};

// Field lines up to and including the empty line (RFC 9112 §5): name ":" OWS value OWS.
bool readFields(std::string_view s, std::size_t &pos, std::vector<Field> &fields, std::size_t maxCount)
{
    for (;;) {
        std::string_view line;
        if (!readLine(s, pos, line))
            return false;
        if (line.empty())
            return true;
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos)
            return false;
        const std::string_view name = line.substr(0, colon);
        if (!isToken(name)) // also refuses an empty name, space before the colon, obs-fold
            return false;
        const std::string_view value = trimOws(line.substr(colon + 1));
        for (const char c : value) {
            const auto u = static_cast<unsigned char>(c);
            if (!(u == ' ' || u == '\t' || isVchar(u) || u >= 0x80))
                return false;
        }
        fields.push_back({name, value});
        if (fields.size() > maxCount)
            return false;
    }
}

int countOf(const std::vector<Field> &fields, std::string_view name)
{
    int n = 0;
    for (const Field &f : fields)
        if (iequals(f.name, name))
            ++n;
    return n;
}

std::string_view valueOf(const std::vector<Field> &fields, std::string_view name)
{
    for (const Field &f : fields)
        if (iequals(f.name, name))
            return f.value;
    return {};
}

bool hasToken(std::string_view list, std::string_view token)
{
    for (const std::string_view element : listElements(list))
        if (iequals(element, token))
            return true;
    return false;
}

// chunk-size [ chunk-ext ] with no BWS: 1*HEXDIG *( ";" token [ "=" ( token / quoted-string ) ] )
bool parseChunkLine(std::string_view line, std::uint64_t &size)
{
    std::size_t i = 0;
    size = 0;
    while (i < line.size()) {
        const char c = line[i];
        int digit = -1;
        if (c >= '0' && c <= '9')
            digit = c - '0';
        else if (c >= 'a' && c <= 'f')
            digit = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            digit = c - 'A' + 10;
        if (digit < 0)
            break;
        if (size > 0xffffffffffull)
            return false; // far over any limit (leading zeros are fine: 1*HEXDIG)
        size = size * 16 + std::uint64_t(digit);
        ++i;
    }
    if (i == 0)
        return false;
    while (i < line.size()) {
        if (line[i] != ';')
            return false;
        ++i;
        const std::size_t nameStart = i;
        while (i < line.size() && isTchar(static_cast<unsigned char>(line[i])))
            ++i;
        if (i == nameStart)
            return false;
        if (i < line.size() && line[i] == '=') {
            ++i;
            if (i < line.size() && line[i] == '"') {
                ++i;
                bool closed = false;
                while (i < line.size()) {
                    const auto u = static_cast<unsigned char>(line[i]);
                    if (u == '"') {
                        closed = true;
                        ++i;
                        break;
                    }
                    if (u == '\\') {
                        if (i + 1 >= line.size())
                            return false;
                        const auto q = static_cast<unsigned char>(line[i + 1]);
                        if (!(q == '\t' || q == ' ' || isVchar(q) || q >= 0x80))
                            return false;
                        i += 2;
                        continue;
                    }
                    if (!(u == '\t' || u == ' ' || u == 0x21 || (u >= 0x23 && u <= 0x7e) || u >= 0x80))
                        return false;
                    ++i;
                }
                if (!closed)
                    return false;
            } else {
                const std::size_t valueStart = i;
                while (i < line.size() && isTchar(static_cast<unsigned char>(line[i])))
                    ++i;
                if (i == valueStart)
                    return false;
            }
        }
    }
    return true;
}

} // namespace

int countRequests(std::string_view s, const Limits &limits)
{
    int count = 0;
    std::size_t pos = 0;
    for (;;) {
        const std::size_t start = pos;
        // RFC 9112 §2.2: empty lines (CRLF) before a request-line are ignored.
        while (s.substr(pos, 2) == "\r\n")
            pos += 2;
        if (pos >= s.size())
            return count;

        std::string_view line;
        if (!readLine(s, pos, line))
            return count;
        const std::size_t sp1 = line.find(' ');
        if (sp1 == std::string_view::npos)
            return count;
        const std::string_view method = line.substr(0, sp1);
        const std::string_view rest = line.substr(sp1 + 1);
        const std::size_t sp2 = rest.find(' ');
        if (sp2 == std::string_view::npos)
            return count;
        const std::string_view target = rest.substr(0, sp2);
        const std::string_view version = rest.substr(sp2 + 1);
        if (!isToken(method) || target.empty() || target.size() > limits.maxTargetBytes)
            return count;
        for (const char c : target)
            if (!isVchar(static_cast<unsigned char>(c)))
                return count;
        const bool http11 = version == "HTTP/1.1";
        if (!http11 && version != "HTTP/1.0")
            return count;

        std::vector<Field> fields;
        if (!readFields(s, pos, fields, limits.maxHeaderCount))
            return count;
        // The listener counts up to the end of the last field value; the CRLF CRLF after it is 4.
        if (pos - start > limits.maxHeaderBytes + 4)
            return count;

        const int hosts = countOf(fields, "host");
        if (http11 ? hosts != 1 : hosts > 1)
            return count;
        const int lengths = countOf(fields, "content-length");
        const int codings = countOf(fields, "transfer-encoding");
        if (lengths > 1 || codings > 1 || (lengths && codings))
            return count;
        // RFC 9112 §6.1: Transfer-Encoding in HTTP/1.0 is faulty framing.
        if (codings && !http11)
            return count;
        for (const Field &f : fields)
            if (iequals(f.name, "expect") && !iequals(f.value, "100-continue"))
                return count;
        // CONNECT, Connection: close, or HTTP/1.0 without keep-alive: this request at most
        // (RFC 9112 §9.3). An Upgrade a server does not perform leaves HTTP/1.1 going on.
        // Connection is a list field: its lines combine (RFC 9110 §5.3).
        bool close = false;
        bool keepAlive = false;
        for (const Field &f : fields) {
            if (iequals(f.name, "connection")) {
                close = close || hasToken(f.value, "close");
                keepAlive = keepAlive || hasToken(f.value, "keep-alive");
            }
        }
        const bool last = method == "CONNECT" || close || (!http11 && !keepAlive);

        if (codings) {
            const std::vector<std::string_view> elements = listElements(valueOf(fields, "transfer-encoding"));
            if (elements.size() != 1 || !iequals(elements.front(), "chunked"))
                return count;
            std::uint64_t total = 0;
            for (;;) {
                std::uint64_t size = 0;
                if (!readLine(s, pos, line) || !parseChunkLine(line, size))
                    return count;
                total += size;
                if (total > limits.maxBodyBytes)
                    return count;
                if (size == 0)
                    break;
                if (s.size() - pos < size + 2 || s.substr(pos + size, 2) != "\r\n")
                    return count;
                pos += size + 2;
            }
            // Trailer fields share the header count.
            if (!readFields(s, pos, fields, limits.maxHeaderCount))
                return count;
        } else if (lengths) {
            const std::string_view value = valueOf(fields, "content-length");
            if (value.empty())
                return count;
            std::uint64_t length = 0;
            for (const char c : value) {
                if (c < '0' || c > '9' || length > 0xffffffffffull)
                    return count;
                length = length * 10 + std::uint64_t(c - '0');
            }
            if (length > limits.maxBodyBytes || s.size() - pos < length)
                return count;
            pos += length;
        }
        ++count;
        if (last)
            return count;
    }
}

} // namespace StrictReference
