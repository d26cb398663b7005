#include "indexer/db_location.hpp"

#include "indexer/errors.hpp"
#include "indexer/indexer.hpp"
#include "indexer/test_support.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

using namespace news::indexer;
using namespace news::indexer::test;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> names(const std::vector<fs::path>& gens) {
    std::vector<std::string> out;
    for (const auto& g : gens) out.push_back(g.filename().string());
    return out;
}

BuildOptions small_archive(const TempDir& tmp, size_t keep) {
    write(tmp.path / "src/a.html", page("Apfelernte", "Die Apfelernte im Alten Land beginnt."));
    BuildOptions opt;
    opt.sources = {tmp.path / "src"};
    opt.db = tmp.path / "news.db";
    opt.keep_generations = keep;
    return opt;
}

}  // namespace

TEST_CASE("keep N: old generations go only after the switch, N stay", "[db_location][keep]") {
    TempDir tmp("keep");
    auto keep = GENERATE(1, 2, 3);
    BuildOptions opt = small_archive(tmp, keep);
    DbLocation loc(opt.db);
    for (int i = 1; i <= 4; ++i) {
        BuildStats s = build(opt, {});
        CHECK(fs::equivalent(loc.current_generation(), s.generation));
        CHECK(loc.generations().size() == std::min<size_t>(i, keep));
        CHECK(fs::equivalent(loc.generations().back(), loc.current_generation()));
        // The link replicas pull through follows the switch and is no generation.
        CHECK(fs::is_symlink(loc.current_link()));
        CHECK(fs::read_symlink(loc.current_link()) == fs::path(s.generation).filename());
        CHECK(fs::equivalent(loc.current_link(), loc.current_generation()));
    }
    CHECK(names(loc.generations()).back() == "g000004");
    CHECK(!fs::exists(loc.generations_dir() / "current.tmp"));
}

TEST_CASE("a generation a reader still has open is kept until it is closed", "[db_location][keep]") {
    TempDir tmp("inuse");
    BuildOptions opt = small_archive(tmp, 1);
    DbLocation loc(opt.db);
    build(opt, {});
    fs::path first = loc.current_generation();
    {
        Xapian::Database reader(opt.db.string());  // this process now has g000001's files open
        REQUIRE_FALSE(processes_using(first).empty());
        CHECK(processes_using(first)[0] == ::getpid());
        build(opt, {});
        CHECK(fs::exists(first));
        CHECK(reader.get_doccount() == 1);  // and it still reads
    }
    CHECK(processes_using(first).empty());
    build(opt, {});
    CHECK_FALSE(fs::exists(first));
    CHECK(loc.generations().size() == 1);
}

TEST_CASE("generations left by an interrupted run are removed by the next one", "[db_location][kill]") {
    TempDir tmp("abandoned");
    BuildOptions opt = small_archive(tmp, 2);
    DbLocation loc(opt.db);

    SECTION("before the first switch: every generation is a leftover") {
        fs::path half = loc.create_generation();
        write(half / "postlist.glass", "half written");
        CHECK(loc.remove_abandoned() == 1);
        CHECK(loc.generations().empty());
    }
    SECTION("after switches: only the ones newer than the live one") {
        build(opt, {});
        build(opt, {});
        fs::path live = loc.current_generation();
        fs::path half = loc.create_generation();
        write(half / "postlist.glass", "half written");
        CHECK(names(loc.generations()) == std::vector<std::string>{"g000001", "g000002", "g000003"});
        BuildStats s = build(opt, {});  // the next run cleans up first, then numbers on
        CHECK(fs::path(s.generation).filename() == "g000003");
        CHECK(names(loc.generations()) == std::vector<std::string>{"g000002", "g000003"});
        CHECK(fs::exists(live));
    }
    SECTION("a stub naming something else: nothing is touched") {
        build(opt, {});
        fs::path other = tmp.path / "elsewhere";
        fs::create_directories(other);
        write(opt.db, "auto elsewhere\n");
        CHECK(loc.remove_abandoned() == 0);
        CHECK(loc.generations().size() == 1);
    }
}

TEST_CASE("the writer lock names its holder and is free once released", "[db_location][lock]") {
    TempDir tmp("lock");
    fs::path lock = tmp.path / "news.db.lock";
    CHECK_FALSE(lock_holder(lock).has_value());
    {
        WriterLock held(lock);
        REQUIRE(lock_holder(lock).has_value());
        CHECK(*lock_holder(lock) == ::getpid());
        CHECK_THROWS_WITH(WriterLock(lock), Catch::Contains("another news-index run (process " +
                                                            std::to_string(::getpid()) + ")") &&
                                                Catch::Contains("lock"));
    }
    CHECK_FALSE(lock_holder(lock).has_value());
    CHECK_NOTHROW(WriterLock(lock));
}

TEST_CASE("a switch that cannot be written leaves the live index and no new generation", "[db_location][bad]") {
    TempDir tmp("switch");
    BuildOptions opt = small_archive(tmp, 2);
    DbLocation loc(opt.db);
    build(opt, {});
    fs::path live = loc.current_generation();
    fs::create_directories(opt.db.string() + ".tmp/blocker");  // the stub's temporary name is a directory
    write(tmp.path / "src/b.html", page("Birnbaum", "Ein Birnbaum blüht in Ribbeck."));
    CHECK_THROWS_WITH(build(opt, {}), Catch::Contains("live index untouched"));
    CHECK(fs::equivalent(loc.current_generation(), live));
    CHECK(loc.generations().size() == 1);
    CHECK(Xapian::Database(opt.db.string()).get_doccount() == 1);
}

TEST_CASE("disk_usage adds up the files below a directory", "[db_location]") {
    TempDir tmp("du");
    write(tmp.path / "a", std::string(1000, 'x'));
    write(tmp.path / "d/b", std::string(234, 'y'));
    CHECK(disk_usage(tmp.path) == 1234);
    CHECK(disk_usage(tmp.path / "missing") == 0);
}
