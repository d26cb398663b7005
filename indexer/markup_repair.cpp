#include "indexer/markup_repair.hpp"

#include "indexer/text_decoding.hpp"
#include "schema/text.hpp"

#include <libxml/HTMLparser.h>

#include <cctype>
#include <cstdio>

namespace news::indexer {

namespace {

constexpr unsigned kReplacement = 0xFFFD;
constexpr unsigned kBeyond = 0x110000;

bool is_hex(char c) { return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'); }
unsigned hex_value(char c) { return c <= '9' ? unsigned(c - '0') : unsigned((c | 0x20) - 'a' + 10); }

/// A numeric character reference at `i` ("&#...", "&#x..."): its value
/// (kBeyond for anything above U+10FFFF), its length, whether it ends in ';'.
struct CharRef {
    unsigned value = 0;
    size_t length = 0;  ///< 0: not a reference
    bool terminated = false;
};

CharRef read_char_ref(std::string_view s, size_t i) {
    CharRef r;
    size_t j = i + 2;
    bool hex = j < s.size() && (s[j] == 'x' || s[j] == 'X');
    if (hex) ++j;
    size_t digits = j;
    unsigned long long v = 0;
    while (j < s.size() && (hex ? is_hex(s[j]) : (s[j] >= '0' && s[j] <= '9'))) {
        v = v * (hex ? 16 : 10) + (hex ? hex_value(s[j]) : unsigned(s[j] - '0'));
        if (v > kBeyond) v = kBeyond;  // saturate: no overflow on long digit runs
        ++j;
    }
    if (j == digits) return r;
    r.terminated = j < s.size() && s[j] == ';';
    r.value = static_cast<unsigned>(v);
    r.length = j + r.terminated - i;
    return r;
}

bool is_xml_predefined(std::string_view name) {
    return name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "apos";
}

bool is_surrogate(unsigned cp) { return cp >= 0xD800 && cp <= 0xDFFF; }

/// The windows-1252 character a reference to 0x80–0x9F means, 0 for others.
unsigned c1_replacement(unsigned cp) {
    if (cp < 0x80 || cp >= 0xA0) return 0;
    unsigned mapped = windows_1252_high(static_cast<unsigned char>(cp));
    return mapped != cp ? mapped : 0;
}

/// The character an HTML reference should stand for, 0 when libxml2 reads it right.
unsigned html_ref_replacement(unsigned cp) {
    if (cp == 0 || cp >= kBeyond || is_surrogate(cp)) return kReplacement;
    return c1_replacement(cp);
}

bool xml_allows(unsigned cp) {
    if (cp < 0x20) return cp == '\t' || cp == '\n' || cp == '\r';
    return !is_surrogate(cp) && cp != 0xFFFE && cp != 0xFFFF && cp < kBeyond;
}

}  // namespace

std::optional<std::string> repair_markup(std::string_view s, Markup markup) {
    std::string out;
    size_t copied = 0;  // s[0, copied) is accounted for in `out`
    bool changed = false;
    auto replace = [&](size_t at, size_t length, std::string_view with) {
        out.append(s.substr(copied, at - copied));
        out.append(with);
        copied = at + length;
        changed = true;
    };
    for (size_t i = 0; i < s.size();) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c == 0) {
            replace(i, 1, "");
        } else if (c == '\v' || c == '\f') {
            replace(i, 1, " ");  // libxml2 drops them and joins the words on either side
        } else if (markup == Markup::XML && c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            replace(i, 1, "\xEF\xBF\xBD");
        } else if (markup == Markup::XML && c == 0xEF && s.substr(i, 2) == "\xEF\xBF" && i + 2 < s.size() &&
                   (s[i + 2] == '\xBE' || s[i + 2] == '\xBF')) {
            replace(i, 3, "\xEF\xBF\xBD");
            i += 3;
            continue;
        } else if (markup == Markup::XML && c == '&' && i + 1 < s.size() && std::isalpha(static_cast<unsigned char>(s[i + 1]))) {
            size_t end = i + 1;
            while (end < s.size() && std::isalnum(static_cast<unsigned char>(s[end]))) ++end;
            if (std::string name(s.substr(i + 1, end - i - 1)); end < s.size() && s[end] == ';' && !is_xml_predefined(name)) {
                if (const htmlEntityDesc* e = htmlEntityLookup(reinterpret_cast<const xmlChar*>(name.c_str()))) {
                    std::string ch;
                    schema::append_utf8(ch, e->value);
                    replace(i, end + 1 - i, ch);
                }
            }
            i = end;
            continue;
        } else if (c == '&' && i + 1 < s.size() && s[i + 1] == '#') {
            CharRef r = read_char_ref(s, i);
            if (r.length == 0) {
                i += 2;
                continue;
            }
            unsigned with = 0;
            if (markup == Markup::HTML) with = html_ref_replacement(r.value);
            else if (r.terminated && !xml_allows(r.value)) with = kReplacement;
            else if (r.terminated) with = c1_replacement(r.value);
            if (with != 0) {
                char ref[16];
                std::snprintf(ref, sizeof ref, "&#x%X;", with);
                replace(i, r.length, ref);
            }
            i += r.length;
            continue;
        }
        ++i;
    }
    if (!changed) return std::nullopt;
    out.append(s.substr(copied));
    return out;
}

}  // namespace news::indexer
