#pragma once
/// Small UTF-8 text helpers shared by indexer and searcher.

#include <string>
#include <string_view>
#include <vector>

namespace news::schema {

/// Trim ASCII and Unicode white space (incl. NBSP) from both ends.
std::string trim(std::string_view s);

/// Collapse every run of white space (incl. NBSP, tabs, newlines) into one
/// space and trim; drops soft hyphens and zero-width characters.
std::string collapse_whitespace(std::string_view s);

/// Unicode lower case (Xapian's tables).
std::string to_lower(std::string_view s);

/// A comparison key: lower case, umlauts spelled out (ä→ae, ß→ss), accents
/// dropped where Latin-1 has them, everything but letters and digits removed.
/// "Nürnberg", "NUERNBERG" and "nuern-berg" give the same key.
std::string fold_key(std::string_view s);

/// fold_key(s) appended to `out` (no allocation of its own).
void fold_key_into(std::string_view s, std::string& out);

/// Split on a single character, keeping empty fields.
std::vector<std::string> split(std::string_view s, char sep);

/// True when the bytes are well-formed UTF-8.
bool is_valid_utf8(std::string_view s);

/// Append the UTF-8 encoding of a code point.
void append_utf8(std::string& out, unsigned cp);

}  // namespace news::schema

#include <cstdint>

namespace news::schema {

/// FNV-1a 64-bit hash: stable across runs and machines (content hashes, long ids).
std::uint64_t hash64(std::string_view s);

/// hash64 as 16 lower-case hex digits.
std::string hash64_hex(std::string_view s);

/// The current UTC time formatted by strftime(3) `format`
/// ("%Y-%m-%dT%H:%M:%SZ", "%Y%m%d").
std::string utc_now(const char* format);

}  // namespace news::schema

namespace news::schema {

/// True when the code point is an upper-case or title-case letter.
bool is_upper(unsigned cp);

/// True when the word starts with an upper-case letter (German nouns).
bool starts_upper(std::string_view word);

}  // namespace news::schema
