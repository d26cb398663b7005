#include "schema/vocabulary.hpp"

#include <catch2/catch.hpp>

using namespace news::schema;

TEST_CASE("the region vocabulary holds the eleven Metropolregionen", "[vocabulary]") {
    CHECK(regions().labels().size() == 11);
    CHECK(regions().canonical("EMMD") == "Mitteldeutschland");
    CHECK(regions().canonical("Europäische Metropolregion Mitteldeutschland") == "Mitteldeutschland");
    CHECK(regions().canonical("mitteldeutschland") == "Mitteldeutschland");
    CHECK(regions().canonical("MRN") == "Rhein-Neckar");
    CHECK(regions().canonical("nuernberg") == "Nürnberg");
    CHECK(regions().canonical("hannover-braunschweig-goettingen-wolfsburg") ==
          "Hannover Braunschweig Göttingen Wolfsburg");
}

TEST_CASE("values outside a vocabulary are kept, cleaned", "[vocabulary]") {
    CHECK_FALSE(regions().contains("Atlantis"));
    CHECK(regions().canonical("  Atlantis   Nord ") == "Atlantis Nord");
    CHECK(regions().canonical("") == "");
}

TEST_CASE("term values are the folded canonical label", "[vocabulary]") {
    CHECK(regions().term_value("EMMD") == "mitteldeutschland");
    CHECK(topics().term_value("Forschung") == "wissenschaft");
    CHECK(topics().term_value("fachkraefte") == topics().term_value("Fachkräfte"));
}

TEST_CASE("Vocabulary::parse reads labels, variants and comments", "[vocabulary]") {
    Vocabulary v = Vocabulary::parse("# comment\nA\tAlpha|Ä\n\nB\n");
    CHECK(v.labels() == std::vector<std::string>{"A", "B"});
    CHECK(v.canonical("alpha") == "A");
    CHECK(v.canonical("ae") == "A");
    CHECK(v.canonical("b") == "B");
}
