// Operating news-index as the docs describe it: update's add/change/delete
// with its summary, status for monitoring, the log file, the exit codes.
#include "nightly_support.hpp"

#include <catch2/catch.hpp>

#include <csignal>

using namespace news::nightly;
using nlohmann::json;
namespace fs = std::filesystem;

TEST_CASE("update adds, changes and deletes files and says so", "[nightly][update]") {
    Workspace w("update");
    std::vector<fs::path> files = write_corpus(w.src, 60);
    REQUIRE(news_index(w, {"-q", "build", "--source", w.src_s(), "--db", w.db_s()}).code == 0);
    REQUIRE(search_total(w, kCommonWord) == 20);

    std::ofstream(w.src / "neu.html") << article_page("Zwiebelmarkt in Weimar",
                                                      {"Der Zwiebelmarkt lockt Tausende Besucherinnen nach Weimar, "
                                                       "die Händler sind zufrieden mit dem Wochenende."});
    add_word(files[1], "Quarkkeulchenwettbewerb");
    fs::remove(files[0]);  // artikel-0: one of the articles with the common word
    fs::last_write_time(files[2], fs::last_write_time(files[2]) + std::chrono::seconds(10));  // touched only

    Result u = news_index(w, {"-q", "update", "--source", w.src_s(), "--db", w.db_s(), "--format", "json"});
    REQUIRE(u.code == 0);
    json s = json::parse(u.out);
    CHECK(s["mode"] == "update");
    CHECK(s["added"] == 1);
    CHECK(s["changed"] == 1);
    CHECK(s["deleted"] == 1);
    CHECK(s["unchanged"] == 58);
    CHECK(s["skipped"] == 0);
    CHECK(s["documents"] == 60);
    CHECK(search_total(w, "Zwiebelmarkt") == 1);
    CHECK(search_total(w, "Quarkkeulchenwettbewerb") == 1);
    CHECK(search_total(w, kCommonWord) == 19);

    Result text = news_index(w, {"-q", "update", "--source", w.src_s(), "--db", w.db_s()});
    CHECK(text.code == 0);
    CHECK_THAT(text.out, Catch::Contains("0 added, 0 changed, 0 deleted, 60 unchanged, 0 skipped"));

    SECTION("status tells monitoring what it needs") {
        Result st = news_index(w, {"status", "--db", w.db_s(), "--format", "json"});
        REQUIRE(st.code == 0);
        json j = json::parse(st.out);
        CHECK(j["ok"] == true);
        CHECK(j["documents"] == 60);
        CHECK(fs::path(j["generation"].get<std::string>()).filename() == "g000001");
        CHECK(j["sources"][0] == fs::absolute(w.src).string());
        CHECK(j["built_at"].get<std::string>().size() == 20);
        CHECK(j["updated_at"].get<std::string>().size() == 20);
        CHECK(j["last_update"]["unchanged"] == 60);
        CHECK(j["size_bytes"].get<long>() > 0);
        CHECK(j["writer_pid"].is_null());
        Result human = news_index(w, {"status", "--db", w.db_s()});
        CHECK(human.code == 0);
        CHECK_THAT(human.out, Catch::Contains("Documents:   60"));
    }
    SECTION("status of a missing index: exit 1") {
        Result st = news_index(w, {"status", "--db", (w.dir.path / "none.db").string(), "--format", "json"});
        CHECK(st.code == 1);
        CHECK(json::parse(st.out)["ok"] == false);
    }
}

TEST_CASE("update on a path with no index builds it", "[nightly][update]") {
    Workspace w("update_first");
    write_corpus(w.src, 9);
    Result u = news_index(w, {"-q", "update", "--source", w.src_s(), "--db", w.db_s(), "--format", "json"});
    REQUIRE(u.code == 0);
    json s = json::parse(u.out);
    CHECK(s["mode"] == "build");
    CHECK(s["added"] == 9);
    CHECK(search_total(w, kCommonWord) == 3);
}

TEST_CASE("log file: the log goes to the file, results to stdout, errors also to stderr", "[nightly][log]") {
    Workspace w("log");
    write_corpus(w.src, 30);
    fs::path log = w.dir.path / "news-index.log";
    Child c(index_command(w, "build", {"--log-file", log.string()}), w.scratch / "out", w.scratch / "err");
    REQUIRE(c.wait_for_text(log, "found 30 files"));
    ::kill(c.pid(), SIGHUP);  // as a logrotate postrotate might: reopen, not die
    CHECK(c.wait() == 0);
    CHECK_THAT(c.out(), Catch::Contains("Indexed 30 articles"));
    CHECK(c.err().empty());
    std::string text = slurp(log);
    CHECK_THAT(text, Catch::Contains("[info] found 30 files"));
    CHECK_THAT(text, Catch::Contains("switched"));

    fs::rename(log, w.dir.path / "news-index.log.1");  // logrotate's create
    Result bad = news_index(w, {"build", "--source", (w.dir.path / "missing").string(), "--db", w.db_s(),
                                "--log-file", log.string()});
    CHECK(bad.code == 1);
    CHECK_THAT(bad.err, Catch::Contains("source not found"));
    CHECK_THAT(slurp(log), Catch::Contains("[error] source not found"));
}

TEST_CASE("news-index help documents the exit codes", "[nightly][cli]") {
    Workspace w("help");
    Result h = news_index(w, {"--help"});
    CHECK(h.code == 0);
    for (const char* code : {"0 success", "1 error", "2 bad usage", "3 done, but some files were skipped",
                             "4 another build or update holds"})
        CHECK_THAT(h.out, Catch::Contains(code));
    CHECK(news_index(w, {"update", "--db", w.db_s()}).code == 2);  // --source missing
}
