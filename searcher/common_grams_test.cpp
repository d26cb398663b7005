#include "searcher/common_grams.hpp"

#include "schema/analysis.hpp"
#include "schema/schema.hpp"
#include "schema/text.hpp"
#include "searcher/match_walk.hpp"
#include "searcher/query_builder.hpp"
#include "searcher/ranking.hpp"
#include "searcher/searcher.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <unistd.h>

using namespace news::searcher;
namespace schema = news::schema;

namespace {

struct TempDb {
    std::filesystem::path path =
        std::filesystem::temp_directory_path() / (std::string("common_grams_test_") + std::to_string(::getpid()));
    ~TempDb() { std::filesystem::remove_all(path); }
};

// Stopwords (gram stems and others), ordinary words, case and umlauts.
const std::vector<std::string> kWords = {"in",    "In",   "IN",   "der",  "Der",  "die",  "Die",   "und",
                                         "den",   "das",  "im",   "zu",   "für",  "über", "Wien",  "wien",
                                         "Stadt", "Graz", "Nacht", "Öl",  "Straße", "Haus", "Linz", "Bürgermeister"};
// What stands between two words: spaces, punctuation, sentence and paragraph ends.
const std::vector<std::string> kGlue = {" ", " ", " ", " ", " ", ", ", ". ", " – ", "-", "\n\n", ": ", " („", "“) ", "? "};

std::string random_text(std::mt19937& rng, int words) {
    std::string out;
    for (int i = 0; i < words; ++i) {
        if (i) out += kGlue[rng() % kGlue.size()];
        out += kWords[rng() % kWords.size()];
    }
    return out;
}

/// Random articles laid out as the indexer lays them out (title, a gap of
/// 100 positions, body), with their common grams.
void build(const std::string& path, unsigned seed) {
    std::mt19937 rng(seed);
    Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OVERWRITE);
    db.set_metadata(std::string(schema::kMetaSchemaVersion), schema::schema_version());
    db.set_metadata(std::string(schema::kMetaCommonGrams), schema::gram_stems_text());
    schema::GermanAnalyzer analyzer;
    Xapian::TermGenerator tg;
    analyzer.configure(tg);
    const char* regions[] = {"Hamburg", "Nordwest", "Hamburg\x1fNordwest", ""};
    for (int i = 0; i < 400; ++i) {
        std::string title = random_text(rng, 2 + static_cast<int>(rng() % 5));
        std::string body = random_text(rng, 5 + static_cast<int>(rng() % 60));
        std::string year = std::to_string(2015 + i % 9);
        Xapian::Document doc;
        tg.set_document(doc);
        tg.index_text(title, 4);
        tg.index_text_without_positions(title, 1, "S");
        tg.increase_termpos(100);
        tg.index_text(body);
        tg.increase_termpos(100);
        schema::add_common_grams(doc);
        std::string id = "a" + std::to_string(i);
        doc.add_boolean_term("Q" + id);
        doc.add_value(schema::slot(schema::Slot::DATE), year + "0101");
        doc.add_value(schema::slot(schema::Slot::YEAR), year);
        if (*regions[i % 4]) doc.add_value(schema::slot(schema::Slot::REGION), regions[i % 4]);
        doc.add_value(schema::slot(schema::Slot::TOPIC), i % 3 ? "Politik" : "Wirtschaft");
        if (i % 7 < 2) doc.add_value(schema::slot(schema::Slot::DUPKEY), "dup" + std::to_string(i % 5));
        nlohmann::json data{{"id", id}, {"title", title}, {"body", body}, {"date", year + "-01-01"}};
        doc.set_data(data.dump());
        db.add_document(doc);
    }
    db.commit();
}

/// A quoted phrase of 2 to 4 random words, some with punctuation between them.
std::string random_phrase(std::mt19937& rng) {
    std::string out = "\"";
    const int n = 2 + static_cast<int>(rng() % 3);
    for (int i = 0; i < n; ++i) {
        if (i) out += rng() % 4 ? " " : ", ";
        out += rng() % 3 ? kWords[rng() % kWords.size()] : std::string(rng() % 2 ? "in" : "In");  // a gram stem often
    }
    return out + "\"";
}

std::vector<std::string> queries(unsigned seed) {
    std::vector<std::string> out = {"\"in Wien\"",       "\"In Wien\"",         "\"Stadt in\"",       "\"in der Stadt\"",
                                    "\"in in\"",         "\"der die\"",         "\"Wien. In\"",       "\"für Öl\"",
                                    "\"Straße in Linz\"", "\"in Wien\" Graz",   "\"in Wien\" OR Linz", "Linz -\"in Wien\"",
                                    "\"der Stadt\" -Graz", "\"Bürgermeister der Stadt Wien\"", "titel:\"in Wien\"",
                                    "\"in Wien\" \"der Stadt\""};
    std::mt19937 rng(seed);
    for (int i = 0; i < 60; ++i) out.push_back(random_phrase(rng));
    return out;
}

}  // namespace

TEST_CASE("the gram stems are stems of both profiles and grams are built from adjacent words", "[common_grams]") {
    REQUIRE(schema::is_gram_stem("in"));
    CHECK_FALSE(schema::is_gram_stem("wien"));
    CHECK(schema::gram_term("in", "wien") == std::string(schema::kGramPrefix) + "in wien");
    Xapian::Document doc;
    Xapian::TermGenerator tg;
    schema::GermanAnalyzer analyzer;
    analyzer.configure(tg);
    tg.set_document(doc);
    tg.index_text("Leben in Wien", 4);
    tg.increase_termpos(100);
    tg.index_text("Die Stadt in der Nacht. In in Wien, Graz.");
    tg.index_text_without_positions("in Graz", 1, "A");
    schema::add_common_grams(doc);
    std::set<std::string> grams;
    Xapian::termcount length = 0;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        length += t.get_wdf();
        if ((*t).rfind(std::string(schema::kGramPrefix), 0) != 0) continue;
        grams.insert((*t).substr(schema::kGramPrefix.size()));
        CHECK(t.get_wdf() == 0);                               // no weight, no document length
        CHECK(t.positionlist_begin() == t.positionlist_end());  // no positions
    }
    // Side by side (a full stop or comma between them as well, as a phrase
    // matches them): a gram when either is a gram stem.
    for (auto [l, r] : {std::pair{"Leben", "in"}, {"in", "Wien"}, {"Die", "Stadt"}, {"Stadt", "in"}, {"in", "der"},
                        {"der", "Nacht"}, {"Nacht", "In"}, {"In", "in"}, {"Wien", "Graz"}}) {
        CAPTURE(l, r);
        const std::string a = analyzer.term(l), b = analyzer.term(r);
        CHECK(grams.count(a + " " + b) == (schema::is_gram_stem(a) || schema::is_gram_stem(b) ? 1u : 0u));
    }
    CHECK(grams.count("in wien") == 1);
    CHECK_FALSE(grams.count("wien die"));  // across fields: 100 positions apart
    CHECK_FALSE(grams.count("in graz"));   // the author's prefixed words have no positions
    // Analysis of each gram stem's word: the same term in both profiles.
    for (const std::string& s : schema::split(schema::gram_stems_text(), ' ')) {
        CHECK(schema::GermanAnalyzer(schema::AnalysisProfile::FULL).term(s) == s);
        CHECK(schema::GermanAnalyzer(schema::AnalysisProfile::BASIC).term(s) == s);
    }
    CHECK(length == 3 * 4 + 9 + 2);  // the words' wdf only
}

TEST_CASE("a phrase with a gram stem matches and weighs as its position check", "[common_grams]") {
    TempDb tmp;
    build(tmp.path.string(), 7);
    Xapian::Database db(tmp.path.string());
    QueryBuilder builder(db);
    unsigned rewritten = 0;
    for (const std::string& q : queries(11)) {
        CAPTURE(q);
        SearchRequest req;
        req.query = q;
        const Xapian::Query phrase = builder.build(req).query;
        const Xapian::Query grams = with_common_grams(phrase);
        if (grams.get_description() != phrase.get_description()) ++rewritten;
        Xapian::Enquire a(db), b(db);
        a.set_query(phrase);
        b.set_query(grams);
        Xapian::MSet ma = a.get_mset(0, db.get_doccount()), mb = b.get_mset(0, db.get_doccount());
        REQUIRE(ma.size() == mb.size());
        for (Xapian::doccount i = 0; i < ma.size(); ++i) {
            CHECK(*ma[i] == *mb[i]);
            CHECK(ma[i].get_weight() == mb[i].get_weight());
            CHECK(ma[i].get_percent() == mb[i].get_percent());
        }
        // The counting pass walks the posting lists when no position is left to check.
        std::set<Xapian::docid> walked, expected;
        for (auto it = ma.begin(); it != ma.end(); ++it) expected.insert(*it);
        if (walk_matches(db, grams, [&](Xapian::docid d) { walked.insert(d); })) CHECK(walked == expected);
    }
    CHECK(rewritten > 30);
    // Without a gram stem, or when it is not a phrase: as it was.
    SearchRequest req;
    req.query = "\"Wien Graz\" in";
    Xapian::Query q = builder.build(req).query;
    CHECK(with_common_grams(q).get_description() == q.get_description());
}

TEST_CASE("searches from the common grams give what the position check gave", "[common_grams]") {
    TempDb tmp;
    build(tmp.path.string(), 3);
    auto run = [&](const std::string& q, bool facets, unsigned offset, SortOrder sort, bool recency) {
        Searcher searcher(tmp.path.string());
        SearchRequest req;
        req.query = q;
        req.limit = 10;
        req.offset = offset;
        req.facets = facets;
        req.snippets = facets;
        req.sort = sort;
        req.recency = recency;
        return searcher.search(req);
    };
    std::vector<std::string> qs = queries(5);
    std::vector<SearchResult> with_grams, positions;
    std::vector<bool> estimated;  // without facets the total is Xapian's estimate (the grams' can be better)
    auto all = [&](std::vector<SearchResult>& out) {
        for (const std::string& q : qs)
            for (bool facets : {true, false}) {
                out.push_back(run(q, facets, 0, SortOrder::RELEVANCE, false));
                if (&out == &with_grams) estimated.push_back(!facets);
                if (facets) out.push_back(run(q, facets, 0, SortOrder::RELEVANCE, true));
                if (facets) out.push_back(run(q, facets, 5, SortOrder::DATE_DESC, false));
                if (facets && &out == &with_grams) estimated.insert(estimated.end(), {false, false});
            }
    };
    all(with_grams);
    {
        // The same index without the grams' metadata: phrases by their positions, as before.
        Xapian::WritableDatabase w(tmp.path.string());
        w.set_metadata(std::string(schema::kMetaCommonGrams), "");
        w.commit();
    }
    all(positions);
    REQUIRE(with_grams.size() == positions.size());
    size_t found = 0;
    for (size_t i = 0; i < with_grams.size(); ++i) {
        const SearchResult &a = with_grams[i], &b = positions[i];
        CAPTURE(a.query, i);
        if (!estimated[i]) {
            CHECK(a.total == b.total);
            CHECK(a.total_exact == b.total_exact);
        }
        found += a.total > 0;
        std::map<std::string, std::vector<std::pair<std::string, std::uint64_t>>> fa, fb;
        for (const auto& [name, values] : a.facets)
            for (const FacetValue& v : values) fa[name].emplace_back(v.value, v.count);
        for (const auto& [name, values] : b.facets)
            for (const FacetValue& v : values) fb[name].emplace_back(v.value, v.count);
        CHECK(fa == fb);
        REQUIRE(a.hits.size() == b.hits.size());
        for (size_t k = 0; k < a.hits.size(); ++k) {
            CHECK(a.hits[k].id == b.hits[k].id);
            CHECK(a.hits[k].score == b.hits[k].score);
            CHECK(a.hits[k].percent == b.hits[k].percent);
            CHECK(a.hits[k].similar == b.hits[k].similar);
            CHECK(a.hits[k].snippet == b.hits[k].snippet);
        }
        CHECK(a.suggestion == b.suggestion);
    }
    CHECK(found > with_grams.size() / 2);
}

TEST_CASE("more like this never proposes a gram", "[common_grams]") {
    TempDb tmp;
    build(tmp.path.string(), 9);
    Xapian::Database db(tmp.path.string());
    for (const char* id : {"a1", "a2", "a3", "a10"}) {
        Xapian::Query like = more_like_this(db, std::string("Q") + id);
        for (auto t = like.get_terms_begin(); t != like.get_terms_end(); ++t)
            CHECK((*t).rfind(std::string(schema::kGramPrefix), 0) != 0);
    }
}
