#include "schema/analysis.hpp"
#include "schema/umlaut_stem.hpp"

#include <catch2/catch.hpp>

using news::schema::GermanAnalyzer;

TEST_CASE("German inflections share a stem, capitalised or not", "[analysis]") {
    // The plural umlaut of "Kräfte" as the word lists give it (UmlautFolds).
    auto folds = news::schema::UmlautFolds::from_entries({{"Kräfte", "NMm"}}, {"kraft"}, {"kraft"});
    GermanAnalyzer a(news::schema::AnalysisProfile::FULL, nullptr, folds);
    CHECK(a.term("Metropolregionen") == a.term("Metropolregion"));
    CHECK(a.term("Fachkräfte") == a.term("Fachkraft"));  // a compound's plural head
    CHECK(a.term("Tagungen") == a.term("tagung"));
    CHECK(a.term("Förderprogrammen") == a.term("Förderprogramm"));
}

TEST_CASE("german2 folds umlaut transcriptions and sharp s", "[analysis]") {
    GermanAnalyzer a;
    CHECK(a.term("München") == a.term("Muenchen"));
    CHECK(a.term("Straße") == a.term("Strasse"));
    CHECK(a.term("Döner") == a.term("Doener"));
}

TEST_CASE("indexer and query parser analyse a word identically", "[analysis]") {
    GermanAnalyzer a;
    Xapian::Document doc;
    Xapian::TermGenerator tg;
    a.configure(tg);
    tg.set_document(doc);
    tg.index_text("Die Metropolregionen tagten");
    Xapian::QueryParser qp;
    a.configure(qp);
    Xapian::Query q = qp.parse_query("Metropolregion");
    std::string query_term = *q.get_terms_begin();
    bool found = false;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) found |= (*t == query_term);
    CHECK(found);
}

TEST_CASE("stopwords are dropped from queries but kept in phrases", "[analysis]") {
    GermanAnalyzer a;
    CHECK(a.is_stopword("der"));
    CHECK_FALSE(a.is_stopword("tagung"));
    Xapian::QueryParser qp;
    a.configure(qp);
    CHECK(qp.parse_query("der Tagung").get_description() == "Query(tagung@2)");
    CHECK(qp.parse_query("\"Tag der Regionen\"").get_description() == "Query((tag@1 PHRASE 3 der@2 PHRASE 3 region@3))");
}
