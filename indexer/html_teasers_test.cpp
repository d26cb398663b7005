#include "indexer/html_blocks.hpp"
#include "indexer/html_teasers.hpp"

#include <catch2/catch.hpp>

using namespace news::indexer::html;

namespace {

const std::string kArticle =
    "<p>Der Rat hat am Dienstag den Haushalt beschlossen, nach langer Debatte und mit knapper Mehrheit. Die "
    "Opposition kündigte an, gegen mehrere Posten zu klagen, und verlangte eine Sondersitzung im Januar.</p>"
    "<p>Bürgermeisterin Schulz sprach von einem schmerzhaften, aber notwendigen Kompromiss für die Stadt und "
    "ihre Schulen, Bäder und Bibliotheken, die nun saniert werden können.</p>";

std::string card(const std::string& headline) {
    return "<article><a href='/x'><h3>" + headline + "</h3></a><p>12.03.2024</p><p>Kurz zusammengefasst.</p></article>";
}

std::string pruned(const std::string& inner) {
    DocPtr doc = parse_html("<html><body><div id='c'>" + inner + "</div></body></html>", "UTF-8");
    REQUIRE(doc);
    xmlNode* c = xmlDocGetRootElement(doc.get())->children->children;
    prune_container(c);
    return article_text({c});
}

bool has(const std::string& text, const char* part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("a list of teaser cards goes with its title, in any language", "[html][teasers]") {
    std::string t = pruned(kArticle + "<section><h2>Notas relacionadas</h2><div>" + card("Photonik in Jena") +
                           card("Wasserstoff in Leuna") + "</div></section>");
    CHECK(has(t, "Haushalt"));
    for (const char* junk : {"Notas relacionadas", "Photonik", "Wasserstoff", "Kurz zusammengefasst"}) {
        CAPTURE(junk);
        CHECK_FALSE(has(t, junk));
    }
}

TEST_CASE("a wrapper of article and teasers keeps the article", "[html][teasers]") {
    std::string t = pruned("<div class='wrap'><div>" + kArticle + "</div><div>" + card("Photonik in Jena") +
                           card("Wasserstoff in Leuna") + "</div></div>");
    CHECK(has(t, "Bürgermeisterin"));
    CHECK_FALSE(has(t, "Photonik"));
}

TEST_CASE("one linked subheading in the article is no teaser list", "[html][teasers]") {
    std::string t = pruned(kArticle + "<h3><a href='/haushalt'>Der Haushalt im Detail</a></h3>" + kArticle);
    CHECK(has(t, "Der Haushalt im Detail"));
}

TEST_CASE("labels of a block: a heading or a short line without links right before it", "[html][teasers]") {
    DocPtr doc = parse_html("<html><body><div><h2>Mehr</h2><ul id='a'></ul><p>Ein ganzer Satz.</p><ul id='b'></ul>"
                            "<span>Lesen Sie auch</span> <ul id='c'></ul></div></body></html>",
                            "UTF-8");
    std::vector<xmlNode*> kids = element_children(xmlDocGetRootElement(doc.get())->children->children);
    REQUIRE(kids.size() == 6);
    CHECK(is_label_of(kids[0], kids[1]));
    CHECK_FALSE(is_label_of(kids[2], kids[3]));  // a sentence
    CHECK(is_label_of(kids[4], kids[5]));
    CHECK_FALSE(is_label_of(kids[0], kids[3]));  // not adjacent
}

TEST_CASE("texts cut short end in an ellipsis", "[html][teasers]") {
    for (const char* cut : {"Der Rat hat beschlossen, dass …", "Der Rat hat beschlossen, dass...",
                            "Der Rat hat beschlossen, dass […]", "Der Rat hat beschlossen, dass [...]  ",
                            "Der Rat hat beschlossen, dass (…)"}) {
        CAPTURE(cut);
        CHECK(ends_as_excerpt(cut));
    }
    for (const char* whole : {"Der Rat hat beschlossen.", "Der Rat (mit Mehrheit)", "…", "[…]", ""}) {
        CAPTURE(whole);
        CHECK_FALSE(ends_as_excerpt(whole));
    }
}

TEST_CASE("a list of excerpts is found where its items part", "[html][teasers]") {
    const std::string excerpt = "<p>Die Stadt saniert in diesem Sommer drei Schulen und zwei Bäder, die Arbeiten "
                                "beginnen schon im Juni und sollen […]</p>";
    // The ellipsis may be a link of its own ("<a>[…]</a>").
    const std::string linked = "<p>Die Stadt saniert in diesem Sommer drei Schulen und zwei Bäder, die Arbeiten "
                               "beginnen schon im Juni und <a href='/s'>[…]</a></p>";
    DocPtr doc = parse_html("<html><body><div id='page'><div id='story'>" + kArticle +
                                "</div><div id='more'><ul><li>" + excerpt + "</li><li>" + linked +
                                "</li></ul></div></div></body></html>",
                            "UTF-8");
    xmlNode* page = xmlDocGetRootElement(doc.get())->children->children;
    std::vector<xmlNode*> parts = element_children(page);
    REQUIRE(parts.size() == 2);
    xmlNode* more = parts[1];
    xmlNode* list = element_children(more).front();
    ExcerptStats stats(page);
    CHECK(stats.of(page).excerpts == 2);
    CHECK(stats.of(parts[0]).excerpts == 0);
    TextStats text_stats;
    CHECK(stats.is_list(list, text_stats.of(list).chars));
    CHECK_FALSE(stats.is_list(more, text_stats.of(more).chars));  // one child holds them all: the list is below
    CHECK_FALSE(stats.is_list(page, text_stats.of(page).chars));
    // A short list item ending in "…" is a "more" link, not an excerpt.
    DocPtr more_links = parse_html("<html><body><ul><li>Weiter …</li><li>Mehr …</li></ul></body></html>", "UTF-8");
    ExcerptStats none(xmlDocGetRootElement(more_links.get()));
    CHECK(none.of(xmlDocGetRootElement(more_links.get())).excerpts == 0);
}
