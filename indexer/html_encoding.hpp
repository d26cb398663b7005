#pragma once
/// Encoding stage of the HTML extractor: finds the encoding a page's bytes
/// are in and turns UTF-8 and windows-1252 pages into clean UTF-8 before
/// libxml2 sees them. libxml2 stops parsing at the first byte its converter
/// rejects (a stray invalid UTF-8 sequence, windows-1252's unassigned 0x81) and
/// at a NUL byte, and would lose the rest of the page; browsers show it.

#include <string>
#include <string_view>

namespace news::indexer {

/// The character encoding a page's bytes are read in: BOM, then the declared
/// charset (latin-1 read as windows-1252, as browsers do), else UTF-8 when the
/// bytes are UTF-8 apart from a few broken sequences, else windows-1252.
/// Empty: let libxml2 detect (UTF-16).
std::string detect_html_encoding(std::string_view bytes);

/// The bytes as the parser should get them, and the encoding to tell it.
struct ParserInput {
    std::string bytes;     ///< empty when `original` can be parsed as it is
    std::string encoding;  ///< for htmlReadMemory; "UTF-8" after a conversion
};

/// Convert UTF-8 (repairing broken sequences with U+FFFD) and windows-1252
/// pages to UTF-8 without NUL bytes; other encodings are left to libxml2.
ParserInput prepare_for_parser(std::string_view original, const std::string& encoding);

}  // namespace news::indexer
