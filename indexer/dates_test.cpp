#include "indexer/dates.hpp"

#include <catch2/catch.hpp>

using namespace news::indexer;

TEST_CASE("ISO dates with and without time", "[dates]") {
    CHECK(parse_iso_date("2024-11-21") == "2024-11-21");
    CHECK(parse_iso_date("2024-11-21T10:00:00+01:00") == "2024-11-21");
    CHECK(parse_iso_date(" 2024-11-21 10:00 ") == "2024-11-21");
    CHECK(parse_iso_date("20241121") == "2024-11-21");
    CHECK(parse_iso_date("2024-02-30") == "");
    CHECK(parse_iso_date("2024-13-01") == "");
    CHECK(parse_iso_date("2024-11-21x") == "");
    CHECK(parse_iso_date("gestern") == "");
}

TEST_CASE("RFC 822 dates of RSS feeds", "[dates]") {
    CHECK(parse_rfc822_date("Thu, 21 Nov 2024 10:00:00 +0100") == "2024-11-21");
    CHECK(parse_rfc822_date("21 Nov 2024") == "2024-11-21");
    CHECK(parse_rfc822_date("Tue, 14 Mar 23 09:30:00 GMT") == "2023-03-14");
    CHECK(parse_rfc822_date("Thu, 31 Feb 2024 10:00:00 +0100") == "");
}

TEST_CASE("German dates in running text", "[dates]") {
    using Row = std::pair<const char*, const char*>;
    auto row = GENERATE(Row{"21. November 2024", "2024-11-21"}, Row{"Do, 23. Mai 2019", "2019-05-23"},
                        Row{"am 21.11.2024 in Leipzig", "2024-11-21"}, Row{"3. März 2021", "2021-03-03"},
                        Row{"1. Okt. 2020", "2020-10-01"}, Row{"Veröffentlicht: 5. Dez 2022", "2022-12-05"},
                        Row{"31.02.2024", ""}, Row{"67. Tagung", ""}, Row{"keine Zeitangabe", ""});
    CAPTURE(row.first);
    CHECK(find_german_date(row.first) == row.second);
}

TEST_CASE("format_date validates the calendar", "[dates]") {
    CHECK(format_date(2024, 2, 29) == "2024-02-29");
    CHECK(format_date(2023, 2, 29) == "");
    CHECK(format_date(1500, 1, 1) == "");
}
