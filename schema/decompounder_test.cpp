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

TEST_CASE("the compact blocks answer as the lists they were written from", "[compounds]") {
    // The small list first: every word of the tests above.
    auto blocks = Decompounder::from_blocks(words().word_block(), words().noun_block());
    CHECK(blocks->size() == words().size());
    for (const char* w : {"Fachkräftesicherung", "Fachkräftestrategie", "Förderprogramme", "Metropolregion",
                          "Herbsttagung", "Arbeitsmarkt", "Wandhalterung", "Kaffeemaschine", "Länderprogramme",
                          "Wasserstoffnetz", "Heirat", "Bücherei", "Rathaus", "beinhalten", "Gewerkschaft",
                          "Verbraucher", "Generation"}) {
        CAPTURE(w);
        CHECK(blocks->split(w) == words().split(w));
    }
    for (const char* w : {"sicherung", "halterung", "fee", "fördern", "aaaa", "zzzz", "", "wand", "wan", "wandx"}) {
        CAPTURE(w);
        CHECK(blocks->is_noun(w) == words().is_noun(w));
    }
    CHECK(Decompounder::from_blocks("", "")->split("Fachkräftesicherung").empty());

    // Then the Debian lists: the same splits and nouns for a sample of their words.
    auto parsed = Decompounder::load(Decompounder::default_paths());
    if (parsed->size() == 0) {
        WARN("SKIPPED: needs hunspell-de-de and wngerman");
        return;
    }
    std::string word_block = parsed->word_block();
    auto mapped = Decompounder::from_blocks(word_block, parsed->noun_block());
    CHECK(mapped->size() == parsed->size());
    size_t compared = 0, splits = 0;
    for (size_t at = 0, n = 0; at < word_block.size(); ++n) {
        size_t end = word_block.find('\n', at);
        std::string w = word_block.substr(at, end - at);
        at = end + 1;
        if (n % 97 != 0) continue;
        CAPTURE(w);
        CHECK(mapped->is_noun(w) == parsed->is_noun(w));
        CHECK(mapped->is_noun(w + "x") == parsed->is_noun(w + "x"));
        std::vector<std::string> parts = parsed->split(w);
        CHECK(mapped->split(w) == parts);
        splits += !parts.empty();
        ++compared;
    }
    CHECK(compared > 1000);
    CHECK(splits > 0);
    CHECK(mapped->split("Fachkräftesicherung") == Parts{"fachkräfte", "sicherung"});
}
