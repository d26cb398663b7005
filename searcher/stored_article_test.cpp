#include "searcher/stored_article.hpp"

#include "schema/document_data.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <random>

using namespace news::searcher;

namespace {

// What make_hit did with an nlohmann::json tree before read_stored_article.
std::string string_of(const nlohmann::json& j, const char* key) {
    return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

std::vector<std::string> string_list(const nlohmann::json& j, const char* key) {
    std::vector<std::string> out;
    if (j.contains(key) && j[key].is_array())
        for (const auto& v : j[key])
            if (v.is_string()) out.push_back(v.get<std::string>());
    return out;
}

const char* const kKeys[] = {"id", "url", "title", "date", "path", "lead", "body", "regions", "topics", "author", "Title", ""};

nlohmann::json random_value(std::mt19937& rng, int depth) {
    const char* const strings[] = {"", "a", "Grüße \"x\" \\ /", "Zeile\nzwei\t\x01", "😀 ✓", "Hamburg"};
    switch (std::uniform_int_distribution<int>(0, depth < 3 ? 7 : 5)(rng)) {
        case 0: return nullptr;
        case 1: return std::uniform_int_distribution<int>(0, 1)(rng) == 1;
        case 2: return std::uniform_int_distribution<int>(-1000, 1000)(rng);
        case 3: return std::uniform_real_distribution<double>(-1e6, 1e6)(rng);
        case 6: {
            nlohmann::json a = nlohmann::json::array();
            for (int n = std::uniform_int_distribution<int>(0, 4)(rng); n > 0; --n) a.push_back(random_value(rng, depth + 1));
            return a;
        }
        case 7: {
            nlohmann::json o = nlohmann::json::object();
            for (int n = std::uniform_int_distribution<int>(0, 4)(rng); n > 0; --n)
                o[kKeys[std::uniform_int_distribution<size_t>(0, std::size(kKeys) - 1)(rng)]] = random_value(rng, depth + 1);
            return o;
        }
        default: return strings[std::uniform_int_distribution<size_t>(0, std::size(strings) - 1)(rng)];
    }
}

}  // namespace

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

TEST_CASE("a body after the JSON is read as it is", "[stored]") {
    const std::string body = "Zeile eins\nZeile \"zwei\" mit \\ und }\n{\"id\":\"nicht\"}\n";
    const std::string data = news::schema::join_document_data(R"({"id":"a-1","title":"T","body":"innen"})", body);
    StoredArticle a;
    REQUIRE(read_stored_article(data, a));
    CHECK(a.id == "a-1");
    CHECK(a.title == "T");
    CHECK(a.body == body);  // the body after the JSON wins over a key inside it
    StoredArticle no_body;
    REQUIRE(read_stored_article(data, no_body, false));
    CHECK(no_body.body.empty());
    CHECK(no_body.id == "a-1");
    StoredArticle empty_body;
    REQUIRE(read_stored_article(R"({"id":"b"})"
                                "\n",
                                empty_body));
    CHECK(empty_body.body.empty());
    StoredArticle bad;
    CHECK_FALSE(read_stored_article("{\"id\":\"a\"\n}", bad));  // the JSON part ends at the first newline
    CHECK(bad.id.empty());
}

TEST_CASE("fields of another type stay empty, the last of a repeated key counts", "[stored]") {
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
                        R"({id: "a"})", R"({"a":[1,]})", R"({"n": 1e999})",
                        "{\"id\":\"\xff\"}", "{\"id\":\"\xc3\"}", R"([{"id":"a"}])", R"({"id":"a"}{})",
                        R"({"id":"a"} // c)");
    CAPTURE(bad);
    StoredArticle a;
    a.id = "left over";
    CHECK_FALSE(read_stored_article(bad, a));
    CHECK(a.id.empty());
    // nlohmann::json (which the old code used) agrees: no object there.
    CHECK_FALSE((nlohmann::json::accept(bad) && nlohmann::json::parse(bad).is_object()));
}

TEST_CASE("a NUL byte is not the end of the data", "[stored]") {
    using namespace std::string_literals;
    auto bad = GENERATE("{\"id\":\"a\"}\0"s, "{\"id\":\"a\"}\0x"s, "{\"id\":\"a\0\"}"s, "\0{\"id\":\"a\"}"s);
    CAPTURE(bad);
    StoredArticle a;
    CHECK_FALSE(read_stored_article(bad, a));
    CHECK(a.id.empty());
}

TEST_CASE("values under other keys and deeper levels are skipped", "[stored]") {
    StoredArticle a;
    REQUIRE(read_stored_article(R"({"extra": {"title": "no", "topics": ["no"], "id": {"id": "no"}},)"
                                R"( "list": [{"url": "no"}, ["no"], "no"], "title": {"title": "no"},)"
                                R"( "topics": ["A", ["no"], {"t": "no", "topics": ["no"]}, "B", {}, []],)"
                                R"( "regions": {"regions": ["no"]}, "lead": "L"})",
                                a));
    CHECK(a.id.empty());
    CHECK(a.url.empty());
    CHECK(a.title.empty());
    CHECK(a.topics == std::vector<std::string>{"A", "B"});
    CHECK(a.regions.empty());
    CHECK(a.lead == "L");
    // Deep nesting is valid JSON too.
    std::string deep = std::string(500, '[') + std::string(500, ']');
    REQUIRE(read_stored_article(R"({"x": )" + deep + R"(, "id": "i"})", a));
    CHECK(a.id == "i");
}

TEST_CASE("without the body, the other fields are the same", "[stored]") {
    StoredArticle a;
    REQUIRE(read_stored_article(R"({"body": "B", "id": "i", "topics": ["t"]})", a, false));
    CHECK(a.body.empty());
    CHECK(a.id == "i");
    CHECK(a.topics == std::vector<std::string>{"t"});
    // Malformed data is still found in the body.
    a.id = "left over";
    CHECK_FALSE(read_stored_article("{\"body\": \"B\\q\", \"id\": \"i\"}", a, false));
    CHECK(a.id.empty());
}

TEST_CASE("random objects read as nlohmann::json reads them", "[stored]") {
    std::mt19937 rng(20241121);
    for (int i = 0; i < 2000; ++i) {
        nlohmann::json j = random_value(rng, 2);
        if (i % 4 != 0) {  // mostly objects at the top, with the fields
            j = nlohmann::json::object();
            for (int n = std::uniform_int_distribution<int>(0, 12)(rng); n > 0; --n)
                j[kKeys[std::uniform_int_distribution<size_t>(0, std::size(kKeys) - 1)(rng)]] = random_value(rng, 1);
        }
        const std::string data = j.dump(-1, ' ', i % 2 == 0);
        CAPTURE(data);
        for (bool with_body : {true, false}) {
            StoredArticle a;
            const bool ok = read_stored_article(data, a, with_body);
            REQUIRE(ok == j.is_object());
            CHECK(a.id == string_of(j, "id"));
            CHECK(a.url == string_of(j, "url"));
            CHECK(a.title == string_of(j, "title"));
            CHECK(a.date == string_of(j, "date"));
            CHECK(a.path == string_of(j, "path"));
            CHECK(a.lead == string_of(j, "lead"));
            CHECK(a.body == (with_body ? string_of(j, "body") : std::string()));
            CHECK(a.regions == string_list(j, "regions"));
            CHECK(a.topics == string_list(j, "topics"));
        }
    }
}
