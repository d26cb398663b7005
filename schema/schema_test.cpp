#include "schema/schema.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace news::schema;

TEST_CASE("field prefixes and query names are unique", "[schema]") {
    std::set<std::string_view> prefixes, names;
    for (const Field& f : fields()) {
        if (!f.prefix.empty()) CHECK(prefixes.insert(f.prefix).second);
        for (auto n : f.query_names) CHECK(names.insert(n).second);
    }
    CHECK(find_field("title") != nullptr);
    CHECK(find_field("title")->prefix == "S");
    CHECK(find_field("nonsense") == nullptr);
}

TEST_CASE("facet fields have a value slot and a vocabulary", "[schema]") {
    for (const Field& f : fields()) {
        if (!f.facet) continue;
        CHECK(f.slot.has_value());
        CHECK(f.vocabulary != nullptr);
    }
}

TEST_CASE("make_term follows Xapian's prefix convention and length limit", "[schema]") {
    CHECK(make_term("Q", "https://x.de/a") == "Qhttps://x.de/a");
    CHECK(make_term("Q", "Mitteldeutschland/a.html") == "Q:Mitteldeutschland/a.html");
    CHECK(make_term("XREGION", "hamburg") == "XREGIONhamburg");
    std::string long_value(500, 'a');
    std::string t1 = make_term("Q", long_value);
    std::string t2 = make_term("Q", long_value + "b");
    CHECK(t1.size() <= 245);
    CHECK(t1 != t2);
}

TEST_CASE("default database path honours NEWS_DB", "[schema]") {
    ::setenv("NEWS_DB", "/tmp/x.db", 1);
    CHECK(default_db_path() == "/tmp/x.db");
    ::unsetenv("NEWS_DB");
    CHECK(default_db_path() == "var/news.db");
}
