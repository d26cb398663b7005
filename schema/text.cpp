#include "schema/text.hpp"

#include <xapian.h>

#include <ctime>

namespace news::schema {

namespace {

bool is_space_cp(unsigned cp) {
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' ||
           cp == 0xA0 || cp == 0x2007 || cp == 0x202F || cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200A) ||
           cp == 0x2028 || cp == 0x2029 || cp == 0x85;
}

bool is_invisible_cp(unsigned cp) {
    // soft hyphen, zero-width space/joiners, BOM, word joiner
    return cp == 0xAD || cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0xFEFF || cp == 0x2060;
}

}  // namespace

void append_utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
        return;
    }
    char buf[4];
    unsigned n = Xapian::Unicode::nonascii_to_utf8(cp, buf);
    out.append(buf, n);
}

std::string trim(std::string_view s) {
    // ASCII fast path: the ends are ASCII and not white space (trimmed already).
    if (!s.empty()) {
        const unsigned char a = static_cast<unsigned char>(s.front()), z = static_cast<unsigned char>(s.back());
        if (a < 0x80 && z < 0x80 && !is_space_cp(a) && !is_space_cp(z)) return std::string(s);
    }
    size_t first = std::string::npos, last = 0;
    for (Xapian::Utf8Iterator it(s.data(), s.size()), end; it != end;) {
        size_t pos = static_cast<size_t>(it.raw() - s.data());
        bool space = is_space_cp(*it);
        ++it;
        if (space) continue;
        if (first == std::string::npos) first = pos;
        last = it == end ? s.size() : static_cast<size_t>(it.raw() - s.data());
    }
    if (first == std::string::npos) return {};
    return std::string(s.substr(first, last - first));
}

std::string collapse_whitespace(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    bool pending_space = false;
    size_t i = 0;
    while (i < s.size()) {
        unsigned cp = static_cast<unsigned char>(s[i]);
        if (cp < 0x80) {  // ASCII fast path (the same rules as below)
            ++i;
        } else {
            Xapian::Utf8Iterator it(s.data() + i, s.size() - i);
            cp = *it;
            ++it;
            i = it == Xapian::Utf8Iterator() ? s.size() : static_cast<size_t>(it.raw() - s.data());
        }
        if (is_space_cp(cp)) {
            pending_space = !out.empty();
            continue;
        }
        if (is_invisible_cp(cp)) continue;
        if (pending_space) {
            out.push_back(' ');
            pending_space = false;
        }
        append_utf8(out, cp);
    }
    return out;
}

std::string to_lower(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    size_t i = 0;
    while (i < s.size()) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {  // ASCII fast path: most German text is
            out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
            ++i;
            continue;
        }
        Xapian::Utf8Iterator it(s.data() + i, s.size() - i);
        append_utf8(out, Xapian::Unicode::tolower(*it));
        ++it;
        i = it == Xapian::Utf8Iterator() ? s.size() : static_cast<size_t>(it.raw() - s.data());
    }
    return out;
}

std::string fold_key(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    fold_key_into(s, out);
    return out;
}

void fold_key_into(std::string_view s, std::string& out) {
    size_t i = 0;
    while (i < s.size()) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {  // ASCII fast path: letters lower-cased, digits kept, the rest dropped
            if (c >= 'A' && c <= 'Z') out.push_back(static_cast<char>(c + 32));
            else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out.push_back(static_cast<char>(c));
            ++i;
            continue;
        }
        Xapian::Utf8Iterator it(s.data() + i, s.size() - i);
        const unsigned cp = Xapian::Unicode::tolower(*it);
        ++it;
        i = it == Xapian::Utf8Iterator() ? s.size() : static_cast<size_t>(it.raw() - s.data());
        switch (cp) {
            case 0xE4: out += "ae"; continue;  // ä
            case 0xF6: out += "oe"; continue;  // ö
            case 0xFC: out += "ue"; continue;  // ü
            case 0xDF: out += "ss"; continue;  // ß
            case 0xE0: case 0xE1: case 0xE2: case 0xE3: case 0xE5: out += 'a'; continue;
            case 0xE7: out += 'c'; continue;
            case 0xE8: case 0xE9: case 0xEA: case 0xEB: out += 'e'; continue;
            case 0xEC: case 0xED: case 0xEE: case 0xEF: out += 'i'; continue;
            case 0xF1: out += 'n'; continue;
            case 0xF2: case 0xF3: case 0xF4: case 0xF5: case 0xF8: out += 'o'; continue;
            case 0xF9: case 0xFA: case 0xFB: out += 'u'; continue;
            default: break;
        }
        if (Xapian::Unicode::is_wordchar(cp) && cp != '_') append_utf8(out, cp);
    }
}

std::vector<std::string> split(std::string_view s, char sep) {
    std::vector<std::string> out;
    size_t start = 0;
    while (true) {
        size_t pos = s.find(sep, start);
        if (pos == std::string_view::npos) {
            out.emplace_back(s.substr(start));
            return out;
        }
        out.emplace_back(s.substr(start, pos - start));
        start = pos + 1;
    }
}

bool is_valid_utf8(std::string_view s) {
    size_t i = 0, n = s.size();
    while (i < n) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        size_t len;
        unsigned cp;
        if (c < 0x80) { ++i; continue; }
        if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
        else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
        else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
        else return false;
        if (i + len > n) return false;
        for (size_t k = 1; k < len; ++k) {
            unsigned char cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += len;
    }
    return true;
}

}  // namespace news::schema

namespace news::schema {

std::uint64_t hash64(std::string_view s) {
    std::uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return h;
}

std::string utc_now(const char* format) {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    return std::strftime(buf, sizeof buf, format, &tm) ? std::string(buf) : std::string();
}

std::string hash64_hex(std::string_view s) {
    static constexpr char digits[] = "0123456789abcdef";
    std::uint64_t h = hash64(s);
    std::string out(16, '0');
    for (int i = 15; i >= 0; --i, h >>= 4) out[static_cast<size_t>(i)] = digits[h & 0xF];
    return out;
}

}  // namespace news::schema

namespace news::schema {

bool is_upper(unsigned cp) {
    auto cat = Xapian::Unicode::get_category(cp);
    return cat == Xapian::Unicode::UPPERCASE_LETTER || cat == Xapian::Unicode::TITLECASE_LETTER;
}

bool starts_upper(std::string_view word) {
    Xapian::Utf8Iterator it(word.data(), word.size());
    return it != Xapian::Utf8Iterator() && is_upper(*it);
}

}  // namespace news::schema
