#include "schema/text.hpp"

#include <catch2/catch.hpp>

#include <ctime>

using namespace news::schema;

TEST_CASE("collapse_whitespace folds every kind of space and drops soft hyphens", "[text]") {
    CHECK(collapse_whitespace("  a \t\n b\xC2\xA0" "c  ") == "a b c");
    CHECK(collapse_whitespace("Fach\xC2\xAD" "kräfte") == "Fachkräfte");
    CHECK(collapse_whitespace("") == "");
    CHECK(trim("\xC2\xA0 x y \n") == "x y");
}

TEST_CASE("fold_key makes spelling variants one key", "[text]") {
    CHECK(fold_key("Nürnberg") == "nuernberg");
    CHECK(fold_key("NUERNBERG") == "nuernberg");
    CHECK(fold_key("Hannover Braunschweig Göttingen Wolfsburg") ==
          fold_key("hannover-braunschweig-goettingen-wolfsburg"));
    CHECK(fold_key("Straße") == "strasse");
    CHECK(fold_key("Frankfurt/Rhein-Main") == "frankfurtrheinmain");
}

TEST_CASE("is_valid_utf8 rejects latin-1 bytes and overlong forms", "[text]") {
    CHECK(is_valid_utf8("Grüße"));
    CHECK_FALSE(is_valid_utf8("Gr\xFC\xDF" "e"));
    CHECK_FALSE(is_valid_utf8("\xC0\xAF"));
    CHECK_FALSE(is_valid_utf8("\xE2\x82"));
}

TEST_CASE("utc_now formats the current UTC time", "[text]") {
    std::time_t before = std::time(nullptr);
    std::string iso = utc_now("%Y-%m-%dT%H:%M:%SZ");
    REQUIRE(iso.size() == 20);
    CHECK(iso[4] == '-');
    CHECK(iso.back() == 'Z');
    std::tm tm{};
    gmtime_r(&before, &tm);
    CHECK(std::stoi(iso.substr(0, 4)) >= tm.tm_year + 1900);
    CHECK(utc_now("%Y%m%d").size() == 8);
    CHECK(utc_now("%Y%m%d").substr(0, 4) == iso.substr(0, 4));
}

TEST_CASE("hash64 is stable and sensitive", "[text]") {
    CHECK(hash64_hex("abc") == hash64_hex("abc"));
    CHECK(hash64_hex("abc") != hash64_hex("abd"));
    CHECK(hash64_hex("").size() == 16);
}
