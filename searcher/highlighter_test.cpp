#include "searcher/highlighter.hpp"

#include "schema/umlaut_stem.hpp"

#include <catch2/catch.hpp>

#include <random>

using namespace news::searcher;

namespace {
Xapian::Query parse(const std::string& q) {
    news::schema::GermanAnalyzer a;
    Xapian::QueryParser qp;
    a.configure(qp);
    return qp.parse_query(q);
}
}  // namespace

TEST_CASE("matched words are marked as they stand, inflections included", "[highlight]") {
    Highlighter h(parse("Metropolregion"), {});
    std::string s = h.snippet("Die elf Metropolregionen trafen sich; die Metropolregion Hamburg lud ein.", 200);
    CHECK(s == "Die elf <mark>Metropolregionen</mark> trafen sich; die <mark>Metropolregion</mark> Hamburg lud ein.");
}

TEST_CASE("short words whose first letter is an umlaut or a transcription match", "[highlight]") {
    // Without the index's umlaut folds (none here) "Äpfel" is not "Apfel": the query asks for Äpfel.
    Highlighter h(parse("Äpfel Öl"), {});
    std::string s = h.snippet("Äpfel, ÄPFEL, Öl, Oel und Ueberfluss an Obst.", 200);
    CHECK(s == "<mark>Äpfel</mark>, <mark>ÄPFEL</mark>, <mark>Öl</mark>, <mark>Oel</mark> und Ueberfluss an Obst.");
    Highlighter u(parse("Übel"), {});
    CHECK(u.snippet("Ein Uebel, ein Übel.", 200) == "Ein <mark>Uebel</mark>, ein <mark>Übel</mark>.");
}

TEST_CASE("the snippet is HTML-escaped", "[highlight]") {
    Highlighter h(parse("Tagung"), {});
    std::string s = h.snippet("<script>alert(1)</script> Tagung & \"mehr\"", 200);
    CHECK(s.find("<script>") == std::string::npos);
    CHECK(s.find("&lt;script&gt;") != std::string::npos);
    CHECK(s.find("<mark>Tagung</mark> &amp; &quot;mehr&quot;") != std::string::npos);
}

TEST_CASE("long texts are cut around the best passage", "[highlight]") {
    Highlighter h(parse("Photonik"), {});
    std::string filler;
    for (int i = 0; i < 50; ++i) filler += "Wort ";
    std::string s = h.snippet(filler + "Optik und Photonik in Jena. " + filler, 120);
    CHECK(s.find("<mark>Photonik</mark>") != std::string::npos);
    CHECK(s.rfind("… ", 0) == 0);
    CHECK(s.size() < 200);
}

TEST_CASE("wildcard prefixes highlight the words they expand to", "[highlight]") {
    Highlighter h(Xapian::Query(), {"fachkr"});
    CHECK(h.snippet("Mehr Fachkräfte gesucht.", 100) == "Mehr <mark>Fachkräfte</mark> gesucht.");
}

TEST_CASE("every gender-inclusive spelling is marked whole", "[highlight][gender]") {
    for (const char* query : {"Bürger", "Bürgerinnen"}) {
        Highlighter h(parse(query), {});
        for (const char* form : {"Bürger*innen", "Bürger:innen", "Bürger_innen", "Bürger/innen", "Bürger/-innen",
                                 "Bürger(innen)", "BürgerInnen"}) {
            std::string text = std::string("Alle ") + form + " sind eingeladen.";
            CHECK(h.snippet(text, 200) == std::string("Alle <mark>") + form + "</mark> sind eingeladen.");
        }
    }
}

TEST_CASE("compounds and gender forms are marked whole", "[highlight]") {
    Highlighter h(parse("Fachkräfte Bürger Region"), {});
    std::string s = h.snippet("Die Fachkräftesicherung der Metropolregion geht alle Bürgerinnen an.", 200);
    CHECK(s == "Die <mark>Fachkräftesicherung</mark> der <mark>Metropolregion</mark> geht alle <mark>Bürgerinnen</mark> an.");
    CHECK(h.snippet("Ein Heiratsantrag.", 100) == "Ein Heiratsantrag.");
}

TEST_CASE("filter terms are not highlighted", "[highlight]") {
    Xapian::Query q(Xapian::Query::OP_FILTER, parse("Metropolregion"), Xapian::Query("XREGIONmitteldeutschland"));
    Highlighter h(q, {});
    CHECK(h.snippet("Die Metropolregion Mitteldeutschland", 100) == "Die <mark>Metropolregion</mark> Mitteldeutschland");
    Highlighter t(Xapian::Query("Stagung"), {});
    CHECK(t.snippet("Die Tagung", 100) == "Die <mark>Tagung</mark>");
}

TEST_CASE("a shared term cache gives the same snippets and remembers words", "[highlight]") {
    TermCache cache(news::schema::AnalysisProfile::FULL, 4);
    const std::string text = "Die Fachkräftesicherung der Metropolregion geht alle Bürgerinnen an.";
    Highlighter own(parse("Fachkräfte Bürger Region"), {});
    Highlighter shared(parse("Fachkräfte Bürger Region"), {}, cache);
    CHECK(shared.snippet(text, 200) == own.snippet(text, 200));
    CHECK(shared.snippet(text, 200) == own.snippet(text, 200));  // from the cache, started afresh when full
    CHECK(cache.size() <= 2 * 4);
    const WordForms& f = cache.forms("Bürgerinnen");
    CHECK(f.term == cache.term("Bürgerinnen"));
    CHECK(f.base_term == cache.term("Bürger"));
    CHECK(f.folded == news::schema::normalise_umlauts("Bürgerinnen"));
    CHECK(cache.forms("Hafen").folded.empty());  // short words are not searched for compound parts
}

TEST_CASE("the passage with the most query words wins, of equals, the earliest", "[highlight]") {
    Highlighter h(parse("Hafen Bahn"), {});
    std::string filler;
    for (int i = 0; i < 30; ++i) filler += "Wort ";
    const std::string text = "Der Hafen wächst. " + filler + "Erst Hafen und Bahn zusammen. " + filler +
                             "Wieder Hafen und Bahn. " + filler;
    std::string s = h.snippet(text, 60);
    CHECK(s.find("Erst <mark>Hafen</mark> und <mark>Bahn</mark> zusammen") != std::string::npos);
    CHECK(s.find("Wieder") == std::string::npos);
    // Inflected forms of one word are still one word of the query.
    Highlighter one(parse("Hafen"), {});
    std::string t = one.snippet("Am Hafen. " + filler + "Häfen und Hafens und Hafen. " + filler, 60);
    CHECK(t.rfind("Am <mark>Hafen</mark>", 0) == 0);
}

TEST_CASE("reading a text only as far as needed gives the snippet of reading it all", "[highlight]") {
    TermCache cache;
    const std::vector<std::string> vocab{"Hafen", "Häfen", "Bahn", "Bahnhof", "Hafenbahn", "Bürgerinnen", "Bürger",
                                         "Fachkräftesicherung", "Fachkräfte", "Wort", "und", "der", "Straße",
                                         "Strasse", "Ölpreis", "Oel", "Region", "Metropolregion", "Übel", "&", "<b>",
                                         "Anführung\"", "Zeile\n\n"};
    const std::vector<std::string> queries{"Hafen", "Hafen Bahn", "Bürger Fachkräfte", "Region Öl Straße",
                                           "Übel Wort Bahn Hafen", "nichtda", "Hafen nichtda"};
    std::mt19937 gen(11);
    int compared = 0, marked = 0;
    for (int round = 0; round < 300; ++round) {
        const std::string& q = queries[gen() % queries.size()];
        std::vector<std::string> wildcards;
        if (gen() % 5 == 0) wildcards.push_back("fachkr");
        Highlighter early(parse(q), wildcards, cache);
        Highlighter whole(parse(q), wildcards, cache);
        whole.set_exhaustive(true);
        std::string text;
        const size_t words = 1 + gen() % (round % 10 == 0 ? 3000 : 200);  // some with more than 200 matches
        for (size_t i = 0; i < words; ++i) text += vocab[gen() % vocab.size()] + (gen() % 7 ? " " : ". ");
        const size_t max_chars = gen() % 320;  // 0 and tiny passages included
        CAPTURE(q, max_chars, text.size());
        const std::string a = early.snippet(text, max_chars);
        CHECK(a == whole.snippet(text, max_chars));
        ++compared;
        marked += a.find("<mark>") != std::string::npos;
    }
    CHECK(compared == 300);
    CHECK(marked > 150);
}

TEST_CASE("the 200th match can still begin the best passage", "[highlight]") {
    Highlighter h(parse("Hafen Bahn Flughafenzubringer"), {});  // the third word is in no text
    std::string text;
    for (int i = 0; i < 199; ++i) text += "Hafen Wort Wort Wort Wort Wort Wort Wort. ";
    text += "Der letzte Hafen mit Bahn. ";
    for (int i = 0; i < 20; ++i) text += "Wort ";
    Highlighter whole(parse("Hafen Bahn Flughafenzubringer"), {});
    whole.set_exhaustive(true);
    const std::string s = h.snippet(text, 60);
    CHECK(s.find("<mark>Hafen</mark> mit <mark>Bahn</mark>") != std::string::npos);
    CHECK(s == whole.snippet(text, 60));
}

TEST_CASE("every match the passage was chosen for is shown", "[highlight]") {
    Highlighter h(parse("Hafen Bahn"), {});
    std::string filler;
    for (int i = 0; i < 20; ++i) filler += "Wort ";
    // The first Hafen has Bahn within 60 characters, but past what a
    // 60-character snippet shows after its context; the second has it at once.
    const std::string text = filler + "Am Hafen viel Wort Wort Wort Wort und Wort. Neuer Hafen Bahn dort. " + filler;
    const std::string s = h.snippet(text, 60);
    CHECK(s.find("<mark>Hafen</mark> <mark>Bahn</mark>") != std::string::npos);
}
