#include "indexer/indexer.hpp"

#include "indexer/db_location.hpp"
#include "indexer/errors.hpp"
#include "indexer/report.hpp"
#include "schema/analysis.hpp"
#include "schema/schema.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <fmt/format.h>
#include <xapian.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

using namespace news::indexer;
namespace fs = std::filesystem;

namespace {

struct TempDir {
    fs::path path;
    TempDir() {
        path = fs::temp_directory_path() / ("news_indexer_test_" + std::to_string(::getpid()) + "_" +
                                            std::to_string(reinterpret_cast<std::uintptr_t>(this)));
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~TempDir() { fs::remove_all(path); }
};

void write(const fs::path& p, const std::string& s) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << s;
}

std::string page(const std::string& title, const std::string& text) {
    return "<html><head><title>" + title + "</title></head><body><article><h1>" + title + "</h1><p>" + text +
           " Dieser Satz macht den Artikel lang genug für die Erkennung.</p></article></body></html>";
}

}  // namespace

TEST_CASE("build indexes the corpus and switches atomically", "[indexer][e2e]") {
    TempDir tmp;
    BuildOptions opt;
    opt.sources = {NEWS_CORPUS_DIR};
    opt.db = tmp.path / "news.db";
    BuildStats s = build(opt, {});
    CHECK(s.skipped.empty());
    CHECK(s.articles >= 21);
    CHECK(s.doccount == s.articles);
    Xapian::Database db(opt.db.string());
    CHECK(db.get_doccount() == s.doccount);
    CHECK(db.get_metadata(std::string(news::schema::kMetaSchemaVersion)) == news::schema::schema_version());

    SECTION("a rebuild replaces, never duplicates, and keeps two generations") {
        db.close();  // (a generation still open by a reader would be kept too)
        build(opt, {});
        BuildStats again = build(opt, {});
        CHECK(again.doccount == s.doccount);
        DbLocation loc(opt.db);
        CHECK(loc.generations().size() == 2);
        CHECK(fs::equivalent(loc.current_generation(), loc.generations().back()));
        Xapian::Database db2(opt.db.string());
        CHECK(db2.get_doccount() == s.doccount);
    }
}

TEST_CASE("bad files are skipped and counted, good ones indexed", "[indexer][bad]") {
    TempDir tmp;
    write(tmp.path / "src/good.html", page("Zwiebelkuchen", "Der Zwiebelkuchen aus Weimar ist berühmt."));
    write(tmp.path / "src/empty.html", "");
    write(tmp.path / "src/broken.xml", "Kein XML, nur Text: <<< >>>");
    write(tmp.path / "src/notes.txt", "ignored");
    BuildOptions opt;
    opt.sources = {tmp.path / "src"};
    opt.db = tmp.path / "db";
    BuildStats s = build(opt, {});
    CHECK(s.files == 3);
    CHECK(s.articles == 1);
    CHECK(s.skipped.size() == 2);
}

TEST_CASE("an index with nothing in it never replaces the live one", "[indexer][bad]") {
    TempDir tmp;
    write(tmp.path / "src/good.html", page("Zwiebelkuchen", "Der Zwiebelkuchen aus Weimar ist berühmt."));
    BuildOptions opt;
    opt.sources = {tmp.path / "src"};
    opt.db = tmp.path / "db";
    build(opt, {});
    fs::remove(tmp.path / "src/good.html");
    write(tmp.path / "src/empty.html", "");
    CHECK_THROWS_AS(build(opt, {}), IndexError);
    CHECK(Xapian::Database(opt.db.string()).get_doccount() == 1);
}

TEST_CASE("a missing source is a clear error", "[indexer][bad]") {
    TempDir tmp;
    BuildOptions opt;
    opt.sources = {tmp.path / "nope"};
    opt.db = tmp.path / "db";
    CHECK_THROWS_WITH(build(opt, {}), Catch::Contains("source not found"));
}

TEST_CASE("one writer at a time", "[indexer][lock]") {
    TempDir tmp;
    write(tmp.path / "src/a.html", page("A", "Ein Text über Weimar."));
    BuildOptions opt;
    opt.sources = {tmp.path / "src"};
    opt.db = tmp.path / "db";
    DbLocation loc(opt.db);
    {
        WriterLock held(loc.lock_file());
        CHECK_THROWS_AS(build(opt, {}), LockedError);
    }
    CHECK_NOTHROW(build(opt, {}));
}

TEST_CASE("scan_sources finds HTML and XML files, sorted, skipping hidden folders", "[indexer]") {
    TempDir tmp;
    write(tmp.path / "b/x.xml", "<article/>");
    write(tmp.path / "a/y.html", "x");
    write(tmp.path / ".git/z.html", "x");
    write(tmp.path / "a/c.css", "x");
    auto files = scan_sources({tmp.path});
    REQUIRE(files.size() == 2);
    CHECK(files[0].relpath == "a/y.html");
    CHECK(files[1].relpath == "b/x.xml");
}

namespace {

/// docid → unique id of every document.
std::map<Xapian::docid, std::string> documents_by_id_and_docid(const Xapian::Database& db) {
    std::map<Xapian::docid, std::string> out;
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
        auto t = db.termlist_begin(*it);
        t.skip_to("Q");
        out[*it] = *t;
    }
    return out;
}

/// (unique id, weight) of the top hits of a query, as the searcher would rank them.
std::vector<std::pair<std::string, double>> ranking(const Xapian::Database& db, const std::string& query) {
    news::schema::GermanAnalyzer analyzer;
    Xapian::QueryParser qp;
    analyzer.configure(qp);
    qp.set_database(db);
    Xapian::Enquire enquire(db);
    enquire.set_query(qp.parse_query(query));
    std::vector<std::pair<std::string, double>> out;
    Xapian::MSet mset = enquire.get_mset(0, 20);
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        auto id = it.get_document().termlist_begin();
        id.skip_to("Q");
        out.emplace_back(*id, it.get_weight());
    }
    return out;
}

}  // namespace

TEST_CASE("a rebuild from unchanged sources gives the same ids and the same ranking", "[indexer][rebuild]") {
    TempDir tmp;
    BuildOptions opt;
    opt.sources = {NEWS_CORPUS_DIR};
    opt.db = tmp.path / "news.db";
    build(opt, {});
    const std::vector<std::string> queries = {"Metropolregion", "Wasserstoff Netz", "Hamburg Tagung",
                                              "\"Tag der Regionen\"", "Studierende OR Hochschulen"};
    std::map<std::string, std::vector<std::pair<std::string, double>>> before;
    Xapian::Database first(opt.db.string());
    auto ids_before = documents_by_id_and_docid(first);
    for (const auto& q : queries) before[q] = ranking(first, q);

    BuildStats again = build(opt, {});
    Xapian::Database second(opt.db.string());
    REQUIRE(DbLocation(opt.db).generations().size() == 2);
    CHECK(again.doccount == first.get_doccount());
    CHECK(documents_by_id_and_docid(second) == ids_before);
    for (const auto& q : queries) {
        INFO(q);
        CHECK_FALSE(before[q].empty());
        CHECK(ranking(second, q) == before[q]);
    }
}

namespace {

/// Every document's terms with wdf, values and data, by docid.
std::map<Xapian::docid, std::string> dump_documents(const Xapian::Database& db) {
    std::map<Xapian::docid, std::string> out;
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
        Xapian::Document doc = db.get_document(*it);
        std::string s;
        for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
            s += *t + ":" + std::to_string(t.get_wdf()) + ":" + std::to_string(t.positionlist_count()) + " ";
        for (auto v = doc.values_begin(); v != doc.values_end(); ++v) s += std::to_string(v.get_valueno()) + "=" + *v + " ";
        s += doc.get_data();
        out[*it] = s;
    }
    return out;
}

}  // namespace

TEST_CASE("any number of slices (threads) gives the same index as one writer", "[indexer][slices]") {
    TempDir tmp;
    BuildOptions one;
    one.sources = {NEWS_CORPUS_DIR};
    one.db = tmp.path / "one.db";
    one.threads = 1;
    BuildOptions three = one;
    three.db = tmp.path / "three.db";
    three.threads = 3;
    three.segment_docs = GENERATE(as<size_t>{}, 1, 2000);  // 1: many segments, merged in runs of 16
    BuildStats s1 = build(one, {});
    BuildStats s3 = build(three, {});
    CHECK(s3.articles == s1.articles);
    CHECK(s3.files_indexed == s1.files_indexed);
    Xapian::Database a(one.db.string()), b(three.db.string());
    REQUIRE(a.get_doccount() == b.get_doccount());
    CHECK(dump_documents(a) == dump_documents(b));  // same docids (file order), terms, positions, values, data
    CHECK(b.get_spelling_suggestion("metropolregio") == a.get_spelling_suggestion("metropolregio"));
    CHECK_FALSE(b.get_spelling_suggestion("metropolregio").empty());
    auto spellings = [](const Xapian::Database& db) {
        std::map<std::string, Xapian::doccount> out;
        for (auto w = db.spellings_begin(); w != db.spellings_end(); ++w) out[*w] = w.get_termfreq();
        return out;
    };
    auto words = spellings(a);
    CHECK(words.count("metropolregion") == 1);
    CHECK(spellings(b) == words);  // every word, with the same frequency
    size_t entries_a = 0, entries_b = 0;
    for (auto k = a.metadata_keys_begin("news:file:"); k != a.metadata_keys_end("news:file:"); ++k) ++entries_a;
    for (auto k = b.metadata_keys_begin("news:file:"); k != b.metadata_keys_end("news:file:"); ++k) ++entries_b;
    CHECK(entries_a == s1.files);
    CHECK(entries_b == entries_a);
    CHECK(b.get_metadata(std::string(news::schema::kMetaSchemaVersion)) == news::schema::schema_version());
    CHECK(fs::directory_iterator(fs::path(s3.generation)) != fs::directory_iterator());
    for (const auto& e : fs::directory_iterator(fs::path(s3.generation)))
        CHECK_FALSE(e.is_directory());  // the slices are merged and gone
}

TEST_CASE("an article in two files keeps the later file's version, across slices too", "[indexer][slices]") {
    TempDir tmp;
    auto canonical = [](const std::string& url, const std::string& title, const std::string& text) {
        return "<html><head><title>" + title + "</title><link rel=\"canonical\" href=\"" + url +
               "\"></head><body><article><h1>" + title + "</h1><p>" + text +
               " Dieser Satz macht den Artikel lang genug für die Erkennung.</p></article></body></html>";
    };
    write(tmp.path / "src/a1.html", canonical("https://example.org/same", "Erste Fassung", "Kormorane am Rhein."));
    write(tmp.path / "src/a2.html", canonical("https://example.org/b", "Zweiter Artikel", "Reiher am Main."));
    write(tmp.path / "src/a3.html", canonical("https://example.org/c", "Dritter Artikel", "Störche am Neckar."));
    write(tmp.path / "src/a4.html", canonical("https://example.org/same", "Zweite Fassung", "Flamingos am Inn."));
    for (unsigned threads : {1u, 2u, 4u}) {
        INFO("threads " << threads);
        BuildOptions opt;
        opt.sources = {tmp.path / "src"};
        opt.db = tmp.path / fmt::format("t{}.db", threads);
        opt.threads = threads;
        opt.segment_docs = threads == 4 ? 1 : 2000;
        BuildStats s = build(opt, {});
        CHECK(s.articles == 3);
        Xapian::Database db(opt.db.string());
        CHECK(db.get_doccount() == 3);
        news::schema::GermanAnalyzer analyzer;
        CHECK(db.get_termfreq(analyzer.term("Flamingos")) == 1);
        CHECK(db.get_termfreq(analyzer.term("Kormorane")) == 0);
    }
}

TEST_CASE("articles found in several files keep the latest, also across merged segments", "[indexer][slices]") {
    TempDir tmp;
    auto page_at = [](const std::string& url, const std::string& title, const std::string& text) {
        return "<html><head><title>" + title + "</title><link rel=\"canonical\" href=\"" + url +
               "\"></head><body><article><h1>" + title + "</h1><p>" + text +
               " Dieser Satz macht den Artikel lang genug für die Erkennung.</p></article></body></html>";
    };
    // 40 files; ids "dup-a" in files 0, 17 and 38, "dup-b" in 10 and 12, "dup-c" in 20 and 21.
    std::map<int, std::string> dup = {{0, "dup-a"}, {17, "dup-a"}, {38, "dup-a"}, {10, "dup-b"},
                                      {12, "dup-b"}, {20, "dup-c"}, {21, "dup-c"}};
    for (int i = 0; i < 40; ++i) {
        std::string id = dup.count(i) ? dup[i] : fmt::format("a{}", i);
        write(tmp.path / fmt::format("src/f{:02}.html", i),
              page_at("https://example.org/" + id, fmt::format("Artikel Nummer {}", i), fmt::format("Inhalt{} steht hier.", i)));
    }
    for (unsigned threads : {1u, 2u, 3u}) {
        INFO("threads " << threads);
        BuildOptions opt;
        opt.sources = {tmp.path / "src"};
        opt.db = tmp.path / fmt::format("d{}.db", threads);
        opt.threads = threads;
        opt.segment_docs = 1;  // every file its own segment: runs of 16 get merged
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
}

TEST_CASE("build splits parse and analyse into stages that add up to no more than their totals", "[indexer]") {
    TempDir tmp;
    BuildOptions opt;
    opt.sources = {NEWS_CORPUS_DIR};
    opt.db = tmp.path / "news.db";
    opt.threads = 2;
    BuildStats s = build(opt, {});
    const StageTimes& st = s.times.stages;
    double parse = 0, analyse = 0;
    for (size_t i = 0; i < kStageCount; ++i) {
        CHECK(st.seconds[i] >= 0);
        (is_parse_stage(static_cast<Stage>(i)) ? parse : analyse) += st.seconds[i];
    }
    // The corpus holds HTML pages and XML files: both paths were timed.
    CHECK(st[Stage::HTML_PARSE] > 0);
    CHECK(st[Stage::XML] > 0);
    CHECK(st[Stage::TERMS] > 0);
    CHECK(parse > 0);
    CHECK(analyse > 0);
    // Each stage is timed inside its stage's window (clock granularity aside).
    CHECK(parse <= s.times.parse + 1e-3);
    CHECK(analyse <= s.times.analyse + 1e-3);

    std::ostringstream out;
    print_build(out, s, opt.db.string(), true);
    auto j = nlohmann::json::parse(out.str());
    for (const char* key : {"read", "parse", "analyse", "write", "merge"}) CHECK(j["timings"].contains(key));
    for (size_t i = 0; i < kStageCount; ++i)
        CHECK(j["timings"]["stages"].contains(std::string(stage_name(static_cast<Stage>(i)))));
}
