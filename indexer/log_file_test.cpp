#include "indexer/log_file.hpp"

#include "indexer/errors.hpp"
#include "indexer/test_support.hpp"

#include <catch2/catch.hpp>
#include <spdlog/spdlog.h>

#include <csignal>
#include <sstream>

using namespace news::indexer;
using namespace news::indexer::test;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

struct FileLogger {
    std::shared_ptr<ReopeningFileSink> sink;
    spdlog::logger logger;
    explicit FileLogger(const fs::path& p) : sink(std::make_shared<ReopeningFileSink>(p)), logger("t", sink) {
        logger.set_pattern("%v");
    }
};

}  // namespace

TEST_CASE("log file: appends, survives logrotate's create and copytruncate", "[log]") {
    TempDir tmp("log");
    fs::path log = tmp.path / "news-index.log";
    write(log, "earlier run\n");
    FileLogger f(log);
    f.logger.info("eins");
    CHECK(slurp(log) == "earlier run\neins\n");

    SECTION("create: renamed away, the next line starts a new file") {
        fs::rename(log, tmp.path / "news-index.log.1");
        f.logger.info("zwei");
        CHECK(slurp(tmp.path / "news-index.log.1") == "earlier run\neins\n");
        CHECK(slurp(log) == "zwei\n");
    }
    SECTION("copytruncate: the next line lands at the start, no hole of NULs") {
        fs::copy_file(log, tmp.path / "news-index.log.1");
        fs::resize_file(log, 0);
        f.logger.info("zwei");
        CHECK(slurp(log) == "zwei\n");
    }
    SECTION("removed: recreated") {
        fs::remove(log);
        f.logger.info("zwei");
        CHECK(slurp(log) == "zwei\n");
    }
}

TEST_CASE("log file: SIGHUP reopens instead of ending the process", "[log]") {
    TempDir tmp("hup");
    fs::path log = tmp.path / "a.log";
    FileLogger f(log);
    reopen_logs_on_sighup();
    f.logger.info("vorher");
    std::raise(SIGHUP);
    f.logger.info("nachher");
    CHECK(slurp(log) == "vorher\nnachher\n");
    std::signal(SIGHUP, SIG_DFL);
}

TEST_CASE("log file: an unwritable path is a clear error", "[log][bad]") {
    CHECK_THROWS_AS(ReopeningFileSink("/proc/news-index.log"), IndexError);
    CHECK_THROWS_WITH(ReopeningFileSink("/nonexistent-dir/x.log"), Catch::Contains("cannot open log file"));
}
