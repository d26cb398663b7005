#include "web/html.hpp"

#include <catch2/catch.hpp>

using namespace news::web;

TEST_CASE("html escapes text and attribute specials", "[web][html]") {
    CHECK(html("<script>alert('x')</script>") == "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    CHECK(html("\"><img src=x>") == "&quot;&gt;&lt;img src=x&gt;");
    CHECK(html("A & B") == "A &amp; B");
    CHECK(html("Fachkräfte") == "Fachkräfte");
}

TEST_CASE("dates and numbers read the German way", "[web][html]") {
    CHECK(german_date("2024-11-21") == "21.11.2024");
    CHECK(german_date("2024-11") == "2024-11");
    CHECK(german_date("") == "");
    CHECK(german_long_date("2024-11-21") == "21. November 2024");
    CHECK(german_long_date("2024-03-01") == "1. März 2024");
    CHECK(german_long_date("2024-13-01") == "2024-13-01");
    CHECK(german_long_date("<b>") == "<b>");
    CHECK(german_month("2024-05") == "Mai 2024");
    CHECK(german_month("2024-00") == "2024-00");
    CHECK(german_number(0) == "0");
    CHECK(german_number(999) == "999");
    CHECK(german_number(1000) == "1.000");
    CHECK(german_number(1234567) == "1.234.567");
}

TEST_CASE("only http(s) URLs become links", "[web][html]") {
    struct Case {
        const char* url;
        bool ok;
    };
    const Case cases[] = {
        {"https://www.mitteldeutschland.com/de/news/x/", true},
        {"HTTP://example.org", true},
        {"javascript:alert(1)", false},
        {"JaVaScRiPt:alert(1)", false},
        {"data:text/html,<script>", false},
        {"//evil.example/", false},
        {"https://a.example/\nb", false},
        {"https://a.example/ b", false},
        {"", false},
        {"html/hamburg/2023/03/page.html", false},
    };
    for (const Case& c : cases) {
        INFO(c.url);
        CHECK(is_web_url(c.url) == c.ok);
    }
}
