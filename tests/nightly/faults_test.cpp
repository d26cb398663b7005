// Faults an operator will meet: a second writer, kill -9 at any moment, a
// full disk, an unwritable target. Searchers must keep answering from the
// last good index and the next run must succeed without manual repair.
#include "nightly_support.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <thread>

using namespace news::nightly;
namespace fs = std::filesystem;

namespace {

constexpr size_t kBig = 1500;  ///< articles: a build takes seconds, long enough to be killed midway

/// The moment of a run at which it is killed.
struct Moment {
    std::string log_line;  ///< wait for this in its stderr first ("" = none)
    int delay_ms;          ///< then wait this long
};

std::string describe(const Moment& m) {
    return (m.log_line.empty() ? "start" : "'" + m.log_line + "'") + " + " + std::to_string(m.delay_ms) + " ms";
}

/// Start `argv`, kill -9 it at `m`; true when it was still running then.
bool kill_at(const Workspace& w, const std::vector<std::string>& argv, const Moment& m) {
    Child c(argv, w.scratch / "killed.out", w.scratch / "killed.err");
    if (!m.log_line.empty()) c.wait_for_log(m.log_line);
    std::this_thread::sleep_for(std::chrono::milliseconds(m.delay_ms));
    bool was_running = c.running();
    c.kill9();
    c.wait();
    return was_running;
}

/// Milliseconds after the start at which each of `lines` first showed in
/// the stderr of an unkilled run of `argv`, then the exit: the kills land at
/// shares of these phases, so they follow this machine's speed now rather
/// than fixed milliseconds (which missed on a busy or a fast machine).
std::vector<int> time_phases(const Workspace& w, const std::vector<std::string>& argv,
                             const std::vector<std::string>& lines) {
    using Clock = std::chrono::steady_clock;
    const auto t0 = Clock::now();
    auto ms = [&] {
        return static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count());
    };
    Child c(argv, w.scratch / "timed.out", w.scratch / "timed.err");
    std::vector<int> at(lines.size() + 1, -1);
    for (bool more = true; more;) {
        more = c.running();
        const std::string err = c.err();
        for (size_t i = 0; i < lines.size(); ++i)
            if (at[i] < 0 && err.find(lines[i]) != std::string::npos) at[i] = ms();
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    at.back() = ms();
    INFO("timed run: " << c.err());
    REQUIRE(c.wait() == 0);
    for (size_t i = 0; i < lines.size(); ++i) {
        INFO("line '" << lines[i] << "'");
        REQUIRE(at[i] >= 0);
    }
    return at;
}

/// Kill at `m`; on a miss (the run ended first: faster than the timed one)
/// the same point again at half the delay, at most three times. `prepare`
/// runs before and `check` after each kill, with the attempt's number.
/// True when a kill hit.
template <typename Prepare, typename Check>
bool kill_hitting(const Workspace& w, const std::vector<std::string>& argv, Moment m, Prepare prepare, Check check) {
    for (int attempt = 0;; ++attempt) {
        INFO("killed at " << describe(m) << ", attempt " << attempt + 1);
        prepare(attempt);
        bool hit = kill_at(w, argv, m);
        check(attempt);
        if (hit || m.delay_ms == 0 || attempt == 2) return hit;
        m.delay_ms /= 2;
    }
}

size_t generations(const Workspace& w) {
    size_t n = 0;
    for (const auto& e : fs::directory_iterator(w.db_s() + ".gen")) n += e.is_directory() && !e.is_symlink();
    return n;
}

/// Run a command in a shell with a file-size limit (KiB): writes beyond it
/// fail with EFBIG, as on a full disk.
Result run_with_file_limit(const Workspace& w, int kib, const std::vector<std::string>& argv) {
    std::vector<std::string> sh = {"/bin/sh", "-c", "ulimit -f " + std::to_string(kib) + " && trap '' XFSZ && exec \"$@\"",
                                   "sh"};
    sh.insert(sh.end(), argv.begin(), argv.end());
    return run(sh, w.scratch);
}

}  // namespace

TEST_CASE("one writer at a time: the second exits at once with code 4, a killed writer's lock does not block",
          "[nightly][lock]") {
    Workspace w("lock");
    write_corpus(w.src, kBig);
    Child first(index_command(w, "build"), w.scratch / "first.out", w.scratch / "first.err");
    REQUIRE(first.wait_for_log("writing new generation"));
    // Frozen while it holds the lock: the checks below cannot race its end,
    // however fast or slow this machine is.
    REQUIRE(::kill(first.pid(), SIGSTOP) == 0);

    for (const char* cmd : {"build", "update"}) {
        Result second = run(index_command(w, cmd), w.scratch);
        INFO(cmd << ": " << second.err);
        CHECK(second.code == 4);
        CHECK_THAT(second.err, Catch::Contains("another news-index run (process " + std::to_string(first.pid()) + ")"));
        CHECK_THAT(second.err, Catch::Contains("lock"));
    }
    REQUIRE(first.running());  // the second ones did not wait for it (nor kill it)

    Result status = news_index(w, {"status", "--db", w.db_s(), "--format", "json"});
    CHECK(nlohmann::json::parse(status.out)["writer_pid"] == first.pid());

    first.kill9();
    CHECK(first.wait() == 128 + SIGKILL);
    Result next = run(index_command(w, "build", {"-q"}), w.scratch);
    CHECK(next.code == 0);
    CHECK(search_total(w, kCommonWord) == static_cast<long>(kBig / 3));
}

TEST_CASE("kill -9 of build at any moment: searchers keep the last good index, the next run repairs",
          "[nightly][kill]") {
    Workspace w("kill_build");
    write_corpus(w.src, kBig);
    REQUIRE(run(index_command(w, "build", {"-q"}), w.scratch).code == 0);
    const long base = search_total(w, kCommonWord);
    REQUIRE(base == static_cast<long>(kBig / 3));

    const std::vector<int> t =
        time_phases(w, index_command(w, "build"), {"found", "writing new generation", "merging", "switched"});
    const int scan = t[0], write = t[2] - t[1], merge = t[3] - t[2];
    INFO("timed build: scan " << scan << " ms, write " << write << " ms, merge " << merge << " ms, done at " << t[4]
                              << " ms");
    const std::vector<Moment> moments = {{"", 0},
                                         {"", scan / 2},
                                         {"found", 0},
                                         {"writing new generation", 0},
                                         {"writing new generation", write / 4},
                                         {"writing new generation", write / 2},
                                         {"writing new generation", write * 3 / 4},
                                         {"merging", 0},
                                         {"merging", merge / 2},
                                         {"switched", 0}};
    size_t killed_running = 0;
    for (const Moment& m : moments) {
        killed_running += kill_hitting(w, index_command(w, "build"), m, [](int) {}, [&](int) {
            CHECK(search_total(w, kCommonWord) == base);
            Result next = run(index_command(w, "build", {"-q"}), w.scratch);
            CHECK(next.code == 0);
            CHECK(generations(w) <= 2);  // what the killed run left is gone
            CHECK(search_total(w, kCommonWord) == base);
        });
    }
    // Every kill hit a running build, but perhaps the last: after "switched"
    // only the summary is left to print.
    CHECK(killed_running >= moments.size() - 1);
}

TEST_CASE("kill -9 of update at any moment: all of it or none of it, the next run completes it",
          "[nightly][kill]") {
    Workspace w("kill_update");
    std::vector<fs::path> files = write_corpus(w.src, kBig);
    REQUIRE(run(index_command(w, "build", {"-q"}), w.scratch).code == 0);
    const long base = search_total(w, kCommonWord);

    const size_t changed = 400;
    for (size_t i = 0; i < changed; ++i) add_word(files[i * 3 + 1], "Johannisbeere");
    const std::vector<int> t = time_phases(w, index_command(w, "update"), {"new or changed to read", "committing"});
    const int scan = t[0], reading = t[1] - t[0];
    INFO("timed update: scan " << scan << " ms, read " << reading << " ms, done at " << t[2] << " ms");
    REQUIRE(search_total(w, "Johannisbeere") == static_cast<long>(changed));
    const std::vector<std::pair<std::string, Moment>> rounds = {
        {"Kartoffelpuffer", {"", scan / 2}},
        {"Pflaumenmus", {"new or changed to read", 0}},
        {"Stachelbeere", {"new or changed to read", reading / 4}},
        {"Holunderbluete", {"new or changed to read", reading / 2}},
        {"Quittengelee", {"committing", 0}}};
    size_t killed_running = 0;
    for (const auto& [word, m] : rounds) {
        // Each attempt changes the files with a word of its own (none of
        // them holds the common word).
        auto word_of = [&word = word](int attempt) { return word + std::string(static_cast<size_t>(attempt), 'x'); };
        auto prepare = [&](int attempt) {
            for (size_t i = 0; i < changed; ++i) add_word(files[i * 3 + 1], word_of(attempt));
        };
        killed_running += kill_hitting(w, index_command(w, "update"), m, prepare, [&](int attempt) {
            const std::string now = word_of(attempt);
            INFO("new word " << now);
            long seen = search_total(w, now);
            CHECK((seen == 0 || seen == static_cast<long>(changed)));
            CHECK(search_total(w, kCommonWord) == base);
            Result next = run(index_command(w, "update", {"-q", "--format", "json"}), w.scratch);
            CHECK(next.code == 0);
            CHECK(search_total(w, now) == static_cast<long>(changed));
        });
    }
    // Every kill hit a running update, but perhaps the one after "committing".
    CHECK(killed_running >= rounds.size() - 1);
}

TEST_CASE("kill -9 of a sharded build or update: searchers keep the last good index, the next run repairs",
          "[nightly][kill][shards]") {
    Workspace w("kill_sharded");
    std::vector<fs::path> files = write_corpus(w.src, kBig);
    auto sharded = [&](const std::string& cmd, std::initializer_list<std::string> extra = {}) {
        std::vector<std::string> v = index_command(w, cmd, extra);
        v.insert(v.end(), {"--shards", "3"});
        return v;
    };
    auto consistent = [&] {
        Result st = news_index(w, {"status", "--db", w.db_s(), "--format", "json"});
        INFO(st.out << st.err);
        CHECK(st.code == 0);
        auto j = nlohmann::json::parse(st.out, nullptr, false);
        CHECK((j.is_object() && j["shards"].size() == 3));
    };
    REQUIRE(run(sharded("build", {"-q"}), w.scratch).code == 0);
    const long base = search_total(w, kCommonWord);
    REQUIRE(base == static_cast<long>(kBig / 3));

    const std::vector<int> t = time_phases(w, sharded("build"), {"writing new generation", "merging", "switched"});
    const int write = t[1] - t[0], merge = t[2] - t[1];
    INFO("timed sharded build: write " << write << " ms, merge " << merge << " ms, done at " << t[3] << " ms");
    const std::vector<Moment> moments = {{"writing new generation", write / 2},
                                         {"merging", 0},
                                         {"merging", merge / 2},
                                         {"switched", 0}};
    size_t killed_running = 0;
    for (const Moment& m : moments) {
        killed_running += kill_hitting(w, sharded("build"), m, [](int) {}, [&](int) {
            CHECK(search_total(w, kCommonWord) == base);
            consistent();
            CHECK(run(sharded("build", {"-q"}), w.scratch).code == 0);
            CHECK(generations(w) <= 2);
            CHECK(search_total(w, kCommonWord) == base);
        });
    }
    CHECK(killed_running >= moments.size() - 1);

    const size_t changed = 400;
    for (size_t i = 0; i < changed; ++i) add_word(files[i * 3 + 1], "Johannisbeere");
    const std::vector<int> u = time_phases(w, sharded("update"), {"new or changed to read", "committing"});
    const int reading = u[1] - u[0], commit = u[2] - u[1];
    INFO("timed sharded update: read " << reading << " ms, commit " << commit << " ms");
    REQUIRE(search_total(w, "Johannisbeere") == static_cast<long>(changed));
    const std::vector<std::pair<std::string, Moment>> rounds = {
        {"Stachelbeere", {"new or changed to read", reading / 2}},
        {"Quittengelee", {"committing", 0}},
        {"Holunderbluete", {"committing", commit / 2}}};
    killed_running = 0;
    for (const auto& [word, m] : rounds) {
        auto word_of = [&word = word](int attempt) { return word + std::string(static_cast<size_t>(attempt), 'x'); };
        auto prepare = [&](int attempt) {
            for (size_t i = 0; i < changed; ++i) add_word(files[i * 3 + 1], word_of(attempt));
        };
        killed_running += kill_hitting(w, sharded("update"), m, prepare, [&](int attempt) {
            const std::string now = word_of(attempt);
            INFO("new word " << now);
            long seen = search_total(w, now);
            CHECK((seen == 0 || seen == static_cast<long>(changed)));  // all of it or none of it
            CHECK(search_total(w, kCommonWord) == base);
            consistent();
            CHECK(run(sharded("update", {"-q"}), w.scratch).code == 0);
            CHECK(search_total(w, now) == static_cast<long>(changed));
        });
    }
    CHECK(killed_running >= rounds.size() - 1);
}

TEST_CASE("a full disk: a clear error, the live index untouched, the next run fine", "[nightly][disk]") {
    Workspace w("disk");
    std::vector<fs::path> files = write_corpus(w.src, 300);
    REQUIRE(run(index_command(w, "build", {"-q"}), w.scratch).code == 0);
    const long base = search_total(w, kCommonWord);

    Result b = run_with_file_limit(w, 64, index_command(w, "build"));
    CHECK(b.code == 1);
    CHECK_THAT(b.err, Catch::Contains("cannot write database") && Catch::Contains("live index untouched"));
    CHECK(search_total(w, kCommonWord) == base);
    CHECK(generations(w) == 1);  // the unfinished generation is removed at once

    for (size_t i = 0; i < 300; i += 2) add_word(files[i], "Regenrinnenreinigung");
    Result u = run_with_file_limit(w, 64, index_command(w, "update"));
    CHECK(u.code == 1);
    CHECK_THAT(u.err, Catch::Contains("cannot update database") && Catch::Contains("live index unchanged"));
    CHECK(search_total(w, "Regenrinnenreinigung") == 0);
    CHECK(search_total(w, kCommonWord) == base);

    CHECK(run(index_command(w, "update", {"-q"}), w.scratch).code == 0);
    CHECK(search_total(w, "Regenrinnenreinigung") == 150);
    CHECK(run(index_command(w, "build", {"-q"}), w.scratch).code == 0);
    CHECK(search_total(w, "Regenrinnenreinigung") == 150);
}

TEST_CASE("a full disk under a sharded index: a clear error, the live index untouched", "[nightly][disk][shards]") {
    Workspace w("disk_sharded");
    std::vector<fs::path> files = write_corpus(w.src, 300);
    auto sharded = [&](const std::string& cmd, std::initializer_list<std::string> extra = {}) {
        std::vector<std::string> v = index_command(w, cmd, extra);
        v.insert(v.end(), {"--shards", "3"});
        return v;
    };
    REQUIRE(run(sharded("build", {"-q"}), w.scratch).code == 0);
    const long base = search_total(w, kCommonWord);

    Result b = run_with_file_limit(w, 64, sharded("build"));
    CHECK(b.code == 1);
    CHECK_THAT(b.err, Catch::Contains("cannot write database") && Catch::Contains("live index untouched"));
    CHECK(search_total(w, kCommonWord) == base);
    CHECK(generations(w) == 1);

    for (size_t i = 0; i < 300; i += 2) add_word(files[i], "Regenrinnenreinigung");
    Result u = run_with_file_limit(w, 64, sharded("update"));
    CHECK(u.code == 1);
    CHECK_THAT(u.err, Catch::Contains("cannot update database") && Catch::Contains("live index unchanged"));
    CHECK(search_total(w, "Regenrinnenreinigung") == 0);
    CHECK(search_total(w, kCommonWord) == base);
    CHECK(generations(w) == 1);  // the unfinished copy is removed at once

    CHECK(run(sharded("update", {"-q"}), w.scratch).code == 0);
    CHECK(search_total(w, "Regenrinnenreinigung") == 150);
}

TEST_CASE("an unwritable target: a clear error, the live index untouched", "[nightly][disk]") {
    Workspace w("unwritable");
    write_corpus(w.src, 30);
    // Root may write anywhere chmod forbids; these stop root too.
    Result proc = news_index(w, {"build", "--source", w.src_s(), "--db", "/proc/news-nightly-test.db"});
    CHECK(proc.code == 1);
    CHECK_THAT(proc.err, Catch::Contains("/proc/news-nightly-test.db"));
    std::ofstream(w.dir.path / "a-file") << "not a directory";
    Result file = news_index(w, {"build", "--source", w.src_s(), "--db", (w.dir.path / "a-file/news.db").string()});
    CHECK(file.code == 1);
    CHECK_THAT(file.err, Catch::Contains("cannot create"));

    REQUIRE(run(index_command(w, "build", {"-q"}), w.scratch).code == 0);
    fs::create_directories(w.db_s() + ".tmp/blocker");  // the stub cannot be replaced
    std::ofstream(w.src / "neu.html") << article_page("Zwiebelmarkt", {"Der Zwiebelmarkt in Weimar beginnt heute "
                                                                       "mit vielen Ständen in der Altstadt."});
    Result sw = run(index_command(w, "build"), w.scratch);
    CHECK(sw.code == 1);
    CHECK_THAT(sw.err, Catch::Contains("live index untouched"));
    CHECK(search_total(w, kCommonWord) == 10);
    CHECK(search_total(w, "Zwiebelmarkt") == 0);
    CHECK(generations(w) == 1);
}
