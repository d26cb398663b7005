#include "searcher/timeline.hpp"

#include <catch2/catch.hpp>

using news::searcher::FacetValue;
using news::searcher::make_timeline;

TEST_CASE("timeline: months when the matches span two years or less, empty months included", "[timeline]") {
    auto t = make_timeline({{"2024-11", 3}, {"2024-02", 1}, {"2023-12", 2}});
    CHECK(t.unit == "month");
    REQUIRE(t.bars.size() == 12);  // 2023-12 … 2024-11
    CHECK(t.bars.front().period == "2023-12");
    CHECK(t.bars.front().from == "2023-12-01");
    CHECK(t.bars.front().to == "2023-12-31");
    CHECK(t.bars.front().count == 2);
    CHECK(t.bars[1].period == "2024-01");
    CHECK(t.bars[1].count == 0);
    CHECK(t.bars[2].to == "2024-02-29");  // leap year
    CHECK(t.bars.back().period == "2024-11");
    CHECK(t.bars.back().to == "2024-11-30");
    CHECK(t.bars.back().count == 3);
}

TEST_CASE("timeline: years beyond 24 months, counts summed, every year between", "[timeline]") {
    auto t = make_timeline({{"2019-03", 2}, {"2019-12", 1}, {"2022-01", 4}, {"2021-06", 0}});
    CHECK(t.unit == "year");
    REQUIRE(t.bars.size() == 4);
    CHECK(t.bars[0].period == "2019");
    CHECK(t.bars[0].from == "2019-01-01");
    CHECK(t.bars[0].to == "2019-12-31");
    CHECK(t.bars[0].count == 3);
    CHECK(t.bars[1].count == 0);
    CHECK(t.bars[2].count == 0);  // a zero count is no match
    CHECK(t.bars[3].count == 4);
    // 24 months exactly stay months, 25 become years.
    CHECK(make_timeline({{"2023-01", 1}, {"2024-12", 1}}).unit == "month");
    CHECK(make_timeline({{"2023-01", 1}, {"2025-01", 1}}).unit == "year");
}

TEST_CASE("timeline: nothing dated, malformed values, a stray date far off", "[timeline]") {
    CHECK(make_timeline({}).unit.empty());
    CHECK(make_timeline({{"2024-13", 1}, {"2024", 1}, {"abcd-ef", 2}}).bars.empty());
    auto t = make_timeline({{"0001-01", 1}, {"2024-05", 2}, {"2023-05", 1}});
    CHECK(t.unit == "year");
    REQUIRE(t.bars.size() == 3);  // only years with matches: the span is more than a century
    CHECK(t.bars[0].period == "0001");
    CHECK(t.bars[2].period == "2024");
}
