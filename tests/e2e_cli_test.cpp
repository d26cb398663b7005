// End to end: index corpus/ with news-index, search it with news-search,
// as an archivist would from the shell.
#include "test_support.hpp"

#include "schema/schema.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <xapian.h>

#include <filesystem>
#include <fstream>
#include <vector>

using namespace news::test;
using nlohmann::json;

namespace {

const char* kSeedTitle = "Deutsche Metropolregionen treffen sich in Hamburg";
const char* kSeedPage = NEWS_CORPUS_DIR "/html/mitteldeutschland/2024/11/metropolregionen-treffen-sich-in-hamburg.html";

/// The corpus index, built once per test process.
const std::string& corpus_db() {
    static TempDir dir("e2e_corpus");
    static std::string db = [] {
        std::string path = (dir.path / "news.db").string();
        Run r = run(bin("news-index") + " -q build --source " + q(NEWS_CORPUS_DIR) + " --db " + q(path));
        REQUIRE(r.exit_code == 0);
        return path;
    }();
    return db;
}

json search(const std::string& args) {
    Run r = run(bin("news-search") + " --db " + q(corpus_db()) + " --format json " + args);
    INFO("news-search " << args);
    REQUIRE(r.exit_code == 0);
    return json::parse(r.out);
}

std::vector<std::string> titles(const json& r) {
    std::vector<std::string> out;
    for (const auto& h : r["hits"]) out.push_back(h["title"]);
    return out;
}

bool has_seed(const json& r) {
    for (const auto& t : titles(r))
        if (t == kSeedTitle) return true;
    return false;
}

}  // namespace

TEST_CASE("the seed article is found by its words in any inflection", "[e2e][cli]") {
    CHECK(has_seed(search("Fachkräftesicherung")));
    CHECK(has_seed(search("Metropolregionen --limit 50")));
    CHECK(has_seed(search("metropolregion --limit 50")));
    json r = search("Herbsttagung Hamburg");
    REQUIRE_FALSE(r["hits"].empty());
    CHECK(r["hits"][0]["title"] == kSeedTitle);
    CHECK(has_seed(search("'\"Tag der Regionen\"'")));
}

TEST_CASE("a phrase in the title field", "[e2e][cli]") {
    // The title's own terms carry no positions: its words in the title and
    // the phrase in the text stand for it.
    CHECK(has_seed(search("'titel:\"Metropolregionen treffen sich\"'")));
    CHECK_FALSE(has_seed(search("'titel:\"treffen Metropolregionen\"'")));  // the words, not the phrase
    CHECK_FALSE(has_seed(search("'titel:\"Tag der Regionen\"'")));          // the phrase, not in the title
    CHECK(has_seed(search("'Hamburg -titel:\"Tag der Regionen\"' --limit 50")));
}

TEST_CASE("teasers under 'Mehr News' do not make the seed a hit", "[e2e][cli]") {
    json r = search("Photonik");
    CHECK(r["total"].get<int>() >= 1);  // the Jena article mentions it in its own text
    CHECK_FALSE(has_seed(r));
}

TEST_CASE("region and date filters", "[e2e][cli]") {
    CHECK(has_seed(search("Fachkräftesicherung --region Mitteldeutschland")));
    CHECK(has_seed(search("Fachkräftesicherung --region emmd")));
    CHECK_FALSE(has_seed(search("Fachkräftesicherung --region Hamburg")));
    CHECK(has_seed(search("Fachkräftesicherung --from 2024-11-01 --to 2024-11-30")));
    CHECK_FALSE(has_seed(search("Fachkräftesicherung --to 2024-01-01")));
    CHECK(has_seed(search("'region:Mitteldeutschland datum:2024-11-01..2024-11-30'")));
}

TEST_CASE("JSON has the documented keys, snippets mark stemmed forms", "[e2e][cli]") {
    json r = search("Metropolregion --limit 3");
    for (const char* key : {"total", "total_exact", "hits", "facets", "suggestion", "took_ms"}) {
        CAPTURE(key);
        CHECK(r.contains(key));
    }
    CHECK(r["total"].is_number());
    CHECK(r["total_exact"].is_boolean());
    REQUIRE(r["hits"].size() == 3);
    for (const auto& h : r["hits"])
        for (const char* key : {"id", "url", "title", "date", "regions", "topics", "score", "snippet"}) {
            CAPTURE(key);
            CHECK(h.contains(key));
        }
    bool inflected = false;
    for (const auto& h : r["hits"]) inflected |= h["snippet"].get<std::string>().find("<mark>Metropolregionen</mark>") != std::string::npos;
    CHECK(inflected);
    for (const char* facet : {"region", "topic", "year"}) CHECK(r["facets"].contains(facet));
}

TEST_CASE("facets count the whole match set and honour filters", "[e2e][cli]") {
    json all = search("Metropolregion --limit 1");
    std::uint64_t sum = 0;
    for (const auto& v : all["facets"]["year"]) sum += v["count"].get<std::uint64_t>();
    CHECK(sum <= all["total"].get<std::uint64_t>());
    CHECK(sum >= all["total"].get<std::uint64_t>() - 5);  // only undated articles are missing
    json hamburg = search("Metropolregion --region Hamburg --limit 1");
    REQUIRE(hamburg["facets"]["region"].size() >= 1);
    bool only_hamburg_articles = true;
    for (const auto& v : hamburg["facets"]["region"])
        if (v["value"] == "Hamburg") only_hamburg_articles = v["count"] == hamburg["total"];
    CHECK(only_hamburg_articles);
}

TEST_CASE("filters without words browse, newest first", "[e2e][cli]") {
    json r = search("--region Nordwest --limit 50");
    REQUIRE(r["hits"].size() >= 2);
    for (size_t i = 1; i < r["hits"].size(); ++i)
        CHECK(r["hits"][i - 1]["date"].get<std::string>() >= r["hits"][i]["date"].get<std::string>());
    json asc = search("--topic Verkehr --sort date-asc --limit 50");
    for (size_t i = 1; i < asc["hits"].size(); ++i)
        CHECK(asc["hits"][i - 1]["date"].get<std::string>() <= asc["hits"][i]["date"].get<std::string>());
}

TEST_CASE("did you mean", "[e2e][cli]") {
    // No hits as written: the correction runs, and the JSON says so.
    json r = search("Fachkräftesicherng");
    CHECK(r["query_ran"] == "Fachkräftesicherung");
    CHECK(r["corrected_from"] == "Fachkräftesicherng");
    CHECK(r["total"].get<int>() > 0);
    // --no-correct: the query as written, the correction only suggested.
    json as_written = search("--no-correct Fachkräftesicherng");
    CHECK(as_written["suggestion"] == "Fachkräftesicherung");
    CHECK(as_written["total"] == 0);
    CHECK(search("Fachkräftesicherung")["suggestion"].is_null());
}

TEST_CASE("paging and CSV export", "[e2e][cli]") {
    json p1 = search("Metropolregion --limit 2");
    json p2 = search("Metropolregion --limit 2 --offset 2");
    REQUIRE(p2["hits"].size() == 2);
    CHECK(p1["hits"][0]["id"] != p2["hits"][0]["id"]);
    Run csv = run(bin("news-search") + " --db " + q(corpus_db()) + " --format csv --all Metropolregion");
    REQUIRE(csv.exit_code == 0);
    size_t lines = static_cast<size_t>(std::count(csv.out.begin(), csv.out.end(), '\n'));
    CHECK(lines == p1["total"].get<size_t>() + 1);
    CHECK(csv.out.rfind("rank,id,date,title", 0) == 0);
}

TEST_CASE("errors are clear and have exit codes", "[e2e][cli][bad]") {
    std::string s = bin("news-search") + " --db " + q(corpus_db());
    CHECK(run(s + " 2>/dev/null").exit_code == 2);                          // empty query
    CHECK(run(s + " --from 2024-13-45 Tagung 2>/dev/null").exit_code == 2); // bad date
    CHECK(run(s + " --sort nonsense Tagung 2>/dev/null").exit_code == 2);
    CHECK(run(s + " '" + std::string(2000, 'x') + "' 2>/dev/null").exit_code == 2);
    CHECK(run(bin("news-search") + " --db /nonexistent/db Tagung 2>/dev/null").exit_code == 1);
    CHECK(run(bin("news-index") + " -q build --source /nonexistent --db /tmp/x.db 2>/dev/null").exit_code == 1);
    CHECK(run(bin("news-index") + " frobnicate 2>/dev/null").exit_code == 2);
    CHECK(run(bin("news-index") + " build -j 100000 --source /tmp --db /tmp/x.db 2>/dev/null").exit_code == 2);
    CHECK(run(bin("news-index") + " build -j 0 --source /tmp --db /tmp/x.db 2>/dev/null").exit_code == 2);
}

TEST_CASE("inspect prints the document as it would be indexed", "[e2e][cli]") {
    Run r = run(bin("news-index") + " inspect --format json " + q(kSeedPage));
    REQUIRE(r.exit_code == 0);
    json a = json::parse(r.out);
    for (const char* key : {"id", "url", "title", "lead", "body", "author", "date", "regions", "topics"}) {
        CAPTURE(key);
        CHECK(a.contains(key));
    }
    CHECK(a["title"] == kSeedTitle);
    CHECK(a["date"] == "2024-11-21");
    std::string body = a["body"];
    CHECK(body.find("Fachkräftesicherung") != std::string::npos);
    for (const char* junk : {"Photonik", "Datenschutz", "Cookie", "Mehr News"}) {
        CAPTURE(junk);
        CHECK(body.find(junk) == std::string::npos);
    }
}

TEST_CASE("the indexer reports skipped files in its summary and exit code", "[e2e][cli][bad]") {
    TempDir dir("e2e_bad");
    std::ofstream(dir.path / "empty.html").flush();
    std::ofstream(dir.path / "broken.xml") << "<article><title>Kaputt";
    std::ofstream(dir.path / "good.html")
        << "<html><body><article><h1>Zwiebelkuchen</h1><p>Der Zwiebelkuchen aus Weimar ist berühmt und beliebt.</p>"
           "</article></body></html>";
    Run r = run(bin("news-index") + " -q --format json build --source " + q(dir.path.string()) + " --db " +
                q((dir.path / "db").string()));
    CHECK(r.exit_code == 3);
    json s = json::parse(r.out);
    CHECK(s["articles"] == 1);
    CHECK(s["skipped"] == 2);
    CHECK(s["skipped_files"].size() == 2);
}

TEST_CASE("phrases with stopwords from the common grams find what their positions find", "[e2e][cli]") {
    // Each phrase as it runs now (from the grams), then with the index's
    // grams switched off (its metadata), when the positions decide: the
    // whole JSON answer must be the same, time aside.
    const std::vector<std::string> phrases = {
        "'\"in Hamburg\"'", "'\"Tag der Regionen\"'", "'\"in der\"' --limit 20", "'\"der Regionen\"'",
        "'\"und die\"' --offset 3", "'\"in in\"'", "'\"IN HAMBURG\"'", "'\"für die\"'", "'\"die Stadt\"' --sort date",
        "'\"treffen sich in Hamburg\"'", "'\"in Hamburg\" -Fachkräftesicherung'", "'\"in Hamburg\" --region Hamburg'",
        "'\"Hamburg. Die\"'", "'\"über die\"' --recency", "'\"in Jena\" OR \"in Erfurt\"'", "'titel:\"in Hamburg\"'"};
    auto answers = [&] {
        std::vector<json> out;
        for (const std::string& p : phrases) {
            json r = search(p + " --explain");
            r.erase("took_ms");
            out.push_back(std::move(r));
        }
        return out;
    };
    const std::vector<json> grams = answers();
    // The stub names the generation the build wrote.
    std::filesystem::path generation;
    for (const auto& e : std::filesystem::directory_iterator(corpus_db() + ".gen")) generation = e.path();
    REQUIRE_FALSE(generation.empty());
    {
        Xapian::WritableDatabase w(generation.string());
        REQUIRE(w.get_metadata(std::string(news::schema::kMetaCommonGrams)) != "");
        w.set_metadata(std::string(news::schema::kMetaCommonGrams), "");
        w.commit();
    }
    const std::vector<json> positions = answers();
    size_t found = 0;
    for (size_t i = 0; i < phrases.size(); ++i) {
        INFO(phrases[i]);
        CHECK(grams[i] == positions[i]);
        found += grams[i]["total"].get<int>() > 0;
    }
    CHECK(found >= phrases.size() - 3);
}
