#include "schema/normaliser.hpp"

#include <catch2/catch.hpp>

using namespace news::schema;

TEST_CASE("gender-inclusive forms become one word", "[normaliser]") {
    CHECK(normalise_gender("Bürger*innen") == "Bürgerinnen");
    CHECK(normalise_gender("Bürger:innen und Ärzt_innen") == "Bürgerinnen und Ärztinnen");
    CHECK(normalise_gender("BürgerInnen") == "Bürgerinnen");
    CHECK(normalise_gender("Bürger(innen) und Lehrer(in)") == "Bürgerinnen und Lehrerin");
    CHECK(normalise_gender("Lehrer/innen, LehrerInnen") == "Lehrerinnen, Lehrerinnen");
    CHECK(normalise_gender("Wahl(kampf) (in) Berlin") == "Wahl(kampf) (in) Berlin");
    CHECK(normalise_gender("Lehrer/-innen, eine Lehrer*in") == "Lehrerinnen, eine Lehrerin");
    // left alone: times, fields, wildcards, ordinary capitals
    CHECK(normalise_gender("um 10:30 Uhr") == "um 10:30 Uhr");
    CHECK(normalise_gender("titel:Innenstadt") == "titel:Innenstadt");
    CHECK(normalise_gender("Fachkr* in Jena") == "Fachkr* in Jena");
    CHECK(normalise_gender("die EU Interessen") == "die EU Interessen");
}

TEST_CASE("hyphens at line breaks join a word, not a conjunction", "[normaliser]") {
    CHECK(join_line_break_hyphens("Fach-\nkräfte") == "Fachkräfte");
    CHECK(join_line_break_hyphens("Fach-\n   kräfte") == "Fachkräfte");
    CHECK(join_line_break_hyphens("Nord-\nund Südseite") == "Nord-\nund Südseite");
    CHECK(join_line_break_hyphens("EU-\nFörderung") == "EU-\nFörderung");  // capital: a real hyphen
    CHECK(join_line_break_hyphens("EU-Förderung") == "EU-Förderung");
}

TEST_CASE("the base of feminine plurals", "[normaliser]") {
    CHECK(gender_base("Bürgerinnen") == "Bürger");
    CHECK(gender_base("Lehrerinnen") == "Lehrer");
    CHECK(gender_base("beginnen") == "");
    CHECK(gender_base("Spinnen") == "");
}
