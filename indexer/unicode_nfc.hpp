#pragma once
/// Unicode normalisation of extracted text: pages written on some systems
/// spell "ü" as "u" plus a combining diaeresis (NFD), others as one code
/// point (NFC). Both look alike to a reader but not to the index or to a
/// search, so extracted text is brought to NFC, the form the web and the
/// analysis use.

#include <string>
#include <string_view>

namespace news::indexer {

/// The UTF-8 text in Unicode Normalization Form C (ICU). ASCII text and text
/// that is already NFC come back unchanged; invalid UTF-8 sequences become
/// U+FFFD.
std::string to_nfc(std::string_view utf8);

}  // namespace news::indexer
