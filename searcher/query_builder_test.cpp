#include "searcher/query_builder.hpp"
#include "searcher/query_rewriter.hpp"
#include "schema/decompounder.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <unistd.h>

using namespace news::searcher;

// Golden tests: a query string and the Xapian query it must become.
TEST_CASE("query language", "[query]") {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    QueryBuilder qb(db);
    using Row = std::pair<const char*, const char*>;
    auto row = GENERATE(
        Row{"Regionen", "Query(region@1)"},
        Row{"Tagung Hamburg", "Query((tagung@1 AND hamburg@2))"},
        Row{"\"Tag der Regionen\"", "Query((tag@1 PHRASE 3 der@2 PHRASE 3 region@3))"},
        Row{"Hamburg OR Bremen", "Query((hamburg@1 OR brem@2))"},
        Row{"Hamburg NOT Bremen", "Query((hamburg@1 AND_NOT brem@2))"},
        Row{"+Hamburg -Bremen", "Query((hamburg@1 AND_NOT brem@2))"},
        Row{"titel:Tagung", "Query(Stagung@1)"},
        // Stopwords drop out of the field words, not out of the phrase.
        Row{"titel:\"Tag der Regionen\"", "Query((Stag@1 AND Sregion@3 AND (tag@4 PHRASE 3 der@5 PHRASE 3 region@6)))"},
        Row{"Hamburg -lead:\"Tag der Regionen\"",
            "Query((hamburg@1 AND_NOT (XLEADtag@2 AND XLEADregion@4 AND (tag@5 PHRASE 3 der@6 PHRASE 3 region@7))))"},
        Row{"autor:\"Anna Opitz\"", "Query((Aanna@1 PHRASE 2 Aopitz@2))"},
        Row{"title:Tagung", "Query(Stagung@1)"},
        Row{"autor:Opitz", "Query(Aopitz@1)"},
        Row{"region:EMMD", "Query(0 * XREGIONmitteldeutschland)"},
        Row{"thema:Forschung", "Query(0 * XTOPICwissenschaft)"},
        Row{"jahr:2024", "Query(0 * Y2024)"},
        Row{"datum:2024-01-01..2024-12-31", "Query(VALUE_RANGE 0 20240101 20241231)"},
        Row{"Fachkr*", "Query(WILDCARD SYNONYM fachkr)"},
        Row{"Münch*", "Query(WILDCARD SYNONYM münch)"},
        Row{"Muench*", "Query(WILDCARD SYNONYM münch)"},
        // Acronyms in capitals match acronyms only; in lower case any spelling.
        Row{"KI", "Query((XACROki OR (künstlich@2 PHRASE 2 intelligenz@3)))"},
        Row{"ki", "Query((ki@1 OR (künstlich@2 PHRASE 2 intelligenz@3)))"},
        Row{"\"künstliche Intelligenz\"", "Query((künstlich@1 PHRASE 2 intelligenz@2))"},
        Row{"Lehrer(innen)", "Query((lehrerinn@1 OR lehr@2))"},
        Row{"Flamingo-Küken", "Query(((flamingo@1 PHRASE 2 kük@2) OR flamingokük@3))"},
        Row{"(Hamburg OR Bremen) Tagung", "Query(((hamburg@1 OR brem@2) AND tagung@3))"});
    CAPTURE(row.first);
    CHECK(qb.describe(row.first) == row.second);
}

TEST_CASE("a compound query: the word, its parts as a phrase, near at half weight", "[query][compound]") {
    if (news::schema::Decompounder::load(news::schema::Decompounder::default_paths())->size() == 0) {
        WARN("SKIPPED: needs hunspell-de-de and wngerman");
        return;
    }
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    QueryBuilder qb(db);
    CHECK(qb.describe("Flamingoküken") ==
          "Query(((flamingokük OR (flamingo PHRASE 2 kük)) OR 0.5 * (flamingo NEAR 6 kük)))");
    CHECK(qb.compound_parts("Tagung").empty());
    CHECK(qb.compound_parts("flamingoküken").empty());  // lower case: not a noun
}

TEST_CASE("a phrase in a field without positions: its words in the field, the phrase in the text", "[query]") {
    const std::vector<std::string> fields{"titel", "lead"};
    using Row = std::pair<const char*, const char*>;
    auto row = GENERATE(
        Row{"titel:\"Neue Studie\"", "(titel:Neue titel:Studie \"Neue Studie\")"},
        Row{"x -titel:\"a, b\" y", "x -(titel:a titel:b \"a, b\") y"},
        Row{"titel:\"Hafen\" lead:\"Bahn\"", "titel:Hafen lead:Bahn"},
        Row{"autor:\"Anna Opitz\"", "autor:\"Anna Opitz\""},  // a field that keeps its positions
        Row{"\"ein titel:\" b", "\"ein titel:\" b"},              // inside a phrase: text
        Row{"untertitel:\"a b\"", "untertitel:\"a b\""},
        Row{"titel:\"a b", "titel:\"a b"},                         // unclosed: left to the parser
        Row{"titel:\"\" x", "titel:\"\" x"},
        Row{"titel:Hafen", "titel:Hafen"});
    CAPTURE(row.first);
    CHECK(expand_field_phrases(row.first, fields) == row.second);
}

TEST_CASE("filters: regions and topics by vocabulary, dates validated", "[query]") {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    QueryBuilder qb(db);
    SearchRequest req;
    req.regions = {"emmd", "Hamburg"};
    req.topics = {"Forschung"};
    req.from = "2024-01-01";
    BuiltQuery bq = qb.build(req);
    CHECK_FALSE(bq.has_words);
    CHECK(bq.filter.get_description() ==
          "Query(((XREGIONmitteldeutschland OR XREGIONhamburg) AND XTOPICwissenschaft AND VALUE_GE 0 20240101))");
    req.from = "2024-13-01";
    CHECK_THROWS_AS(qb.build(req), QueryError);
    req.from = "2024-02-01";
    req.to = "2024-01-01";
    CHECK_THROWS_AS(qb.build(req), QueryError);
}

TEST_CASE("an empty query without filters is an error", "[query]") {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    QueryBuilder qb(db);
    SearchRequest req;
    req.query = "   ";
    CHECK_THROWS_WITH(qb.build(req), Catch::Contains("empty query"));
    CHECK_THROWS_AS(parse_sort("nonsense"), QueryError);
    CHECK(parse_sort("date") == SortOrder::DATE_DESC);
}

TEST_CASE("spelling: only unknown words are corrected, capitalisation kept", "[query][spelling]") {
    // The in-memory backend has no spelling table: use a real one.
    std::string path = "/tmp/news_qb_spelling_" + std::to_string(::getpid());
    Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
    db.add_spelling("fachkräftesicherung", 3);
    db.add_spelling("metropolregion", 5);
    db.add_spelling("metropolregionen", 1);
    Xapian::Document doc;
    doc.add_term("metropolregion");
    db.add_document(doc);
    db.commit();
    QueryBuilder qb(db);
    CHECK(qb.correct_spelling("Fachkräftesicherng") == "Fachkräftesicherung");
    CHECK(qb.correct_spelling("Metropolregionen") == "");
    CHECK(qb.correct_spelling("titel:Fachkräftesicherng AND Metropolregion") == "titel:Fachkräftesicherung AND Metropolregion");
    db.close();
    std::filesystem::remove_all(path);
}

TEST_CASE("wildcards that would expand too far are refused before the search", "[query][security]") {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    Xapian::Document doc;
    // "ab…" stands for one word more than the bound, "fachkr…" for three.
    for (unsigned i = 0; i <= kMaxWildcardWords; ++i) doc.add_term("ab" + std::to_string(100000 + i));
    for (const char* w : {"fachkraft", "fachkrafte", "fachkraftesicherung"}) doc.add_term(w);
    db.add_document(doc);
    QueryBuilder qb(db);
    auto reason_of = [&](const std::string& q) {
        SearchRequest req;
        req.query = q;
        try {
            qb.build(req);
        } catch (const QueryError& e) {
            CHECK(e.param() == "q");
            return e.reason() == QueryError::Reason::TOO_BROAD ? std::string("too broad") : std::string("invalid");
        }
        return std::string("ok");
    };
    CHECK(reason_of("Fachkr*") == "ok");
    CHECK(reason_of("ab*") == "too broad");
    CHECK(reason_of("titel:ab*") == "too broad");
    std::string many, allowed;
    for (unsigned i = 0; i <= kMaxWildcards; ++i) {
        many += (i ? " OR " : "") + std::string("fachkr*");
        if (i < kMaxWildcards) allowed += (i ? " OR " : "") + std::string("fachkr*");
    }
    CHECK(reason_of(allowed) == "ok");
    CHECK(reason_of(many) == "too broad");
    // What the words are searched as: each wildcard at most kWildcardExpansion.
    CHECK(qb.wildcard_terms("Fachkr*") == 3);
    CHECK(qb.wildcard_terms("Fachkr* OR Hafen") == 3);
    CHECK(qb.wildcard_terms("Hafen") == 0);
    CHECK_THROWS_AS(qb.wildcard_terms("ab*"), QueryError);
    // The bomb of the security report: 23 one-letter wildcards in 134 bytes.
    std::string bomb;
    for (char c = 'a'; c <= 'w'; ++c) bomb += (c == 'a' ? "" : " OR ") + std::string(1, c) + "*";
    CHECK(reason_of(bomb) == "too broad");
}

TEST_CASE("errors name the request field at fault", "[query]") {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    db.add_document(Xapian::Document());
    QueryBuilder qb(db);
    auto param_of = [&](SearchRequest req) {
        try {
            qb.build(req);
        } catch (const QueryError& e) {
            return e.param();
        }
        return std::string("none");
    };
    SearchRequest like;
    like.like = "https://example.org/no-such-article";
    CHECK(param_of(like) == "like");
    SearchRequest from;
    from.query = "Hafen";
    from.from = "2024-13-01";
    CHECK(param_of(from) == "from");
    SearchRequest order;
    order.query = "Hafen";
    order.from = "2024-05-01";
    order.to = "2024-01-01";
    CHECK(param_of(order) == "from");
}
