#include "searcher/positional_sets.hpp"

#include "searcher/match_walk.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <random>
#include <tuple>
#include <vector>

#include <unistd.h>

using namespace news::searcher;
using Q = Xapian::Query;

namespace {

/// 500 documents of a few words at positions; some words without
/// positions (as compound parts are indexed), some documents deleted.
struct TempDir {
    std::filesystem::path path =
        std::filesystem::temp_directory_path() / ("positional_sets_test_" + std::to_string(::getpid()));
    ~TempDir() { std::filesystem::remove_all(path); }
};

/// On disk (glass): its phrase check of a word without positions is the
/// one the index has, which the in-memory backend does not share.
Xapian::WritableDatabase make_db(const TempDir& dir) {
    Xapian::WritableDatabase db(dir.path.string(), Xapian::DB_CREATE_OR_OVERWRITE);
    std::mt19937 rng(31);
    const char* words[] = {"wahl", "kampf", "wahlkampf", "stadt", "rat", "euro", "krise"};
    for (int i = 0; i < 500; ++i) {
        Xapian::Document doc;
        const int n = 3 + static_cast<int>(rng() % 25);
        // Euro and Krise rare: their phrase and NEAR match a few documents.
        std::discrete_distribution<int> pick{20, 20, 10, 25, 20, 2, 2};
        for (int p = 1; p <= n; ++p) doc.add_posting(words[pick(rng)], static_cast<Xapian::termpos>(p));
        if (rng() % 9 == 0) doc.add_term("kampf");  // a compound part: no position
        if (i % 50 == 7) {
            // A word without positions (as the indexer adds compound
            // parts): glass's phrase check passes "wahl kampf" here (as
            // if "wahl" stood at 0), its NEAR check does not.
            doc = Xapian::Document();
            doc.add_term("wahl");
            doc.add_posting("kampf", 1);
            doc.add_posting("stadt", 2);
        }
        doc.add_boolean_term("Qa" + std::to_string(i));
        db.add_document(doc);
    }
    for (Xapian::docid did : {4u, 5u, 250u}) db.delete_document(did);
    db.commit();
    return db;
}

using Ranking = std::vector<std::tuple<Xapian::docid, double, int>>;

Ranking ranked(const Xapian::Database& db, const Q& q, Xapian::doccount n) {
    Xapian::Enquire e(db);
    e.set_query(q);
    Xapian::MSet m = e.get_mset(0, n, n);
    Ranking out;
    for (auto it = m.begin(); it != m.end(); ++it) out.emplace_back(*it, it.get_weight(), it.get_percent());
    return out;
}

std::vector<Xapian::docid> matches(const Xapian::Database& db, const Q& q) {
    Xapian::Enquire e(db);
    e.set_query(q);
    e.set_weighting_scheme(Xapian::BoolWeight());
    Xapian::MSet m = e.get_mset(0, db.get_doccount());
    std::vector<Xapian::docid> out;
    for (auto it = m.begin(); it != m.end(); ++it) out.push_back(*it);
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST_CASE("positional parts matched once rank and count as before", "[positional]") {
    TempDir dir;
    Xapian::WritableDatabase db = make_db(dir);
    std::vector<Q> wk{Q("wahl"), Q("kampf")}, er{Q("euro"), Q("krise")}, three{Q("stadt"), Q("rat"), Q("euro")};
    auto phrase = [](std::vector<Q>& t) { return Q(Q::OP_PHRASE, t.begin(), t.end(), static_cast<Xapian::termcount>(t.size())); };
    auto near = [](std::vector<Q>& t, Xapian::termcount w) { return Q(Q::OP_NEAR, t.begin(), t.end(), w); };
    // As the query builder writes compounds: the word, its parts as a
    // phrase, or (weighed at a fraction) near each other.
    auto compound = [&](const char* word, std::vector<Q>& parts, double factor) {
        return Q(Q::OP_OR, Q(Q::OP_OR, Q(word), phrase(parts)), Q(Q::OP_SCALE_WEIGHT, Q(Q::OP_OR, near(parts, 6), near(parts, 6)), factor));
    };
    const Q title(Q::OP_OR, Q("Swahl"), Q("Skampf"));
    const std::vector<Q> queries{
        compound("wahlkampf", wk, 0.5),
        Q(Q::OP_AND, compound("wahlkampf", wk, 0.5), Q("stadt")),
        Q(Q::OP_AND_MAYBE, Q(Q::OP_AND, compound("wahlkampf", wk, 0.3), compound("eurokrise", er, 0.7)), title),
        Q(Q::OP_OR, phrase(three), Q("rat")),
        Q(Q::OP_FILTER, Q(Q::OP_OR, near(three, 4), Q("krise")), Q("stadt")),
        Q(Q::OP_AND_NOT, compound("wahlkampf", wk, 0.5), Q("euro")),
        Q(Q::OP_SCALE_WEIGHT, Q(Q::OP_AND, phrase(er), Q("rat")), 1.7),
    };
    size_t nonempty = 0, narrowed_parts = 0;
    for (const Q& q : queries) {
        INFO(q.get_description());
        PositionalSets sets(db, q);
        REQUIRE(sets.complete());
        CHECK_FALSE(sets.empty());
        // Each part's documents are what Xapian matches for it alone.
        std::vector<Q> parts{phrase(wk), near(wk, 6), phrase(er), near(er, 6), phrase(three), near(three, 4)};
        for (const Q& part : parts)
            if (const auto* docs = sets.find(part)) {
                CHECK(*docs == matches(db, part));
                nonempty += !docs->empty();
            }
        // Ranked: the same documents, weights and percentages, at the top and all.
        const Q narrowed = sets.narrow(q);
        narrowed_parts += narrowed.get_description() != q.get_description();
        for (Xapian::doccount n : {10u, 500u}) {
            const Ranking a = ranked(db, narrowed, n), b = ranked(db, q, n);
            REQUIRE(a.size() == b.size());
            for (size_t i = 0; i < a.size(); ++i) {
                CHECK(std::get<0>(a[i]) == std::get<0>(b[i]));
                CHECK(std::get<1>(a[i]) == Approx(std::get<1>(b[i])).epsilon(1e-12));
                CHECK(std::get<2>(a[i]) == std::get<2>(b[i]));
            }
        }
        // Counted: walked with the parts' documents as posting lists.
        WalkOptions options;
        options.positional = &sets;
        std::vector<Xapian::docid> walked;
        REQUIRE(walk_matches(db, q, [&](Xapian::docid d) { walked.push_back(d); },
                             std::chrono::steady_clock::time_point::max(), nullptr, options));
        CHECK(walked == matches(db, q));
    }
    CHECK(nonempty > 3);        // not only parts that match nothing
    // The quirk the sets must follow: a phrase of words without positions.
    const auto phrase_docs = matches(db, phrase(wk)), near_docs = matches(db, near(wk, 6));
    CHECK(std::find(phrase_docs.begin(), phrase_docs.end(), 8u) != phrase_docs.end());
    CHECK(std::find(near_docs.begin(), near_docs.end(), 8u) == near_docs.end());
    CHECK(narrowed_parts > 3);  // and parts narrowed for the ranking
}

TEST_CASE("queries without positional parts are left alone", "[positional]") {
    TempDir dir;
    Xapian::WritableDatabase db = make_db(dir);
    const Q plain(Q::OP_AND, Q("wahl"), Q("kampf"));
    PositionalSets sets(db, plain);
    CHECK(sets.empty());
    CHECK(sets.narrow(plain).get_description() == plain.get_description());
    CHECK(sets.find(Q("wahl")) == nullptr);
    std::vector<Q> wk{Q("wahl"), Q("kampf")};
    // A phrase inside a synonym is not rebuilt (its weight would change).
    const Q synonym(Q::OP_SYNONYM, Q("wahlkampf"), Q(Q::OP_PHRASE, wk.begin(), wk.end(), 2));
    PositionalSets in_synonym(db, synonym);
    CHECK(in_synonym.empty());
    WalkOptions options;
    options.positional = &in_synonym;
    CHECK_FALSE(can_walk(synonym, options));
}
