#include "indexer/html_clean.hpp"
#include "indexer/html_dom.hpp"

#include <catch2/catch.hpp>

using namespace news::indexer::html;

namespace {

const std::string kProse =
    "<p>Die Metropolregionen trafen sich in Oldenburg, um über die kommende Förderperiode zu beraten.</p>"
    "<p>Sie verabschiedeten ein gemeinsames Positionspapier an die Bundesregierung und an die Länder.</p>"
    "<p>Im Herbst folgt das nächste Treffen in Essen, kündigten die Vertreterinnen und Vertreter an.</p>";

/// The page's text after cleaning.
std::string cleaned(const std::string& body, ExtractionReport* report = nullptr) {
    DocPtr doc = parse_html("<html><body>" + body + "</body></html>", "UTF-8");
    REQUIRE(doc);
    clean_page(doc.get(), report);
    return text(xmlDocGetRootElement(doc.get()));
}

bool has(const std::string& text, const char* part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("code, forms, media and navigation go by tag", "[html][clean]") {
    std::string t = cleaned("<nav><a href='/'>Startseite</a></nav><script>var x = 'Skript';</script>"
                            "<style>p{}</style><form><input value='Suchbegriff'><label>Suche</label></form>"
                            "<figure><img src='a.jpg'><figcaption>Foto: Bildagentur</figcaption></figure>" +
                            kProse);
    for (const char* junk : {"Startseite", "Skript", "Suche", "Bildagentur"}) {
        CAPTURE(junk);
        CHECK_FALSE(has(t, junk));
    }
    CHECK(has(t, "Positionspapier"));
}

TEST_CASE("ruby annotations go, the annotated text stays", "[html][clean]") {
    std::string t = cleaned("<p><ruby>漢字<rp>(</rp><rt>かんじ</rt><rp>)</rp></ruby>を学ぶ</p>" + kProse);
    CHECK(has(t, "漢字を学ぶ"));
    CHECK_FALSE(has(t, "かんじ"));
}

TEST_CASE("hidden elements go: attribute, style and class", "[html][clean]") {
    std::string t = cleaned("<div hidden>Eins</div><div style='display: none'>Zwei</div>"
                            "<span class='sr-only'>Drei</span><div aria-hidden='true'>Vier</div>" +
                            kProse);
    for (const char* junk : {"Eins", "Zwei", "Drei", "Vier"}) {
        CAPTURE(junk);
        CHECK_FALSE(has(t, junk));
    }
}

TEST_CASE("furniture goes by role and class/id hint", "[html][clean]") {
    std::string t = cleaned("<div role='banner'>Kopfzeile</div><div id='cookie-consent'>Wir nutzen Cookies</div>"
                            "<aside>Randspalte</aside><div class='share-buttons'>Teilen</div>"
                            "<section id='comments'><p>Ein Leser schreibt einen langen Kommentar zu dem Thema, "
                            "der hier nicht hingehört, weil er kein Teil des Artikels ist.</p></section>"
                            "<div class='post tag-comments no-share'>" +
                            kProse + "</div><footer>Impressum</footer>");
    for (const char* junk : {"Kopfzeile", "Cookies", "Randspalte", "Teilen", "Leser", "Impressum"}) {
        CAPTURE(junk);
        CHECK_FALSE(has(t, junk));
    }
    CHECK(has(t, "Förderperiode"));  // taxonomy classes ("tag-comments", "no-share") say nothing
}

TEST_CASE("a wrapper named like furniture stays when it holds the article", "[html][clean]") {
    // A sidebar around the post's content element; ASP.NET pages sit in one <form>.
    std::string blog = cleaned("<div class='sidebar-layout'><div class='post-body entry-content'>" + kProse +
                               "</div></div><div class='sidebar'>Archiv 2019</div>");
    CHECK(has(blog, "Positionspapier"));
    CHECK_FALSE(has(blog, "Archiv"));
    // A furniture word on every block of the page tells nothing.
    std::string built = cleaned("<div class='promo-block'>" + kProse + "</div><div class='promo-block'>" + kProse +
                                "</div><div class='promo-block'>Kontakt</div>");
    CHECK(has(built, "Positionspapier"));
    CHECK(has(built, "Kontakt"));
    std::string asp = cleaned("<form id='aspnetForm'><div>" + kProse + "</div></form>");
    CHECK(has(asp, "Positionspapier"));
    // A comment section is never protected by its size.
    std::string comments = cleaned("<div id='comments'>" + kProse + "</div><p>Kurz.</p>");
    CHECK_FALSE(has(comments, "Positionspapier"));
}

TEST_CASE("hidden slides that together hold the article stay", "[html][clean]") {
    // A gallery article: every slide but the first is hidden until a script shows it.
    const std::string slide_a = "<p>Erstens: eine Lampe, die sich nach dem Wetter richtet und morgens von selbst "
                                "heller wird, bevor der Wecker klingelt.</p>";
    const std::string slide_b = "<p>Zweitens: ein Regenschirm, der sich meldet, wenn man ihn im Zug vergisst, und "
                                "der sein Fach am Bahnhof findet.</p>";
    std::string gallery = cleaned("<div class='intro'>Zehn Dinge für den Alltag.</div>"
                                  "<div class='slide'>" + slide_a + "</div>"
                                  "<div class='slide hidden' style='display:none'>" + kProse + "</div>"
                                  "<div class='slide hidden'>" + slide_b + "</div>");
    CHECK(has(gallery, "Regenschirm"));
    CHECK(has(gallery, "Positionspapier"));
    // One hidden block, or hidden blocks that are a small part of the page, still go.
    std::string one = cleaned("<div class='slide hidden'>" + slide_b + "</div>" + kProse + kProse);
    CHECK_FALSE(has(one, "Regenschirm"));
    std::string small = cleaned("<div class='teaser hidden'>Vorschau eins</div><div class='teaser hidden'>Vorschau "
                                "zwei</div>" + kProse);
    CHECK_FALSE(has(small, "Vorschau"));
}

TEST_CASE("a list of excerpts of other articles goes, however large", "[html][clean]") {
    const std::string excerpt = "<p>Die Stadt saniert in diesem Sommer drei Schulen und zwei Bäder, die Arbeiten "
                                "beginnen schon im Juni und sollen bis zum Herbst abgeschlossen werden, sagt [...]</p>";
    std::string t = cleaned("<div class='entry'><p>Ein kurzer Text zur neuen Brücke über die Saale.</p></div>"
                            "<div id='weitere'><div class='card'>" + excerpt + "</div><div class='card'>" + excerpt +
                            "</div><div class='card'>" + excerpt + "</div></div>");
    CHECK(has(t, "Brücke"));
    CHECK_FALSE(has(t, "Schulen"));
    // Article paragraphs that end in an ellipsis now and then are text.
    std::string story = cleaned("<div>" + kProse + "<p>Und dann kam alles anders, als die Stadt gedacht hatte ...</p>"
                                "<p>Niemand im Rathaus hatte mit diesem Ergebnis gerechnet, auch der Kämmerer nicht ...</p>"
                                + kProse + "</div>");
    CHECK(has(story, "Kämmerer"));
}

TEST_CASE("headers go outside the article, stay inside it", "[html][clean]") {
    std::string t = cleaned("<header>Logo und Slogan</header><article><header><p>Vorspann des Artikels</p></header>" +
                            kProse + "</article>");
    CHECK_FALSE(has(t, "Slogan"));
    CHECK(has(t, "Vorspann"));
    // the article's header, with the page's <h1>, may stand outside <article>
    std::string h = cleaned("<header><h1>Titel</h1><p>Der Vorspann steht über dem Artikel.</p></header><article>" +
                            kProse + "</article>");
    CHECK(has(h, "Der Vorspann steht"));
}

TEST_CASE("noscript stays when it holds the text", "[html][clean]") {
    std::string t = cleaned("<noscript>Bitte JavaScript aktivieren</noscript><div><noscript>" + kProse +
                            "</noscript></div>");
    CHECK_FALSE(has(t, "JavaScript"));
    CHECK(has(t, "Positionspapier"));
}

TEST_CASE("the report names each dropped block and its reason", "[html][clean][report]") {
    ExtractionReport report;
    cleaned("<div class='share-bar'>Teilen</div><script>x()</script>" + kProse, &report);
    REQUIRE(report.dropped.size() == 1);  // scripts are not listed: no reader saw them
    CHECK(report.dropped[0].element == "div.share-bar");
    CHECK(report.dropped[0].reason == "class/id hint 'share'");
    CHECK(report.dropped[0].text == "Teilen");
}
