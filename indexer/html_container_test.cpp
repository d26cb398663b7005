#include "indexer/html_container.hpp"
#include "indexer/html_dom.hpp"
#include "indexer/html_extractor.hpp"

#include <catch2/catch.hpp>

using namespace news::indexer::html;

namespace {

std::string paragraphs(const std::string& topic, int n) {
    std::string out;
    for (int i = 0; i < n; ++i)
        out += "<p>" + topic + ", Absatz " + std::to_string(i) +
               ": ein Satz mit genug Wörtern, Kommas und Inhalt, damit er als Prosa zählt.</p>";
    return out;
}

struct Chosen {
    DocPtr doc;
    ContentChoice choice;
    std::string label() const { return choice.nodes.empty() ? "" : attr(choice.nodes.front(), "id"); }
};

Chosen choose(const std::string& body) {
    Chosen c;
    c.doc = parse_html("<html><body>" + body + "</body></html>", "UTF-8");
    REQUIRE(c.doc);
    c.choice = choose_container(c.doc.get());
    return c;
}

}  // namespace

TEST_CASE("semantic markers in order of trust", "[html][container]") {
    struct Row {
        std::string body;
        const char* id;
        const char* reason;
    };
    const std::string story = paragraphs("Bericht", 5);
    const Row rows[] = {
        {"<div id='x'><div id='b' itemprop='articleBody'>" + story + "</div></div>", "b", "itemprop=articleBody"},
        {"<div id='x'><div id='c' class='entry-content'>" + story + "</div></div>", "c",
         "class/id names the article text ('entrycontent')"},
        {"<div id='x'><article id='a'>" + story + "</article></div>", "a", "<article>"},
        {"<main id='m'>" + story + "<div>Kurz</div></main>", "m", "<main>"},
    };
    for (const Row& r : rows) {
        CAPTURE(r.body);
        Chosen c = choose(r.body);
        CHECK(c.label() == r.id);
        CHECK(c.choice.reason == r.reason);
    }
}

TEST_CASE("inside a <main> or <article> around more than the story, the scored block", "[html][container]") {
    Chosen c = choose("<main id='m'><div id='story'>" + paragraphs("Bericht", 6) +
                      "</div><div id='form'><h3>Fehler melden</h3><p>Schreiben Sie uns, wenn Ihnen etwas auffällt, "
                      "wir antworten gern.</p></div></main>");
    CHECK(c.label() == "story");
    CHECK(c.choice.reason == "text density inside <main>");
}

TEST_CASE("a teaser card marked <article> loses to the story", "[html][container]") {
    Chosen c = choose("<article id='teaser'>" + paragraphs("Anderes", 1) + "</article><div id='story'>" +
                      paragraphs("Bericht", 6) + "</div>");
    CHECK(c.label() == "story");
    CHECK(c.choice.reason == "text density");
}

TEST_CASE("nested content names: the inner one when it keeps the prose", "[html][container]") {
    Chosen c = choose("<div id='outer' class='article-body'><div class='byline'>Von A</div><div id='inner' "
                      "class='article-text'>" +
                      paragraphs("Bericht", 5) + "</div></div>");
    CHECK(c.label() == "inner");
}

TEST_CASE("text density without markers, sibling blocks joined", "[html][container]") {
    Chosen c = choose("<div id='nav'><a href='/'>Start</a></div><div id='wrap'><div id='lead'>" +
                      paragraphs("Vorspann", 2) + "</div><div id='text'>" + paragraphs("Bericht", 6) +
                      "</div><div id='links'><a href='/a'>Mehr</a> <a href='/b'>Noch mehr</a></div></div>");
    REQUIRE(c.choice.nodes.size() == 2);
    CHECK(attr(c.choice.nodes[0], "id") == "lead");  // document order
    CHECK(attr(c.choice.nodes[1], "id") == "text");
    CHECK(c.choice.reason == "text density, with sibling blocks");
}

TEST_CASE("text in <br>-separated divs still counts", "[html][container]") {
    std::string lines;
    for (int i = 0; i < 5; ++i) lines += "Eine Zeile Text, mit Kommas, die lang genug für einen Absatz ist.<br><br>";
    Chosen c = choose("<div id='menu'><a href='/'>Start</a></div><div id='text'>" + lines + "</div>");
    CHECK(c.label() == "text");
}

TEST_CASE("stories named alike are taken together, sections of one article are joined", "[html][container]") {
    Chosen news = choose("<div class='story-text' id='s1'>" + paragraphs("Erste", 4) +
                         "</div><div class='ad'>Anzeige</div><div class='story-text' id='s2'>" +
                         paragraphs("Zweite", 4) + "</div><div class='story-text' id='s3'><p>Kurz.</p></div>");
    REQUIRE(news.choice.nodes.size() == 2);
    CHECK(attr(news.choice.nodes[0], "id") == "s1");
    CHECK(attr(news.choice.nodes[1], "id") == "s2");
    Chosen sections = choose("<div id='nav'><a href='/'>Start</a></div><div id='doc'><section><div>" +
                             paragraphs("Teil eins", 5) + "</div></section><section><div>" +
                             paragraphs("Teil zwei", 5) + "</div></section></div>");
    CHECK(sections.label() == "doc");
}

TEST_CASE("a page without prose yields its body", "[html][container]") {
    Chosen c = choose("<div><a href='/'>Start</a></div>");
    REQUIRE(c.choice.nodes.size() == 1);
    CHECK(name(c.choice.nodes[0]) == "body");
}

TEST_CASE("paragraph score grows with length and commas", "[html][container]") {
    CHECK(paragraph_score("kurz") < paragraph_score("ein längerer Satz ohne Kommas, aber mit einem"));
    CHECK(paragraph_score("a, b, c") > paragraph_score("a b c"));
    CHECK(paragraph_score("北京，上海、广州。") > paragraph_score("北京上海广州"));
}

TEST_CASE("a short paragraph added after the text block inside <article> is kept", "[html][container]") {
    std::string page = "<html><body><main><article><h1>Titel</h1><div class=\"meta\">3. August 2023</div>"
                       "<div class=\"node__content\">";
    for (int i = 0; i < 4; ++i)
        page += "<p>Ein langer Absatz mit vielen Wörtern, der den eigentlichen Text des Artikels bildet, "
                "damit die Dichte stimmt.</p>";
    page += "</div><p>Quarkkeulchenwettbewerb</p></article></main></body></html>";
    auto r = news::indexer::extract_html(page, "a.html");
    REQUIRE(r.ok());
    CHECK(r.articles[0].body.find("Quarkkeulchenwettbewerb") != std::string::npos);
}
