#include "searcher/match_walk.hpp"

#include <catch2/catch.hpp>

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
