#include "searcher/render.hpp"

#include <catch2/catch.hpp>

#include <sstream>

using news::searcher::Hit;

namespace {

std::string csv_of(const std::string& title, const std::string& url = "https://example.org/a") {
    Hit h;
    h.rank = 1;
    h.id = url;
    h.url = url;
    h.title = title;
    h.date = "2024-11-21";
    std::ostringstream out;
    news::searcher::write_csv_row(out, h);
    return out.str();
}

}  // namespace

TEST_CASE("CSV cells a spreadsheet would run as formulas start with a quote", "[render][csv][security]") {
    // OWASP CSV injection: =, +, -, @, tab and CR at the start of a cell.
    CHECK(csv_of("=HYPERLINK(\"http://evil.example\",\"klick\")") ==
          "1,https://example.org/a,2024-11-21,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"klick\"\")\",,,"
          "https://example.org/a,,0\n");
    CHECK(csv_of("@SUM(1+1)").find(",'@SUM(1+1),") != std::string::npos);
    CHECK(csv_of("+49 621 123").find(",'+49 621 123,") != std::string::npos);
    CHECK(csv_of("-1 Grad im Januar").find(",'-1 Grad im Januar,") != std::string::npos);
    CHECK(csv_of("\tTab").find(",'\tTab,") != std::string::npos);
    CHECK(csv_of("\rCR").find(",\"'\rCR\",") != std::string::npos);
    // Ordinary titles, and signs inside a title, stay as they are.
    CHECK(csv_of("Tag der Regionen 2024").find(",Tag der Regionen 2024,") != std::string::npos);
    CHECK(csv_of("Bilanz: 1+1=2").find(",Bilanz: 1+1=2,") != std::string::npos);
}

TEST_CASE("JSON carries the timeline from the month facet, text output leaves the month counts out", "[render][timeline]") {
    news::searcher::SearchResult r;
    r.total = 3;
    r.facets["year"] = {{"2024", 3}};
    r.facets["month"] = {{"2024-11", 2}, {"2024-09", 1}};
    auto j = news::searcher::to_json(r);
    REQUIRE(j.contains("timeline"));
    CHECK(j["timeline"]["unit"] == "month");
    REQUIRE(j["timeline"]["bars"].size() == 3);
    CHECK(j["timeline"]["bars"][0] ==
          nlohmann::ordered_json({{"period", "2024-09"}, {"from", "2024-09-01"}, {"to", "2024-09-30"}, {"count", 1}}));
    CHECK(j["timeline"]["bars"][1]["count"] == 0);
    CHECK(j["facets"]["month"].size() == 2);
    std::ostringstream text;
    news::searcher::write_text(text, r);
    CHECK(text.str().find("year:  2024 (3)") != std::string::npos);
    CHECK(text.str().find("month") == std::string::npos);
    // Without facets (counts not asked for) no timeline key.
    CHECK_FALSE(news::searcher::to_json(news::searcher::SearchResult{}).contains("timeline"));
}
