// A nightly rebuild under load: news-index switches the stub to a new
// generation (and prunes old ones) while clients keep searching. No request
// may fail, and the daemon must serve the new index without a restart.
#include "web_fixture.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <atomic>

using namespace news::webtest;
using nlohmann::json;

TEST_CASE("reindex and swap while requests run: none fails", "[web][http][reindex]") {
    TempDir dir("reindex");
    // Two sources: the HTML pages alone, and the whole corpus.
    fs::path small = dir.path / "small", full = NEWS_CORPUS_DIR;
    fs::create_directories(small);
    fs::copy(full / "html", small / "html", fs::copy_options::recursive);
    fs::path db = dir.path / "news.db";
    index(small, db);
    Searchd searchd(db, dir.path);
    auto health = [&] {
        auto c = searchd.client();
        auto r = c.Get("/healthz");
        REQUIRE(r);
        REQUIRE(r->status == 200);
        return json::parse(r->body);
    };
    const int small_count = health()["documents"];
    REQUIRE(small_count == 13);

    std::atomic<bool> stop{false};
    std::atomic<int> requests{0};
    std::vector<std::string> failures;
    std::mutex failures_mutex;
    std::vector<std::thread> clients;
    const std::vector<std::string> paths = {"/api/search?q=Metropolregion", "/?q=Wasserstoff&region=Hamburg",
                                            "/api/suggest?q=Metr", "/healthz", "/api/search?q=Hamburg&sort=date"};
    for (int t = 0; t < 4; ++t) {
        clients.emplace_back([&, t] {
            auto c = searchd.client();
            // Bounded: at most 5,000 requests per client.
            for (int i = 0; i < 5000 && !stop; ++i) {
                const std::string& path = paths[(t + i) % paths.size()];
                auto r = c.Get(path.c_str());
                ++requests;
                if (!r || r->status != 200) {
                    std::lock_guard lock(failures_mutex);
                    failures.push_back(path + " -> " + (r ? std::to_string(r->status) + " " + r->body.substr(0, 200)
                                                          : httplib::to_string(r.error())));
                }
            }
        });
    }
    // Rebuild four times, alternating sources; with two generations kept,
    // the generations that searchers had open get deleted.
    for (int round = 0; round < 4; ++round) index(round % 2 == 0 ? full : small, db);
    // One more full build, then wait for the daemon to see it.
    index(full, db);
    int seen = 0;
    for (int i = 0; i < 100 && seen != 26; ++i) {
        seen = health()["documents"];
        if (seen != 26) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    stop = true;
    for (auto& t : clients) t.join();
    INFO("requests: " << requests);
    for (const auto& f : failures) UNSCOPED_INFO(f);
    CHECK(failures.empty());
    CHECK(requests > 0);
    CHECK(seen == 26);
    CHECK(searchd.stop() == 0);  // SIGTERM: a clean exit
}

TEST_CASE("a quiet server lets go of switched-away generations", "[web][http][reindex]") {
    TempDir dir("generations");
    fs::path db = dir.path / "news.db";
    index(NEWS_CORPUS_DIR, db);
    Searchd searchd(db, dir.path);
    // Several searchers in the pool: parallel requests each lease one.
    auto burst = [&] {
        std::vector<std::thread> clients;
        for (int t = 0; t < 6; ++t)
            clients.emplace_back([&] {
                auto c = searchd.client();
                for (int i = 0; i < 5; ++i) c.Get("/api/search?q=Metropolregion");
            });
        for (auto& t : clients) t.join();
    };
    burst();
    // Three rebuilds with one request between them: most pooled searchers
    // are idle on older generations, and would keep them on disk.
    for (int i = 0; i < 3; ++i) {
        index(NEWS_CORPUS_DIR, db);
        searchd.client().Get("/api/search?q=Hamburg");
    }
    std::this_thread::sleep_for(std::chrono::seconds(3));  // the server's housekeeping runs every 2 s
    index(NEWS_CORPUS_DIR, db);                             // prunes what nobody holds any more
    size_t generations = 0;
    for (const auto& e : fs::directory_iterator(fs::path(db.string() + ".gen")))
        generations += e.is_directory() && !e.is_symlink();  // not the link "current"
    CHECK(generations <= 2);  // the live one and the one before (--keep 2)
    burst();
}
