#include "indexer/html_encoding.hpp"

#include "indexer/markup_repair.hpp"
#include "indexer/text_decoding.hpp"
#include "schema/text.hpp"

#include <cctype>
#include <optional>

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
                                tag[end] == '_' || tag[end] == ':' || tag[end] == '.'))
        ++end;
    return tag.substr(p, end - p);
}

}  // namespace

std::string declared_charset(std::string_view bytes) {
    std::string head(bytes.substr(0, 16384));
    for (char& c : head)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (head.rfind("<?xml", 0) == 0) {
        std::string decl = value_after(head.substr(0, head.find("?>")), "encoding");
        if (!decl.empty()) return decl;
    }
    for (size_t pos = head.find('<'); pos != std::string::npos; pos = head.find('<', pos + 1)) {
        if (head.compare(pos, 4, "<!--") == 0) {
            size_t end = head.find("-->", pos + 4);
            if (end == std::string::npos) break;
            pos = end + 2;
            continue;
        }
        if (head.compare(pos, 5, "<meta") != 0) continue;
        std::string tag = head.substr(pos, head.find('>', pos) - pos);
        std::string charset = value_after(tag, "charset");
        if (!charset.empty()) return charset;
    }
    return {};
}

std::string detect_html_encoding(std::string_view bytes) { return resolve_encoding(bytes, declared_charset(bytes)); }

ParserInput prepare_for_parser(std::string_view original, const std::string& encoding) {
    ParserInput in;
    in.encoding = encoding;
    std::optional<std::string> decoded;
    if (encoding != kUtf8 || !schema::is_valid_utf8(original) || !bom_encoding(original).empty()) {
        decoded = decode_to_utf8(original, encoding);
        if (!decoded) return in;  // an encoding only libxml2 may know
    }
    in.encoding = kUtf8;
    std::string_view text = decoded ? std::string_view(*decoded) : original;
    std::optional<std::string> repaired = repair_markup(text, Markup::HTML);
    if (!repaired && !decoded) return in;  // well-formed UTF-8 as it is: no copy
    in.bytes = repaired ? std::move(*repaired) : std::move(*decoded);
    if (in.bytes.empty()) in.bytes.push_back(' ');  // all NUL: still a (blank) page, not "unchanged"
    return in;
}

}  // namespace news::indexer
