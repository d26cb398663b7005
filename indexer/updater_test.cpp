#include "indexer/updater.hpp"

#include "indexer/db_location.hpp"
#include "indexer/errors.hpp"
#include "indexer/index_meta.hpp"
#include "indexer/test_support.hpp"
#include "schema/analysis.hpp"
#include "searcher/facet_file.hpp"

#include <catch2/catch.hpp>

using namespace news::indexer;
using namespace news::indexer::test;
namespace fs = std::filesystem;

namespace {

/// The term a word is indexed under.
std::string word(const std::string& w) { return news::schema::GermanAnalyzer().term(w); }

struct Archive {
    TempDir tmp{"update"};
    fs::path src = tmp.path / "src";
    fs::path db = tmp.path / "news.db";

    Archive() {
        write(src / "a.html", page("Apfelernte", "Die Apfelernte im Alten Land beginnt."));
        write(src / "b.html", page("Birnbaum", "Ein Birnbaum blüht in Ribbeck."));
        write(src / "c.html", page("Chorprobe", "Die Chorprobe fällt aus."));
        write(src / "sammlung.xml", collection({{"s1", "Erste Meldung über Schleusen am Kanal."},
                                                {"s2", "Zweite Meldung über Deiche an der Küste."},
                                                {"s3", "Dritte Meldung über Fähren auf der Elbe."}}));
    }
    BuildOptions build_options() const {
        BuildOptions o;
        o.sources = {src};
        o.db = db;
        return o;
    }
    UpdateOptions update_options() const {
        UpdateOptions o;
        o.sources = {src};
        o.db = db;
        return o;
    }
    /// Change a file's content and make sure its mtime moves too.
    void change(const std::string& rel, const std::string& content) {
        auto before = fs::exists(src / rel) ? fs::last_write_time(src / rel) : fs::file_time_type{};
        write(src / rel, content);
        fs::last_write_time(src / rel, before + std::chrono::seconds(5));
    }
};

}  // namespace

TEST_CASE("update adds new files, re-indexes changed ones and deletes gone ones", "[updater]") {
    Archive a;
    build(a.build_options(), {});
    REQUIRE(freq(a.db, word("Apfelernte")) == 1);

    write(a.src / "neu/d.html", page("Deichschau", "Die Deichschau im Herbst."));
    a.change("b.html", page("Birnbaum", "Ein Birnbaum steht im Havelland, Quittengelee gibt es auch."));
    fs::remove(a.src / "a.html");
    UpdateStats s = update(a.update_options(), {});

    CHECK_FALSE(s.rebuilt);
    CHECK(s.files == 4);
    CHECK(s.added == 1);
    CHECK(s.changed == 1);
    CHECK(s.deleted == 1);
    CHECK(s.unchanged == 2);
    CHECK(s.skipped.empty());
    CHECK(s.documents_added == 2);
    CHECK(s.documents_deleted == 2);
    CHECK(s.doccount == 6);
    CHECK(freq(a.db, word("Deichschau")) == 1);
    CHECK(freq(a.db, word("Quittengelee")) == 1);
    CHECK(freq(a.db, word("Ribbeck")) == 0);
    CHECK(freq(a.db, word("Apfelernte")) == 0);
    CHECK(freq(a.db, source_term(source_key(a.src / "b.html"))) == 1);

    SECTION("and a second update finds nothing to do") {
        UpdateStats again = update(a.update_options(), {});
        CHECK(again.unchanged == 4);
        CHECK(again.added + again.changed + again.deleted + again.skipped.size() == 0);
        CHECK(again.documents_added == 0);
    }
}

TEST_CASE("update follows the articles of a collection file", "[updater][collection]") {
    Archive a;
    build(a.build_options(), {});
    const std::string file_term = source_term(source_key(a.src / "sammlung.xml"));
    REQUIRE(freq(a.db, file_term) == 3);

    // s1 unchanged, s2 changed, s3 removed from the file, s4 new in it.
    a.change("sammlung.xml", collection({{"s1", "Erste Meldung über Schleusen am Kanal."},
                                         {"s2", "Zweite Meldung über Sturmfluten an der Küste."},
                                         {"s4", "Vierte Meldung über Leuchttürme."}}));
    UpdateStats s = update(a.update_options(), {});
    CHECK(s.changed == 1);
    CHECK(s.documents_deleted == 3);
    CHECK(s.documents_added == 3);
    CHECK(freq(a.db, file_term) == 3);
    CHECK(freq(a.db, "Qs3") == 0);
    CHECK(freq(a.db, "Qs4") == 1);
    CHECK(freq(a.db, word("Sturmfluten")) == 1);
    CHECK(freq(a.db, word("Fähren")) == 0);

    fs::remove(a.src / "sammlung.xml");
    s = update(a.update_options(), {});
    CHECK(s.deleted == 1);
    CHECK(s.documents_deleted == 3);
    CHECK(freq(a.db, file_term) == 0);
}

TEST_CASE("a touched file keeps its documents and is not read again", "[updater]") {
    Archive a;
    build(a.build_options(), {});
    Xapian::docid before = *Xapian::Database(a.db.string()).postlist_begin("Qs1");
    fs::last_write_time(a.src / "sammlung.xml", fs::last_write_time(a.src / "sammlung.xml") + std::chrono::hours(1));

    UpdateStats s = update(a.update_options(), {});
    CHECK(s.unchanged == 4);
    CHECK(s.changed == 0);
    CHECK(s.documents_added == 0);
    CHECK(*Xapian::Database(a.db.string()).postlist_begin("Qs1") == before);
    // The new mtime is stored: the next run does not even hash the file.
    UpdateStats again = update(a.update_options(), {});
    CHECK(again.unchanged == 4);
    CHECK(again.read_parse_seconds == 0);
}

TEST_CASE("an update gives the index a rebuild would give", "[updater][rebuild]") {
    Archive a;
    build(a.build_options(), {});
    write(a.src / "e.html", page("Elbfähre", "Die Elbfähre fährt wieder, sagt die Chorprobe."));
    a.change("c.html", page("Chorprobe", "Die Chorprobe findet im Gemeindehaus statt."));
    a.change("sammlung.xml", collection({{"s1", "Erste Meldung über Schleusen."}, {"s5", "Neue Meldung."}}));
    fs::remove(a.src / "b.html");
    update(a.update_options(), {});

    BuildOptions fresh = a.build_options();
    fresh.db = a.tmp.path / "fresh.db";
    build(fresh, {});
    Xapian::Database updated(a.db.string()), rebuilt(fresh.db.string());
    CHECK(updated.get_doccount() == rebuilt.get_doccount());
    CHECK(documents_by_id(updated) == documents_by_id(rebuilt));
    CHECK(spellings(updated) == spellings(rebuilt));
}

TEST_CASE("update without an index builds one", "[updater]") {
    Archive a;
    UpdateStats s = update(a.update_options(), {});
    CHECK(s.rebuilt);
    CHECK(s.added == 4);
    CHECK(s.doccount == 6);
    CHECK(fs::exists(a.db));
}

TEST_CASE("update rebuilds an index made with another schema", "[updater]") {
    Archive a;
    build(a.build_options(), {});
    {
        Xapian::WritableDatabase w(DbLocation(a.db).current_generation().string(), Xapian::DB_OPEN);
        w.set_metadata(std::string(news::schema::kMetaSchemaVersion), "old-schema");
        w.commit();
    }
    UpdateStats s = update(a.update_options(), {});
    CHECK(s.rebuilt);
    CHECK_THAT(s.rebuild_reason, Catch::Contains("old-schema"));
    CHECK(Xapian::Database(a.db.string()).get_metadata(std::string(news::schema::kMetaSchemaVersion)) ==
          news::schema::schema_version());
}

TEST_CASE("update rebuilds an index without per-file entries", "[updater]") {
    Archive a;
    build(a.build_options(), {});
    {
        Xapian::WritableDatabase w(DbLocation(a.db).current_generation().string(), Xapian::DB_OPEN);
        w.set_metadata(std::string(kMetaFileEntries), "");
        w.commit();
    }
    UpdateStats s = update(a.update_options(), {});
    CHECK(s.rebuilt);
    CHECK_THAT(s.rebuild_reason, Catch::Contains("per-file entries"));
    CHECK(read_file_entries(Xapian::Database(a.db.string())).size() == 4);
}

TEST_CASE("update never empties the index", "[updater][bad]") {
    Archive a;
    build(a.build_options(), {});
    for (const char* f : {"a.html", "b.html", "c.html", "sammlung.xml"}) fs::remove(a.src / f);
    CHECK_THROWS_WITH(update(a.update_options(), {}), Catch::Contains("no documents"));
    CHECK(Xapian::Database(a.db.string()).get_doccount() == 6);
    fs::remove_all(a.src);
    CHECK_THROWS_WITH(update(a.update_options(), {}), Catch::Contains("source not found"));
    CHECK(Xapian::Database(a.db.string()).get_doccount() == 6);
}

TEST_CASE("bad files: skipped once, not retried until they change", "[updater][bad]") {
    Archive a;
    write(a.src / "kaputt.html", "");
    BuildStats b = build(a.build_options(), {});
    CHECK(b.skipped.size() == 1);

    UpdateStats s = update(a.update_options(), {});
    CHECK(s.skipped.empty());
    CHECK(s.unchanged == 5);

    a.change("kaputt.html", page("Repariert", "Jetzt mit Text über Kartoffelfeuer."));
    a.change("c.html", "");  // an indexed file goes bad: its article goes, as in a rebuild
    s = update(a.update_options(), {});
    CHECK(s.changed == 1);
    REQUIRE(s.skipped.size() == 1);
    CHECK_THAT(s.skipped[0].file, Catch::EndsWith("c.html"));
    CHECK(freq(a.db, word("Kartoffelfeuer")) == 1);
    CHECK(freq(a.db, word("Chorprobe")) == 0);
    CHECK(count_skipped_files(Xapian::Database(a.db.string())) == 1);

    fs::remove(a.src / "c.html");
    s = update(a.update_options(), {});
    CHECK(s.deleted == 1);
    CHECK(count_skipped_files(Xapian::Database(a.db.string())) == 0);
    CHECK(read_file_entries(Xapian::Database(a.db.string())).size() == 4);
}

TEST_CASE("update waits for no one: the lock is held, it fails at once", "[updater][lock]") {
    Archive a;
    build(a.build_options(), {});
    DbLocation loc(a.db);
    WriterLock held(loc.lock_file());
    CHECK_THROWS_AS(update(a.update_options(), {}), LockedError);
}

namespace {

/// Facet counts over every document: through `table`.
std::map<std::string, std::vector<std::pair<std::string, std::uint64_t>>> all_facets(
    const Xapian::Database& db, const news::searcher::FacetTable& table) {
    news::searcher::FacetCounter counter(table);
    Xapian::Enquire e(db);
    e.set_query(Xapian::Query::MatchAll);
    e.set_weighting_scheme(Xapian::BoolWeight());
    e.add_matchspy(&counter);
    e.get_mset(0, 0, db.get_doccount());
    std::map<std::string, std::vector<std::pair<std::string, std::uint64_t>>> out;
    for (const auto& [name, values] : counter.facets())
        for (const auto& v : values) out[name].emplace_back(v.value, v.count);
    out["#matches"].emplace_back("", counter.matches());
    out["#collapsed"].emplace_back("", counter.collapsed_matches());
    return out;
}

/// The live generation's facet file is there, valid for the database the
/// stub names, and counts as the table read from the value streams.
void check_facet_file(const fs::path& stub) {
    const fs::path gen = DbLocation(stub).current_generation();
    REQUIRE(fs::exists(gen / news::searcher::kFacetFileName));
    Xapian::Database db(stub.string());
    auto table = news::searcher::load_facet_table(db, gen.string());
    CHECK(table->mapped());
    auto read = news::searcher::load_facet_table(db, "");
    REQUIRE_FALSE(read->mapped());
    CHECK(all_facets(db, *table) == all_facets(db, *read));
    CHECK(all_facets(db, *table)["year"].size() > 0);
}

}  // namespace

TEST_CASE("build writes the facet file, update writes it again for the new revision", "[updater][facet_file]") {
    Archive a;
    build(a.build_options(), {});
    check_facet_file(a.db);
    const fs::path gen = DbLocation(a.db).current_generation();

    write(a.src / "neu.xml", collection({{"n1", "Neue Meldung über Quitten."}, {"n2", "Noch eine über Quitten."}}));
    fs::remove(a.src / "a.html");
    UpdateStats s = update(a.update_options(), {});
    REQUIRE_FALSE(s.rebuilt);
    CHECK(DbLocation(a.db).current_generation() == gen);  // in place
    check_facet_file(a.db);
    CHECK_FALSE(fs::exists(gen / (std::string(news::searcher::kFacetFileName) + ".tmp")));

    // An update that changes nothing leaves a valid file too.
    update(a.update_options(), {});
    check_facet_file(a.db);

    // A sharded index has none (its facets are counted by Xapian's spies).
    BuildOptions sharded = a.build_options();
    sharded.db = a.tmp.path / "drei.db";
    sharded.shards = 3;
    build(sharded, {});
    UpdateOptions up = a.update_options();
    up.db = sharded.db;
    a.change("b.html", page("Birnbaum", "Ein Birnbaum steht im Havelland."));
    update(up, {});
    for (const auto& e : fs::recursive_directory_iterator(sharded.db.string() + ".gen"))
        CHECK(e.path().filename() != news::searcher::kFacetFileName);
}
