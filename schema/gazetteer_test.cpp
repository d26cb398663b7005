#include "schema/gazetteer.hpp"

#include <catch2/catch.hpp>

using news::schema::Gazetteer;
using Regions = std::vector<std::string>;

TEST_CASE("places map to their Metropolregion, most named first", "[gazetteer]") {
    Gazetteer g = Gazetteer::parse("# test\nLeipzig\tMitteldeutschland\nHalle (Saale)\tMitteldeutschland\n"
                                   "Jena\tEMMD\nBremerhaven\tNordwest\nFrankfurt am Main\tFrankfurtRheinMain\n"
                                   "Atlantis\tNirgendwo\n");
    CHECK(g.size() == 5);  // the unknown region is refused
    CHECK(g.regions_in("Treffen in Leipzig, Jena und Bremerhaven") == Regions{"Mitteldeutschland", "Nordwest"});
    CHECK(g.regions_in("Die Messe in Halle (Saale)") == Regions{"Mitteldeutschland"});
    CHECK(g.regions_in("In der Halle war es kalt").empty());  // "Halle" alone is a noun
    CHECK(g.regions_in("in Frankfurt am Main und Frankfurt (Oder)") == Regions{"FrankfurtRheinMain"});
    CHECK(g.regions_in("leipzig klein geschrieben").empty());
}

TEST_CASE("the project's gazetteer covers the seed article's places", "[gazetteer]") {
    const Gazetteer& g = news::schema::gazetteer();
    CHECK(g.size() > 100);
    CHECK(g.regions_in("Leipzig") == Regions{"Mitteldeutschland"});
    CHECK(g.regions_in("Halle (Saale)") == Regions{"Mitteldeutschland"});
    CHECK(g.regions_in("Jena") == Regions{"Mitteldeutschland"});
    CHECK(g.regions_in("Bremerhaven") == Regions{"Nordwest"});
}
