#include "schema/synonyms.hpp"

#include <catch2/catch.hpp>

using news::schema::Synonyms;

TEST_CASE("synonym groups match the longest form, through spelling variants", "[synonyms]") {
    Synonyms s = Synonyms::parse("# test\nEMMD|Europäische Metropolregion Mitteldeutschland\nEU|Europäische Union\n");
    CHECK(s.size() == 2);
    std::vector<std::string> words{"die", "Europaeische", "Metropolregion", "Mitteldeutschland", "tagt"};
    auto m = s.find(words, 1);
    CHECK(m.group == 0);
    CHECK(m.length == 3);
    CHECK(s.find(words, 0).group == -1);
    std::vector<std::string> abbrev{"emmd"};
    CHECK(s.find(abbrev, 0).group == 0);
    CHECK(s.forms(0).front() == "EMMD");
}

TEST_CASE("the project's synonyms hold the association's abbreviations", "[synonyms]") {
    const Synonyms& s = news::schema::synonyms();
    for (const char* abbrev : {"EMMD", "IKM", "MRN"}) {
        CAPTURE(abbrev);
        CHECK(s.find({abbrev}, 0).group >= 0);
    }
    CHECK(s.find({"Initiativkreis", "Europäischer", "Metropolregionen", "in", "Deutschland"}, 0).length == 5);
}
