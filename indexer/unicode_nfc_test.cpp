#include "indexer/unicode_nfc.hpp"

#include <catch2/catch.hpp>

using news::indexer::to_nfc;

TEST_CASE("extracted text is brought to NFC", "[html][nfc]") {
    // "Bürgermeisterin" with "u" + U+0308 COMBINING DIAERESIS, as some systems write it.
    CHECK(to_nfc("Bu\xCC\x88rgermeisterin") == "B\xC3\xBCrgermeisterin");
    // Bengali "য়" U+09DF is excluded from composition: NFC writes it as U+09AF U+09BC.
    CHECK(to_nfc("\xE0\xA7\x9F") == "\xE0\xA6\xAF\xE0\xA6\xBC");
    CHECK(to_nfc("\xE0\xA6\xAF\xE0\xA6\xBC") == "\xE0\xA6\xAF\xE0\xA6\xBC");
    CHECK(to_nfc("plain ASCII") == "plain ASCII");
    CHECK(to_nfc("schon NFC: Straße, Äpfel") == "schon NFC: Straße, Äpfel");
    CHECK(to_nfc("") == "");
}
