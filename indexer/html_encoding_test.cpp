#include "indexer/html_encoding.hpp"
#include "indexer/html_extractor.hpp"

#include <catch2/catch.hpp>

using namespace news::indexer;

namespace {

const std::string kText = "<p>Die Stadt hat den Haushalt für das kommende Jahr beschlossen, nach langer Debatte.</p>";

}  // namespace

TEST_CASE("encoding: declared, detected, and broken UTF-8 read as UTF-8", "[html][encoding]") {
    CHECK(detect_html_encoding("<meta charset='utf-8'><p>Grüße</p>") == "UTF-8");
    CHECK(detect_html_encoding("<meta charset='iso-8859-1'><p>x</p>") == "WINDOWS-1252");
    CHECK(detect_html_encoding("<meta charset='windows-1250'><p>x</p>") == "windows-1250");
    // one broken byte in a UTF-8 page does not make it windows-1252
    CHECK(detect_html_encoding("<meta charset='utf-8'><p>Grüße, Straße, Öl \xC3 und Ärger</p>") == "UTF-8");
    CHECK(detect_html_encoding("<p>Gr\xFC\xDF" "e</p>") == "WINDOWS-1252");
    // a <script charset> names the script's encoding, the <meta> the page's
    CHECK(detect_html_encoding("<script charset=\"utf-8\" src=\"a.js\"></script>"
                               "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">") == "gb2312");
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
