// The cluster file reader: the lines Xapian's stub format allows, paths
// resolved as Xapian resolves them, and a clear error for what it refuses.
#include "searcher/cluster.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

using namespace news::searcher;
namespace fs = std::filesystem;

namespace {

struct StubDir {
    fs::path dir;
    StubDir() {
        static int n = 0;
        dir = fs::temp_directory_path() / ("news_stub_test_" + std::to_string(::getpid()) + "_" + std::to_string(n++));
        fs::remove_all(dir);
        fs::create_directories(dir);
    }
    ~StubDir() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
    std::string write(const std::string& name, const std::string& text) const {
        std::ofstream(dir / name, std::ios::binary) << text;
        return (dir / name).string();
    }
};

}  // namespace

TEST_CASE("a cluster file's lines: local parts resolved against its directory and remote parts", "[cluster][stub]") {
    StubDir d;
    const std::string stub = d.write("news.cluster",
                                     "# the lexicon first\r\n"
                                     "auto lexicon\r\n"
                                     "\n"
                                     "  glass /srv/news/shard-00  \n"
                                     "remote 10.0.0.7:33333\n"
                                     "remote\tsearch-2.example:1\n"
                                     "remote :ssh news@search-3 xapian-progsrv /srv/news/shard-02\n");
    const auto lines = read_stub(stub);
    REQUIRE(lines.size() == 5);
    CHECK(lines[0].kind == StubLine::Kind::LOCAL);
    CHECK(fs::path(lines[0].path) == d.dir / "lexicon");
    CHECK(lines[0].text == "auto lexicon");
    CHECK(lines[1].kind == StubLine::Kind::LOCAL);
    CHECK(lines[1].path == "/srv/news/shard-00");
    CHECK(lines[2].kind == StubLine::Kind::TCP);
    CHECK(lines[2].host == "10.0.0.7");
    CHECK(lines[2].port == 33333);
    CHECK(lines[3].host == "search-2.example");
    CHECK(lines[3].port == 1);
    CHECK(lines[4].kind == StubLine::Kind::PROGRAM);
    CHECK(lines[4].program == "ssh");
    CHECK(lines[4].args == "news@search-3 xapian-progsrv /srv/news/shard-02");
    CHECK(is_cluster(lines));
}

TEST_CASE("one local database is not a cluster, one remote one is", "[cluster][stub]") {
    StubDir d;
    CHECK_FALSE(is_cluster(read_stub(d.write("one", "auto news.db.gen/g000001\n"))));
    CHECK(is_cluster(read_stub(d.write("remote", "remote 127.0.0.1:9000\n"))));
    CHECK(is_cluster(read_stub(d.write("two", "auto a\nauto b\n"))));
}

TEST_CASE("a directory with XAPIANDB is read as its stub, a database directory or a missing path as none",
          "[cluster][stub]") {
    StubDir d;
    fs::create_directories(d.dir / "replica");
    d.write("replica/XAPIANDB", "auto current/lexicon\nauto current/shard-00\n");
    const auto lines = read_stub((d.dir / "replica").string());
    REQUIRE(lines.size() == 2);
    CHECK(fs::path(lines[1].path) == d.dir / "replica" / "current" / "shard-00");
    fs::create_directories(d.dir / "plain");
    CHECK(read_stub((d.dir / "plain").string()).empty());
    CHECK(read_stub((d.dir / "missing").string()).empty());
}

TEST_CASE("lines Xapian would refuse are refused with the line in the message", "[cluster][stub]") {
    StubDir d;
    const char* bad[] = {"auto\n",          "remote 10.0.0.7\n",     "remote host:\n",
                         "remote host:0\n", "remote host:65536\n",   "remote host:12x\n",   "remote host:1234567\n",
                         "remote :\n",      "inmemory\n",            "flint /srv/old\n"};
    for (const char* text : bad) {
        INFO(text);
        try {
            read_stub(d.write("bad", text));
            FAIL("accepted");
        } catch (const std::runtime_error& e) {
            std::string line(text);
            line.pop_back();
            CHECK(std::string(e.what()).find(line) != std::string::npos);
        }
    }
}
