#include "schema/decompounder.hpp"

#include <catch2/catch.hpp>

using news::schema::Decompounder;
using Parts = std::vector<std::string>;

namespace {
// A small word list with the traps other engines fall into.
const Decompounder& words() {
    static const Decompounder d({"Fachkräfte", "Sicherung", "Strategie", "fördern", "Programme", "Metropole",
                                 "Region", "Herbst", "Tagung", "Arbeit", "Markt", "Wand", "Halterung", "Alterung",
                                 "Kaffee", "Maschine", "Fee", "Heirat", "Rat", "Rathaus", "Haus", "Bücherei", "Ei",
                                 "Bücher", "Bein", "halten", "beinhalten", "Wasser", "Stoff", "Netz", "Länder", "Gewerk",
                                 "Schaft", "Verb", "Raucher", "Verbraucher", "Gene", "Ration", "Generation"});
    return d;
}
}  // namespace

TEST_CASE("compounds split into modifier and head, with linking elements", "[compounds]") {
    using Row = std::pair<const char*, Parts>;
    auto row = GENERATE(Row{"Fachkräftesicherung", {"fachkräfte", "sicherung"}},
                        Row{"Fachkräftestrategie", {"fachkräfte", "strategie"}},
                        Row{"Förderprogramme", {"förder", "programme"}},
                        Row{"Metropolregion", {"metropol", "region"}},
                        Row{"Herbsttagung", {"herbst", "tagung"}},
                        Row{"Arbeitsmarkt", {"arbeit", "markt"}},
                        Row{"Wandhalterung", {"wand", "halterung"}},
                        Row{"Kaffeemaschine", {"kaffee", "maschine"}},
                        Row{"Länderprogramme", {"länder", "programme"}},
                        Row{"Wasserstoffnetz", {"wasser", "stoff", "netz"}});
    CAPTURE(row.first);
    CHECK(words().split(row.first) == row.second);
}

TEST_CASE("no meaningless short parts, no splits of non-nouns", "[compounds]") {
    for (const char* w : {"Heirat", "Bücherei", "Rathaus", "beinhalten", "Tagung", "Region", "Gewerkschaft", "Verbraucher",
                          "Generation"}) {
        CAPTURE(w);
        CHECK(words().split(w).empty());
    }
}

TEST_CASE("the Debian word lists load when installed", "[compounds]") {
    auto d = Decompounder::load(Decompounder::default_paths());
    if (d->size() == 0) {
        WARN("hunspell-de-de / wngerman not installed: compounds off");
        return;
    }
    CHECK(d->size() > 100000);
    CHECK(d->split("Fachkräftesicherung") == Parts{"fachkräfte", "sicherung"});
    CHECK(d->split("Wandhalterung") == Parts{"wand", "halterung"});
    CHECK(d->split("Heirat").empty());
    CHECK(d->split("Bücherei").empty());
}
