#include "indexer/text_decoding.hpp"

#include "schema/text.hpp"

#include <catch2/catch.hpp>

#include <random>

using namespace news::indexer;
using namespace std::string_literals;

namespace {

const std::string kFffd = "\xEF\xBF\xBD";

std::string times(const std::string& s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += s;
    return out;
}

}  // namespace

TEST_CASE("UTF-8 decoding: one U+FFFD per maximal invalid subpart, as WHATWG", "[encoding][utf8]") {
    struct Case {
        const char* what;
        std::string in, out;
    };
    const Case cases[] = {
        {"well-formed", "Grüße „x“ 😀", "Grüße „x“ 😀"},
        {"BOM dropped", "\xEF\xBB\xBFGrüße", "Grüße"},
        {"stray lead byte", "a\xC3 b", "a" + kFffd + " b"},
        {"windows-1252 bytes in UTF-8", "Stra\xDF" "e \x93x\x94", "Stra" + kFffd + "e " + kFffd + "x" + kFffd},
        {"overlong two-byte /", "\xC0\xAF", kFffd + kFffd},
        {"overlong three-byte /", "\xE0\x80\xAF", kFffd + kFffd + kFffd},
        {"surrogate ED A0 80", "\xED\xA0\x80", kFffd + kFffd + kFffd},
        {"above U+10FFFF", "\xF4\x90\x80\x80", times(kFffd, 4)},
        {"F5 never starts a sequence", "\xF5\x80", kFffd + kFffd},
        {"cut-off sequence then ASCII: one U+FFFD", "\xE2\x80x", kFffd + "x"},
        {"cut off at the end (truncated file)", "Gr\xC3", "Gr" + kFffd},
        {"continuation byte alone", "\x80" "a", kFffd + "a"},
        {"NUL is a character here", "a\0b"s, "a\0b"s},
    };
    for (const Case& c : cases) {
        CAPTURE(c.what);
        CHECK(decode_utf8(c.in) == c.out);
    }
    CHECK(utf8_census("Grüße \xC3 x").multibyte == 2);
    CHECK(utf8_census("Grüße \xC3 x").errors == 1);
    CHECK(utf8_census("\xE2\x80x").errors == 1);
}

TEST_CASE("windows-1252, UTF-16 and iconv decoders never stop at a bad byte", "[encoding]") {
    CHECK(decode_windows_1252("\x84M\xFCnchen\x93 \x80 \x81") == "„München“ € \xC2\x81");
    CHECK(decode_utf16("\xFF\xFE" "G\0\xFC\0" "=\xD8\0\xDE"s, false) == "Gü😀");
    CHECK(decode_utf16("\xFE\xFF\0G\0\xFC"s, true) == "Gü");
    CHECK(decode_utf16("a\0\0\xD8" "b\0"s, false) == "a" + kFffd + "b");  // unpaired high surrogate
    CHECK(decode_utf16("a\0\0\xDC"s, false) == "a" + kFffd);              // lone low surrogate
    CHECK(decode_utf16("a\0b"s, false) == "a" + kFffd);                    // odd last byte
    // windows-1250 leaves 0x81 unassigned: the rest of the page still comes through
    CHECK(decode_to_utf8("\x8A" "koda \x81 konec", "windows-1250") == "Škoda " + kFffd + " konec");
    CHECK(decode_to_utf8("\x93\xFA\x96\x7B \x85 ok", "CP932") == "日本 " + kFffd + " ok");
    CHECK(decode_to_utf8("x", "no-such-encoding") == std::nullopt);
}

TEST_CASE("charset labels map as WHATWG maps them", "[encoding][label]") {
    const std::pair<const char*, const char*> cases[] = {
        {"UTF-8", "UTF-8"},           {" utf8 ", "UTF-8"},           {"utf-16", "UTF-8"},
        {"UTF-16LE", "UTF-8"},        {"ISO-8859-1", "WINDOWS-1252"}, {"latin1", "WINDOWS-1252"},
        {"us-ascii", "WINDOWS-1252"}, {"windows-1252", "WINDOWS-1252"}, {"iso-8859-9", "CP1254"},
        {"gb2312", "GB18030"},        {"Shift_JIS", "CP932"},        {"euc-kr", "CP949"},
        {"windows-1250", "windows-1250"}, {"ISO-8859-15", "iso-8859-15"}, {"bogus-charset", ""},
        {"", ""},
    };
    for (auto [label, encoding] : cases) {
        CAPTURE(label);
        CHECK(encoding_for_label(label) == encoding);
    }
}

TEST_CASE("which encoding a page is read in", "[encoding][detect]") {
    const std::string article = times("Die Bürgermeisterin begrüßt den Beschluss über die Straßen. ", 10);
    const std::string latin = decode_to_utf8(article, "UTF-8").value();
    std::string latin_bytes;  // the article in latin-1 bytes
    for (size_t i = 0; i < latin.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(latin[i]);
        if (c == 0xC3) latin_bytes += static_cast<char>(0x40 + static_cast<unsigned char>(latin[++i]));
        else latin_bytes += latin[i];
    }
    REQUIRE(latin_bytes.find("B\xFCrgermeisterin") != std::string::npos);
    const std::string paste = "Zitat: \x84So geht es nicht\x93 \x96 sagte sie.";  // one windows-1252 paste
    struct Case {
        const char* what;
        std::string bytes, declared, expected;
    };
    const Case cases[] = {
        {"declared UTF-8 with a broken paste stays UTF-8", article + paste, "utf-8", "UTF-8"},
        {"undeclared UTF-8 with a broken paste stays UTF-8", article + paste, "", "UTF-8"},
        {"undeclared latin-1 is windows-1252", latin_bytes, "", "WINDOWS-1252"},
        {"declared latin-1 is windows-1252", latin_bytes, "iso-8859-1", "WINDOWS-1252"},
        {"latin-1 labelled UTF-8 is windows-1252", latin_bytes, "utf-8", "WINDOWS-1252"},
        {"UTF-8 labelled latin-1 is UTF-8", article, "iso-8859-1", "UTF-8"},
        {"latin-1 with one stray UTF-8 character stays latin-1", latin_bytes + "€", "iso-8859-1", "WINDOWS-1252"},
        {"a UTF-8 BOM beats a latin-1 label", "\xEF\xBB\xBF" + article, "iso-8859-1", "UTF-8"},
        {"a UTF-16LE BOM beats a UTF-8 label", "\xFF\xFE<\0h\0"s, "utf-8", "UTF-16LE"},
        {"a UTF-16BE BOM", "\xFE\xFF\0<\0h"s, "", "UTF-16BE"},
        {"UTF-16 without BOM, told by its NULs", "<\0h\0t\0m\0l\0>\0"s, "", "UTF-16LE"},
        {"a UTF-16 label in ASCII bytes is UTF-8", article, "utf-16", "UTF-8"},
        {"an unknown label is ignored", latin_bytes, "x-bogus", "WINDOWS-1252"},
        {"a legacy label is kept", "x", "windows-1250", "windows-1250"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.what);
        CHECK(resolve_encoding(c.bytes, c.declared) == c.expected);
    }
}

TEST_CASE("whatever the bytes, decoded text is valid UTF-8", "[encoding][invariant]") {
    std::mt19937 rng(1313);
    const std::string pieces[] = {"ü", "\xC3", "\xED\xA0\x80", "\xF4\x90", "\0"s, "\xFF\xFE", "\xE2\x80", "a", "<p>"};
    for (int round = 0; round < 2000; ++round) {
        std::string bytes;
        for (int k = static_cast<int>(rng() % 24); k > 0; --k) {
            if (rng() % 3 == 0) bytes += static_cast<char>(rng() % 256);
            else bytes += pieces[rng() % std::size(pieces)];
        }
        CAPTURE(bytes);
        for (const char* enc : {kUtf8, kWindows1252, kUtf16Le, kUtf16Be, "CP932", "windows-1250"})
            CHECK(news::schema::is_valid_utf8(decode_to_utf8(bytes, enc).value()));
        CHECK(news::schema::is_valid_utf8(decode_to_utf8(bytes, resolve_encoding(bytes, "")).value()));
    }
}
