#include "indexer/html_encoding.hpp"
#include "indexer/html_extractor.hpp"
#include "schema/text.hpp"

#include <catch2/catch.hpp>

using namespace news::indexer;
using namespace std::string_literals;

namespace {

const std::string kText = "<p>Die Stadt hat den Haushalt für das kommende Jahr beschlossen, nach langer Debatte.</p>";

}  // namespace

TEST_CASE("encoding: declared, detected, and broken UTF-8 read as UTF-8", "[html][encoding]") {
    CHECK(detect_html_encoding("<meta charset='utf-8'><p>Grüße</p>") == "UTF-8");
    CHECK(detect_html_encoding("<meta charset='iso-8859-1'><p>x</p>") == "WINDOWS-1252");
    CHECK(detect_html_encoding("<meta charset='windows-1250'><p>x</p>") == "windows-1250");
    CHECK(detect_html_encoding("<meta charset='gb2312'><p>x</p>") == "GB18030");
    // one broken byte in a UTF-8 page does not make it windows-1252
    CHECK(detect_html_encoding("<meta charset='utf-8'><p>Grüße, Straße, Öl \xC3 und Ärger</p>") == "UTF-8");
    CHECK(detect_html_encoding("<p>Gr\xFC\xDF" "e</p>") == "WINDOWS-1252");
    // a <script charset> names the script's encoding, the <meta> the page's
    CHECK(detect_html_encoding("<script charset=\"utf-8\" src=\"a.js\"></script>"
                               "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=koi8-r\">") == "koi8-r");
    CHECK(detect_html_encoding("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><html></html>") == "WINDOWS-1252");
}

TEST_CASE("parser input: broken sequences repaired, NUL bytes dropped, windows-1252 converted", "[html][encoding]") {
    ParserInput clean = prepare_for_parser("<p>Grüße</p>", "UTF-8");
    CHECK(clean.bytes.empty());  // parsed as it is, no copy
    ParserInput broken = prepare_for_parser(std::string("<p>a\xC3 b\0c</p>", 13), "UTF-8");
    CHECK(broken.bytes == "<p>a\xEF\xBF\xBD bc</p>");
    ParserInput cp = prepare_for_parser("<p>\x84M\xFCnchen\x93 \x80 \x81</p>", "WINDOWS-1252");
    CHECK(cp.encoding == "UTF-8");
    CHECK(cp.bytes == "<p>„München“ € \xC2\x81</p>");
}

TEST_CASE("a NUL byte or an unassigned windows-1252 byte does not cut the page off", "[html][encoding]") {
    std::string with_nul = "<html><body><div>Werbung</div><article>" + kText + kText + "<p>Ende gut.</p>" +
                           "</article></body></html>";
    with_nul.insert(with_nul.find("Werbung") + 7, std::string(2, '\0'));
    ReadResult r = extract_html(with_nul, "nul.html");
    REQUIRE(r.ok());
    CHECK(r.articles[0].body.find("Ende gut.") != std::string::npos);
    std::string cp = "<html><head><meta charset='windows-1252'></head><body><article><p>Stra\xDF" "e \x81</p>" +
                     kText + "<p>Ende gut.</p></article></body></html>";
    ReadResult c = extract_html(cp, "cp.html");
    REQUIRE(c.ok());
    CHECK(c.articles[0].body.find("Straße") != std::string::npos);
    CHECK(c.articles[0].body.find("Ende gut.") != std::string::npos);
}

namespace {

/// Latin-1 bytes of UTF-8 text whose non-ASCII characters are all in U+00C0–U+00FF.
std::string latin1(const std::string& utf8) {
    std::string out;
    for (size_t i = 0; i < utf8.size(); ++i) {
        if (static_cast<unsigned char>(utf8[i]) == 0xC3) out += static_cast<char>(static_cast<unsigned char>(utf8[++i]) + 0x40);
        else out += utf8[i];
    }
    return out;
}

/// UTF-16 bytes of UTF-8 text in the Basic Multilingual Plane.
std::string utf16(const std::string& utf8, bool big_endian, bool bom) {
    std::string out;
    auto put = [&](unsigned u) {
        char hi = static_cast<char>(u >> 8), lo = static_cast<char>(u & 0xFF);
        out += big_endian ? hi : lo;
        out += big_endian ? lo : hi;
    };
    if (bom) put(0xFEFF);
    for (size_t i = 0; i < utf8.size(); ++i) {
        unsigned c = static_cast<unsigned char>(utf8[i]);
        if (c >= 0xE0) c = (c & 0x0F) << 12 | (utf8[i + 1] & 0x3F) << 6 | (utf8[i + 2] & 0x3F), i += 2;
        else if (c >= 0xC0) c = (c & 0x1F) << 6 | (utf8[i + 1] & 0x3F), i += 1;
        put(c);
    }
    return out;
}

std::string page(const std::string& head, const std::string& body) {
    return "<html><head>" + head + "<title>Tür</title></head><body><nav><a href='/'>Start</a></nav><article>" +
           "<p>Die Bürgermeisterin begrüßt den Beschluss über die Straßen und Schulen im Süden der Stadt.</p>" + kText +
           body + "</article></body></html>";
}

}  // namespace

TEST_CASE("the charset a page declares: the first, outside comments", "[html][encoding]") {
    const std::pair<std::string, std::string> cases[] = {
        {"<meta charset='utf-8'><meta charset='iso-8859-1'>", "utf-8"},
        {"<meta http-equiv='Content-Type' content='text/html; charset=ISO-8859-1'><meta charset=utf-8>", "iso-8859-1"},
        {"<!-- <meta charset='iso-8859-1'> --><meta charset=\"utf-8\">", "utf-8"},
        {"<script charset='utf-8'></script><meta name='x'>", ""},
        {"<?xml version='1.0' encoding='ISO-8859-15'?><html>", "iso-8859-15"},
        {"<p>nichts</p>", ""},
    };
    for (const auto& [head, label] : cases) {
        CAPTURE(head);
        CHECK(declared_charset(head) == label);
    }
}

TEST_CASE("bytes as archives hold them: each page's text as a browser shows it", "[html][encoding][bytes]") {
    const std::string fffd = "\xEF\xBF\xBD";
    const std::string utf8 = "<meta charset='utf-8'>";
    const std::string standard = page(utf8, "<p>Ende gut.</p>");
    struct Case {
        const char* what;
        std::string bytes;
        std::string expected;  ///< must be in the body
    };
    const Case cases[] = {
        {"UTF-8 with a windows-1252 paste", page(utf8, "<p>Sie sagte: \x84Nein\x93 \x96 und ging.</p>"),
         "Sie sagte: " + fffd + "Nein" + fffd + " " + fffd + " und ging."},
        {"undeclared UTF-8 with a windows-1252 paste", page("", "<p>Sie sagte: \x84Nein\x93 und ging.</p>"),
         "Sie sagte: " + fffd + "Nein" + fffd + " und ging."},
        {"latin-1 declared", latin1(page("<meta charset='iso-8859-1'>", "<p>Schöne Grüße \x84zurück\x93.</p>")),
         "Schöne Grüße „zurück“."},
        {"latin-1 undeclared", latin1(page("", "<p>Schöne Grüße.</p>")), "Schöne Grüße."},
        {"latin-1 mislabelled as UTF-8", latin1(page(utf8, "<p>Schöne Grüße.</p>")), "Schöne Grüße."},
        {"UTF-8 mislabelled as latin-1", page("<meta charset='iso-8859-1'>", "<p>Schöne Grüße.</p>"), "Schöne Grüße."},
        {"stray NUL bytes", page(utf8, "<p>Bürger\0meisterin\0 und\0 Rat.</p>\0"s), "Bürgermeisterin und Rat."},
        {"UTF-8 BOM against a latin-1 meta", "\xEF\xBB\xBF" + page("<meta charset='iso-8859-1'>", "<p>Grüße.</p>"),
         "Grüße."},
        {"UTF-16LE BOM against a UTF-8 meta", utf16(page(utf8, "<p>Grüße.</p>"), false, true), "Grüße."},
        {"UTF-16BE BOM", utf16(page("", "<p>Grüße.</p>"), true, true), "Grüße."},
        {"UTF-16LE without BOM", utf16(page("", "<p>Grüße.</p>"), false, false), "Grüße."},
        {"a UTF-16 meta in ASCII bytes", page("<meta charset='utf-16'>", "<p>Grüße.</p>"), "Grüße."},
        {"charset declared twice, the first wins", page(utf8 + "<meta charset='iso-8859-1'>", "<p>Grüße.</p>"),
         "Grüße."},
        {"charset declared twice, latin-1 first", latin1(page("<meta charset='iso-8859-1'>" + utf8, "<p>Grüße.</p>")),
         "Grüße."},
        {"references to invalid code points",
         page(utf8, "<p>a&#0;b &#x110000; &#128;5 &#xD800; &#150; &#x9F; &#252;</p>"),
         "a" + fffd + "b " + fffd + " €5 " + fffd + " – Ÿ ü"},
        {"overlong forms and raw surrogates", page(utf8, "<p>x\xC0\xAFy \xED\xA0\x80 danach.</p>"),
         "x" + fffd + fffd + "y " + fffd + fffd + fffd + " danach."},
        {"CR-only line ends", page(utf8, "<p>Erste Zeile\rzweite Zeile.</p>\r<p>Dritte.</p>"),
         "Erste Zeile zweite Zeile.\n\nDritte."},
        {"truncated mid-tag", standard.substr(0, standard.find("<p>Ende")) + "<p>Letzter Satz <a hre",
         "Letzter Satz"},
        {"truncated mid-character", standard.substr(0, standard.find("<p>Ende")) + "<p>Letzter Satz Gr\xC3",
         "Letzter Satz Gr" + fffd},
        {"windows-1250 with an unassigned byte", page("<meta charset='windows-1250'>", "<p>\x8Akoda \x81 konec.</p>"),
         "Škoda " + fffd + " konec."},
    };
    for (const Case& c : cases) {
        CAPTURE(c.what);
        ReadResult r = extract_html(c.bytes, "p.html");
        REQUIRE(r.ok());
        const Article& a = r.articles[0];
        CHECK(news::schema::is_valid_utf8(a.body));
        CHECK(news::schema::is_valid_utf8(a.title));
        CHECK(a.body.find(c.expected) != std::string::npos);
        if (a.body.find(c.expected) == std::string::npos) WARN(a.body);
        if (c.what != std::string("windows-1250 with an unassigned byte")) {
            CHECK(a.title == "Tür");
            CHECK(a.body.find("Die Bürgermeisterin begrüßt") != std::string::npos);
        }
    }
}
