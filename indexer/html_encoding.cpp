#include "indexer/html_encoding.hpp"

#include "schema/text.hpp"

#include <libxml/encoding.h>

#include <algorithm>
#include <cctype>

namespace news::indexer {

namespace {

/// The value after `key` ("charset", "encoding") in `tag`: `key = "value"`.
std::string value_after(const std::string& tag, std::string_view key) {
    size_t pos = tag.find(key);
    if (pos == std::string::npos) return {};
    size_t p = pos + key.size();
    while (p < tag.size() && (tag[p] == ' ' || tag[p] == '=' || tag[p] == '"' || tag[p] == '\'')) ++p;
    size_t end = p;
    while (end < tag.size() && (std::isalnum(static_cast<unsigned char>(tag[end])) || tag[end] == '-' ||
                                tag[end] == '_' || tag[end] == ':'))
        ++end;
    return tag.substr(p, end - p);
}

/// The charset a page declares in a <meta> tag (charset or http-equiv) or an
/// XML declaration, as browsers look for it: a charset attribute of a
/// <script> tag names the script's encoding, not the page's.
std::string declared_charset(std::string_view bytes) {
    std::string head(bytes.substr(0, 16384));
    for (char& c : head)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (head.rfind("<?xml", 0) == 0) {
        std::string decl = value_after(head.substr(0, head.find("?>")), "encoding");
        if (!decl.empty()) return decl;
    }
    for (size_t pos = head.find("<meta"); pos != std::string::npos; pos = head.find("<meta", pos + 5)) {
        std::string tag = head.substr(pos, head.find('>', pos) - pos);
        std::string charset = value_after(tag, "charset");
        if (!charset.empty()) return charset;
    }
    return {};
}

/// Length of the well-formed UTF-8 sequence at `i`, 0 when it is broken.
size_t utf8_sequence(std::string_view s, size_t i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) return 1;
    size_t len;
    unsigned cp;
    if ((c & 0xE0) == 0xC0) len = 2, cp = c & 0x1F;
    else if ((c & 0xF0) == 0xE0) len = 3, cp = c & 0x0F;
    else if ((c & 0xF8) == 0xF0) len = 4, cp = c & 0x07;
    else return 0;
    if (i + len > s.size()) return 0;
    for (size_t k = 1; k < len; ++k) {
        unsigned char cc = static_cast<unsigned char>(s[i + k]);
        if ((cc & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (cc & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

/// Bytes up to the first NUL or broken UTF-8 sequence (size() when none).
size_t clean_utf8_prefix(std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c != 0 && c < 0x80) {
            ++i;
            continue;
        }
        size_t len = c == 0 ? 0 : utf8_sequence(s, i);
        if (len == 0) break;
        i += len;
    }
    return i;
}

/// True when the bytes read better as UTF-8 than as a single-byte encoding:
/// well-formed multi-byte sequences outnumber the broken bytes.
bool mostly_utf8(std::string_view s) {
    size_t good = 0, bad = 0;
    for (size_t i = 0; i < s.size();) {
        size_t len = utf8_sequence(s, i);
        if (len == 0) {
            ++bad;
            ++i;
        } else {
            good += len > 1;
            i += len;
        }
    }
    return good > bad;
}

// windows-1252 0x80–0x9F as the WHATWG encoding standard maps them.
constexpr unsigned kCp1252High[32] = {0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                      0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
                                      0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                      0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

}  // namespace

std::string detect_html_encoding(std::string_view bytes) {
    if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") return "UTF-8";
    if (bytes.size() >= 2 && (bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF")) return {};
    std::string declared = declared_charset(bytes);
    if (declared == "iso-8859-1" || declared == "latin1" || declared == "latin-1" || declared == "us-ascii" ||
        declared == "ascii" || declared == "iso8859-1" || declared == "iso_8859-1" || declared == "cp1252" ||
        declared == "windows-1252")
        return "WINDOWS-1252";
    // NUL bytes are repaired later; here only the UTF-8 sequences count.
    size_t clean = clean_utf8_prefix(bytes);
    bool utf8 = clean == bytes.size() || (bytes[clean] == '\0' && schema::is_valid_utf8(bytes)) || mostly_utf8(bytes);
    if (declared == "utf-8" || declared == "utf8" || declared.empty()) return utf8 ? "UTF-8" : "WINDOWS-1252";
    if (xmlCharEncodingHandlerPtr h = xmlFindCharEncodingHandler(declared.c_str())) {
        xmlCharEncCloseFunc(h);
        return declared;
    }
    return utf8 ? "UTF-8" : "WINDOWS-1252";
}

ParserInput prepare_for_parser(std::string_view original, const std::string& encoding) {
    ParserInput in;
    in.encoding = encoding;
    if (encoding == "UTF-8") {
        if (clean_utf8_prefix(original) == original.size()) return in;  // well-formed, no NUL: parse as it is
        in.bytes.reserve(original.size());
        for (size_t i = 0; i < original.size();) {
            size_t len = utf8_sequence(original, i);
            if (len == 0) {
                schema::append_utf8(in.bytes, 0xFFFD);
                ++i;
                continue;
            }
            if (original[i] != '\0') in.bytes.append(original.substr(i, len));
            i += len;
        }
        if (in.bytes.empty()) in.bytes.push_back(' ');  // all NUL: still a (blank) page, not "unchanged"
        return in;
    }
    if (encoding == "WINDOWS-1252") {
        in.bytes.reserve(original.size() + original.size() / 8);
        for (unsigned char c : original) {
            if (c == 0) continue;
            if (c < 0x80) in.bytes += static_cast<char>(c);
            else schema::append_utf8(in.bytes, c < 0xA0 ? kCp1252High[c - 0x80] : c);
        }
        if (in.bytes.empty()) in.bytes.push_back(' ');
        in.encoding = "UTF-8";
    }
    return in;
}

}  // namespace news::indexer
