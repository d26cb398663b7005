// The switch under load: searchers query in a loop, in threads of this
// process (each with its own Searcher, reopening before every query) and as
// news-search processes, while news-index rebuilds and updates the index.
#include "nightly_support.hpp"
#include "searcher/searcher.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <mutex>
#include <thread>

using namespace news::nightly;
namespace fs = std::filesystem;

namespace {

constexpr const char* kNewWord = "Zwiebelmarktfest";

struct Readers {
    std::atomic<bool> stop{false};
    std::atomic<long> reads{0}, process_reads{0}, failures{0};
    std::atomic<int> expected_new{0};  ///< total of kNewWord the index should have once switched
    std::mutex mu;
    std::vector<std::string> problems;
    std::vector<int> saw_new;  ///< per in-process reader: last total of kNewWord seen

    void fail(const std::string& what) {
        ++failures;
        std::lock_guard lk(mu);
        if (problems.size() < 5) problems.push_back(what);
    }
};

void in_process_reader(const Workspace& w, long base, Readers& r, size_t me) {
    try {
        news::searcher::Searcher s(w.db_s());
        news::searcher::SearchRequest common, fresh;
        common.query = kCommonWord;
        fresh.query = kNewWord;
        common.facets = fresh.facets = common.snippets = fresh.snippets = false;
        while (!r.stop) {
            s.reopen();
            auto total = s.search(common).total;
            if (static_cast<long>(total) != base) r.fail("in-process total " + std::to_string(total));
            int now = static_cast<int>(s.search(fresh).total);
            {
                std::lock_guard lk(r.mu);
                r.saw_new[me] = now;
            }
            ++r.reads;
        }
    } catch (const std::exception& e) {
        r.fail(std::string("in-process reader: ") + e.what());
    }
}

void process_reader(const Workspace& w, long base, Readers& r) {
    while (!r.stop) {
        long total = search_total(w, kCommonWord);
        if (total != base) r.fail("news-search total " + std::to_string(total));
        ++r.process_reads;
    }
}

/// Wait until every in-process reader has seen `want` hits for the new word
/// (a bound on waiting, generous for a busy machine, not a timing claim).
bool all_saw(Readers& r, int want) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (std::chrono::steady_clock::now() < until) {
        {
            std::lock_guard lk(r.mu);
            if (std::all_of(r.saw_new.begin(), r.saw_new.end(), [&](int n) { return n == want; })) return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
}

}  // namespace

TEST_CASE("searchers never fail while builds switch, and see new content after the switch", "[nightly][switch]") {
    Workspace w("switch");
    write_corpus(w.src, 300);
    REQUIRE(news_index(w, {"-q", "build", "--source", w.src_s(), "--db", w.db_s()}).code == 0);
    const long base = search_total(w, kCommonWord);
    REQUIRE(base == 100);

    Readers r;
    const size_t n_in_process = 2;
    r.saw_new.assign(n_in_process, -1);
    std::vector<std::thread> threads;
    for (size_t i = 0; i < n_in_process; ++i) threads.emplace_back(in_process_reader, std::cref(w), base, std::ref(r), i);
    threads.emplace_back(process_reader, std::cref(w), base, std::ref(r));

    // Rebuilds from unchanged sources, with the default --keep 2 and with --keep 1.
    for (const char* keep : {"2", "1", "1", "2"}) {
        Result b = news_index(w, {"-q", "build", "--keep", keep, "--source", w.src_s(), "--db", w.db_s()});
        CHECK(b.code == 0);
    }
    CHECK(all_saw(r, 0));

    // New content: visible once the update commits...
    std::ofstream(w.src / "neu.html") << article_page("Zwiebelmarktfest in Weimar",
                                                      {"Das Zwiebelmarktfest lockt Tausende nach Weimar, und die "
                                                       "Stadt freut sich über die vielen Gäste aus der Region."});
    CHECK(news_index(w, {"-q", "update", "--source", w.src_s(), "--db", w.db_s()}).code == 0);
    CHECK(all_saw(r, 1));
    // ...and after a rebuild switches generations.
    std::ofstream(w.src / "neu2.html") << article_page("Zwiebelmarktfest: Bilanz",
                                                       {"Nach dem Zwiebelmarktfest zieht die Stadt Weimar Bilanz "
                                                        "und zählt mehr Gäste als im vergangenen Jahr."});
    CHECK(news_index(w, {"-q", "build", "--keep", "1", "--source", w.src_s(), "--db", w.db_s()}).code == 0);
    CHECK(all_saw(r, 2));
    CHECK(search_total(w, kNewWord) == 2);

    r.stop = true;
    for (auto& t : threads) t.join();
    INFO("reads in threads " << r.reads << ", by news-search processes " << r.process_reads);
    for (const auto& p : r.problems) UNSCOPED_INFO(p);
    CHECK(r.failures == 0);
    CHECK(r.reads > 0);
    CHECK(r.process_reads > 0);
    // Readers have let go: the next build leaves only the generations asked for.
    CHECK(news_index(w, {"-q", "build", "--keep", "1", "--source", w.src_s(), "--db", w.db_s()}).code == 0);
    size_t gens = 0;
    for (const auto& e : fs::directory_iterator(w.db_s() + ".gen")) gens += e.is_directory() && !e.is_symlink();
    CHECK(gens == 1);
}
