// End to end: a sharded index (news-index build --shards 3) against the
// single index of the same articles, through the executables: the build's
// and status's JSON, each article in the shard its id names, and the same
// totals, facet counts, ranking and suggestions from news-search on the
// stub (a combined local database); then an update of the sharded index.
#include "test_support.hpp"

#include "schema/document_data.hpp"
#include "schema/shard.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <tuple>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <fstream>
#include <map>
#include <sstream>

using namespace news::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

json run_json(const std::string& cmd) {
    Run r = run(cmd);
    INFO(cmd);
    REQUIRE((r.exit_code == 0 || r.exit_code == 3));  // 3: some files skipped
    return json::parse(r.out);
}

json build_json(const std::string& src, const std::string& db, unsigned shards) {
    return run_json(bin("news-index") + " -q build --format json --source " + q(src) + " --db " + q(db) +
                    (shards > 1 ? " --shards " + std::to_string(shards) : ""));
}

json search(const std::string& db, const std::string& args) {
    Run r = run(bin("news-search") + " --db " + q(db) + " --format json " + args);
    INFO("news-search " << args);
    REQUIRE(r.exit_code == 0);
    return json::parse(r.out);
}

/// Article id -> shard it is stored in, checking it is stored once.
std::map<std::string, unsigned> owners(const json& shards) {
    std::map<std::string, unsigned> out;
    for (unsigned i = 0; i < shards.size(); ++i) {
        Xapian::Database db(shards[i].get<std::string>());
        for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
            std::string data = db.get_document(*it).get_data();
            std::string id = json::parse(news::schema::split_document_data(data).header)["id"];
            INFO("article " << id);
            CHECK(out.emplace(id, i).second);
        }
    }
    return out;
}

void check_owners(const json& shards) {
    for (const auto& [id, shard] : owners(shards)) {
        INFO("article " << id);
        CHECK(news::schema::shard_of(id, static_cast<unsigned>(shards.size())) == shard);
    }
}

/// What a reader sees of one query; equal on the single and the sharded
/// index. `counted`: the total, the spelling correction. `listed`: the
/// facet counts, the timeline and the top hits (ids, scores, similar counts).
json counted(const json& r) {
    return {{"total", r["total"]}, {"suggestion", r["suggestion"]}, {"query_ran", r["query_ran"]}};
}

///
/// The tolerances of a cluster (docs/cluster.md, "The same answers as one
/// index"): weights to 9 significant digits (sums in another order), hits of
/// equal weight in id order (they come in docid order, which shards number
/// differently), and a wildcard's hits as a set without weights (each shard
/// expands and weighs it over its own words).
json listed(const json& r, bool wildcard) {
    std::vector<std::tuple<std::string, std::string, int>> hits;
    for (const auto& h : r["hits"]) {
        char weight[32];
        std::snprintf(weight, sizeof weight, "%.9g", h["score"].get<double>());
        hits.emplace_back(wildcard ? std::string() : std::string(weight), h["id"], h["similar"]);
    }
    std::stable_sort(hits.begin(), hits.end(), [](const auto& a, const auto& b) {
        return std::get<0>(a) != std::get<0>(b) ? std::stod("0" + std::get<0>(a)) > std::stod("0" + std::get<0>(b))
                                                : std::get<1>(a) < std::get<1>(b);
    });
    json out = json::array();
    for (const auto& [w, id, similar] : hits) out.push_back({id, w, similar});
    return {{"facets", r["facets"]}, {"hits", out}, {"timeline", r.value("timeline", json())}};
}

enum class Compare { COUNTED, LISTED };

void compare_searches(const std::string& single, const std::string& sharded, const std::vector<std::string>& queries,
                      Compare what) {
    for (const std::string& query : queries) {
        INFO("query " << query);
        json a = search(single, query + " --limit 10"), b = search(sharded, query + " --limit 10");
        if (what == Compare::COUNTED) CHECK(counted(b) == counted(a));
        else CHECK(listed(b, query.find('*') != std::string::npos) == listed(a, query.find('*') != std::string::npos));
    }
}

const std::vector<std::string> kCorpusQueries = {
    "metropolregion", "hamburg", "wasserstoff", "metroplregion", "\"metropolregion hamburg\"",
    "--region Hamburg", "--topic Digitalisierung --sort date", "energie OR verkehr --from 2022-01-01",
    "fachkr*", "titel:metropolregionen", "--no-collapse tagung"};

/// The corpus indexed once as one database and once in three shards.
struct CorpusPair {
    TempDir dir{"e2e_shards"};
    std::string one = (dir.path / "one.db").string(), three = (dir.path / "three.db").string();
    json b1, b3;
};

const CorpusPair& corpus_pair() {
    static CorpusPair p = [] {
        CorpusPair x;
        x.b1 = build_json(NEWS_CORPUS_DIR, x.one, 1);
        x.b3 = build_json(NEWS_CORPUS_DIR, x.three, 3);
        return x;
    }();
    return p;
}

}  // namespace

TEST_CASE("corpus with --shards 3: the single index's articles, totals and suggestions", "[e2e][shards]") {
    const CorpusPair& p = corpus_pair();
    const json &b1 = p.b1, &b3 = p.b3;

    // The build summary: a one-element list for one database, N for N shards.
    REQUIRE(b1["shards"].size() == 1);
    CHECK(b1["shards"][0] == b1["generation"]);
    CHECK(b1["shard_documents"][0] == b1["documents"]);
    CHECK(b1["lexicon"].is_null());
    REQUIRE(b3["shards"].size() == 3);
    CHECK(b3["lexicon"] == b3["generation"].get<std::string>() + "/lexicon");
    std::uint64_t sum = 0;
    for (unsigned i = 0; i < 3; ++i) {
        CHECK(b3["shards"][i] == b3["generation"].get<std::string>() + "/" + news::schema::shard_dir_name(i, 3));
        sum += b3["shard_documents"][i].get<std::uint64_t>();
    }
    CHECK(sum == b1["documents"]);
    CHECK(b3["documents"] == b1["documents"]);
    check_owners(b3["shards"]);
    CHECK(owners(b3["shards"]).size() == owners(b1["shards"]).size());

    // status: the shards, their counts, the lexicon.
    json st = run_json(bin("news-index") + " status --format json --db " + q(p.three));
    CHECK(st["ok"] == true);
    CHECK(st["documents"] == b1["documents"]);
    CHECK(st["lexicon"] == b3["lexicon"]);
    REQUIRE(st["shards"].size() == 3);
    for (unsigned i = 0; i < 3; ++i) {
        CHECK(st["shards"][i]["path"] == b3["shards"][i]);
        CHECK(st["shards"][i]["documents"] == b3["shard_documents"][i]);
    }
    Run text = run(bin("news-index") + " status --db " + q(p.three));
    CHECK(text.exit_code == 0);
    CHECK_THAT(text.out, Catch::Contains("Shards:      3 (lexicon "));

    compare_searches(p.one, p.three, kCorpusQueries, Compare::COUNTED);
}

// On a combined database Xapian 1.4 hands match spies and posting sources
// each document with its docid inside its own shard: the searcher searches
// any stub of several databases as a cluster (searcher/cluster.hpp), which
// counts with Xapian's own spies. Without that, facet counts and phrase
// rankings were wrong here.
TEST_CASE("corpus with --shards 3: the single index's facet counts and top hits", "[e2e][shards]") {
    const CorpusPair& p = corpus_pair();
    compare_searches(p.one, p.three, kCorpusQueries, Compare::LISTED);
}

TEST_CASE("update of a sharded corpus index: added, changed and removed articles, seen by the search",
          "[e2e][shards]") {
    TempDir dir("e2e_shards_update");
    const fs::path src = dir.path / "src";
    fs::copy(NEWS_CORPUS_DIR, src, fs::copy_options::recursive);
    const std::string db = (dir.path / "three.db").string();
    json b = build_json(src.string(), db, 3);
    const auto before = owners(b["shards"]);

    // Added: a collection of six; changed: one page gets a word; removed: one page.
    std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<articles>\n";
    for (int i = 0; i < 6; ++i)
        xml += "<article id=\"e2e-neu-" + std::to_string(i) + "\"><title>Neue Meldung " + std::to_string(i) +
               "</title><date>2025-06-01</date><body><p>Die Zitronenfalter fliegen wieder über die Auen. "
               "Dieser Satz macht den Artikel lang genug.</p></body></article>\n";
    std::ofstream(src / "xml/e2e-neu.xml") << xml << "</articles>\n";
    const fs::path changed = src / "html/mitteldeutschland/2024/11/metropolregionen-treffen-sich-in-hamburg.html";
    std::stringstream page;
    page << std::ifstream(changed).rdbuf();
    std::string text = page.str();
    const size_t p = text.find("Die Metropolregion Hamburg berichtete");  // in the article's text
    REQUIRE(p != std::string::npos);
    text.insert(p, "Auch die Kohlmeise war dabei. ");
    std::ofstream(changed, std::ios::trunc) << text;
    fs::last_write_time(changed, fs::last_write_time(changed) + std::chrono::seconds(5));
    const std::string gone_id = "mrh-2022-0117";  // the one article of the file removed
    REQUIRE(before.count(gone_id) == 1);
    fs::remove(src / "xml/norddeutsches-wasserstoffnetz-hamburg-nordwest.xml");

    // --shards before the subcommand, as NEWS_INDEX_OPTIONS passes it: the number the index has.
    json u = run_json(bin("news-index") + " --shards 3 -q update --format json --source " + q(src.string()) +
                      " --db " + q(db));
    CHECK(u["mode"] == "update");
    CHECK(u["added"] == 1);
    CHECK(u["changed"] == 1);
    CHECK(u["deleted"] == 1);
    CHECK(u["documents"] == b["documents"].get<std::uint64_t>() + 6 - 1);
    CHECK(u["generation"] != b["generation"]);  // a new generation, switched to

    json st = run_json(bin("news-index") + " status --format json --db " + q(db));
    CHECK(st["ok"] == true);
    json paths = json::array();
    for (const auto& s : st["shards"]) paths.push_back(s["path"]);
    check_owners(paths);
    const auto after = owners(paths);
    for (int i = 0; i < 6; ++i) CHECK(after.count("e2e-neu-" + std::to_string(i)) == 1);
    CHECK(after.count(gone_id) == 0);
    CHECK(after.size() == before.size() + 6 - 1);

    CHECK(search(db, "Zitronenfalter --limit 1")["total"] == 6);
    json kohlmeise = search(db, "Kohlmeise --limit 1");
    REQUIRE(kohlmeise["total"] == 1);
    CHECK(kohlmeise["hits"][0]["path"] ==
          "html/mitteldeutschland/2024/11/metropolregionen-treffen-sich-in-hamburg.html");
    for (const auto& hit : search(db, "wasserstoffnetz --limit 100")["hits"]) CHECK(hit["id"] != gone_id);
    json corrected = search(db, "Zitronenflater --limit 1");  // the lexicon learnt the new word
    CHECK(corrected["query_ran"] == "Zitronenfalter");
    CHECK(corrected["total"] == 6);
}

/// 10kGNAD's test split indexed once as one database and once in three
/// shards (nothing when ../shared lacks it).
struct GnadPair {
    TempDir dir{"e2e_shards_gnad"};
    std::string one = (dir.path / "one.db").string(), three = (dir.path / "three.db").string();
    json b1, b3;
    std::vector<std::string> queries;
};

const std::string kGnadCsv = NEWS_SHARED_DIR "/data/10kgnad/test.csv";
const std::string kQueries = NEWS_SHARED_DIR "/tools/queries.txt";

bool have_gnad() { return shared_data(kGnadCsv, "the 10kGNAD test split") && shared_data(kQueries, "the query list"); }

const GnadPair& gnad_pair() {
    static GnadPair p = [] {
        GnadPair x;
        const std::string out = (x.dir.path / "gnad").string();
        const std::string convert = "python3 " + q(NEWS_TOOLS_DIR "/gnad_to_xml.py") + " " + q(kGnadCsv) + " " + q(out);
        REQUIRE(run(convert).exit_code == 0);
        x.b1 = build_json(out, x.one, 1);
        x.b3 = build_json(out, x.three, 3);
        std::ifstream in(kQueries);
        for (std::string line; std::getline(in, line);)
            if (!line.empty() && line[0] != '#') x.queries.push_back(q(line));
        return x;
    }();
    return p;
}

TEST_CASE("10kGNAD with --shards 3: the articles spread evenly, every query's total as on the single index",
          "[e2e][gnad][shards]") {
    if (!have_gnad()) return;
    const GnadPair& p = gnad_pair();
    CHECK(p.b3["documents"] == p.b1["documents"]);
    CHECK(p.b1["documents"] == 1028);
    check_owners(p.b3["shards"]);
    for (std::uint64_t n : p.b3["shard_documents"]) {
        CHECK(n > 1028 / 3 * 8 / 10);  // even: each shard within 20% of a third
        CHECK(n < 1028 / 3 * 12 / 10);
    }
    REQUIRE(p.queries.size() >= 20);
    compare_searches(p.one, p.three, p.queries, Compare::COUNTED);
}

TEST_CASE("10kGNAD with --shards 3: every query's facet counts and top hits as on the single index",
          "[e2e][gnad][shards]") {
    if (!have_gnad()) return;
    const GnadPair& p = gnad_pair();
    compare_searches(p.one, p.three, p.queries, Compare::LISTED);
}
