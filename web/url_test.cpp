#include "web/url.hpp"

#include <catch2/catch.hpp>

using namespace news::web;

TEST_CASE("percent_decode handles escapes, plus and malformed input", "[web][url]") {
    struct Case {
        const char* in;
        bool plus;
        const char* out;
    };
    const Case cases[] = {
        {"Fachkr%C3%A4fte", true, "Fachkräfte"},
        {"a+b", true, "a b"},
        {"a+b", false, "a+b"},
        {"%3Cscript%3E", true, "<script>"},
        {"100%", true, "100%"},
        {"%G1x", true, "%G1x"},
        {"%4", true, "%4"},
        {"%2e%2E%2F", false, "../"},
        {"", true, ""},
    };
    for (const Case& c : cases) {
        INFO(c.in);
        CHECK(percent_decode(c.in, c.plus) == c.out);
    }
}

TEST_CASE("percent_encode keeps only unreserved characters", "[web][url]") {
    CHECK(percent_encode("Fachkräfte") == "Fachkr%C3%A4fte");
    CHECK(percent_encode("a b&c=d/e?\"<'") == "a%20b%26c%3Dd%2Fe%3F%22%3C%27");
    CHECK(percent_encode("A-z_0.9~") == "A-z_0.9~");
}

TEST_CASE("query strings parse in order, with repeats, and round-trip", "[web][url]") {
    QueryParams p = parse_query_string("q=Hafen+Hamburg&region=Hamburg&&region=Nordwest&flag&page=2");
    REQUIRE(p.size() == 5);
    CHECK(p[0] == std::pair<std::string, std::string>{"q", "Hafen Hamburg"});
    CHECK(param_values(p, "region") == std::vector<std::string>{"Hamburg", "Nordwest"});
    REQUIRE(param_value(p, "flag"));
    CHECK(param_value(p, "flag")->empty());
    CHECK(param_value(p, "missing") == nullptr);
    CHECK(parse_query_string(build_query_string(p)) == p);
    CHECK(parse_query_string("").empty());
    CHECK(build_query_string({}).empty());
}
