#include "schema/umlaut_stem.hpp"

#include "schema/analysis.hpp"
#include "schema/decompounder.hpp"

#include <catch2/catch.hpp>

#include <fstream>

using namespace news::schema;

namespace {

/// The stem each word gets, through the analyzer (lower case first).
std::string stem(const GermanAnalyzer& a, const char* word) { return a.term(word); }

/// hunspell-de-de's entries for the pairs below, as the .dic lists them.
std::shared_ptr<const UmlautFolds> small_folds() {
    std::vector<std::pair<std::string, std::string>> entries{
        {"Länder", "Nmij"}, {"Städte", "NMmij"}, {"Mütter", "NMm"}, {"Bär", "FPMm"},
        {"Zähler", "NSFmij"}, {"älter", "A"}, {"schön", "ACUke"}, {"zählen", "BDIVXYW"},
        {"drücken", "DIVXYW"}, {"Hütte", "NMm"}};
    std::unordered_set<std::string> words{"land", "stadt", "mutter", "bar", "zahler", "alt", "schon",
                                          "zahlen", "drucken", "hut"};
    std::unordered_set<std::string> nouns{"land", "stadt", "mutter", "bar", "zahler", "hut"};
    return UmlautFolds::from_entries(entries, words, nouns);
}

}  // namespace

TEST_CASE("normalise_umlauts spells transcriptions as umlauts, as german2 reads them", "[umlaut]") {
    CHECK(normalise_umlauts("Foerderung") == "förderung");
    CHECK(normalise_umlauts("Straße") == "strasse");
    CHECK(normalise_umlauts("Muenchen") == "münchen");
    CHECK(normalise_umlauts("Laender") == "länder");
    CHECK(normalise_umlauts("Quelle") == "quelle");  // qu: no umlaut
    CHECK(normalise_umlauts("Bauer") == "bauer");    // u between vowels is a consonant
    CHECK(normalise_umlauts("Feuer") == "feuer");
}

TEST_CASE("plural and comparative umlauts fold, other umlauts stay", "[umlaut]") {
    auto folds = small_folds();
    GermanAnalyzer a(AnalysisProfile::FULL, nullptr, folds);
    // Different words.
    CHECK(stem(a, "Förderung") != stem(a, "Forderung"));
    CHECK(stem(a, "schön") != stem(a, "schon"));
    CHECK(stem(a, "Bär") != stem(a, "Bar"));
    CHECK(stem(a, "zählen") != stem(a, "zahlen"));
    CHECK(stem(a, "drücken") != stem(a, "drucken"));
    CHECK(stem(a, "Hütte") != stem(a, "Hut"));
    // One word, transcribed or inflected.
    CHECK(stem(a, "Foerderung") == stem(a, "Förderung"));
    CHECK(stem(a, "Förderungen") == stem(a, "Förderung"));
    CHECK(stem(a, "Massnahme") == stem(a, "Maßnahme"));
    CHECK(stem(a, "Strasse") == stem(a, "Straße"));
    CHECK(stem(a, "Länder") == stem(a, "Land"));
    CHECK(stem(a, "Ländern") == stem(a, "Land"));
    CHECK(stem(a, "Laender") == stem(a, "Land"));
    CHECK(stem(a, "Städte") == stem(a, "Stadt"));
    CHECK(stem(a, "Mütter") == stem(a, "Mutter"));
    CHECK(stem(a, "älter") == stem(a, "alt"));
    // BASIC is german2 as it is: umlauts folded.
    GermanAnalyzer basic(AnalysisProfile::BASIC);
    CHECK(stem(basic, "Förderung") == stem(basic, "Forderung"));
}

TEST_CASE("umlaut folds survive the round trip through the index metadata", "[umlaut]") {
    auto folds = small_folds();
    CHECK(folds->size() >= 3);
    auto back = UmlautFolds::parse(folds->serialise());
    CHECK(back->serialise() == folds->serialise());
    REQUIRE(back->find(GermanAnalyzer(AnalysisProfile::FULL).term("Länder")) != nullptr);
    CHECK(UmlautFolds::parse("garbage\n\tx\n")->size() == 0);
}

TEST_CASE("the Debian word lists give the plural folds and keep the pairs apart", "[umlaut][wordlists]") {
    if (!std::ifstream("/usr/share/hunspell/de_DE.dic")) {
        WARN("hunspell-de-de not installed");
        return;
    }
    auto lists = Decompounder::load(Decompounder::default_paths());
    GermanAnalyzer a(AnalysisProfile::FULL, lists);
    CHECK(lists->umlaut_folds()->size() > 100);
    for (auto [x, y] : {std::pair{"Förderung", "Forderung"}, {"schön", "schon"}, {"Bär", "Bar"},
                        {"zählen", "zahlen"}, {"drücken", "drucken"}})
        CHECK(stem(a, x) != stem(a, y));
    for (auto [x, y] : {std::pair{"Länder", "Land"}, {"Städte", "Stadt"}, {"Mütter", "Mutter"},
                        {"Foerderung", "Förderung"}, {"Strasse", "Straße"}, {"Bücher", "Buch"}})
        CHECK(stem(a, x) == stem(a, y));
}

TEST_CASE("acronyms: all capitals, two to four letters", "[acronym]") {
    CHECK(acronym_term("KI") == std::string(kAcronymPrefix) + "ki");
    CHECK(acronym_term("ÖPNV") == std::string(kAcronymPrefix) + "öpnv");
    CHECK(acronym_term("Ki").empty());
    CHECK(acronym_term("EuGH").empty());
    CHECK(acronym_term("K").empty());
    CHECK(acronym_term("NATOS").empty());
    CHECK(acronym_term("A380").empty());
    GermanAnalyzer a(AnalysisProfile::FULL);
    std::vector<std::string> extra;
    a.extra_terms("KI", extra);
    CHECK(extra == std::vector<std::string>{std::string(kAcronymPrefix) + "ki"});
    extra.clear();
    a.extra_terms("Ki", extra);
    CHECK(extra.empty());
}
