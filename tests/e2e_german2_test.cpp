// End to end: the second round of the German analysis (issue 18) on a small
// archive written by the test: umlauts that change the word, compounds
// written three ways, gender forms, acronyms, auto-correction.
#include "test_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <fstream>

using namespace news::test;
using nlohmann::json;

namespace {

struct Archive {
    TempDir dir{"e2e_german2"};
    std::string db;
};

const Archive& archive() {
    static Archive a = [] {
        Archive x;
        auto put = [&](const std::string& name, const std::string& title, const std::string& body) {
            std::ofstream(x.dir.path / (name + ".xml"))
                << "<article id=\"" << name << "\"><title>" << title << "</title><date>2024-05-0" << (name.size() % 9 + 1)
                << "</date><body><p>" << body << "</p></body></article>";
        };
        put("foerderung", "Geld für Vereine", "Die Förderung der Vereine steigt, sagt die Stadt.");
        put("forderung", "Streit im Rat", "Die Forderung der Opposition wurde abgelehnt.");
        put("baer", "Im Wald", "Ein Bär wurde im Wald gesehen.");
        put("bar", "Am Abend", "Die Bar am Markt öffnet wieder.");
        put("laender", "Europa", "Viele Länder und Städte beteiligen sich.");
        put("strasse", "Verkehr", "Die Strasse wird gesperrt; die Massnahme dauert.");
        put("klima1", "Konzept", "Das Klimaschutzkonzept der Stadt liegt vor.");
        put("klima2", "Konzept", "Das Klimaschutz-Konzept des Kreises liegt vor.");
        put("klima3", "Konzept", "Ein Konzept für den Klimaschutz liegt im Dorf vor.");
        put("flamingo1", "Zoo", "Im Zoo schlüpfte ein Flamingo-Küken.");
        put("flamingo2", "Tierpark", "Im Tierpark schlüpfte ein Flamingoküken.");
        put("lehrer", "Schule", "Die Lehrer(innen) der Schule streiken.");
        put("ki", "Technik", "KI verändert die Arbeit, sagt die Studie.");
        put("kimoon", "Vereinte Nationen", "UN-Generalsekretär Ban Ki-moon sprach in New York.");
        put("quartier", "Stadtteil", "Das Quartiersmanagement lädt zum Fest.");
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

std::vector<std::string> ids(const json& r) {
    std::vector<std::string> out;
    for (const auto& h : r["hits"]) out.push_back(h["id"]);
    return out;
}

bool finds(const std::string& query, const std::string& id) {
    auto v = ids(search(query));
    return std::find(v.begin(), v.end(), id) != v.end();
}

}  // namespace

TEST_CASE("umlauts that change the word stay apart, transcriptions and plurals match", "[e2e][german2][umlaut]") {
    CHECK(finds("Förderung", "foerderung"));
    CHECK_FALSE(finds("Förderung", "forderung"));
    CHECK(finds("Forderung", "forderung"));
    CHECK_FALSE(finds("Forderung", "foerderung"));
    CHECK(finds("Foerderung", "foerderung"));
    CHECK(finds("Bär", "baer"));
    CHECK_FALSE(finds("Bär", "bar"));
    CHECK_FALSE(finds("Bar", "baer"));
    CHECK(finds("Land", "laender"));
    CHECK(finds("Stadt", "laender"));
    CHECK(finds("Straße", "strasse"));
    CHECK(finds("Maßnahme", "strasse"));
}

TEST_CASE("a compound query finds its hyphenated and split spellings", "[e2e][german2][compound]") {
    json r = search("Klimaschutzkonzept");
    auto v = ids(r);
    REQUIRE(v.size() == 3);
    CHECK(v.back() == "klima3");  // parts apart: ranked last
    CHECK(finds("Klimaschutz-Konzept", "klima1"));
    CHECK(finds("Flamingoküken", "flamingo1"));
    CHECK(finds("Flamingo-Küken", "flamingo2"));
}

TEST_CASE("gender forms in parentheses: masculine and feminine find them, marked whole", "[e2e][german2][gender]") {
    for (const char* query : {"Lehrer", "Lehrerinnen", "'Lehrer(innen)'", "LehrerInnen", "Lehrer/innen"}) {
        CAPTURE(query);
        json r = search(query);
        REQUIRE(ids(r) == std::vector<std::string>{"lehrer"});
        CHECK(r["hits"][0]["snippet"].get<std::string>().find("<mark>Lehrer(innen)</mark>") != std::string::npos);
    }
}

TEST_CASE("an acronym in capitals finds acronyms only", "[e2e][german2][acronym]") {
    CHECK(finds("KI", "ki"));
    CHECK_FALSE(finds("KI", "kimoon"));
    CHECK(finds("ki", "kimoon"));  // lower case: any word, as before
}

TEST_CASE("a misspelt query with no hits runs its correction and says so", "[e2e][german2][autocorrect]") {
    json r = search("Quartiersmanagment");
    CHECK(r["query"] == "Quartiersmanagment");
    CHECK(r["query_ran"] == "Quartiersmanagement");
    CHECK(r["corrected_from"] == "Quartiersmanagment");
    CHECK(ids(r) == std::vector<std::string>{"quartier"});
    json forced = search("--no-correct Quartiersmanagment");
    CHECK(forced["hits"].empty());
    CHECK(forced["suggestion"] == "Quartiersmanagement");
    CHECK(forced["corrected_from"].is_null());
    json ok = search("Quartiersmanagement");
    CHECK(ok["query_ran"] == "Quartiersmanagement");
    CHECK(ok["corrected_from"].is_null());
    Run text = run(bin("news-search") + " --db " + q(archive().db) + " Quartiersmanagment");
    CHECK(text.out.find("nothing found for \"Quartiersmanagment\"") != std::string::npos);
}

TEST_CASE("an index of the previous analysis is refused with a rebuild hint", "[e2e][german2]") {
    TempDir dir("e2e_german2_old");
    std::string db = (dir.path / "db").string();
    {
        Xapian::WritableDatabase w(db, Xapian::DB_CREATE_OR_OVERWRITE);
        w.set_metadata("news:schema_version", "news-schema-1/de-german2-stemall-2");
        w.commit();
    }
    Run r = run(bin("news-search") + " --db " + q(db) + " Test 2>&1");
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("rebuild it with news-index build") != std::string::npos);
}
