#include "searcher/stored_article.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace news::searcher;

TEST_CASE("stored fields are read as nlohmann::json reads them", "[stored]") {
    nlohmann::json j;
    j["id"] = "a-1";
    j["url"] = "https://example.de/a?x=1&y=\"2\"";
    j["title"] = "Grüße aus \"München\" \\ Tab\tund\nZeile \x01 ✓ 😀";
    j["date"] = "2024-11-21";
    j["lead"] = "";
    j["body"] = std::string("Absatz eins.\n\nAbsatz zwei / drei.");
    j["regions"] = {"Hamburg", "Nordwest"};
    j["topics"] = nlohmann::json::array();
    j["place_regions"] = {"x"};
    j["author"] = nullptr;
    j["extra"] = {{"nested", {1, 2.5e3, -0.5, true, false, nullptr, "s"}}};
    for (bool ascii : {false, true}) {
        CAPTURE(ascii);
        std::string data = j.dump(-1, ' ', ascii);
        StoredArticle a;
        REQUIRE(read_stored_article(data, a));
        CHECK(a.id == "a-1");
        CHECK(a.url == j["url"].get<std::string>());
        CHECK(a.title == j["title"].get<std::string>());
        CHECK(a.date == "2024-11-21");
        CHECK(a.lead.empty());
        CHECK(a.body == j["body"].get<std::string>());
        CHECK(a.regions == std::vector<std::string>{"Hamburg", "Nordwest"});
        CHECK(a.topics.empty());
        CHECK(a.path.empty());
        StoredArticle no_body;
        REQUIRE(read_stored_article(data, no_body, false));
        CHECK(no_body.body.empty());
        CHECK(no_body.title == a.title);
    }
}

TEST_CASE("fields of another type stay empty; the last of a repeated key counts", "[stored]") {
    StoredArticle a;
    REQUIRE(read_stored_article(R"({"id": 5, "title": ["x"], "regions": "Hamburg", "topics": ["A", 3, null, "B"],)"
                                R"( "url": "u1", "url": "u2", "date": "d", "date": null})",
                                a));
    CHECK(a.id.empty());
    CHECK(a.title.empty());
    CHECK(a.regions.empty());
    CHECK(a.topics == std::vector<std::string>{"A", "B"});
    CHECK(a.url == "u2");
    CHECK(a.date.empty());
    CHECK(read_stored_article(R"( { } )", a));
    CHECK(read_stored_article(R"({"title":"\u00fc\ud83d\ude00\/"})", a));
    CHECK(a.title == "ü😀/");
}

TEST_CASE("data that is not one JSON object reads as nothing", "[stored]") {
    auto bad = GENERATE(as<std::string>{}, "", "[]", "\"x\"", "{", R"({"id":"a")", R"({"id":"a"} x)",
                        R"({"id":"a",})", R"({"id":"a\x"})", R"({"id":"\ud800"})", R"({"id":"\udc00x"})",
                        "{\"id\":\"a\nb\"}", R"({"n": 01})", R"({"n": 1.})", R"({"n": -})", R"({"t": tru})",
                        R"({id: "a"})", R"({"a":[1,]})");
    CAPTURE(bad);
    StoredArticle a;
    a.id = "left over";
    CHECK_FALSE(read_stored_article(bad, a));
    CHECK(a.id.empty());
    // nlohmann::json (which the old code used) agrees: no object there.
    CHECK_FALSE((nlohmann::json::accept(bad) && nlohmann::json::parse(bad).is_object()));
}
