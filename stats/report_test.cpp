#include "stats/report.hpp"

#include "stats/stats_test_support.hpp"

#include <catch2/catch.hpp>

#include <sstream>

using namespace news::stats;
using news::stats::test::TempDir;

namespace {

/// Two days: "hafen" 5 searches (all hits, clicks at 1 and 2), "elbe" 3
/// without hits, "kiel" 4 with hits and no clicks, one rare query.
void fill(Store& s) {
    Batch b;
    b["hafen"] = {5, 5, {{1, 2}, {2, 1}}};
    b["elbe"] = {3, 0, {}};
    b["kiel"] = {4, 4, {}};
    b["selten"] = {1, 1, {{1, 1}}};
    s.record(b, "2024-05-01");
    Batch c;
    c["hafen"] = {3, 3, {{1, 1}}};
    s.record(c, "2024-05-02");
}

}  // namespace

TEST_CASE("the report has the top, zero-hit, unclicked and per-rank tables", "[stats][report]") {
    TempDir dir("report");
    Store s({dir.db(), 3, 90});
    fill(s);
    Report r = make_report(s, "2024-05-01", "2024-05-03", 10);
    CHECK(r.searches == 16);
    CHECK(r.with_hits == 13);
    CHECK(r.clicks == 5);
    CHECK(r.rare_searches == 1);
    REQUIRE(r.top.size() == 3);
    CHECK(r.top[0].query == "hafen");
    CHECK(r.top[0].searches == 8);
    CHECK(r.top[0].clicks == 4);
    CHECK(r.top[1].query == "kiel");
    REQUIRE(r.zero_hits.size() == 1);
    CHECK(r.zero_hits[0].query == "elbe");
    CHECK(r.zero_hits[0].without_hits() == 3);
    REQUIRE(r.no_clicks.size() == 1);
    CHECK(r.no_clicks[0].query == "kiel");
    REQUIRE(r.ranks.size() == 2);
    CHECK(r.ranks[0].rank == 1);
    CHECK(r.ranks[0].clicks == 4);
    CHECK(r.ranks[0].rate == Approx(4.0 / 13));
    REQUIRE(r.days.size() == 3);  // every day, also one without searches
    CHECK(r.days[0].searches == 13);
    CHECK(r.days[1].searches == 3);
    CHECK(r.days[2].searches == 0);
    // The period bounds the counts.
    Report one = make_report(s, "2024-05-02", "2024-05-02", 10);
    CHECK(one.searches == 3);
    REQUIRE(one.top.size() == 1);
    CHECK(one.top[0].searches == 3);
    CHECK(make_report(s, "2024-05-01", "2024-05-03", 1).top.size() == 1);
}

TEST_CASE("the report as JSON parses, as CSV has one row per line", "[stats][report]") {
    TempDir dir("report_formats");
    Store s({dir.db(), 3, 90});
    fill(s);
    Report r = make_report(s, "2024-05-01", "2024-05-02", 10);
    auto j = nlohmann::json::parse(to_json(r).dump());
    CHECK(j["searches"] == 16);
    CHECK(j["top"][0]["query"] == "hafen");
    CHECK(j["zero_hits"][0]["without_hits"] == 3);
    CHECK(j["click_through_by_rank"][0]["rank"] == 1);
    CHECK(j["days"].size() == 2);
    std::ostringstream csv;
    write_csv(csv, r);
    std::istringstream lines(csv.str());
    std::string line;
    std::getline(lines, line);
    CHECK(line == "table,query,rank,day,searches,with_hits,clicks,rate");
    int rows = 0;
    while (std::getline(lines, line)) {
        ++rows;
        CHECK(std::count(line.begin(), line.end(), ',') == 7);
    }
    CHECK(rows == 3 + 1 + 1 + 2 + 2);
    std::ostringstream text;
    write_text(text, r);
    CHECK(text.str().find("hafen") != std::string::npos);
    CHECK(text.str().find("selten") == std::string::npos);
}

TEST_CASE("a report reads a store opened read-only", "[stats][report]") {
    TempDir dir("report_ro");
    {
        Store s({dir.db(), 3, 90});
        fill(s);
    }
    Store ro({dir.db(), 3, 90}, Store::Mode::READ);
    CHECK(make_report(ro, "2024-05-01", "2024-05-02", 10).searches == 16);
    CHECK_THROWS_AS(make_report(ro, "gestern", "2024-05-02", 10), StoreError);
}
