// End to end: the German analysis and news ranking (issue "German search
// quality") on a small archive written by the test, through the executables.
#include "test_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>

using namespace news::test;
using nlohmann::json;
using namespace std::string_literals;

namespace {

std::string page(const std::string& title, const std::string& date, const std::string& region,
                 const std::string& body) {
    std::string meta = region.empty() ? "" : "<meta name=\"region\" content=\"" + region + "\">";
    return "<!DOCTYPE html><html lang=\"de\"><head><meta charset=\"utf-8\"><title>" + title + "</title>" + meta +
           "<meta property=\"article:published_time\" content=\"" + date + "\"></head><body><nav><a href=\"/\">Start</a>"
           "</nav><article><h1>" + title + "</h1>" + body + "</article><footer>Impressum</footer></body></html>";
}

struct Archive {
    TempDir dir{"e2e_german"};
    std::string db;
};

const Archive& archive() {
    static Archive a = [] {
        Archive x;
        auto put = [&](const std::string& name, const std::string& html) {
            std::ofstream(x.dir.path / name) << html;
        };
        put("fachkraefte.html",
            page("Strategie für die Region", "2024-11-21", "Mitteldeutschland",
                 "<p>Die Fachkräftesicherung und die Fachkräftestrategie standen auf der Herbsttagung im Mittelpunkt. "
                 "Über Förderprogramme, die EU-Förderung und die EFRE-Länderprogramme wurde gesprochen.</p>"
                 "<p>Die 67. Tagung zeigte: Der Arbeitsmarkt braucht Fach&shy;leute. Alle Bürger*innen sind "
                 "eingeladen, auch zur W3+ Messe 2025.</p>"));
        put("doener.html", page("Döner-Tage in München", "2023-05-02", "München",
                                "<p>An der Leopoldstraße in München verkaufen Imbisse Döner in allen Varianten, "
                                "die Straße ist voll.</p>"));
        put("traps.html", page("Vermischtes aus dem Alltag", "2022-01-10", "Hamburg",
                               "<p>Eine Heirat im Standesamt, eine neue Bücherei, eine Wandhalterung für den "
                               "Fernseher und eine Kaffeemaschine für das Büro.</p>"));
        put("leipzig.xml",
            "<article id=\"ort-1\"><title>Messe eröffnet</title><date>2021-03-03</date><body><p>In Leipzig, "
            "Halle (Saale) und Jena beginnt die Saison.</p></body></article>");
        put("dup1.html", page("Neue Radwege verbinden die Region", "2024-04-01", "Stuttgart",
                              "<p>Zwischen Esslingen und Ludwigsburg entstehen neue Radwege für Pendlerinnen und "
                              "Pendler. Der Verband Region Stuttgart fördert den Ausbau mit zwei Millionen Euro.</p>"));
        put("dup2.html", page("Neue Radwege verbinden die Region", "2024-04-02", "Stuttgart",
                              "<p>Zwischen Esslingen und Ludwigsburg entstehen neue Radwege für Pendlerinnen und "
                              "Pendler. Der Verband Region Stuttgart fördert den Ausbau mit zwei Millionen Euro.</p>"));
        put("emmd-long.html", page("Bericht der Geschäftsstelle", "2020-02-02", "",
                                   "<p>Die Europäische Metropolregion Mitteldeutschland legt ihren Jahresbericht vor.</p>"));
        put("emmd-short.html", page("Kurzmeldung", "2020-02-03", "",
                                    "<p>Die EMMD lädt zum Neujahrsempfang ein.</p>"));
        put("old.html", page("Wasserstoff für die Industrie", "2010-06-01", "Nordwest",
                             "<p>Ein Netz für Wasserstoff soll Industrie und Häfen verbinden.</p>"));
        put("new.html", page("Wasserstoff für die Industrie", "2025-06-01", "Nordwest",
                             "<p>Ein Netz für Wasserstoff soll Industrie und Häfen im Norden verbinden.</p>"));
        put("body-only.html", page("Häfen im Wandel", "2025-06-02", "Nordwest",
                                   "<p>Die Häfen investieren, auch in Wasserstoff, vor allem aber in Kräne und "
                                   "Lagerhallen und neue Terminals für Container aus aller Welt.</p>"));
        // Bytes as archives hold them: a UTF-8 page with a windows-1252 paste
        // and stray NULs, and a page in latin-1 bytes.
        put("kaputt.html", page("Bürgermeisterin eröffnet die Brücke", "2024-09-09", "",
                                "<p>Die Bürgermeisterin eröffnete am Montag die neue Brücke über den Fluss.\0 Sie "
                                "sprach von einem großen Tag für die Stadt.</p><p>Ein Anwohner sagte: \x84" "Endlich\x93 "
                                "\x96 und ging über die Brücke.</p>"s));
        put("latin.html", "<html><head><meta charset=\"iso-8859-1\"><title>Schl\xFCssel\xFC" "bergabe im Rathaus"
                          "</title></head><body><article><p>Die Schl\xFCssel\xFC" "bergabe f\xFCr das neue Rathaus "
                          "fand am Freitag statt, mit Gr\xFC\xDF" "en aus der Partnerstadt.</p></article></body></html>");
        x.db = (x.dir.path / "db").string();
        Run r = run(bin("news-index") + " -q build --source " + q(x.dir.path.string()) + " --db " + q(x.db));
        REQUIRE(r.exit_code == 0);
        return x;
    }();
    return a;
}

json search(const std::string& args) {
    Run r = run(bin("news-search") + " --db " + q(archive().db) + " --format json --limit 20 " + args);
    INFO("news-search " << args);
    REQUIRE(r.exit_code == 0);
    return json::parse(r.out);
}

std::vector<std::string> paths(const json& r) {
    std::vector<std::string> out;
    for (const auto& h : r["hits"]) out.push_back(h["path"]);
    return out;
}

bool finds(const std::string& query, const std::string& path) {
    auto p = paths(search(query));
    return std::find(p.begin(), p.end(), path) != p.end();
}

}  // namespace

TEST_CASE("compounds are found by their parts, never by meaningless pieces", "[e2e][german]") {
    for (const char* query : {"Fachkräfte", "Förderung", "Region", "Tagung", "Arbeit", "Markt", "Strategie"}) {
        CAPTURE(query);
        CHECK(finds(query, "fachkraefte.html"));
    }
    for (const char* query : {"Rat", "Ei", "Alterung", "Fee"}) {
        CAPTURE(query);
        CHECK_FALSE(finds(query, "traps.html"));
    }
    CHECK(finds("Halterung", "traps.html"));
    CHECK(finds("Maschine", "traps.html"));
}

TEST_CASE("umlaut transcriptions in words, phrases, prefixes and wildcards", "[e2e][german]") {
    for (const char* query : {"Muenchen", "Doener", "Strasse", "'\"Döner in allen Varianten\"'",
                              "'\"Doener in allen Varianten\"'", "Muench*", "Münch*", "Strass*"}) {
        CAPTURE(query);
        CHECK(finds(query, "doener.html"));
    }
    json r = search("Muenchen");
    REQUIRE_FALSE(r["hits"].empty());
    CHECK(r["hits"][0]["snippet"].get<std::string>().find("<mark>München</mark>") != std::string::npos);
}

TEST_CASE("gender forms, soft hyphens, hyphens and numbers", "[e2e][german]") {
    for (const char* query : {"Bürger*innen", "Bürger:innen", "BürgerInnen", "Bürgerinnen", "Bürger", "Fachleute",
                              "EFRE-Länderprogramme", "Länderprogramme", "'W3+'", "2025", "'\"67. Tagung\"'",
                              "EU-Förderung"}) {
        CAPTURE(query);
        CHECK(finds(query, "fachkraefte.html"));
    }
    json r = search("Fachkräfte");
    REQUIRE_FALSE(r["hits"].empty());
    CHECK(r["hits"][0]["snippet"].get<std::string>().find("<mark>Fachkräftesicherung</mark>") != std::string::npos);
}

TEST_CASE("synonyms and abbreviations from schema/data/synonyms.tsv", "[e2e][german]") {
    CHECK(finds("EMMD", "emmd-long.html"));
    CHECK(finds("EMMD", "emmd-short.html"));
    CHECK(finds("'Europäische Metropolregion Mitteldeutschland'", "emmd-short.html"));
}

TEST_CASE("regions from the places an article names, kept apart", "[e2e][german]") {
    json r = search("--region Mitteldeutschland");
    auto p = paths(r);
    CHECK(std::find(p.begin(), p.end(), "leipzig.xml") != p.end());
    bool place_facet = false;
    json saison = search("Saison");
    INFO(saison.dump());
    for (const auto& v : saison["facets"]["place_region"]) place_facet |= v["value"] == "Mitteldeutschland";
    CHECK(place_facet);
    Run inspect = run(bin("news-index") + " inspect --format json " + q((archive().dir.path / "leipzig.xml").string()));
    json a = json::parse(inspect.out);
    CHECK(a["place_regions"] == json::array({"Mitteldeutschland"}));
}

TEST_CASE("title matches beat body matches, recency only when asked", "[e2e][german][ranking]") {
    json r = search("--no-collapse Wasserstoff");
    REQUIRE(r["hits"].size() == 3);
    CHECK(r["hits"][2]["path"] == "body-only.html");
    json fresh = search("--no-collapse --recency Wasserstoff Industrie");
    REQUIRE(fresh["hits"].size() >= 2);
    CHECK(fresh["hits"][0]["path"] == "new.html");
    json plain = search("--no-collapse Wasserstoff Industrie --explain");
    bool has_recency = false;
    for (const auto& e : plain["hits"][0]["explain"]) has_recency |= e["what"] == "recency boost";
    CHECK_FALSE(has_recency);
}

TEST_CASE("near-duplicates collapse into one hit", "[e2e][german][ranking]") {
    json r = search("Radwege");
    REQUIRE(r["hits"].size() == 1);
    CHECK(r["hits"][0]["similar"] == 1);
    CHECK(search("--no-collapse Radwege")["hits"].size() == 2);
}

TEST_CASE("more like this and explain", "[e2e][german][ranking]") {
    json like = search("--like new.html");
    auto p = paths(like);
    REQUIRE_FALSE(p.empty());
    CHECK(std::find(p.begin(), p.end(), "new.html") == p.end());
    CHECK(p[0] == "old.html");
    json e = search("--explain Wasserstoff");
    bool term = false;
    for (const auto& x : e["hits"][0]["explain"]) term |= x["what"] == "term wasserstoff";
    CHECK(term);
    Run bad = run(bin("news-search") + " --db " + q(archive().db) + " --like nonexistent 2>/dev/null");
    CHECK(bad.exit_code == 2);
}

TEST_CASE("a UTF-8 page with broken bytes keeps its umlauts, a latin-1 page is read as latin-1", "[e2e][german][bytes]") {
    CHECK(finds("Bürgermeisterin", "kaputt.html"));
    CHECK(finds("Brücke", "kaputt.html"));
    CHECK(finds("Anwohner", "kaputt.html"));  // after the broken bytes
    json r = search("Bürgermeisterin Brücke");
    REQUIRE_FALSE(r["hits"].empty());
    const json& hit = r["hits"][0];
    CHECK(hit["path"] == "kaputt.html");
    CHECK(hit["title"] == "Bürgermeisterin eröffnet die Brücke");
    std::string snippet = hit["snippet"];
    CHECK(snippet.find("<mark>Bürgermeisterin</mark>") != std::string::npos);
    CHECK(snippet.find("Ã") == std::string::npos);
    CHECK(finds("Schlüsselübergabe", "latin.html"));
    CHECK(finds("Grüßen", "latin.html"));
}
