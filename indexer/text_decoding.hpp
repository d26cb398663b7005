#pragma once
/// Bytes to UTF-8, the way browsers read them (WHATWG Encoding Standard):
/// the decoders never stop at a bad byte, they put one U+FFFD in place of
/// each invalid sequence and go on. Shared by the HTML extractor and the XML
/// reader, so that libxml2 only ever sees well-formed UTF-8.
///
///     std::string enc = resolve_encoding(bytes, declared_label);
///     std::optional<std::string> text = decode_to_utf8(bytes, enc);

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace news::indexer {

/// Encoding names this module decodes itself; others go to iconv.
inline constexpr const char* kUtf8 = "UTF-8";
inline constexpr const char* kUtf16Le = "UTF-16LE";
inline constexpr const char* kUtf16Be = "UTF-16BE";
inline constexpr const char* kWindows1252 = "WINDOWS-1252";

/// How the bytes fare when read as UTF-8.
struct Utf8Census {
    size_t multibyte = 0;  ///< well-formed sequences of two to four bytes
    size_t errors = 0;     ///< invalid sequences (each would become one U+FFFD)
};

/// Count well-formed multi-byte sequences and invalid ones.
Utf8Census utf8_census(std::string_view bytes);

/// "UTF-8", "UTF-16LE" or "UTF-16BE" for a byte order mark, else empty.
std::string bom_encoding(std::string_view bytes);

/// UTF-16 without a BOM, told by its NUL bytes in every other position
/// ("UTF-16LE", "UTF-16BE"), else empty.
std::string sniff_utf16(std::string_view bytes);

/// The encoding a charset label names, as WHATWG maps labels: latin-1 and
/// ASCII are read as windows-1252, a UTF-16 label in ASCII-compatible bytes
/// as UTF-8 (the label could not have been read otherwise), gb2312 as GB18030,
/// shift_jis as CP932, euc-kr as CP949. Empty for an unknown or empty label.
std::string encoding_for_label(std::string_view label);

/// The encoding to read a page in: a BOM wins, then UTF-16 told by its NUL
/// bytes, then the declared label; a page with no (usable) label is UTF-8
/// when it has no more invalid sequences than well-formed multi-byte ones,
/// else windows-1252. A page labelled UTF-8 stays UTF-8 (its bad sequences
/// become U+FFFD) unless it has more than four times as many invalid
/// sequences as multi-byte ones: then it is a windows-1252 page mislabelled,
/// as old archives hold many. The other way round, a page labelled latin-1
/// whose multi-byte UTF-8 sequences outnumber its invalid ones more than
/// fourfold is UTF-8 (a CMS moved to UTF-8, its template not): browsers show
/// such a page as mojibake ("BÃ¼rger"), the index should not hold it so.
std::string resolve_encoding(std::string_view bytes, std::string_view declared_label);

/// WHATWG UTF-8 decoder: a BOM is dropped, each maximal invalid subpart
/// (overlong forms, surrogates ED A0 80, code points above U+10FFFF, a
/// sequence cut off) becomes one U+FFFD.
std::string decode_utf8(std::string_view bytes);

/// windows-1252 as WHATWG defines it (0x81, 0x8D, 0x8F, 0x90, 0x9D map to the
/// C1 controls of the same value).
std::string decode_windows_1252(std::string_view bytes);

/// UTF-16 (BOM dropped); unpaired surrogates and an odd last byte become U+FFFD.
std::string decode_utf16(std::string_view bytes, bool big_endian);

/// Decode `bytes` in `encoding` (one of the above, or any name iconv knows,
/// its invalid sequences becoming U+FFFD); nullopt when iconv does not know it.
std::optional<std::string> decode_to_utf8(std::string_view bytes, const std::string& encoding);

/// The windows-1252 character for a byte 0x80–0x9F (its own value where unassigned).
unsigned windows_1252_high(unsigned char byte);

}  // namespace news::indexer
