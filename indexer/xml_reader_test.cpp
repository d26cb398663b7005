#include "indexer/xml_reader.hpp"

#include "schema/text.hpp"

#include <catch2/catch.hpp>

using namespace news::indexer;
using namespace std::string_literals;

TEST_CASE("the archive format: one article", "[xml]") {
    auto r = read_xml(R"(<?xml version="1.0" encoding="UTF-8"?>
<article id="emmd-1"><title>Titel</title><date>2023-05-17</date><region>EMMD</region><region>Hamburg</region>
<topic>Forschung</topic><author>A. Autor</author><author>B. Autorin</author><url>https://x.de/1</url>
<lead>Kurz.</lead><body><p>Erster Absatz.</p><h2>Zwischen</h2><p>Zweiter &amp; letzter.</p></body></article>)",
                      "a.xml");
    REQUIRE(r.ok());
    REQUIRE(r.articles.size() == 1);
    const Article& a = r.articles[0];
    CHECK(a.id == "emmd-1");
    CHECK(a.title == "Titel");
    CHECK(a.date == "2023-05-17");
    CHECK(a.regions == std::vector<std::string>{"Mitteldeutschland", "Hamburg"});
    CHECK(a.topics == std::vector<std::string>{"Wissenschaft"});
    CHECK(a.author == "A. Autor, B. Autorin");
    CHECK(a.url == "https://x.de/1");
    CHECK(a.lead == "Kurz.");
    CHECK(a.body == "Erster Absatz.\n\nZwischen\n\nZweiter & letzter.");
}

TEST_CASE("a collection gives every article, ids from id, url or position", "[xml]") {
    auto r = read_xml("<articles><article><title>A</title><body><p>a</p></body></article>"
                      "<article><title>B</title><url>https://x.de/b</url><body><p>b</p></body></article></articles>",
                      "c.xml");
    REQUIRE(r.articles.size() == 2);
    CHECK(r.articles[0].id == "c.xml#1");
    CHECK(r.articles[1].id == "https://x.de/b");
}

TEST_CASE("RSS 2.0 items", "[xml][feed]") {
    auto r = read_xml(R"(<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Feed</title><item><title>Meldung</title><link>https://x.de/m</link>
<pubDate>Tue, 14 Mar 2023 09:30:00 +0100</pubDate><category>Verkehr</category><dc:creator>Max</dc:creator>
<description>&lt;p&gt;Kurzfassung&lt;/p&gt;</description><content:encoded><![CDATA[<p>Volltext eins.</p><p>Volltext zwei.</p>]]></content:encoded>
</item></channel></rss>)",
                      "f.rss");
    REQUIRE(r.articles.size() == 1);
    const Article& a = r.articles[0];
    CHECK(a.title == "Meldung");
    CHECK(a.id == "https://x.de/m");
    CHECK(a.date == "2023-03-14");
    CHECK(a.topics == std::vector<std::string>{"Verkehr"});
    CHECK(a.author == "Max");
    CHECK(a.lead == "Kurzfassung");
    CHECK(a.body == "Volltext eins.\n\nVolltext zwei.");
}

TEST_CASE("Atom entries", "[xml][feed]") {
    auto r = read_xml(R"(<feed xmlns="http://www.w3.org/2005/Atom"><title>F</title>
<entry><title>Eintrag</title><link rel="alternate" href="https://x.de/e"/><id>urn:1</id>
<published>2022-04-01T08:00:00Z</published><updated>2022-04-02T08:00:00Z</updated>
<author><name>Ute</name></author><category term="Kultur"/><summary>Kurz</summary>
<content type="html">&lt;p&gt;Lang&lt;/p&gt;</content></entry></feed>)",
                      "f.atom");
    REQUIRE(r.articles.size() == 1);
    CHECK(r.articles[0].date == "2022-04-01");
    CHECK(r.articles[0].url == "https://x.de/e");
    CHECK(r.articles[0].body == "Lang");
    CHECK(r.articles[0].topics == std::vector<std::string>{"Kultur"});
}

TEST_CASE("hostile XML: entity bombs and external entities are refused", "[xml][bad]") {
    install_safe_xml_loader();
    std::string bomb = R"(<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">
<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]><article><title>&lol4;</title><body><p>x</p></body></article>)";
    auto r = read_xml(bomb, "bomb.xml");
    CHECK_FALSE(r.ok());
    std::string xxe = R"(<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<article><title>&x;</title><body><p>x</p></body></article>)";
    auto r2 = read_xml(xxe, "xxe.xml");
    CHECK_FALSE(r2.ok());
    for (const auto& a : r2.articles) CHECK(a.title.find("root:") == std::string::npos);
}

TEST_CASE("broken or unknown XML is skipped with a reason", "[xml][bad]") {
    auto broken = read_xml("Kein XML, nur Text.", "b.xml");
    CHECK_FALSE(broken.ok());
    CHECK(broken.error.find("not well-formed") != std::string::npos);
    auto unknown = read_xml("<html><body/></html>", "u.xml");
    CHECK_FALSE(unknown.ok());
    CHECK(unknown.error.find("unknown XML root") != std::string::npos);
    auto empty = read_xml("<articles/>", "e.xml");
    CHECK_FALSE(empty.ok());
}

TEST_CASE("line breaks inside a paragraph are formatting, hyphens at a break join the word", "[xml]") {
    auto r = read_xml("<article><title>T</title><body><p>Die Fach-\n    kräfte kommen\n    nach Leipzig.</p>"
                      "<p>Nord-\nund Südseite.</p></body></article>",
                      "a.xml");
    REQUIRE(r.articles.size() == 1);
    CHECK(r.articles[0].body == "Die Fachkräfte kommen nach Leipzig.\n\nNord- und Südseite.");
}

namespace {

/// A collection of three articles, the second one holding `middle` in its body.
std::string collection(const std::string& declaration, const std::string& middle) {
    return declaration + "<articles><article><title>Eins</title><body><p>Die Bürgermeisterin spricht.</p></body>"
                         "</article><article><title>Zwei</title><body><p>" + middle + "</p></body></article>"
                         "<article><title>Drei</title><body><p>Schöne Grüße.</p></body></article></articles>";
}

std::string latin1(const std::string& utf8) {
    std::string out;
    for (size_t i = 0; i < utf8.size(); ++i) {
        if (static_cast<unsigned char>(utf8[i]) == 0xC3) out += static_cast<char>(static_cast<unsigned char>(utf8[++i]) + 0x40);
        else out += utf8[i];
    }
    return out;
}

}  // namespace

TEST_CASE("bytes as archives hold them: one bad article does not lose the others", "[xml][bad][bytes]") {
    const std::string fffd = "\xEF\xBF\xBD";
    const std::string decl = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
    struct Case {
        const char* what;
        std::string bytes;
        std::string middle;  ///< the second article's body
    };
    const Case cases[] = {
        {"invalid UTF-8", collection(decl, "B\xFCrger \x93x\x94 \xC3"), "B" + fffd + "rger " + fffd + "x" + fffd + " " + fffd},
        {"overlong forms and raw surrogates", collection(decl, "a\xC0\xAF b\xED\xA0\x80"), "a" + fffd + fffd + " b" + fffd + fffd + fffd},
        {"NUL bytes", collection(decl, "Null\0 Byte\0"s), "Null Byte"},
        {"control characters", collection(decl, "Steuer\x01zeichen\x0Bund\x0C"), "Steuer" + fffd + "zeichen und"},
        {"references to characters XML forbids", collection(decl, "&#0;&#xD800;&#x110000;&#x1;|&#150;"),
         fffd + fffd + fffd + fffd + "|–"},
        {"HTML entities", collection(decl, "M&auml;dchen&nbsp;und&mdash;so"), "Mädchen und—so"},
        {"latin-1 declared", latin1(collection("<?xml version='1.0' encoding='ISO-8859-1'?>", "Grüße")), "Grüße"},
        {"latin-1 undeclared", latin1(collection("", "Grüße")), "Grüße"},
        {"UTF-16LE with BOM", "\xFF\xFE"s + "<\0a\0>\0"s, ""},
        {"UTF-8 BOM and CR-only lines", "\xEF\xBB\xBF" + collection(decl, "Fach-\rkräfte\rkommen"), "Fachkräfte kommen"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.what);
        ReadResult r = read_xml(c.bytes, "c.xml");
        if (c.middle.empty()) continue;  // decoded above without a crash
        REQUIRE(r.ok());
        REQUIRE(r.articles.size() == 3);
        CHECK(r.articles[0].body == "Die Bürgermeisterin spricht.");
        CHECK(r.articles[1].body == c.middle);
        CHECK(r.articles[2].body == "Schöne Grüße.");
        for (const Article& a : r.articles) CHECK(news::schema::is_valid_utf8(a.body));
    }
}

TEST_CASE("a truncated or mis-nested XML file keeps the articles recovery reads", "[xml][bad][bytes]") {
    std::string whole = collection("", "Mitte");
    auto truncated = read_xml(whole.substr(0, whole.find("<article><title>Drei")) + "<article><title>Dr", "t.xml");
    REQUIRE(truncated.ok());
    REQUIRE(truncated.articles.size() == 2);  // the cut-off third has no body
    CHECK(truncated.articles[1].body == "Mitte");
    auto fragment = read_xml("<article><title>Kaputt", "f.xml");
    CHECK(fragment.error.find("not well-formed XML (line 1") == 0);
    auto cut_char = read_xml(whole.substr(0, whole.find("Grüße") + 3), "t.xml");
    REQUIRE(cut_char.ok());
    CHECK(cut_char.articles.back().body == "Schöne Gr\xEF\xBF\xBD");
}
