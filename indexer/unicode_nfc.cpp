#include "indexer/unicode_nfc.hpp"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <algorithm>

namespace news::indexer {

std::string to_nfc(std::string_view utf8) {
    bool ascii = std::all_of(utf8.begin(), utf8.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    if (ascii) return std::string(utf8);
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status) || !nfc) return std::string(utf8);
    icu::UnicodeString text = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
    if (nfc->quickCheck(text, status) == UNORM_YES && U_SUCCESS(status)) {
        std::string out;
        return text.toUTF8String(out);  // the same text, invalid sequences as U+FFFD
    }
    status = U_ZERO_ERROR;
    icu::UnicodeString normalised = nfc->normalize(text, status);
    if (U_FAILURE(status)) return std::string(utf8);
    std::string out;
    return normalised.toUTF8String(out);
}

}  // namespace news::indexer
