#include "indexer/metadata_normaliser.hpp"

#include <catch2/catch.hpp>

using news::indexer::Article;
using news::indexer::is_web_url;
using news::indexer::normalise_metadata;

TEST_CASE("only http(s) addresses are an article's url", "[indexer][metadata][security]") {
    CHECK(is_web_url("https://www.example.org/presse/2024/tag-der-regionen.html"));
    CHECK(is_web_url("HTTP://example.org/a"));
    for (const char* bad : {"javascript:alert(document.cookie)", "JavaScript:alert(1)", "data:text/html,<script>",
                            "vbscript:msgbox", "/presse/relative.html", "//example.org/a", "https://", "https:/x",
                            "https://example.org/a b", "https://example.org/\x01", "ftp://example.org/a",
                            "http:alert(1)", "https:x://y"}) {
        INFO(bad);
        CHECK_FALSE(is_web_url(bad));
    }
}

TEST_CASE("a javascript: url is dropped and the id falls back to the path", "[indexer][metadata][security]") {
    Article a;
    a.path = "mitteldeutschland/2024/11/artikel.html";
    a.url = " javascript:alert(1) ";
    normalise_metadata(a, {}, {});
    CHECK(a.url.empty());
    CHECK(a.id == a.path);
    Article b;
    b.path = "x.html";
    b.url = "https://example.org/x";
    normalise_metadata(b, {}, {});
    CHECK(b.url == "https://example.org/x");
    CHECK(b.id == b.url);
}
