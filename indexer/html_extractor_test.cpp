#include "indexer/html_extractor.hpp"

#include <catch2/catch.hpp>

using namespace news::indexer;

namespace {

Article extract_one(const std::string& html, const std::string& path = "x.html") {
    ReadResult r = extract_html(html, path);
    REQUIRE(r.ok());
    REQUIRE(r.articles.size() == 1);
    return r.articles[0];
}

const char* kPage = R"(<!DOCTYPE html><html lang="de"><head>
<meta charset="utf-8"><title>Neue Brücke | Stadtportal</title>
<meta name="description" content="Die neue Brücke ist fertig.">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
 "headline":"Neue Brücke über die Saale eröffnet","datePublished":"2023-06-01T09:00:00+02:00",
 "author":{"@type":"Person","name":"Erika Muster"},"articleSection":"Verkehr"}</script>
<meta name="region" content="Mitteldeutschland"></head><body>
<div id="cookie-banner"><p>Wir verwenden Cookies. Datenschutz</p></div>
<header><nav><a href="/">Start</a><a href="/news">News</a></nav></header>
<main><article><h1>Neue Brücke über die Saale eröffnet</h1>
<p>Nach zwei Jahren Bauzeit ist die neue Brücke in Halle (Saale) für den Verkehr freigegeben worden, teilte die Stadt mit.</p>
<div class="share"><a href="#">Teilen</a><a href="#">Drucken</a></div>
<p>Die Brücke verbindet die Altstadt mit dem Gewerbegebiet und entlastet den Kreisverkehr spürbar.</p>
</article>
<section class="news-list"><h2>Mehr News</h2><article><h3><a href="/x">Photonik-Messe in Jena</a></h3><p>Kurz notiert.</p></article></section>
</main><footer><a href="/impressum">Impressum</a> Datenschutz</footer></body></html>)";

}  // namespace

TEST_CASE("main text without navigation, banner, share bar, teasers and footer", "[html]") {
    Article a = extract_one(kPage);
    CHECK(a.title == "Neue Brücke über die Saale eröffnet");
    CHECK(a.body.find("zwei Jahren Bauzeit") != std::string::npos);
    CHECK(a.body.find("entlastet den Kreisverkehr") != std::string::npos);
    for (const char* junk : {"Cookies", "Datenschutz", "Start", "Teilen", "Photonik", "Mehr News", "Impressum"}) {
        CAPTURE(junk);
        CHECK(a.body.find(junk) == std::string::npos);
    }
    // paragraphs stay apart
    CHECK(a.body.find("\n\n") != std::string::npos);
}

TEST_CASE("metadata in order of trust", "[html]") {
    Article a = extract_one(kPage);
    CHECK(a.date == "2023-06-01");
    CHECK(a.author == "Erika Muster");
    CHECK(a.lead == "Die neue Brücke ist fertig.");
    CHECK(a.regions == std::vector<std::string>{"Mitteldeutschland"});
    CHECK(a.topics == std::vector<std::string>{"Verkehr"});
    CHECK(a.id == "x.html");  // no canonical URL: the path
}

TEST_CASE("canonical URL is the id, truncated JSON-LD headline yields to the full title", "[html]") {
    Article a = extract_one(R"(<html><head><link rel="canonical" href="https://ex.de/a/b">
<meta property="og:title" content="Ein sehr langer Titel, der in den Metadaten gekürzt wurde und hier vollständig steht">
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Ein sehr langer Titel, der in den Metadaten gekürzt"}</script>
</head><body><article><p>Text des Artikels mit genug Worten, damit er als Inhalt zählt und nicht als leer gilt.</p></article></body></html>)");
    CHECK(a.id == "https://ex.de/a/b");
    CHECK(a.url == "https://ex.de/a/b");
    CHECK(a.title == "Ein sehr langer Titel, der in den Metadaten gekürzt wurde und hier vollständig steht");
}

TEST_CASE("visible German date near the title when metadata has none", "[html]") {
    Article a = extract_one(R"(<html><body><div class="content"><h1>Tagung in Oldenburg</h1>
<p class="date">Do, 23. Mai 2019</p><p>Die Metropolregionen trafen sich in Oldenburg, um über die Förderperiode zu beraten, und fassten Beschlüsse.</p>
<p>Weitere Beratungen folgen im Herbst, kündigten die Vertreterinnen und Vertreter der Regionen an.</p></div></body></html>)");
    CHECK(a.date == "2019-05-23");
    CHECK(a.title == "Tagung in Oldenburg");
}

TEST_CASE("region from breadcrumb, else from the path", "[html]") {
    Article a = extract_one(R"(<html><body><nav class="breadcrumb"><a href="/">Start</a><a href="/r">Rhein-Neckar</a><a href="/t">Kultur</a></nav>
<article><h1>Fest</h1><p>Ein langes Fest mit vielen Gästen aus der ganzen Region und darüber hinaus, das alle begeisterte.</p></article></body></html>)");
    CHECK(a.regions == std::vector<std::string>{"Rhein-Neckar"});
    CHECK(a.topics == std::vector<std::string>{"Kultur"});
    Article b = extract_one("<html><body><article><h1>T</h1><p>Ein Text, der lang genug ist, um als Artikel erkannt zu werden, mit Inhalt.</p></article></body></html>",
                            "html/nuernberg/2021/a.html");
    CHECK(b.regions == std::vector<std::string>{"Nürnberg"});
}

TEST_CASE("encodings: windows-1252 and latin-1 become UTF-8 umlauts", "[html][encoding]") {
    std::string cp1252 = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"></head>"
                         "<body><article><h1>Gr\xFC\xDF" "e</h1><p>\x84M\xFCnchen\x93 ist sch\xF6n und die Stra\xDF" "e ist lang, sagt man dort \x96 immer wieder.</p></article></body></html>";
    Article a = extract_one(cp1252);
    CHECK(a.title == "Grüße");
    CHECK(a.body.find("„München“ ist schön und die Straße") != std::string::npos);
    CHECK(a.body.find("– immer") != std::string::npos);
    std::string latin1 = "<html><head><meta charset=\"iso-8859-1\"></head><body><article><h1>\xC4rger</h1>"
                         "<p>\xDC" "berall \xF6" "ffentliche Pl\xE4tze f\xFCr alle B\xFCrger und ihre G\xE4ste in der Region.</p></article></body></html>";
    Article b = extract_one(latin1);
    CHECK(b.title == "Ärger");
    CHECK(b.body.find("Überall öffentliche Plätze") != std::string::npos);
    // undeclared, not UTF-8: read as windows-1252
    CHECK(detect_html_encoding("<p>Gr\xFC\xDF" "e</p>") == "WINDOWS-1252");
    CHECK(detect_html_encoding("<p>Grüße</p>") == "UTF-8");
    CHECK(detect_html_encoding("\xEF\xBB\xBF<p>x</p>") == "UTF-8");
}

TEST_CASE("hostile and broken HTML never crashes", "[html][bad]") {
    std::string nested, deep;
    for (int i = 0; i < 100; ++i) nested += "<div>";
    nested += "<p>tief verschachtelter Text, der trotzdem gelesen wird und lang genug ist.</p>";
    CHECK(extract_html(nested, "nested.html").ok());
    // Beyond libxml2's depth limit the page is cut off: a skip reason, no crash.
    for (int i = 0; i < 100000; ++i) deep += "<div>";
    auto r = extract_html(deep + "<p>zu tief</p>", "deep.html");
    CHECK((r.ok() || !r.error.empty()));
    CHECK_NOTHROW(extract_html("<html><body><p>unclosed <b>bold <i>italic", "x.html"));
    CHECK_NOTHROW(extract_html("<<<>>>&&&;;;", "x.html"));
    auto empty = extract_html("<html><body><nav><a href='/'>Start</a></nav></body></html>", "x.html");
    CHECK_FALSE(empty.ok());
}

TEST_CASE("feed HTML fragments become paragraphs", "[html]") {
    CHECK(html_fragment_to_text("<p>Eins &amp; zwei</p><p>Drei<br>vier</p>") == "Eins & zwei\n\nDrei vier");
}

TEST_CASE("an articleBody written in HTML is read as a page's article is", "[html]") {
    // The page shows a teaser only; the whole story, in HTML, is in the JSON-LD.
    std::string story;
    for (int i = 0; i < 6; ++i)
        story += "<p>Absatz " + std::to_string(i) +
                 ": Der Stadtrat beriet lange über die Sanierung der Schwimmhalle und die Kosten dafür.</p>";
    std::string page = R"(<html><head><script type="application/ld+json">{"@type":"NewsArticle",)"
                       R"("headline":"Schwimmhalle","articleBody":")" +
                       story +
                       R"(<div class='mehr-zum-thema'><a href='/a'>Das Freibad bleibt zu</a></div>"}</script>)"
                       R"(</head><body><article><h1>Schwimmhalle</h1><p>Der Stadtrat beriet.</p></article>)"
                       R"(</body></html>)";
    Article a = extract_one(page);
    CHECK(a.body.find("Absatz 5: Der Stadtrat") != std::string::npos);
    CHECK(a.body.find("<p>") == std::string::npos);
    CHECK(a.body.find("Freibad") == std::string::npos);  // the box of links goes as it would in the page
    const char* fragment = "<p>Eins ist eine Zahl.</p><ul><li><a href='/1'>Zwei eins</a></li><li><a href='/2'>Zwei "
                           "zwei</a></li></ul>";
    CHECK(html_fragment_to_text(fragment, true) == "Eins ist eine Zahl.");
    CHECK(html_fragment_to_text(fragment) == "Eins ist eine Zahl.\n\nZwei eins\n\nZwei zwei");  // feeds: as written
}

TEST_CASE("pages that fail say why: no text, or text mostly links", "[html][fail]") {
    std::string links = "<html><body><h1>Archiv</h1><ul>";
    for (int i = 0; i < 30; ++i)
        links += "<li><a href='/a" + std::to_string(i) + "'>Meldung Nummer " + std::to_string(i) +
                 " aus dem Archiv der Region</a></li>";
    links += "</ul><p>Stand: heute</p></body></html>";
    ReadResult index = extract_html(links, "index.html");
    REQUIRE_FALSE(index.ok());
    CHECK(index.error.rfind("text mostly links (", 0) == 0);
    ReadResult empty = extract_html("<html><head><title>Leer</title></head><body><div></div></body></html>", "e.html");
    REQUIRE_FALSE(empty.ok());
    CHECK(empty.error == "no article text found");
}

TEST_CASE("the extraction report names the container, the reason and the dropped blocks", "[html][report]") {
    html::ExtractionReport report;
    ReadResult r = extract_html(kPage, "x.html", &report);
    REQUIRE(r.ok());
    CHECK(report.container == "article");
    CHECK(report.reason == "<article>");
    CHECK(report.method == "container");
    CHECK(report.failure.empty());
    auto dropped = [&](const std::string& reason) {
        for (const html::DroppedBlock& b : report.dropped)
            if (b.reason == reason) return b.text;
        return std::string();
    };
    CHECK(dropped("class/id hint 'cookie'") == "Wir verwenden Cookies. Datenschutz");
    CHECK(dropped("class/id hint 'share'") == "TeilenDrucken");  // two adjacent links
    CHECK(dropped("tag <footer>") == "Impressum Datenschutz");
}
