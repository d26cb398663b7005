// A sharded index (--shards N) against the single index of the same
// sources: the same documents, each in the shard its id names, the same
// spelling table and metadata in the lexicon, and updates that keep it so.
#include "indexer/db_location.hpp"
#include "indexer/errors.hpp"
#include "indexer/index_meta.hpp"
#include "indexer/status.hpp"
#include "indexer/stored_article.hpp"
#include "indexer/test_support.hpp"
#include "indexer/updater.hpp"
#include "schema/analysis.hpp"
#include "schema/decompounder.hpp"
#include "schema/shard.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <sys/stat.h>

#include <fstream>
#include <set>

using namespace news::indexer;
using namespace news::indexer::test;
namespace fs = std::filesystem;
namespace schema = news::schema;

namespace {

/// The term a word is indexed under.
std::string word_term(const std::string& w) { return schema::GermanAnalyzer().term(w); }

/// Every document by its article id: terms with wdf and positions, values, data.
std::map<std::string, std::string> contents(const Xapian::Database& db) {
    std::map<std::string, std::string> out;
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
        Xapian::Document doc = db.get_document(*it);
        std::string s;
        for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
            s += *t + ":" + std::to_string(t.get_wdf());
            for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) s += "," + std::to_string(*p);
            s += " ";
        }
        for (auto v = doc.values_begin(); v != doc.values_end(); ++v)
            s += std::to_string(v.get_valueno()) + "=" + *v + " ";
        s += doc.get_data();
        out[article_from_data(doc.get_data()).id] = s;
    }
    return out;
}

std::map<std::string, std::string> metadata(const Xapian::Database& db) {
    std::map<std::string, std::string> out;
    for (auto k = db.metadata_keys_begin(); k != db.metadata_keys_end(); ++k) out[*k] = db.get_metadata(*k);
    return out;
}

std::vector<std::string> stub_lines(const fs::path& stub) {
    std::ifstream in(stub);
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

/// The union of the shards' documents, checking that each is in its owner shard.
std::map<std::string, std::string> sharded_contents(const std::vector<std::string>& shards) {
    std::map<std::string, std::string> all;
    for (unsigned i = 0; i < shards.size(); ++i) {
        for (auto& [id, s] : contents(Xapian::Database(shards[i]))) {
            INFO("article " << id << " in shard " << i);
            CHECK(schema::shard_of(id, static_cast<unsigned>(shards.size())) == i);
            CHECK(all.emplace(id, s).second);  // in one shard only
        }
    }
    return all;
}

std::vector<std::string> shard_paths(const fs::path& gen, unsigned n) {
    std::vector<std::string> out;
    for (unsigned i = 0; i < n; ++i) out.push_back((gen / schema::shard_dir_name(i, n)).string());
    return out;
}

struct Archive {
    TempDir tmp{"sharded"};
    fs::path src = tmp.path / "src";
    Archive() {
        write(src / "a.html", page("Apfelernte", "Die Apfelernte im Alten Land beginnt."));
        write(src / "b.html", page("Birnbaum", "Ein Birnbaum blüht in Ribbeck."));
        write(src / "c.html", page("Chorprobe", "Die Chorprobe fällt aus."));
        std::vector<std::pair<std::string, std::string>> many;
        for (int i = 0; i < 30; ++i)
            many.push_back({fmt::format("m{}", i), fmt::format("Meldung {} über Schleusen, Deiche und Fähren.", i)});
        write(src / "sammlung.xml", collection(many));
    }
    UpdateOptions options(const std::string& name, unsigned shards) const {
        UpdateOptions o;
        o.sources = {src};
        o.db = tmp.path / name;
        o.shards = shards;
        return o;
    }
    BuildOptions build_options(const std::string& name, unsigned shards) const {
        BuildOptions o;
        o.sources = {src};
        o.db = tmp.path / name;
        o.shards = shards;
        return o;
    }
    void change(const std::string& rel, const std::string& content) {
        auto before = fs::exists(src / rel) ? fs::last_write_time(src / rel) : fs::file_time_type{};
        write(src / rel, content);
        fs::last_write_time(src / rel, before + std::chrono::seconds(5));
    }
};

/// The sharded index at `sharded` holds what the single one at `single` holds.
void check_same_index(const fs::path& single, const fs::path& sharded, unsigned n) {
    DbLocation loc(sharded);
    const fs::path gen = loc.current_generation();
    REQUIRE(generation_shards(gen) == n);
    Xapian::Database one(single.string());
    Xapian::Database lexicon((gen / "lexicon").string());
    CHECK(lexicon.get_doccount() == 0);
    CHECK(sharded_contents(shard_paths(gen, n)) == contents(one));
    CHECK(spellings(lexicon) == spellings(one));  // every word, with the same frequency
    CHECK_FALSE(spellings(one).empty());
    Xapian::Database combined(sharded.string());
    CHECK(combined.get_doccount() == one.get_doccount());
    CHECK(combined.get_metadata(std::string(schema::kMetaShards)) == std::to_string(n));  // read from the lexicon
}

}  // namespace

TEST_CASE("a sharded build holds the single index's documents, each in the shard its id names", "[sharded]") {
    TempDir tmp("sharded_corpus");
    BuildOptions single;
    single.sources = {NEWS_CORPUS_DIR};
    single.db = tmp.path / "one.db";
    single.threads = 2;
    BuildOptions sharded = single;
    sharded.db = tmp.path / "three.db";
    sharded.shards = 3;
    sharded.segment_docs = GENERATE(as<size_t>{}, 1, 2000);  // 1: many segments, merged in runs of 16
    BuildStats s1 = build(single, {});
    BuildStats s3 = build(sharded, {});

    // The summary: a one-element list for one database, N paths for N shards.
    CHECK(s1.shards == std::vector<std::string>{s1.generation});
    CHECK(s1.shard_documents == std::vector<std::uint64_t>{s1.doccount});
    CHECK(s1.lexicon.empty());
    const fs::path gen = s3.generation;
    CHECK(s3.shards == shard_paths(gen, 3));
    CHECK(s3.lexicon == (gen / "lexicon").string());
    REQUIRE(s3.shard_documents.size() == 3);
    CHECK(s3.shard_documents[0] + s3.shard_documents[1] + s3.shard_documents[2] == s1.doccount);
    CHECK(s3.doccount == s1.doccount);
    for (std::uint64_t n : s3.shard_documents) CHECK(n > 0);

    check_same_index(single.db, sharded.db, 3);

    // Nothing else in the generation: the slices' scratch is gone.
    std::set<std::string> entries;
    for (const auto& e : fs::directory_iterator(gen)) entries.insert(e.path().filename().string());
    CHECK(entries == std::set<std::string>{"lexicon", "shard-00", "shard-01", "shard-02"});

    // The stub: lexicon first (Xapian reads a combined database's metadata
    // from its first database), then the shards in order.
    CHECK(stub_lines(sharded.db) ==
          std::vector<std::string>{"auto three.db.gen/" + gen.filename().string() + "/lexicon",
                                   "auto three.db.gen/" + gen.filename().string() + "/shard-00",
                                   "auto three.db.gen/" + gen.filename().string() + "/shard-01",
                                   "auto three.db.gen/" + gen.filename().string() + "/shard-02"});
    CHECK(stub_lines(single.db).size() == 1);

    // The lexicon: every key of the single index (times aside), plus the shard count.
    Xapian::Database one(single.db.string()), lexicon(s3.lexicon);
    auto single_meta = metadata(one), lexicon_meta = metadata(lexicon);
    CHECK(lexicon_meta.at(std::string(schema::kMetaShards)) == "3");
    lexicon_meta.erase(std::string(schema::kMetaShards));
    for (auto* m : {&single_meta, &lexicon_meta}) {
        m->erase(std::string(schema::kMetaBuiltAt));
        m->erase(std::string(kMetaLastBuild));
    }
    CHECK(lexicon_meta == single_meta);
    CHECK(one.get_metadata(std::string(schema::kMetaShards)).empty());  // one database: as ever
    CHECK_FALSE(lexicon.get_metadata(std::string(schema::kMetaCompoundWords)).empty());

    // Each shard: the small keys, its index, no spelling, no word lists, no file entries.
    for (unsigned i = 0; i < 3; ++i) {
        INFO("shard " << i);
        Xapian::Database shard(s3.shards[i]);
        auto meta = metadata(shard);
        CHECK(meta == std::map<std::string, std::string>{
                          {std::string(schema::kMetaSchemaVersion), schema::schema_version()},
                          {std::string(schema::kMetaAnalysis), "full"},
                          {std::string(schema::kMetaUmlautFolds),
                           lexicon.get_metadata(std::string(schema::kMetaUmlautFolds))},
                          {std::string(schema::kMetaBuiltAt), lexicon.get_metadata(std::string(schema::kMetaBuiltAt))},
                          {std::string(schema::kMetaShards), "3"},
                          {std::string(schema::kMetaCommonGrams), schema::gram_stems_text()},
                          {std::string(schema::kMetaShard), std::to_string(i)}});
        CHECK(shard.spellings_begin() == shard.spellings_end());
    }
    Xapian::Database combined(sharded.db.string());
    CHECK(combined.get_spelling_suggestion("metropolregio") == one.get_spelling_suggestion("metropolregio"));
    CHECK_FALSE(combined.get_spelling_suggestion("metropolregio").empty());
}

TEST_CASE("a sharded build keeps the latest of an article found in several files", "[sharded]") {
    TempDir tmp("sharded_dups");
    std::map<int, std::string> dup = {{0, "dup-a"}, {17, "dup-a"}, {38, "dup-a"}, {10, "dup-b"},
                                      {12, "dup-b"}, {20, "dup-c"}, {21, "dup-c"}};
    for (int i = 0; i < 40; ++i) {
        std::string id = dup.count(i) ? dup[i] : fmt::format("a{}", i);
        write(tmp.path / fmt::format("src/f{:02}.html", i),
              "<html><head><title>Artikel</title><link rel=\"canonical\" href=\"https://example.org/" + id +
                  "\"></head><body><article><h1>Artikel</h1><p>" + fmt::format("Inhalt{} steht hier.", i) +
                  " Dieser Satz macht den Artikel lang genug für die Erkennung.</p></article></body></html>");
    }
    BuildOptions opt;
    opt.sources = {tmp.path / "src"};
    opt.db = tmp.path / "d.db";
    opt.threads = 3;
    opt.shards = 4;
    opt.segment_docs = 1;
    BuildStats s = build(opt, {});
    CHECK(s.articles == 36);
    Xapian::Database db(opt.db.string());
    REQUIRE(db.get_doccount() == 36);
    news::schema::GermanAnalyzer analyzer;
    for (int i = 0; i < 40; ++i) {
        INFO("file " << i);
        bool latest = i == 38 || i == 12 || i == 21 || !dup.count(i);
        CHECK(db.get_termfreq(analyzer.term(fmt::format("Inhalt{}", i))) == (latest ? 1u : 0u));
    }
}

TEST_CASE("update of a sharded index: added, changed and removed articles in their owner shards",
          "[sharded][updater]") {
    Archive a;
    UpdateOptions single = a.options("one.db", 0), sharded = a.options("three.db", 3);
    build(a.build_options("one.db", 1), {});
    build(a.build_options("three.db", 3), {});
    DbLocation loc(sharded.db);
    const fs::path before = loc.current_generation();
    const auto before_docs = sharded_contents(shard_paths(before, 3));

    // New: an article per shard at least; changed: one of the collection; gone: a.html.
    std::vector<std::pair<std::string, std::string>> fresh;
    for (int i = 0; i < 12; ++i)
        fresh.push_back({fmt::format("neu{}", i), fmt::format("Neue Meldung {} über Quittengelee.", i)});
    write(a.src / "neu.xml", collection(fresh));
    std::vector<std::pair<std::string, std::string>> many;
    for (int i = 0; i < 30; ++i)
        many.push_back({fmt::format("m{}", i), i == 7 ? std::string("Geänderte Meldung über Holunder im Garten.")
                                                       : fmt::format("Meldung {} über Schleusen, Deiche und Fähren.", i)});
    a.change("sammlung.xml", collection(many));
    fs::remove(a.src / "a.html");

    UpdateStats s1 = update(single, {});
    UpdateStats s3 = update(sharded, {});
    CHECK_FALSE(s3.rebuilt);
    CHECK(s3.added == s1.added);
    CHECK(s3.changed == 1);
    CHECK(s3.deleted == 1);
    CHECK(s3.documents_added == s1.documents_added);
    CHECK(s3.documents_deleted == s1.documents_deleted);
    CHECK(s3.doccount == s1.doccount);
    check_same_index(single.db, sharded.db, 3);  // owners, contents, spelling table

    // A new generation, switched to; the one before is as it was.
    const fs::path after = loc.current_generation();
    CHECK(after != before);
    CHECK(s3.generation == after.string());
    CHECK(sharded_contents(shard_paths(before, 3)) == before_docs);
    Xapian::Database now(sharded.db.string());
    CHECK(now.get_termfreq(word_term("Quittengelee")) == 12);
    CHECK(now.get_termfreq(word_term("Holunder")) == 1);
    CHECK(now.get_termfreq(word_term("Apfelernte")) == 0);
    CHECK(now.get_metadata(std::string(kMetaUpdatedAt)).size() == 20);

    // A shard the next update does not touch is linked, not copied.
    a.change("b.html", page("Birnbaum", "Ein Birnbaum steht im Havelland."));
    const std::string b_id = [&] {
        for (const auto& [id, s] : sharded_contents(shard_paths(after, 3)))
            if (s.find("Birnbaum") != std::string::npos) return id;
        return std::string();
    }();
    REQUIRE_FALSE(b_id.empty());
    update(single, {});
    update(sharded, {});
    check_same_index(single.db, sharded.db, 3);
    const fs::path third = loc.current_generation();
    const unsigned owner = schema::shard_of(b_id, 3);
    for (unsigned i = 0; i < 3; ++i) {
        INFO("shard " << i);
        struct stat old_st {}, new_st {};
        REQUIRE(::stat((after / schema::shard_dir_name(i, 3) / "iamglass").c_str(), &old_st) == 0);
        REQUIRE(::stat((third / schema::shard_dir_name(i, 3) / "iamglass").c_str(), &new_st) == 0);
        CHECK((old_st.st_ino == new_st.st_ino) == (i != owner));
    }
}

TEST_CASE("a failed update of a sharded index leaves it as it was", "[sharded][updater]") {
    Archive a;
    UpdateOptions opt = a.options("three.db", 3);
    build(a.build_options("three.db", 3), {});
    DbLocation loc(opt.db);
    const fs::path live = loc.current_generation();
    const auto docs = sharded_contents(shard_paths(live, 3));
    for (const char* f : {"a.html", "b.html", "c.html", "sammlung.xml"}) fs::remove(a.src / f);
    CHECK_THROWS_AS(update(opt, {}), IndexError);  // it would leave no documents
    CHECK(loc.current_generation() == live);
    CHECK(loc.generations().size() == 1);  // the unfinished one is gone
    CHECK(sharded_contents(shard_paths(live, 3)) == docs);
}

TEST_CASE("update builds afresh when asked for another number of shards", "[sharded][updater]") {
    Archive a;
    build(a.build_options("news.db", 1), {});
    UpdateStats s = update(a.options("news.db", 2), {});
    CHECK(s.rebuilt);
    CHECK_THAT(s.rebuild_reason, Catch::Contains("1 shard(s), 2 asked"));
    CHECK(generation_shards(DbLocation(a.tmp.path / "news.db").current_generation()) == 2);
    // 0 (the default) keeps what the index has.
    a.change("b.html", page("Birnbaum", "Ein Birnbaum steht im Havelland."));
    UpdateStats again = update(a.options("news.db", 0), {});
    CHECK_FALSE(again.rebuilt);
    CHECK(again.changed == 1);
    CHECK(generation_shards(DbLocation(a.tmp.path / "news.db").current_generation()) == 2);
    // A first update of a missing index builds with the number asked.
    UpdateStats first = update(a.options("fresh.db", 3), {});
    CHECK(first.rebuilt);
    CHECK(generation_shards(DbLocation(a.tmp.path / "fresh.db").current_generation()) == 3);
}

TEST_CASE("status of a sharded index lists the shards and finds inconsistencies", "[sharded][status]") {
    Archive a;
    BuildStats b = build(a.build_options("three.db", 3), {});
    IndexStatus s = read_status(a.tmp.path / "three.db");
    CHECK(s.ok);
    CHECK(s.error.empty());
    CHECK(s.lexicon == b.lexicon);
    REQUIRE(s.shards.size() == 3);
    std::uint64_t sum = 0;
    for (unsigned i = 0; i < 3; ++i) {
        CHECK(s.shards[i].path == b.shards[i]);
        CHECK(s.shards[i].documents == b.shard_documents[i]);
        sum += s.shards[i].documents;
    }
    CHECK(s.documents == sum);
    CHECK(s.generation == b.generation);
    CHECK(s.built_at.size() == 20);
    nlohmann::json j = to_json(s);
    CHECK(j["lexicon"] == b.lexicon);
    CHECK(j["shards"].size() == 3);
    CHECK(j["shards"][1]["documents"] == b.shard_documents[1]);

    // One database: one entry, no lexicon.
    BuildStats one = build(a.build_options("one.db", 1), {});
    IndexStatus s1 = read_status(a.tmp.path / "one.db");
    CHECK(s1.ok);
    CHECK(s1.lexicon.empty());
    REQUIRE(s1.shards.size() == 1);
    CHECK(s1.shards[0].documents == one.doccount);
    CHECK(to_json(s1)["lexicon"].is_null());

    // A stub that lost a shard's line, or lists them out of order.
    const fs::path stub = a.tmp.path / "three.db";
    std::vector<std::string> lines = stub_lines(stub);
    auto write_stub = [&](const std::vector<std::string>& ls) {
        std::string text;
        for (const auto& l : ls) text += l + "\n";
        write(stub, text);
    };
    write_stub({lines[0], lines[1], lines[2]});
    s = read_status(stub);
    CHECK_FALSE(s.ok);
    CHECK_THAT(s.error, Catch::Contains("inconsistent shards") && Catch::Contains("the stub lists 2"));
    write_stub({lines[0], lines[2], lines[1], lines[3]});
    s = read_status(stub);
    CHECK_FALSE(s.ok);
    CHECK_THAT(s.error, Catch::Contains("says it is shard 1, the stub lists it as shard 0"));
    write_stub({lines[1], lines[0], lines[2], lines[3]});
    s = read_status(stub);
    CHECK_FALSE(s.ok);
    CHECK_THAT(s.error, Catch::Contains("is not a lexicon"));
    // A shard that is gone.
    write_stub(lines);
    fs::remove_all(b.shards[2]);
    s = read_status(stub);
    CHECK_FALSE(s.ok);
    CHECK_THAT(s.error, Catch::Contains("cannot open " + b.shards[2]));
}

TEST_CASE("an interrupted sharded build leaves the live index, the next run removes its leftovers", "[sharded][kill]") {
    Archive a;
    BuildOptions opt = a.build_options("three.db", 3);
    build(opt, {});
    DbLocation loc(opt.db);
    const fs::path live = loc.current_generation();
    // What a run killed while merging leaves: a generation with some shards.
    fs::path half = loc.create_generation();
    fs::create_directories(half / "lexicon");
    fs::create_directories(half / "shard-00");
    write(half / "shard-00/postlist.glass", "half written");
    CHECK(loc.current_generation() == live);
    CHECK(Xapian::Database(opt.db.string()).get_doccount() == 33);
    BuildStats s = build(opt, {});
    CHECK(fs::path(s.generation).filename() == half.filename());  // removed first, then numbered on
    CHECK(generation_shards(s.generation) == 3);
    CHECK(Xapian::Database(opt.db.string()).get_doccount() == 33);
    // And an update does the same.
    fs::path half2 = loc.create_generation();
    fs::create_directories(half2 / "lexicon");
    UpdateStats u = update(a.options("three.db", 0), {});
    CHECK_FALSE(u.rebuilt);
    CHECK(loc.generations().size() == 2);
    CHECK(fs::path(u.generation).filename() == half2.filename());
}
