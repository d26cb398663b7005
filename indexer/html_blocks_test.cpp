#include "indexer/html_blocks.hpp"
#include "indexer/html_dom.hpp"

#include <catch2/catch.hpp>

using namespace news::indexer::html;

namespace {

/// The text of the page's single <div id="c"> after pruning it.
std::string pruned(const std::string& inner, ExtractionReport* report = nullptr) {
    DocPtr doc = parse_html("<html><body><div id='c'>" + inner + "</div></body></html>", "UTF-8");
    REQUIRE(doc);
    xmlNode* body = xmlDocGetRootElement(doc.get())->children;
    REQUIRE(name(body) == "body");
    xmlNode* c = body->children;
    prune_container(c, report);
    return article_text({c});
}

bool has(const std::string& text, const char* part) { return text.find(part) != std::string::npos; }

const char* kPara =
    "<p>Der Rat hat am Dienstag den Haushalt beschlossen, nach langer Debatte und mit knapper Mehrheit.</p>";

}  // namespace

TEST_CASE("link lists and lone 'read more' links go, links inside prose stay", "[html][blocks]") {
    std::string t = pruned(std::string(kPara) +
                           "<ul><li><a href='/1'>Erster Artikel</a></li><li><a href='/2'>Zweiter Artikel</a></li></ul>"
                           "<p>Lesen Sie auch: <a href='/3'>Warum der Haushalt so knapp ausfällt</a></p>"
                           "<p>Die <a href='/spd'>SPD</a> stimmte zu, die Opposition lehnte den Entwurf geschlossen "
                           "ab und kündigte eine Klage an.</p>");
    CHECK_FALSE(has(t, "Erster Artikel"));
    CHECK_FALSE(has(t, "Warum der Haushalt"));
    CHECK(has(t, "Die SPD stimmte zu"));
    // a heading with a "Read also:" before its link is no subheading
    std::string h = pruned(std::string(kPara) + "<h6><strong>Lesen Sie auch:</strong> <a href='/4'>Der Etat im "
                                                "Detail</a></h6><h3><a href='#zahlen'>Die Zahlen</a></h3>" + kPara);
    CHECK_FALSE(has(h, "Etat im Detail"));
    CHECK(has(h, "Die Zahlen"));
}

TEST_CASE("headings, lists, tables and quotes stay inside the article", "[html][blocks]") {
    std::string t = pruned(std::string(kPara) +
                           "<h2>Die Zahlen</h2><ul><li>Einnahmen: 4,2 Millionen Euro</li><li>Ausgaben: 4,5 "
                           "Millionen Euro</li></ul><table><tr><th>Jahr</th><th>Schulden</th></tr><tr><td>2024</td>"
                           "<td>12 Mio.</td></tr></table><blockquote><p>Wir müssen sparen.</p></blockquote>");
    for (const char* part :
         {"Die Zahlen", "Einnahmen: 4,2 Millionen Euro", "Schulden", "12 Mio.", "Wir müssen sparen."}) {
        CAPTURE(part);
        CHECK(has(t, part));
    }
}

TEST_CASE("teaser sections after a 'Mehr News' heading go", "[html][blocks]") {
    std::string t = pruned(std::string(kPara) +
                           "<section><h2>Das könnte Sie auch interessieren</h2><p>Ein ganz anderer Bericht über "
                           "die Photonik in Jena und ihre Zukunft.</p></section>");
    CHECK(has(t, "Haushalt"));
    CHECK_FALSE(has(t, "Photonik"));
    CHECK_FALSE(has(t, "interessieren"));
    CHECK(is_teaser_heading_text("Mehr News"));
    CHECK(is_teaser_heading_text("Weitere Artikel aus der Region"));
    CHECK_FALSE(is_teaser_heading_text("Mehrheit im Stadtrat"));
}

TEST_CASE("captions, bylines, date lines and advertisement labels go, long blocks so named stay", "[html][blocks]") {
    ExtractionReport report;
    std::string t = pruned(std::string("<p class='byline'>Von Erika Muster</p><p class='wp-caption-text'>Foto: dpa</p>"
                                       "<div class='date'>21.11.2024</div><div>Anzeige</div>") +
                               kPara + "<div class='meta'>" + kPara + kPara + kPara + kPara + "</div>",
                           &report);
    for (const char* junk : {"Erika", "dpa", "21.11.2024", "Anzeige"}) {
        CAPTURE(junk);
        CHECK_FALSE(has(t, junk));
    }
    CHECK(has(t, "Haushalt"));
    REQUIRE(report.dropped.size() == 4);
    CHECK(report.dropped[0].reason == "class/id hint 'byline'");
    CHECK(report.dropped[3].reason == "advertisement label");
}

TEST_CASE("picture credit lines go by their label, unnamed, sentences about pictures stay", "[html][blocks]") {
    ExtractionReport report;
    std::string t = pruned(std::string(kPara) + "<p>Foto: Stadtarchiv Halle</p><div>Crédits photos : Agentur</div>"
                                                "<p><small>© 2024 Verlagshaus Mitte</small></p><p>Bild: Die neue "
                                                "Brücke im Bau</p>"
                                                "<p>Das Foto zeigt: Die Brücke ist fast fertig, sagt die Stadt.</p>"
                                                "<p>Fotos: Wer Bilder vom Stadtfest hat, kann sie bis Freitag an die "
                                                "Redaktion schicken, die schönsten drucken wir in der nächsten "
                                                "Ausgabe, mit dem Namen der Fotografin oder des Fotografen.</p>",
                           &report);
    for (const char* junk : {"Stadtarchiv", "Agentur", "Verlagshaus", "Brücke im Bau"}) {
        CAPTURE(junk);
        CHECK_FALSE(has(t, junk));
    }
    CHECK(has(t, "fast fertig"));     // the label is not at the start
    CHECK(has(t, "Stadtfest"));       // too long for a credit
    CHECK(has(t, "Haushalt"));
    REQUIRE_FALSE(report.dropped.empty());
    CHECK(report.dropped[0].reason == "a picture credit");
}

TEST_CASE("a short line in emphasis that ends in a link to another article goes", "[html][blocks]") {
    std::string t = pruned(std::string(kPara) +
                           "<p><em>Der frühere Landrat im Gespräch: <a href='/x'>Die Region braucht Züge</a></em></p>"
                           "<p><strong>Mehr dazu <a href='/y'>im Dossier</a>.</strong></p>" + kPara +
                           "<p><em>Die Namen der Zeugen sind der Redaktion bekannt, sagt <a href='/z'>ihr "
                           "Anwalt</a>, und sie bleiben es.</em></p>"
                           "<p>Der Kämmerer verweist auf <a href='/plan'>den Plan</a></p>");
    CHECK_FALSE(has(t, "Landrat"));
    CHECK_FALSE(has(t, "Dossier"));
    CHECK(has(t, "Zeugen"));     // the link is not at the end
    CHECK(has(t, "Kämmerer"));  // not in emphasis
}

TEST_CASE("a paragraph shown twice is kept once", "[html][blocks]") {
    std::string t = pruned(std::string(kPara) + "<p>Zitat des Tages.</p>" + kPara);
    CHECK(t == "Der Rat hat am Dienstag den Haushalt beschlossen, nach langer Debatte und mit knapper Mehrheit."
               "\n\nZitat des Tages.");
}

TEST_CASE("the heading that repeats the title goes", "[html][blocks]") {
    DocPtr doc = parse_html("<html><body><div><h1>Haushalt beschlossen</h1><p>Text.</p></div></body></html>", "UTF-8");
    xmlNode* c = xmlDocGetRootElement(doc.get())->children->children;
    remove_title_heading(c, "Haushalt beschlossen");
    CHECK(article_text({c}) == "Text.");
}
