#include "indexer/status.hpp"

#include "indexer/test_support.hpp"
#include "indexer/updater.hpp"

#include <catch2/catch.hpp>

using namespace news::indexer;
using namespace news::indexer::test;
namespace fs = std::filesystem;

TEST_CASE("status of a missing index says so", "[status]") {
    TempDir tmp("status");
    IndexStatus s = read_status(tmp.path / "none.db");
    CHECK_FALSE(s.ok);
    CHECK_THAT(s.error, Catch::Contains("no index"));
    CHECK(to_json(s)["ok"] == false);
}

TEST_CASE("status reports documents, generation, build, update and size", "[status]") {
    TempDir tmp("status");
    write(tmp.path / "src/a.html", page("Apfelernte", "Die Apfelernte im Alten Land beginnt."));
    write(tmp.path / "src/leer.html", "");
    UpdateOptions opt;
    opt.sources = {tmp.path / "src"};
    opt.db = tmp.path / "news.db";
    build({opt.sources, opt.db}, {});

    IndexStatus s = read_status(opt.db);
    CHECK(s.ok);
    CHECK(s.documents == 1);
    CHECK(fs::path(s.generation).filename() == "g000001");
    CHECK(s.generations == std::vector<std::string>{"g000001"});
    CHECK(s.built_at.size() == 20);
    CHECK(s.updated_at.empty());
    CHECK(s.sources == std::vector<std::string>{fs::absolute(tmp.path / "src").string()});
    CHECK(s.last_build["files"] == 2);
    CHECK(s.skipped_files == 1);
    CHECK(s.size_bytes > 0);
    CHECK(s.total_bytes == s.size_bytes);
    CHECK_FALSE(s.writer.has_value());

    write(tmp.path / "src/b.html", page("Birnbaum", "Ein Birnbaum blüht in Ribbeck."));
    update(opt, {});
    s = read_status(opt.db);
    CHECK(s.documents == 2);
    CHECK(s.updated_at.size() == 20);
    CHECK(s.last_update["added"] == 1);
    nlohmann::json j = to_json(s);
    for (const char* key : {"documents", "generation", "built_at", "updated_at", "sources", "size_bytes", "last_update"})
        CHECK(j.contains(key));
}
