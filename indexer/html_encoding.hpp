#pragma once
/// Encoding stage of the HTML extractor: finds the encoding a page's bytes
/// are in and turns them into clean UTF-8 before libxml2 sees them, as
/// browsers read pages (WHATWG). libxml2's own converters stop at the first
/// byte they reject (a stray invalid UTF-8 sequence, windows-1252's unassigned
/// 0x81, a bad Shift_JIS pair) and its parser at a NUL byte: the rest of the
/// page would be lost, where a browser shows it.

#include <string>
#include <string_view>

namespace news::indexer {

/// The charset label a page declares, as the HTML prescan finds it: the first
/// <meta charset> or <meta http-equiv content="...; charset=..."> outside
/// comments (a second, different one is ignored), or an XML declaration's
/// encoding. A charset attribute of a <script> tag names the script's
/// encoding, not the page's. Empty when none.
std::string declared_charset(std::string_view bytes);

/// The encoding to read a page in (see resolve_encoding): a BOM beats a
/// <meta> charset, a UTF-8 page with a few broken sequences stays UTF-8.
std::string detect_html_encoding(std::string_view bytes);

/// The bytes as the parser should get them, and the encoding to tell it.
struct ParserInput {
    std::string bytes;     ///< empty when `original` can be parsed as it is
    std::string encoding;  ///< for htmlReadMemory; "UTF-8" after a conversion
};

/// Decode the page to UTF-8 (each invalid sequence a U+FFFD), drop NUL bytes
/// and repair numeric character references (see repair_markup). Only an
/// encoding iconv does not know is left to libxml2.
ParserInput prepare_for_parser(std::string_view original, const std::string& encoding);

}  // namespace news::indexer
