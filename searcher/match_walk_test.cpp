#include "searcher/match_walk.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>

#include <random>
#include <vector>

using namespace news::searcher;
using Q = Xapian::Query;

namespace {

const std::vector<std::string> kTerms{"a", "b", "c", "d", "e", "rare", "absent"};

/// 400 documents with terms drawn at random (each with its own frequency),
/// a few deleted so that docids have gaps.
Xapian::WritableDatabase make_db() {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    std::mt19937 rng(7);
    const double freq[] = {0.5, 0.3, 0.1, 0.7, 0.05, 0.01, 0.0};
    for (int i = 0; i < 400; ++i) {
        Xapian::Document doc;
        for (size_t t = 0; t < kTerms.size(); ++t)
            if (std::uniform_real_distribution<>(0, 1)(rng) < freq[t]) doc.add_posting(kTerms[t], 1);
        doc.add_value(0, std::to_string(i % 10));
        db.add_document(doc);
    }
    for (Xapian::docid did : {3u, 50u, 51u, 399u, 400u}) db.delete_document(did);
    db.commit();
    return db;
}

std::vector<Xapian::docid> by_enquire(const Xapian::Database& db, const Q& q) {
    Xapian::Enquire e(db);
    e.set_query(q);
    e.set_weighting_scheme(Xapian::BoolWeight());
    e.set_docid_order(Xapian::Enquire::ASCENDING);
    Xapian::MSet m = e.get_mset(0, db.get_doccount());
    std::vector<Xapian::docid> out;
    for (auto it = m.begin(); it != m.end(); ++it) out.push_back(*it);
    return out;
}

std::vector<Xapian::docid> by_walk(const Xapian::Database& db, const Q& q) {
    std::vector<Xapian::docid> out;
    REQUIRE(walk_matches(db, q, [&](Xapian::docid d) { out.push_back(d); }));
    return out;
}

/// A random query tree of the walkable shapes.
Q random_query(std::mt19937& rng, int depth) {
    auto pick = [&](int n) { return std::uniform_int_distribution<>(0, n - 1)(rng); };
    if (depth == 0 || pick(3) == 0) {
        int t = pick(static_cast<int>(kTerms.size()) + 1);
        return t == static_cast<int>(kTerms.size()) ? Q::MatchAll : Q(kTerms[static_cast<size_t>(t)]);
    }
    std::vector<Q> parts;
    const int n = 1 + pick(3);
    for (int i = 0; i < n; ++i) parts.push_back(random_query(rng, depth - 1));
    static const Q::op ops[] = {Q::OP_AND, Q::OP_OR, Q::OP_AND_NOT, Q::OP_FILTER, Q::OP_AND_MAYBE, Q::OP_SYNONYM};
    Q q(ops[pick(6)], parts.begin(), parts.end());
    return pick(4) == 0 ? Q(Q::OP_SCALE_WEIGHT, q, 2.0) : q;
}

}  // namespace

TEST_CASE("walking posting lists finds what Enquire finds", "[match_walk]") {
    Xapian::WritableDatabase db = make_db();
    SECTION("single terms, all documents, nothing") {
        for (const std::string& t : kTerms) CHECK(by_walk(db, Q(t)) == by_enquire(db, Q(t)));
        CHECK(by_walk(db, Q::MatchAll).size() == db.get_doccount());
        CHECK(by_walk(db, Q::MatchNothing).empty());
        CHECK(by_walk(db, Q()).empty());
    }
    SECTION("random trees of AND, OR, AND_NOT, FILTER, AND_MAYBE, SYNONYM, SCALE_WEIGHT") {
        std::mt19937 rng(11);
        int nonempty = 0;
        for (int i = 0; i < 300; ++i) {
            Q q = random_query(rng, 3);
            INFO(q.get_description());
            auto expected = by_enquire(db, q);
            nonempty += !expected.empty();
            CHECK(by_walk(db, q) == expected);
        }
        CHECK(nonempty > 100);  // the trees are not all trivially empty
    }
}

TEST_CASE("queries the walk leaves to Enquire", "[match_walk]") {
    Xapian::WritableDatabase db = make_db();
    std::vector<std::string> ab{"a", "b"};
    const Q phrase(Q::OP_PHRASE, ab.begin(), ab.end(), 2);
    const Q near(Q::OP_NEAR, ab.begin(), ab.end(), 4);
    const Q range(Q::OP_VALUE_RANGE, 0, "2", "5");
    const Q wildcard(Q::OP_WILDCARD, "ra");
    for (const Q& q : {phrase, near, range, wildcard, Q(Q::OP_AND, Q("a"), range), Q(Q::OP_OR, Q("c"), phrase),
                       Q(Q::OP_AND_NOT, Q("a"), near)}) {
        INFO(q.get_description());
        CHECK_FALSE(can_walk(q));
        bool called = false;
        CHECK_FALSE(walk_matches(db, q, [&](Xapian::docid) { called = true; }));
        CHECK_FALSE(called);
    }
    CHECK(can_walk(Q(Q::OP_AND_MAYBE, Q("a"), phrase)));  // the optional side is never walked
}

namespace {

/// 300 documents: words at positions, a date in slot 1 (YYYYMMDD, some
/// documents without one), some deleted.
Xapian::WritableDatabase make_dated_db() {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    std::mt19937 rng(23);
    const std::vector<std::string> words{"wahl", "kampf", "rad", "radio", "radweg", "rat", "ratten", "x"};
    for (int i = 0; i < 300; ++i) {
        Xapian::Document doc;
        const int n = 2 + static_cast<int>(rng() % 10);
        for (int p = 1; p <= n; ++p) doc.add_posting(words[rng() % words.size()], static_cast<Xapian::termpos>(p));
        if (rng() % 10 != 0) {
            char ymd[9];
            std::snprintf(ymd, sizeof ymd, "%04u%02u%02u", 2014 + static_cast<unsigned>(rng() % 4),
                          1 + static_cast<unsigned>(rng() % 12), 1 + static_cast<unsigned>(rng() % 28));
            doc.add_value(1, ymd);
        }
        db.add_document(doc);
    }
    for (Xapian::docid did : {1u, 77u, 78u, 300u}) db.delete_document(did);
    db.commit();
    return db;
}

std::vector<Xapian::docid> by_walk_with(const Xapian::Database& db, const Q& q, const WalkOptions& options) {
    std::vector<Xapian::docid> out;
    REQUIRE(walk_matches(db, q, [&](Xapian::docid d) { out.push_back(d); }, std::chrono::steady_clock::time_point::max(),
                         nullptr, options));
    return out;
}

}  // namespace

TEST_CASE("date ranges are walked from the facet table's days", "[match_walk]") {
    Xapian::WritableDatabase db = make_dated_db();
    FacetTable table(db, {}, 9, 1);
    WalkOptions options;
    options.dates = &table;
    const std::vector<std::pair<std::string, std::string>> ranges{
        {"20150101", "20151231"}, {"20140301", "20140301"}, {"20170101", "20991231"},
        {"20160229", "20160301"}, {"20151231", "20150101"}};
    for (const auto& [from, to] : ranges) {
        for (const Q& q : {Q(Q::OP_VALUE_RANGE, 1, from, to), Q(Q::OP_VALUE_GE, 1, from), Q(Q::OP_VALUE_LE, 1, to),
                           Q(Q::OP_FILTER, Q("wahl"), Q(Q::OP_VALUE_RANGE, 1, from, to)),
                           Q(Q::OP_FILTER, Q::MatchAll, Q(Q::OP_VALUE_GE, 1, from)),
                           Q(Q::OP_AND_NOT, Q("rad"), Q(Q::OP_VALUE_LE, 1, to)),
                           Q(Q::OP_OR, Q("kampf"), Q(Q::OP_VALUE_RANGE, 1, from, to))}) {
            INFO(q.get_description());
            CHECK(by_walk_with(db, q, options) == by_enquire(db, q));
        }
    }
    CHECK_FALSE(by_enquire(db, Q(Q::OP_VALUE_RANGE, 1, "20150101", "20151231")).empty());
    SECTION("other slots, bounds that are no dates, or no table: left to Enquire") {
        for (const Q& q : {Q(Q::OP_VALUE_RANGE, 2, "20150101", "20151231"), Q(Q::OP_VALUE_GE, 1, "2015"),
                           Q(Q::OP_VALUE_LE, 1, "20151340"), Q(Q::OP_VALUE_RANGE, 1, "2015-01-01", "2015-12-31")}) {
            INFO(q.get_description());
            CHECK_FALSE(walk_matches(db, q, [](Xapian::docid) {}, std::chrono::steady_clock::time_point::max(), nullptr,
                                     options));
        }
        CHECK_FALSE(can_walk(Q(Q::OP_VALUE_GE, 1, "20150101")));
        FacetTable without_dates(db, {}, 9);
        options.dates = &without_dates;
        CHECK_FALSE(can_walk(Q(Q::OP_VALUE_GE, 1, "20150101"), options));
    }
}

TEST_CASE("wildcards within their limit and wide ORs are walked", "[match_walk]") {
    Xapian::WritableDatabase db = make_dated_db();
    WalkOptions options;
    options.wildcard_limit = 100;
    for (const Q& q : {Q(Q::OP_WILDCARD, "ra"), Q(Q::OP_WILDCARD, "rad", 100, Q::WILDCARD_LIMIT_MOST_FREQUENT),
                       Q(Q::OP_WILDCARD, "nothing"), Q(Q::OP_WILDCARD, "x"),
                       Q(Q::OP_AND, Q("wahl"), Q(Q::OP_WILDCARD, "rat")),
                       Q(Q::OP_AND_NOT, Q(Q::OP_WILDCARD, "ra", 0, Q::WILDCARD_LIMIT_ERROR, Q::OP_OR), Q("kampf"))}) {
        INFO(q.get_description());
        CHECK(by_walk_with(db, q, options) == by_enquire(db, q));
    }
    SECTION("more terms than the limit: the limit chooses, so Enquire") {
        options.wildcard_limit = 2;  // "ra" stands for rad, radio, radweg, rat, ratten
        CHECK_FALSE(walk_matches(db, Q(Q::OP_WILDCARD, "ra"), [](Xapian::docid) {}, std::chrono::steady_clock::time_point::max(),
                                 nullptr, options));
        CHECK(by_walk_with(db, Q(Q::OP_WILDCARD, "radw"), options) == by_enquire(db, Q("radweg")));
    }
    SECTION("an OR of many parts (a bitmap)") {
        std::vector<Q> parts;
        for (const char* t : {"wahl", "kampf", "rad", "radio", "radweg", "rat", "ratten", "x", "absent"})
            parts.emplace_back(t);
        parts.emplace_back(Q::OP_AND, Q("wahl"), Q("rad"));
        const Q wide(Q::OP_OR, parts.begin(), parts.end());
        CHECK(by_walk(db, wide) == by_enquire(db, wide));
        const Q narrowed(Q::OP_AND, wide, Q("kampf"));
        CHECK(by_walk(db, narrowed) == by_enquire(db, narrowed));
        CHECK(by_walk(db, Q(Q::OP_AND_NOT, Q::MatchAll, wide)) == by_enquire(db, Q(Q::OP_AND_NOT, Q::MatchAll, wide)));
    }
}
