// End to end on real news: 1,028 articles of the 10kGNAD test split,
// converted at test time into the XML archive format, indexed and queried.
#include "test_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <sstream>

using namespace news::test;
using nlohmann::json;

namespace {

struct Row {
    std::string id, topic, path, phrase, body;
};

struct Gnad {
    TempDir dir{"e2e_gnad"};
    std::vector<Row> rows;
    std::string db;
};

const std::string kCsv = NEWS_SHARED_DIR "/data/10kgnad/test.csv";

bool have_gnad() { return shared_data(kCsv, "the 10kGNAD test split"); }

std::vector<std::string> split_tab(const std::string& line) {
    std::vector<std::string> out;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, '\t')) out.push_back(cell);
    return out;
}

const Gnad& gnad() {
    static Gnad g = [] {
        Gnad x;
        std::string out = (x.dir.path / "gnad").string();
        Run conv = run("python3 " + q(NEWS_TOOLS_DIR "/gnad_to_xml.py") + " " +
                       q(kCsv) + " " + q(out));
        REQUIRE(conv.exit_code == 0);
        std::ifstream mf(out + ".manifest.tsv");
        std::string line;
        std::getline(mf, line);
        while (std::getline(mf, line)) {
            auto c = split_tab(line);
            if (c.size() >= 5) x.rows.push_back({c[0], c[1], c[2], c[3], c[4]});
        }
        x.db = (x.dir.path / "gnad.db").string();
        Run r = run(bin("news-index") + " -q build --source " + q(out) + " --db " + q(x.db));
        REQUIRE(r.exit_code == 0);
        return x;
    }();
    return g;
}

json search(const std::string& args) {
    Run r = run(bin("news-search") + " --db " + q(gnad().db) + " --format json " + args);
    REQUIRE(r.exit_code == 0);
    return json::parse(r.out);
}

}  // namespace

TEST_CASE("topic facet counts equal the label counts of the CSV", "[e2e][gnad]") {
    if (!have_gnad()) return;
    const Gnad& g = gnad();
    REQUIRE(g.rows.size() == 1028);
    std::map<std::string, std::uint64_t> labels;
    for (const Row& r : g.rows) ++labels[r.topic];
    std::string filter;
    for (const auto& [topic, n] : labels) filter += " --topic " + q(topic);
    json all = search(filter + " --limit 1");
    CHECK(all["total"] == 1028);
    std::map<std::string, std::uint64_t> facets;
    for (const auto& v : all["facets"]["topic"]) facets[v["value"]] = v["count"];
    CHECK(facets == labels);
    for (const auto& [topic, n] : labels) {
        CAPTURE(topic);
        CHECK(search("--topic " + q(topic) + " --limit 1")["total"] == n);
    }
}

TEST_CASE("a phrase taken from an article finds that article first", "[e2e][gnad]") {
    if (!have_gnad()) return;
    const Gnad& g = gnad();
    int tried = 0, first = 0;
    for (size_t i = 0; i < g.rows.size(); i += 20) {
        const Row& row = g.rows[i];
        if (row.phrase.empty()) continue;
        ++tried;
        json r = search(q("\"" + row.phrase + "\"") + " --limit 3");
        if (!r["hits"].empty() && r["hits"][0]["id"] == row.id) ++first;
        else WARN("phrase \"" << row.phrase << "\" did not find " << row.id << " first");
    }
    CHECK(tried >= 40);
    CHECK(first == tried);
}

TEST_CASE("inspect round-trips the article text", "[e2e][gnad]") {
    if (!have_gnad()) return;
    const Gnad& g = gnad();
    for (size_t i = 5; i < g.rows.size(); i += 101) {
        const Row& row = g.rows[i];
        Run r = run(bin("news-index") + " inspect --format json " + q(row.path));
        REQUIRE(r.exit_code == 0);
        json a = json::parse(r.out);
        std::string body = a["body"];
        std::string folded;
        for (char c : body) folded += (c == '\n') ? ' ' : c;
        std::string collapsed;
        for (char c : folded)
            if (!(c == ' ' && !collapsed.empty() && collapsed.back() == ' ')) collapsed += c;
        CAPTURE(row.id);
        CHECK(a["id"] == row.id);
        CHECK(a["topics"][0] == row.topic);
        CHECK(collapsed == row.body);
    }
}
