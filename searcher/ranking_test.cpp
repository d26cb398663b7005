#include "searcher/ranking.hpp"

#include "searcher/facets.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <tuple>

#include <map>
#include <random>

using namespace news::searcher;

namespace {

std::map<Xapian::docid, double> weights(const Xapian::Database& db, const Xapian::Query& q, unsigned check_at_least) {
    Xapian::Enquire e(db);
    e.set_query(q);
    Xapian::MSet m = e.get_mset(0, 3, check_at_least);
    std::map<Xapian::docid, double> out;
    for (auto it = m.begin(); it != m.end(); ++it) out[*it] = it.get_weight();
    return out;
}

double weight_of(const Xapian::Database& db, const Xapian::Query& q, Xapian::docid did) {
    Xapian::Enquire e(db);
    e.set_query(q);
    Xapian::MSet m = e.get_mset(0, db.get_doccount());
    for (auto it = m.begin(); it != m.end(); ++it)
        if (*it == did) return it.get_weight();
    return 0;
}

/// Documents like the archive's: a compound part ("universitat" in
/// "Uni-Universitätsklinik") is indexed without a position.
Xapian::WritableDatabase make_db() {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    for (int i = 0; i < 60; ++i) {
        Xapian::Document doc;
        Xapian::termpos pos = 1;
        for (int k = 0; k < 3 + i % 7; ++k) doc.add_posting("filler" + std::to_string((i + k) % 5), pos++);
        if (i % 3 == 0) doc.add_posting("uni", pos++);
        if (i % 4 == 0) doc.add_posting("universitat", pos++);
        if (i % 5 == 0) doc.add_term("universitat");  // compound part: no position
        if (i % 6 == 0) doc.add_posting("uni", pos++), doc.add_posting("universitat", pos++);
        if (i % 9 == 0) doc.add_term("Suni");
        db.add_document(doc);
    }
    return db;
}

}  // namespace

TEST_CASE("a boosted weight is the query's weight plus each boost's", "[ranking]") {
    Xapian::WritableDatabase db = make_db();
    Xapian::Query q(Xapian::Query::OP_AND, Xapian::Query("uni", 1, 1), Xapian::Query("universitat", 1, 2));
    std::vector<Xapian::Query> boosts = ranking_boosts(q);
    REQUIRE(boosts.size() == 3);  // title, phrase, proximity
    Xapian::Query boosted = with_ranking_boosts(q);
    for (Xapian::docid did = 1; did <= db.get_lastdocid(); ++did) {
        double expected = weight_of(db, q, did);
        if (expected == 0) continue;
        for (const Xapian::Query& b : boosts) expected += weight_of(db, b, did);
        CAPTURE(did);
        CHECK(weight_of(db, boosted, did) == Approx(expected).epsilon(1e-12));
    }
}

TEST_CASE("stopping early finds the same top hits as a full match", "[ranking]") {
    Xapian::WritableDatabase db = make_db();
    for (const char* a : {"uni", "filler1"}) {
        Xapian::Query q(Xapian::Query::OP_AND, Xapian::Query(a, 1, 1), Xapian::Query("universitat", 1, 2));
        Xapian::Query boosted = with_ranking_boosts(q);
        CAPTURE(a);
        CHECK(weights(db, boosted, 3) == weights(db, boosted, db.get_doccount()));
    }
}

TEST_CASE("no boosts without free-text words", "[ranking]") {
    CHECK(ranking_boosts(Xapian::Query("XREGIONhamburg")).empty());
    CHECK(ranking_boosts(Xapian::Query("hafen")).size() == 1);
    Xapian::Query browse = Xapian::Query::MatchAll;
    CHECK(with_ranking_boosts(browse).get_description() == browse.get_description());
}

TEST_CASE("phrase and proximity boosts only for words side by side", "[ranking]") {
    Xapian::Query a("hafen", 1, 1), b("bahn", 1, 2);
    CHECK(ranking_boosts(Xapian::Query(Xapian::Query::OP_AND, a, b)).size() == 3);
    // Synonyms are alternatives, an excluded word is not in the text.
    CHECK(ranking_boosts(Xapian::Query(Xapian::Query::OP_OR, a, b)).size() == 1);
    CHECK(ranking_boosts(Xapian::Query(Xapian::Query::OP_AND_NOT, a, b)).size() == 1);
    Xapian::Query filtered(Xapian::Query::OP_FILTER, Xapian::Query(Xapian::Query::OP_AND, a, b),
                           Xapian::Query("XREGIONhamburg"));
    CHECK(ranking_boosts(filtered).size() == 3);
}

TEST_CASE("a quoted phrase weighs as with its phrase and proximity boosts", "[ranking]") {
    Xapian::WritableDatabase db = make_db();
    std::vector<std::string> words{"uni", "universitat"};
    Xapian::Query phrase(Xapian::Query::OP_PHRASE, words.begin(), words.end(), 2);
    REQUIRE(ranking_boosts(phrase).size() == 1);  // the title only
    Xapian::Query title = ranking_boosts(phrase).front();
    Xapian::Query near(Xapian::Query::OP_NEAR, words.begin(), words.end(), 6);
    Xapian::Query boosted = with_ranking_boosts(phrase);
    int matches = 0;
    for (Xapian::docid did = 1; did <= db.get_lastdocid(); ++did) {
        double w = weight_of(db, phrase, did);
        if (w == 0) continue;
        ++matches;
        double expected = w + 0.5 * weight_of(db, phrase, did) + 0.25 * weight_of(db, near, did) + weight_of(db, title, did);
        CAPTURE(did);
        CHECK(weight_of(db, boosted, did) == Approx(expected).epsilon(1e-12));
    }
    CHECK(matches > 0);
}

/// What proximity_rescore() must give: each boost's weight from an Enquire
/// of its own, summed, for the documents in `top`.
std::map<Xapian::docid, double> boosts_apart(const Xapian::Database& db, const Xapian::Query& q,
                                             const std::vector<Xapian::docid>& top) {
    std::map<Xapian::docid, double> out;
    for (const Xapian::Query& b : proximity_boosts(q))
        for (Xapian::docid did : top)
            if (double w = weight_of(db, b, did); w > 0) out[did] += w;
    return out;
}

void check_rescore(const Xapian::Database& db, const Xapian::Query& q, const std::vector<Xapian::docid>& top) {
    std::map<Xapian::docid, double> expected = boosts_apart(db, q, top);
    auto got = proximity_rescore(db, q, top);
    CHECK(got.size() == expected.size());
    for (const auto& [did, w] : expected) {
        CAPTURE(did);
        REQUIRE(got.count(did) == 1);
        CHECK(got[did] == Approx(w).epsilon(1e-12));
    }
}

TEST_CASE("rescoring the top weighs each document as the proximity boosts would", "[ranking]") {
    Xapian::WritableDatabase db = make_db();  // with compound parts that have no position
    std::vector<Xapian::docid> top;
    for (Xapian::docid did = db.get_lastdocid(); did >= 1; --did)
        if (did % 4 != 0) top.push_back(did);  // any order, some left out
    Xapian::Query q(Xapian::Query::OP_AND, Xapian::Query("uni", 1, 1), Xapian::Query("universitat", 1, 2));
    REQUIRE(boosts_apart(db, q, top).size() > 3);
    check_rescore(db, q, top);
    CHECK(proximity_rescore(db, Xapian::Query("uni"), top).empty());  // one word: no boosts

    // Random texts of three words among fillers: phrases, pairs, words far
    // apart, in any order, repeated; a query word twice goes to Xapian.
    Xapian::WritableDatabase rnd(std::string(), Xapian::DB_BACKEND_INMEMORY);
    std::mt19937 gen(7);
    const std::vector<std::string> vocab{"a", "b", "c", "f1", "f2", "f3", "f4"};
    for (int i = 0; i < 400; ++i) {
        Xapian::Document doc;
        const int len = 3 + static_cast<int>(gen() % 25);
        for (int p = 1; p <= len; ++p) doc.add_posting(vocab[gen() % (i % 2 ? 3 : vocab.size())], static_cast<Xapian::termpos>(p));
        rnd.add_document(doc);
    }
    std::vector<Xapian::docid> all;
    for (Xapian::docid did = 1; did <= rnd.get_lastdocid(); ++did) all.push_back(did);
    for (std::vector<std::string> words : std::vector<std::vector<std::string>>{{"a", "b"}, {"b", "a"}, {"a", "b", "c"},
                                                                                 {"c", "f1", "a"}, {"a", "b", "a"}}) {
        std::vector<Xapian::Query> terms;
        for (const std::string& w : words) terms.emplace_back(w);
        Xapian::Query query(Xapian::Query::OP_AND, terms.begin(), terms.end());
        CAPTURE(query.get_description());
        REQUIRE(boosts_apart(rnd, query, all).size() > 5);
        check_rescore(rnd, query, all);
    }
}

TEST_CASE("date ranges read from the facet table rank as the value ranges do", "[ranking]") {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    std::mt19937 rng(5);
    const char* vocabulary[] = {"hafen", "bahn", "stadt", "rat", "wahl"};
    for (int i = 0; i < 400; ++i) {
        Xapian::Document doc;
        const int n = 3 + static_cast<int>(rng() % 12);
        for (int p = 1; p <= n; ++p) doc.add_posting(vocabulary[rng() % 5], static_cast<Xapian::termpos>(p));
        if (rng() % 8 != 0) {
            char ymd[9];
            std::snprintf(ymd, sizeof ymd, "%04u%02u%02u", 2015 + static_cast<unsigned>(rng() % 6),
                          1 + static_cast<unsigned>(rng() % 12), 1 + static_cast<unsigned>(rng() % 28));
            doc.add_value(4, ymd);
        }
        db.add_document(doc);
    }
    for (Xapian::docid did : {5u, 6u, 200u}) db.delete_document(did);
    db.commit();
    auto table = std::make_shared<const FacetTable>(db, std::vector<FacetSlot>{}, 9, 4);
    using Q = Xapian::Query;
    auto ranked = [&](const Q& q, Xapian::doccount n) {
        Xapian::Enquire e(db);
        e.set_query(q);
        Xapian::MSet m = e.get_mset(0, n, n);
        std::vector<std::tuple<Xapian::docid, double, int>> out;
        for (auto it = m.begin(); it != m.end(); ++it) out.emplace_back(*it, it.get_weight(), it.get_percent());
        return std::make_pair(out, m.get_matches_estimated());
    };
    const Q words(Q::OP_OR, Q("hafen"), Q("wahl"));
    int replaced = 0, ranges = 0;
    for (const Q& range : {Q(Q::OP_VALUE_RANGE, 4, "20170101", "20171231"), Q(Q::OP_VALUE_GE, 4, "20190615"),
                           Q(Q::OP_VALUE_LE, 4, "20150310"), Q(Q::OP_VALUE_RANGE, 4, "20180101", "20160101")})
        for (const Q& q : {Q(Q::OP_FILTER, words, range), Q(Q::OP_AND, Q("bahn"), range),
                           Q(Q::OP_AND_MAYBE, Q(Q::OP_FILTER, Q("stadt"), range), Q("rat")),
                           Q(Q::OP_OR, Q("rat"), Q(Q::OP_AND, Q("bahn"), range)), Q(Q::OP_AND_NOT, words, range),
                           Q(Q::OP_FILTER, Q::MatchAll, range)}) {
            const Q from_table = with_table_dates(q, table);
            INFO(q.get_description());
            replaced += from_table.get_description() != q.get_description();
            ranges += q.get_description().find("VALUE_") != std::string::npos;
            for (Xapian::doccount n : {10u, 400u}) {
                auto a = ranked(from_table, n), b = ranked(q, n);
                CHECK(a.first.size() == b.first.size());
                if (n == 400) CHECK(a.second == b.second);  // all seen: exact (a search that stops early estimates)
                for (size_t i = 0; i < std::min(a.first.size(), b.first.size()); ++i) {
                    CHECK(std::get<0>(a.first[i]) == std::get<0>(b.first[i]));
                    CHECK(std::get<1>(a.first[i]) == Approx(std::get<1>(b.first[i])));
                    CHECK(std::get<2>(a.first[i]) == std::get<2>(b.first[i]));
                }
            }
        }
    CHECK(replaced == ranges);
    CHECK(ranges == 18);  // the empty range is no range: Xapian makes it MatchNothing
    // Another slot, bounds that are no dates, a scaled range: left as they are.
    for (const Q& q : {Q(Q::OP_FILTER, words, Q(Q::OP_VALUE_GE, 3, "20170101")),
                       Q(Q::OP_FILTER, words, Q(Q::OP_VALUE_GE, 4, "2017")),
                       Q(Q::OP_SCALE_WEIGHT, Q(Q::OP_FILTER, words, Q(Q::OP_VALUE_GE, 4, "20170101")), 2.0)})
        CHECK(with_table_dates(q, table).get_description() == q.get_description());
}
