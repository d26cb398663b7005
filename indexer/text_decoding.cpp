#include "indexer/text_decoding.hpp"

#include "schema/text.hpp"

#include <iconv.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>

namespace news::indexer {

namespace {

constexpr unsigned kReplacement = 0xFFFD;

// windows-1252 0x80–0x9F as the WHATWG encoding standard maps them.
constexpr std::array<unsigned, 32> kCp1252High = {0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                                  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
                                                  0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                                  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

/// The WHATWG UTF-8 decoder: `emit(cp, length)` for each code point read from
/// `length` bytes, `emit(kReplacement, 0)` for each maximal invalid subpart.
template <typename Emit>
void walk_utf8(std::string_view s, Emit&& emit) {
    unsigned cp = 0, needed = 0, seen = 0;
    unsigned char lower = 0x80, upper = 0xBF;
    for (size_t i = 0; i < s.size();) {
        unsigned char b = static_cast<unsigned char>(s[i]);
        if (needed == 0) {
            ++i;
            if (b < 0x80) emit(b, 1u);
            else if (b >= 0xC2 && b <= 0xDF) needed = 1, cp = b & 0x1F;
            else if (b >= 0xE0 && b <= 0xEF) {
                if (b == 0xE0) lower = 0xA0;
                if (b == 0xED) upper = 0x9F;  // no surrogates
                needed = 2, cp = b & 0x0F;
            } else if (b >= 0xF0 && b <= 0xF4) {
                if (b == 0xF0) lower = 0x90;
                if (b == 0xF4) upper = 0x8F;  // nothing above U+10FFFF
                needed = 3, cp = b & 0x07;
            } else {
                emit(kReplacement, 0u);
            }
            continue;
        }
        if (b < lower || b > upper) {
            // The subpart read so far is invalid; `b` starts afresh.
            cp = needed = seen = 0;
            lower = 0x80, upper = 0xBF;
            emit(kReplacement, 0u);
            continue;
        }
        ++i;
        lower = 0x80, upper = 0xBF;
        cp = (cp << 6) | (b & 0x3F);
        if (++seen == needed) {
            emit(cp, needed + 1);
            cp = needed = seen = 0;
        }
    }
    if (needed != 0) emit(kReplacement, 0u);  // cut off at the end
}

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool is_one_of(const std::string& s, std::initializer_list<std::string_view> names) {
    return std::find(names.begin(), names.end(), s) != names.end();
}

/// Decode with iconv; each byte it rejects becomes U+FFFD.
std::optional<std::string> decode_iconv(std::string_view bytes, const std::string& encoding) {
    iconv_t cd = iconv_open("UTF-8", encoding.c_str());
    if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
    std::string out;
    std::string buffer(std::min<size_t>(4 * bytes.size() + 16, 1 << 16), '\0');
    char* in = const_cast<char*>(bytes.data());
    size_t in_left = bytes.size();
    while (in_left > 0) {
        char* o = buffer.data();
        size_t o_left = buffer.size();
        size_t rc = iconv(cd, &in, &in_left, &o, &o_left);
        out.append(buffer.data(), buffer.size() - o_left);
        if (rc != static_cast<size_t>(-1)) break;
        if (errno == E2BIG) continue;
        schema::append_utf8(out, kReplacement);
        if (errno == EINVAL) break;  // an incomplete sequence at the end
        ++in, --in_left;             // EILSEQ: skip the byte and resynchronise
        iconv(cd, nullptr, nullptr, nullptr, nullptr);
    }
    iconv_close(cd);
    return out;
}

}  // namespace

unsigned windows_1252_high(unsigned char byte) { return byte >= 0x80 && byte < 0xA0 ? kCp1252High[byte - 0x80] : byte; }

Utf8Census utf8_census(std::string_view bytes) {
    Utf8Census c;
    walk_utf8(bytes, [&](unsigned, unsigned length) {
        if (length == 0) ++c.errors;
        else if (length > 1) ++c.multibyte;
    });
    return c;
}

std::string bom_encoding(std::string_view bytes) {
    if (bytes.substr(0, 3) == "\xEF\xBB\xBF") return kUtf8;
    if (bytes.substr(0, 2) == "\xFF\xFE") return kUtf16Le;
    if (bytes.substr(0, 2) == "\xFE\xFF") return kUtf16Be;
    return {};
}

std::string sniff_utf16(std::string_view bytes) {
    std::string_view head = bytes.substr(0, 1024);
    size_t pairs = head.size() / 2, nul_even = 0, nul_odd = 0;
    for (size_t i = 0; i + 1 < head.size(); i += 2) {
        nul_even += head[i] == '\0';
        nul_odd += head[i + 1] == '\0';
    }
    // Markup is mostly ASCII: one byte of nearly every pair is NUL, the other not.
    if (pairs < 2) return {};
    if (nul_odd * 10 >= pairs * 9 && nul_even * 10 <= pairs) return kUtf16Le;
    if (nul_even * 10 >= pairs * 9 && nul_odd * 10 <= pairs) return kUtf16Be;
    return {};
}

std::string encoding_for_label(std::string_view label) {
    std::string l = lower_ascii(schema::trim(label));
    if (l.empty()) return {};
    if (is_one_of(l, {"utf-8", "utf8", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "x-unicode20utf8",
                      "utf-16", "utf-16le", "utf-16be", "utf16", "unicode", "unicodefeff", "unicodefffe", "ucs-2",
                      "iso-10646-ucs-2", "csunicode"}))
        return kUtf8;
    if (is_one_of(l, {"iso-8859-1", "iso8859-1", "iso_8859-1", "iso88591", "latin1", "latin-1", "l1", "us-ascii",
                      "ascii", "ansi_x3.4-1968", "cp1252", "windows-1252", "x-cp1252", "cp819", "ibm819",
                      "iso-ir-100", "csisolatin1", "x-user-defined"}))
        return kWindows1252;
    if (is_one_of(l, {"iso-8859-9", "iso8859-9", "latin5", "l5", "windows-1254", "cp1254"})) return "CP1254";
    if (is_one_of(l, {"gb2312", "gbk", "x-gbk", "gb18030", "chinese", "csgb2312", "gb_2312-80"})) return "GB18030";
    if (is_one_of(l, {"shift_jis", "shift-jis", "sjis", "ms_kanji", "x-sjis", "windows-31j", "csshiftjis"}))
        return "CP932";
    if (is_one_of(l, {"euc-kr", "ks_c_5601-1987", "windows-949", "cseuckr", "korean"})) return "CP949";
    iconv_t cd = iconv_open("UTF-8", l.c_str());
    if (cd == reinterpret_cast<iconv_t>(-1)) return {};
    iconv_close(cd);
    return l;
}

std::string resolve_encoding(std::string_view bytes, std::string_view declared_label) {
    if (std::string bom = bom_encoding(bytes); !bom.empty()) return bom;
    if (std::string utf16 = sniff_utf16(bytes); !utf16.empty()) return utf16;
    std::string declared = encoding_for_label(declared_label);
    if (!declared.empty() && declared != kUtf8 && declared != kWindows1252) return declared;
    Utf8Census c = utf8_census(bytes);
    if (declared == kWindows1252) return c.multibyte > 4 * c.errors ? kUtf8 : kWindows1252;
    size_t tolerance = declared == kUtf8 ? 4 : 1;
    return c.errors <= c.multibyte * tolerance ? kUtf8 : kWindows1252;
}

std::string decode_utf8(std::string_view bytes) {
    if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
    if (schema::is_valid_utf8(bytes)) return std::string(bytes);
    std::string out;
    out.reserve(bytes.size() + 8);
    walk_utf8(bytes, [&](unsigned cp, unsigned) { schema::append_utf8(out, cp); });
    return out;
}

std::string decode_windows_1252(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size() + bytes.size() / 8);
    for (unsigned char c : bytes) {
        if (c < 0x80) out += static_cast<char>(c);
        else schema::append_utf8(out, windows_1252_high(c));
    }
    return out;
}

std::string decode_utf16(std::string_view bytes, bool big_endian) {
    if (bytes.substr(0, 2) == (big_endian ? "\xFE\xFF" : "\xFF\xFE")) bytes.remove_prefix(2);
    auto unit = [&](size_t i) {
        unsigned a = static_cast<unsigned char>(bytes[i]), b = static_cast<unsigned char>(bytes[i + 1]);
        return big_endian ? (a << 8 | b) : (b << 8 | a);
    };
    std::string out;
    out.reserve(bytes.size());
    size_t i = 0;
    for (; i + 1 < bytes.size(); i += 2) {
        unsigned u = unit(i);
        if (u >= 0xD800 && u <= 0xDBFF && i + 3 < bytes.size()) {
            unsigned low = unit(i + 2);
            if (low >= 0xDC00 && low <= 0xDFFF) {
                schema::append_utf8(out, 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00));
                i += 2;
                continue;
            }
        }
        schema::append_utf8(out, (u >= 0xD800 && u <= 0xDFFF) ? kReplacement : u);
    }
    if (i < bytes.size()) schema::append_utf8(out, kReplacement);  // an odd last byte
    return out;
}

std::optional<std::string> decode_to_utf8(std::string_view bytes, const std::string& encoding) {
    if (encoding == kUtf8) return decode_utf8(bytes);
    if (encoding == kWindows1252) return decode_windows_1252(bytes);
    if (encoding == kUtf16Le) return decode_utf16(bytes, false);
    if (encoding == kUtf16Be) return decode_utf16(bytes, true);
    return decode_iconv(bytes, encoding);
}

}  // namespace news::indexer
