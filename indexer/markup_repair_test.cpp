#include "indexer/markup_repair.hpp"

#include <catch2/catch.hpp>

using namespace news::indexer;
using namespace std::string_literals;

TEST_CASE("markup repair: references and characters HTML and XML do not allow", "[markup][encoding]") {
    struct Case {
        const char* what;
        Markup markup;
        std::string in;
        std::optional<std::string> out;  ///< nullopt: left as it is
    };
    const Case cases[] = {
        {"clean HTML is not copied", Markup::HTML, "<p>Grüße &amp; &#252; &#x201E;</p>", std::nullopt},
        {"NUL bytes dropped", Markup::HTML, "<p>a\0b\0</p>"s, "<p>ab</p>"},
        {"vertical tab and form feed are spaces", Markup::HTML, "a\vb\fc", "a b c"},
        {"&#0; is U+FFFD", Markup::HTML, "a&#0;b", "a&#xFFFD;b"},
        {"beyond U+10FFFF is U+FFFD", Markup::HTML, "&#x110000;&#99999999999999999999;", "&#xFFFD;&#xFFFD;"},
        {"surrogate references are U+FFFD", Markup::HTML, "&#xD800;&#56320;", "&#xFFFD;&#xFFFD;"},
        {"&#128; is the euro sign", Markup::HTML, "&#128; &#x93;x&#148;", "&#x20AC; &#x201C;x&#x201D;"},
        {"unassigned 0x81 stays", Markup::HTML, "&#129;", std::nullopt},
        {"a reference without ';' is repaired too", Markup::HTML, "&#128 Euro", "&#x20AC; Euro"},
        {"'&#' without digits is text", Markup::HTML, "&#; &#x; &", std::nullopt},
        {"clean XML is not copied", Markup::XML, "<a>Grüße &amp; &#9; &lt;</a>", std::nullopt},
        {"XML control characters", Markup::XML, "<a>x\x01y\x1Fz\tw</a>", "<a>x\xEF\xBF\xBDy\xEF\xBF\xBDz\tw</a>"},
        {"XML U+FFFE and U+FFFF", Markup::XML, "a\xEF\xBF\xBE" "b\xEF\xBF\xBF", "a\xEF\xBF\xBD" "b\xEF\xBF\xBD"},
        {"XML references to characters it forbids", Markup::XML, "&#0;&#x1;&#xD800;&#xFFFE;&#x110000;",
         "&#xFFFD;&#xFFFD;&#xFFFD;&#xFFFD;&#xFFFD;"},
        {"XML &#150; is a dash", Markup::XML, "a&#150;b", "a&#x2013;b"},
        {"HTML entities in XML become characters", Markup::XML, "M&auml;dchen&nbsp;&amp;&mdash;", "Mädchen\xC2\xA0&amp;—"},
        {"unknown entities are left to the parser", Markup::XML, "&lol; &auml", std::nullopt},
    };
    for (const Case& c : cases) {
        CAPTURE(c.what);
        CHECK(repair_markup(c.in, c.markup) == c.out);
    }
}
