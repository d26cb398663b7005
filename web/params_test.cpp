#include "web/params.hpp"

#include <catch2/catch.hpp>

using namespace news::web;

namespace {

SearchParams parse(const std::string& query, const Limits& limits = Limits{}) {
    return parse_search_params(parse_query_string(query), limits);
}

}  // namespace

TEST_CASE("valid parameters become a search request", "[web][params]") {
    SearchParams p = parse("q=+Hafen++&region=Hamburg&region=Nordwest&region=Hamburg&topic=Verkehr&"
                           "from=2020-01-01&to=2024-12-31&sort=date&page=3&size=20&unknown=1");
    CHECK(p.query == "Hafen");
    CHECK(p.regions == std::vector<std::string>{"Hamburg", "Nordwest"});
    CHECK(p.topics == std::vector<std::string>{"Verkehr"});
    CHECK(p.from == "2020-01-01");
    CHECK(p.to == "2024-12-31");
    CHECK(p.sort == "date");
    CHECK(p.page == 3);
    CHECK(p.size == 20);
    news::searcher::SearchRequest req = p.to_request();
    CHECK(req.query == "Hafen");
    CHECK(req.offset == 40);
    CHECK(req.limit == 20);
    CHECK(req.sort == news::searcher::SortOrder::DATE_DESC);
    CHECK(req.facets);
    CHECK(req.regions.size() == 2);
    CHECK(req.recency);
    CHECK_FALSE(parse("q=a&recency=0").to_request().recency);
}

TEST_CASE("dates as a German reader types them become ISO dates", "[web][params]") {
    SearchParams p = parse("q=x&from=1.2.2024&to=21.11.2024");
    CHECK(p.from == "2024-02-01");
    CHECK(p.to == "2024-11-21");
    CHECK_THROWS_AS(parse("q=x&from=31.02.2024"), ParamError);
    CHECK_THROWS_AS(parse("q=x&from=1.2.24"), ParamError);
    CHECK_THROWS_AS(parse("q=x&from=111.2.2024"), ParamError);
}

TEST_CASE("defaults and empty values", "[web][params]") {
    SearchParams p = parse("q=&region=&from=&sort=&page=&size=");
    CHECK(p.empty());
    CHECK(p.page == 1);
    CHECK(p.size == 10);
    CHECK(p.sort == "relevance");
    CHECK(parse("sort=date-desc&q=x").sort == "date");
    CHECK(parse("sort=date-asc&q=x").to_request().sort == news::searcher::SortOrder::DATE_ASC);
    CHECK(parse("region=Hamburg").has_filters());
    CHECK_FALSE(parse("region=Hamburg").empty());
}

TEST_CASE("every limit is a ParamError naming the parameter", "[web][params]") {
    struct Case {
        std::string query;
        const char* param;
        Problem problem;
    };
    const std::vector<Case> cases = {
        {"q=" + std::string(501, 'x'), "q", Problem::TOO_LONG},
        {"q=%FF%FE", "q", Problem::NOT_UTF8},
        {"q=a&size=100000", "size", Problem::OUT_OF_RANGE},
        {"q=a&size=0", "size", Problem::OUT_OF_RANGE},
        {"q=a&size=ten", "size", Problem::BAD_NUMBER},
        {"q=a&page=-1", "page", Problem::BAD_NUMBER},
        {"q=a&page=0", "page", Problem::OUT_OF_RANGE},
        {"q=a&page=1001", "page", Problem::OUT_OF_RANGE},
        {"q=a&page=99999999999", "page", Problem::BAD_NUMBER},
        {"q=a&page=2.5", "page", Problem::BAD_NUMBER},
        {"q=a&page=200&size=100", "page", Problem::OUT_OF_RANGE},
        {"q=a&from=2024-13-45", "from", Problem::BAD_DATE},
        {"q=a&to=2023-02-29", "to", Problem::BAD_DATE},
        {"q=a&from=yesterday", "from", Problem::BAD_DATE},
        {"q=a&from=2024-05-01&to=2024-04-01", "from", Problem::DATE_ORDER},
        {"q=a&sort=nonsense", "sort", Problem::BAD_SORT},
        {"q=a&recency=2", "recency", Problem::OUT_OF_RANGE},
        {"q=a&region=" + std::string(201, 'r'), "region", Problem::TOO_LONG},
    };
    for (const Case& c : cases) {
        INFO(c.query.substr(0, 60));
        try {
            parse(c.query);
            FAIL("no ParamError");
        } catch (const ParamError& e) {
            CHECK(e.param() == c.param);
            CHECK(e.problem() == c.problem);
            CHECK_FALSE(german_message(e).empty());
        }
    }
    std::string many = "q=a";
    for (int i = 0; i < 21; ++i) many += "&topic=t" + std::to_string(i);
    CHECK_THROWS_AS(parse(many), ParamError);
    CHECK_NOTHROW(parse("q=a&page=100&size=100"));
    CHECK_NOTHROW(parse("q=a&from=2024-02-29&to=2024-02-29"));
}

TEST_CASE("limits are settings, not constants", "[web][params]") {
    Limits strict;
    strict.max_query_bytes = 5;
    strict.max_page_size = 3;
    CHECK_THROWS_AS(parse("q=sechs6", strict), ParamError);
    CHECK_THROWS_AS(parse("q=a&size=4", strict), ParamError);
    CHECK(parse("q=a&size=3", strict).size == 3);
}

TEST_CASE("to_params reproduces a search with defaults left out", "[web][params]") {
    SearchParams p = parse("q=Hafen&region=Hamburg&sort=relevance&page=1&size=10");
    CHECK(build_query_string(p.to_params(10)) == "q=Hafen&region=Hamburg");
    p.page = 2;
    p.sort = "date-asc";
    p.size = 20;
    p.recency = false;
    QueryParams again = p.to_params(10);
    SearchParams back = parse_search_params(again, Limits{});
    CHECK(back.page == 2);
    CHECK(back.sort == "date-asc");
    CHECK(back.size == 20);
    CHECK_FALSE(back.recency);
    CHECK(back.regions == p.regions);
}

TEST_CASE("like= asks for the articles most like one article", "[web][params]") {
    SearchParams p = parse("like=https%3A%2F%2Fx.de%2Fa");
    CHECK(p.like == "https://x.de/a");
    CHECK_FALSE(p.empty());
    CHECK(p.to_request().like == "https://x.de/a");
    CHECK(p.to_params(10) == news::web::QueryParams{{"like", "https://x.de/a"}});
}
