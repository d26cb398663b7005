#include "stats/normalise.hpp"

#include <catch2/catch.hpp>

using news::stats::normalise_query;

TEST_CASE("queries are normalised to their analysed words", "[stats][normalise]") {
    struct Case {
        const char* query;
        const char* expected;
    };
    const Case cases[] = {
        {"Hafen", "hafen"},
        {"  Hafen   Hamburg ", "hafen hamburg"},
        {"HAFEN hafen Hafen", "hafen"},                          // repeated: once
        {"der Hafen und die Elbe", "hafen elbe"},                // stopwords dropped
        {"Hafen AND Elbe OR Kiel NOT Lübeck", "hafen elbe kiel lübeck"},  // operators dropped
        {"+Hafen -Elbe (Kiel)", "hafen elbe kiel"},
        {"\"Tag der Regionen\"", "tag regionen"},
        {"titel:Wasserstoff region:Mitteldeutschland", "wasserstoff mitteldeutschland"},
        {"Fachkr*", "fachkr*"},
        {"Bürger*innen", "bürger innen"},
        {"Müller 0341-123456", "müller #"},                      // phone number
        {"Aktenzeichen 4 O 123/24", "aktenzeichen # o #"},
        {"B2B Handel", "# handel"},                              // any digit: the whole token
        {"max.mustermann@example.org Beschwerde", "# beschwerde"},
        {"datum:2024-01-01..2024-12-31 Hafen", "# hafen"},
        {"12 34 56 Hafen", "# hafen"},                           // a run of numbers: one #
        {"0341 123456", "#"},
        {"１２３ Hafen", "# hafen"},                             // digits of any script
        {"Fläche m² Hafen", "fläche # hafen"},
        {"", ""},
        {"der die das", ""},                                     // nothing countable
        {"AND OR", ""},
        {"eins zwei drei vier fünf sechs sieben acht neun zehn", "eins zwei drei vier fünf sechs sieben acht"},
    };
    for (const Case& c : cases) {
        INFO(c.query);
        CHECK(normalise_query(c.query) == c.expected);
    }
}

TEST_CASE("a normalised query never carries a digit or an at sign", "[stats][normalise]") {
    for (const char* q : {"Tel. 0800/1234", "Hausnr. 12a", "IBAN DE02120300000000202051", "a@b", "x1 y2 z3",
                          "Mitteilung vom 3.5.", "１２３ Hafen"}) {
        std::string n = normalise_query(q);
        INFO(q << " -> " << n);
        CHECK(n.find_first_of("0123456789@") == std::string::npos);
    }
}

TEST_CASE("a long word is cut and the query stays short", "[stats][normalise]") {
    std::string word(300, 'x');
    std::string n = normalise_query(word + " " + word + "y");
    CHECK(n.size() <= 2 * news::stats::kMaxWordBytes + 1);
    // Cut at a character boundary, never inside an umlaut.
    std::string umlauts;
    for (int i = 0; i < 100; ++i) umlauts += "ä";
    std::string u = normalise_query(umlauts);
    CHECK(u.size() <= news::stats::kMaxWordBytes);
    CHECK(u.size() % 2 == 0);
}
